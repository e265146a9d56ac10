"""The sender against a real Synapse: exactly once across a crash, failures never hidden."""

from __future__ import annotations

from datetime import UTC, datetime

from nio import RoomMessage
from sqlalchemy import update

from bot.sender import Sender, reply_events
from commands.reply import Reply
from demo.chat import Member
from storage import deliveries
from storage.models import Delivery

NOW = datetime.now(UTC)


async def _enqueue(sessions, room_id: str, key: str, text: str) -> None:
    async with sessions() as session, session.begin():
        await deliveries.enqueue(
            session,
            key=key,
            room_id=room_id,
            kind="reply",
            due_at=NOW,
            content=reply_events(Reply.text(text), language="de")[0].content,
            created_at=NOW,
        )


async def test_resending_after_a_crash_before_recording_posts_once(
    synapse, user_factory, erika, sessions, tmp_path
):
    """If the bot dies after Synapse accepted a post but before it was marked sent, the retry
    reuses the transaction id and the room still shows the post once."""
    bot_id, password = user_factory("ikz-bot")
    room = await erika.create_room("IKZ Lippe", invite=[bot_id])
    async with Member(synapse.url, bot_id, password, tmp_path / "bot-store") as bot:
        await bot.join(room)
        sender = Sender(bot.client, sessions, lambda: datetime.now(UTC))
        await _enqueue(sessions, room, "reply:test:1", "Einladung zum Treffen")
        assert await sender.flush() == 1
        async with sessions() as session:
            first = (await deliveries.get(session, "reply:test:1")).event_id

        async with sessions() as session, session.begin():  # the crash: the mark is lost
            await session.execute(
                update(Delivery)
                .where(Delivery.key == "reply:test:1")
                .values(state="pending", event_id=None)
            )
        assert await sender.flush() == 1
        async with sessions() as session:
            again = await deliveries.get(session, "reply:test:1")

    assert again.state == "sent" and again.event_id == first
    posts = [
        e
        for e in await erika.history(room)
        if isinstance(e, RoomMessage) and e.body == "Einladung zum Treffen"
    ]
    assert [p.event_id for p in posts] == [first]


async def test_a_room_the_bot_is_not_in_holds_its_post_back_without_an_attempt(
    synapse, user_factory, erika, sessions, tmp_path
):
    """A post for a room the bot is not in (kicked) waits like in an outage: no attempt used."""
    bot_id, password = user_factory("ikz-bot")
    room = await erika.create_room("Ohne Bot", invite=[])
    async with Member(synapse.url, bot_id, password, tmp_path / "bot-store") as bot:
        sender = Sender(bot.client, sessions, lambda: datetime.now(UTC))
        await _enqueue(sessions, room, "reply:test:2", "geht nicht")
        assert await sender.flush() == 0
    async with sessions() as session:
        row = await deliveries.get(session, "reply:test:2")
    assert row.state == "pending" and row.event_id is None
    assert row.attempts == 0


async def test_a_failing_room_does_not_hold_up_other_rooms(
    synapse, user_factory, erika, sessions, tmp_path
):
    """A post the bot cannot deliver waits for its retry; the next room's post goes out now."""
    bot_id, password = user_factory("ikz-bot")
    good = await erika.create_room("IKZ Lippe", invite=[bot_id])
    bad = await erika.create_room("Ohne Bot", invite=[])
    async with Member(synapse.url, bot_id, password, tmp_path / "bot-store") as bot:
        await bot.join(good)
        sender = Sender(bot.client, sessions, lambda: datetime.now(UTC))
        await _enqueue(sessions, bad, "reply:test:first", "geht nicht")
        await _enqueue(sessions, good, "reply:test:second", "geht")
        assert await sender.flush() == 1
    async with sessions() as session:
        first = await deliveries.get(session, "reply:test:first")
        second = await deliveries.get(session, "reply:test:second")
    assert first.state == "pending"
    assert second.state == "sent"
