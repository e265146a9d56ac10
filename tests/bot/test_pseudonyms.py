"""No Matrix user id in a log line: pseudonyms, the key of the installation, the lookup CLI."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.logs import JsonFormatter
from bot.pseudonyms import KEY_FILE, NoKey, PseudonymFilter, key_for, pseudonym, read_key

FIXTURES = Path(__file__).parent / "fixtures" / "config"
ERIKA = "@erika.musterfrau:lemgo.de"
MAX = "@max_mustermann:detmold.de:8448"
BOT = "@ikz-bot:kommunen-owl.test"
ROOM = "!QmVpc3BpZWxyYXVt:kommunen-owl.test"


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("bot.sync", logging.INFO, __file__, 1, msg, args, None)


def test_pseudonym_is_stable_per_installation_and_hides_the_id() -> None:
    """One id gets one pseudonym under one key, another under another key; no localpart."""
    key, other = b"k" * 32, b"o" * 32
    name = pseudonym(key, ERIKA)
    assert name == pseudonym(key, ERIKA)
    assert name != pseudonym(other, ERIKA) and name != pseudonym(key, MAX)
    assert name.startswith("user:") and len(name) == len("user:") + 10
    assert "erika" not in name


def test_filter_replaces_every_user_id_but_keeps_rooms_events_and_the_bot() -> None:
    """Senders, inviters and ids inside delivery keys become pseudonyms; the rest stays."""
    key = b"k" * 32
    scrub = PseudonymFilter(key, keep={BOT})
    record = _record(
        "declined invite to %s from %s; slowdown:%s:%s:$ev1 by %s",
        ROOM,
        ERIKA,
        ROOM,
        MAX,
        BOT,
    )
    assert scrub.filter(record)
    assert record.getMessage() == (
        f"declined invite to {ROOM} from {pseudonym(key, ERIKA)}; "
        f"slowdown:{ROOM}:{pseudonym(key, MAX)}:$ev1 by {BOT}"
    )


def test_filter_replaces_percent_encoded_ids_in_urls_alike() -> None:
    """A request path with `%40max…%3A…` names Max by the same pseudonym as his plain id."""
    key = b"k" * 32
    record = _record("GET /_matrix/client/v3/profile/%40max_mustermann%3Adetmold.de%3A8448")
    PseudonymFilter(key).filter(record)
    assert record.getMessage() == f"GET /_matrix/client/v3/profile/{pseudonym(key, MAX)}"


def test_filter_scrubs_tracebacks_also_in_json_lines() -> None:
    """An exception whose text holds a user id is logged with the pseudonym only."""
    key = b"k" * 32
    try:
        raise RuntimeError(f"no direct chat with {ERIKA}")
    except RuntimeError:
        record = logging.LogRecord(
            "bot.sender", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    PseudonymFilter(key).filter(record)
    line = JsonFormatter().format(record)
    assert ERIKA not in line and "erika" not in line
    assert pseudonym(key, ERIKA) in json.loads(line)["exception"]


def test_key_is_random_private_and_kept(tmp_path: Path) -> None:
    """The key is made once (0600) and read back unchanged; none exists before."""
    data_dir = tmp_path / "data"
    with pytest.raises(NoKey):
        read_key(data_dir)
    key = key_for(data_dir)
    assert len(key) == 32 and key_for(data_dir) == key == read_key(data_dir)
    assert (data_dir / KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert key_for(tmp_path / "elsewhere") != key


def test_cli_prints_the_pseudonym_the_log_uses(tmp_path: Path, capsys) -> None:
    """`ikz-bot pseudonym @…` names what the log calls that person; without a key it says so."""
    config = Path(shutil.copy(FIXTURES / "minimal.toml", tmp_path / "config.toml"))
    assert main(["pseudonym", "--config", str(config), ERIKA]) == 1
    assert "first start" in capsys.readouterr().err
    key = key_for(tmp_path / "data")

    assert main(["pseudonym", "--config", str(config), ERIKA]) == 0
    assert capsys.readouterr().out == f"{ERIKA} {pseudonym(key, ERIKA)}\n"
    assert main(["pseudonym", "--config", str(config), "erika"]) == 2
    assert "not a Matrix user id" in capsys.readouterr().err
