"""The `ikz-bot` command line: check-config, db upgrade, and refusing a too-new database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.cli import main
from storage.migrate import head_revision

FIXTURES = Path(__file__).parent / "fixtures" / "config"


def test_check_config_accepts_a_valid_file(config_file, capsys):
    """A valid file exits 0 and names its networks."""
    assert main(["check-config", "--config", str(config_file)]) == 0
    assert (
        "is valid: 1 network(s): lippe (!QmVpc3BpZWxyYXVt:kommunen-owl.test)"
        in capsys.readouterr().out
    )


def test_check_config_lists_every_problem_and_fails(capsys):
    """A file with four mistakes exits 2 and lists all four on stderr."""
    assert main(["check-config", "--config", str(FIXTURES / "four-problems.toml")]) == 2
    err = capsys.readouterr().err
    assert "4 problem(s):" in err
    assert err.count("\n  - ") == 4


def test_check_config_of_the_example_names_the_placeholders(capsys):
    """The untouched example is refused because of its placeholders."""
    example = Path(__file__).parents[2] / "config.example.toml"
    assert main(["check-config", "--config", str(example)]) == 2
    assert "placeholder" in capsys.readouterr().err


def test_missing_config_file_is_reported(tmp_path, capsys):
    """A wrong path gets a plain message, not a traceback."""
    assert main(["check-config", "--config", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml" in capsys.readouterr().err


def test_db_upgrade_creates_the_database(config_file, capsys):
    """`db upgrade` builds the schema in the configured data directory."""
    assert main(["db", "upgrade", "--config", str(config_file)]) == 0
    assert f"database is at revision {head_revision()}" in capsys.readouterr().out
    assert (config_file.parent / "data" / "ikz-bot.sqlite3").exists()


def test_database_newer_than_the_code_is_refused(config_file, capsys):
    """A database from a newer ikz-bot is refused with a clear message and left untouched."""
    assert main(["db", "upgrade", "--config", str(config_file)]) == 0
    db = config_file.parent / "data" / "ikz-bot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    assert main(["run", "--config", str(config_file)]) == 3
    assert "9999" in capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]


def test_python_dash_m_bot_is_the_same_command():
    """`python -m bot --help` shows the ikz-bot usage."""
    out = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=True
    )
    assert "check-config" in out.stdout and "usage: ikz-bot" in out.stdout
