"""The real bot on PostgreSQL: database_url points at a fresh database of the test cluster."""

from __future__ import annotations

import asyncio

import pytest

from storage.migrate import head_revision
from tests.integration.support import BotProcess, lippe, with_database_url
from tests.postgres import PostgresCluster

pytestmark = pytest.mark.postgres


async def test_bot_keeps_its_data_in_postgresql(
    erika, start_bot, bot_account, postgres: PostgresCluster
):
    """Migrated at start, answers, writes, and after a restart answers what it missed once."""
    database = postgres.new_database_name("bot")
    await postgres.create_database(database)
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])

    # start_bot writes the config and starts the SQLite bot; stop it at once and restart the
    # same bot from a config that points at PostgreSQL.
    sqlite_bot: BotProcess = start_bot([lippe(room)])
    assert sqlite_bot.stop() == 0
    config = sqlite_bot.config_path
    config.write_text(
        with_database_url(config.read_text(encoding="utf-8"), postgres.url(database)),
        encoding="utf-8",
    )
    bot = BotProcess(config)
    bot.start()
    try:
        await erika.wait_for_member(room, bot_user)
        created = await erika.ask(room, "!aufgabe neu Formular-Katalog abstimmen bis in 2 Wochen")
        assert "1" in created.body

        assert bot.stop() == 0
        while_down = await erika.say(room, "!aufgaben")
        await asyncio.sleep(1)
        bot.start()
        listed = await erika.reply_to(room, while_down, timeout=30)
        assert "Formular-Katalog abstimmen" in listed.body
    finally:
        bot.stop()

    conn = await postgres.connect(database)
    try:
        assert await conn.fetchval("SELECT version_num FROM alembic_version") == head_revision()
        assert await conn.fetchval("SELECT count(*) FROM municipalities") == 17
        assert await conn.fetchval("SELECT title FROM action_items") == (
            "Formular-Katalog abstimmen"
        )
        answered = await conn.fetchval(
            "SELECT count(*) FROM handled_events WHERE event_id = $1", while_down
        )
        assert answered == 1
    finally:
        await conn.close()
