"""Personal data on a real Synapse: a private data_dir, and records past the retention
period deleted."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime, timedelta

from tests.integration.support import lippe


async def test_data_dir_is_private_also_when_it_existed(erika, start_bot, bot_account, tmp_path):
    """A data_dir made world-readable beforehand (a Docker volume) ends 0700, its files 0600."""
    data_dir = tmp_path / "bot" / "data"  # where start_bot puts it
    data_dir.mkdir(parents=True, mode=0o755)
    data_dir.chmod(0o755)
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    start_bot([lippe(room)])
    await erika.ask(room, "!hilfe")
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files)
    assert {
        str(p.relative_to(data_dir)): stat.S_IMODE(p.stat().st_mode) & 0o077 for p in files
    } == {str(p.relative_to(data_dir)): 0 for p in files}


async def test_records_past_the_retention_period_are_deleted(
    erika, start_bot, bot_account, tmp_path
):
    """A reply's delivery row is kept; restarted 401 days later, the bot deletes it."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    bot = start_bot([lippe(room)])
    await erika.ask(room, "!hilfe")
    bot.stop()
    database = tmp_path / "bot" / "data" / "ikz-bot.sqlite3"

    def replies() -> int:
        with sqlite3.connect(database) as db:
            return db.execute("SELECT count(*) FROM deliveries WHERE kind = 'reply'").fetchone()[0]

    assert replies() == 1
    bot.start(pretend_now=datetime.now(UTC) + timedelta(days=401))
    await erika.wait_until(lambda: "retention sweep removed" in bot.log(), 30)
    assert replies() == 0
