"""`ikz-bot contacts import` while the bot's contact search keeps its index in memory: the
next search after an import answers from the imported data."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from bot.cli import main
from commands.contacts.search import find
from storage import networks
from storage.db import create_engine, session_factory

FIXTURES = Path(__file__).parent / "fixtures" / "contacts"


def test_the_search_after_an_import_sees_the_imported_changes(tmp_path: Path, capsys) -> None:
    """A role changed by a re-import (updated.csv) is found by the bot's very next search."""
    config = Path(shutil.copy(FIXTURES / "config.toml", tmp_path / "config.toml"))

    def load(name: str) -> None:
        arguments = ["contacts", "import", str(FIXTURES / name), "--network", "lippe"]
        assert main([*arguments, "--config", str(config)]) == 0

    load("valid.csv")
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/data/ikz-bot.sqlite3")

    async def names(query: str) -> list[str | None]:
        async with session_factory(engine)() as session:
            lippe = {n.key: n for n in await networks.list_networks(session)}["lippe"]
            return [record.name for record in await find(session, lippe.id, query)]

    with asyncio.Runner() as runner:  # one engine (one index cache) across both imports
        try:
            assert runner.run(names("Bürgermeisterbüro")) == []
            assert runner.run(names("straßburger")) == ["Anna Straßburger"]
            load("updated.csv")  # its own process's work: its own engine and event loop
            assert runner.run(names("Bürgermeisterbüro")) == ["Anna Straßburger"]
        finally:
            runner.run(engine.dispose())
    capsys.readouterr()
