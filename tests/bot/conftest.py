"""Fixtures for the bot tests: a valid config file of their own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CONFIGS = Path(__file__).parent / "fixtures" / "config"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The minimal valid config, copied so its data directory lands in tmp_path."""
    return Path(shutil.copy(CONFIGS / "minimal.toml", tmp_path / "config.toml"))
