"""Each command is answered once: a pipeline looks at the stored marks only for events that
may have been handled before it started, and the mark itself refuses a second answer
(bot/pipeline.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.pipeline import Standing
from storage import actions, events
from tests.bot.support import NOW, command, make_pipeline, pending_replies

ERIKA = "@erika:localhost"


async def test_a_command_answered_by_an_earlier_run_is_not_answered_again(sessions, lippe):
    """After a restart the sync brings the last commands again: the new run finds their
    marks and stays silent."""
    standing = Standing(network=lippe, is_moderator=True)
    assert await make_pipeline(sessions).handle(command("!hilfe"), standing) is True
    restarted = make_pipeline(sessions)
    assert await restarted.handle(command("!hilfe"), standing) is False
    assert len(await pending_replies(sessions)) == 1


async def test_a_command_marked_elsewhere_is_dropped_with_its_writes_though_it_looks_new(
    sessions, lippe
):
    """An event that reached the homeserver after this run began is not looked up first, yet
    if its mark exists (say a standby's predecessor answered it at the same moment), the
    command's writes and answer are dropped: nothing twice."""
    standing = Standing(network=lippe, is_moderator=True)
    pipeline = make_pipeline(sessions)
    assert await pipeline.handle(command("!hilfe"), standing) is True  # the run has begun
    new = replace(
        command("!aufgabe neu Formular-Katalog abstimmen"),
        event_id="$new",
        sent_at=NOW + timedelta(seconds=1),
    )
    async with sessions() as session, session.begin():
        await events.mark_handled(
            session,
            room_id=new.room_id,
            event_id=new.event_id,
            network_id=lippe.id,
            sender=ERIKA,
            sent_at=new.sent_at,
            handled_at=NOW,
            outcome="answered",
        )
    assert await pipeline.handle(new, standing) is False
    assert [row.key for row in await pending_replies(sessions)] == ["reply:!lippe:localhost:$cmd"]
    async with sessions() as session:
        assert await actions.items(session, lippe.id) == []


async def test_a_new_command_is_answered_and_remembered_without_a_second_answer(sessions, lippe):
    """A command sent after the run began is answered once, also if the sync brings it
    again (a sync repeated after an error)."""
    standing = Standing(network=lippe, is_moderator=True)
    pipeline = make_pipeline(sessions)
    await pipeline.handle(command("!hilfe"), standing)
    new = replace(
        command("!aufgabe neu Formular-Katalog abstimmen"),
        event_id="$new",
        sent_at=NOW + timedelta(seconds=1),
    )
    assert await pipeline.handle(new, standing) is True
    assert await pipeline.handle(new, standing) is False
    async with sessions() as session:
        assert [item.title for item in await actions.items(session, lippe.id)] == [
            "Formular-Katalog abstimmen"
        ]
    assert len(await pending_replies(sessions)) == 2
