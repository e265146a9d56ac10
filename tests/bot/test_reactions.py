"""RSVPs by reaction: which of the bot's posts take them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.reactions import ReactionRsvps
from storage import deliveries, rsvps
from tests.bot.support import ROOM

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


async def _sent(sessions, meetup, kind: str) -> str:
    """A sent post of `kind` about the meet-up; its event id."""
    key = f"meetup:{meetup.id}:{kind}"
    async with sessions() as session, session.begin():
        await deliveries.enqueue(
            session,
            key=key,
            room_id=ROOM,
            kind=kind,
            due_at=NOW,
            content={"body": kind},
            network_id=meetup.network_id,
            created_at=NOW,
            meetup_id=meetup.id,
        )
        await deliveries.mark_sent(session, key, event_id=f"${kind}", sent_at=NOW)
    return f"${kind}"


@pytest.mark.parametrize(
    ("kind", "counts"),
    [
        ("agenda_call", True),
        ("agenda", True),
        ("reminder", True),
        ("followup", False),
        ("meetup_news", False),
        ("agenda_edit", False),
    ],
)
async def test_only_posts_that_ask_for_answers_take_them(sessions, setup, kind, counts):
    """✅ on the call, agenda or reminder is a yes; on the follow-up, an announcement of a
    change or an edit event it is nothing."""
    _, meetup = setup
    post = await _sent(sessions, meetup, kind)
    reactions = ReactionRsvps(sessions, lambda: NOW, {ROOM: meetup.network_id})
    taken = await reactions.reacted(
        room_id=ROOM, event_id="$click", sender="@max:localhost", reacts_to=post, key="✅"
    )
    async with sessions() as session:
        answers = await rsvps.answers(session, meetup.network_id, meetup.id)
    assert taken is counts
    expected = [("@max:localhost", "yes")] if counts else []
    assert [(a.user_id, a.answer) for a in answers] == expected
