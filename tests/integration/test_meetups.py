"""A meet-up cycle through real clients: series, agenda, RSVPs, and posts at the bot's time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from nio import RoomMessage

from commands.names import localpart
from demo.chat import Member, in_reply_to
from tests.integration.support import lippe

BERLIN = ZoneInfo("Europe/Berlin")
CALL_DUE = datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)  # a week before Tue 8 Dec 2026, 10:00
REMINDER_DUE = datetime(2026, 12, 8, 9, 0, tzinfo=BERLIN)
LATE = "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar war."
SERIES = "!treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org/ikz-lippe"


async def _posts(member: Member, room_id: str, bot_user: str, starts: str) -> list[RoomMessage]:
    """The bot's own posts (not replies) whose text starts with `starts`, from the server."""
    return [
        e
        for e in await member.history(room_id)
        if isinstance(e, RoomMessage)
        and e.sender == bot_user
        and in_reply_to(e) is None
        and e.body.removeprefix(LATE).lstrip().startswith(starts)
    ]


async def _wait_for_post(member: Member, room_id: str, bot_user: str, starts: str) -> RoomMessage:
    async with asyncio.timeout(60):
        while True:
            found = await _posts(member, room_id, bot_user, starts)
            if found:
                return found[0]
            await asyncio.sleep(0.5)


async def test_meetup_cycle_with_posts_reactions_and_a_crash(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Series, agenda item, RSVPs by command and reaction; call and reminder arrive once each."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)], pretend_now=CALL_DUE - timedelta(seconds=20))
    await erika.wait_for_member(room, bot_user)

    series = await erika.ask(room, SERIES)
    assert "8.\u00a0Dez.\u00a02026" in series.body

    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        refused = await max_m.ask(room, "!treffen absagen 8.12.")
        assert "Moderat" in refused.body
        added = await max_m.ask(room, "!agenda neu Serviceportal: Stand Formular-Katalog 20 min")
        assert "Serviceportal" in added.body
        await max_m.ask(room, "!zusage")

    call = await _wait_for_post(
        erika, room, bot_user, "Aufruf: Themen für das Treffen am Di., 8.\u00a0Dez.\u00a02026"
    )
    assert "Serviceportal: Stand Formular-Katalog" in call.body
    reaction = await erika.react(room, call.event_id, "✅")
    overview = (await erika.ask(room, "!treffen")).body  # handled after the reaction, in order
    erika_name, max_name = localpart(erika.user_id), localpart(user_id)  # display names
    assert "Zusagen (2)" in overview and max_name in overview and erika_name in overview
    await erika.client.room_redact(room, reaction)  # taking the reaction back withdraws the answer
    overview = (await erika.ask(room, "!treffen")).body
    assert "Zusagen (1)" in overview and erika_name not in overview

    # A week later: the bot is killed right around the reminder's due time, then restarted.
    bot.stop()
    bot.start(pretend_now=REMINDER_DUE - timedelta(seconds=2))
    await asyncio.sleep(3)
    bot.kill()
    bot.start(pretend_now=REMINDER_DUE + timedelta(seconds=30))
    await _wait_for_post(erika, room, bot_user, "In ")
    await erika.ask(room, "!hilfe")  # the restarted bot has caught up when this is answered
    reminders = await _posts(erika, room, bot_user, "In ")
    calls = await _posts(erika, room, bot_user, "Aufruf: Themen")
    assert len(reminders) == 1 and "https://meet.example.org/ikz-lippe" in reminders[0].body
    assert len(calls) == 1


async def test_short_notice_meetups_get_posts_that_make_sense_and_none_late(
    erika, start_bot, bot_account
):
    """Set up on Saturday: Tuesday's meet-up gets its call at once with Monday's deadline;
    Sunday's gets no call (its deadline is past) but its agenda at once; nothing says late."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    start_bot([lippe(room)], pretend_now=datetime(2026, 12, 5, 16, 30, tzinfo=BERLIN))
    await erika.wait_for_member(room, bot_user)

    assert "Neues Treffen" in (await erika.ask(room, "!treffen neu 8.12.2026 10:00-11:30")).body
    call = await _wait_for_post(erika, room, bot_user, "Aufruf: Themen")
    assert call.body.startswith("Aufruf: Themen für das Treffen am Di., 8.\u00a0Dez.\u00a02026")
    assert (
        "Bitte reichen Sie Themen bis Mo., 7.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr ein" in call.body
    )

    assert "Neues Treffen" in (await erika.ask(room, "!treffen neu 6.12.2026 10:00-11:00")).body
    agenda = await _wait_for_post(erika, room, bot_user, "Tagesordnung für das Treffen")
    assert agenda.body.startswith("Tagesordnung für das Treffen am So., 6.\u00a0Dez.\u00a02026")
    await erika.ask(room, "!hilfe")  # posts stored with the agenda have been sent by now

    posts = await _posts(erika, room, bot_user, "")
    assert [p.event_id for p in posts] == [call.event_id, agenda.event_id]
    assert not any(p.body.startswith(LATE) for p in posts)


def _edits_of(events: list, post_id: str, bot_user: str) -> list[dict]:
    """The contents of the bot's edits (`m.replace`) of `post_id`, oldest first."""
    return [
        e.source["content"]
        for e in events
        if getattr(e, "sender", None) == bot_user
        and (e.source["content"].get("m.relates_to") or {}).get("event_id") == post_id
        and e.source["content"]["m.relates_to"].get("rel_type") == "m.replace"
    ]


async def _wait_for_edits(
    member: Member, room_id: str, post_id: str, bot_user: str, count: int
) -> list[dict]:
    async with asyncio.timeout(60):
        while True:
            edits = _edits_of(await member.history(room_id), post_id, bot_user)
            if len(edits) >= count:
                return edits
            await asyncio.sleep(0.5)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_the_agenda_post_is_edited_as_topics_and_answers_change(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path, encrypted
):
    """A topic and a ✅ after the agenda went out edit it in place, once each; a restart
    adds no edit, and no new post is made. In an encrypted room too."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user], encrypted=encrypted)
    agenda_due = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
    bot = start_bot([lippe(room)], pretend_now=agenda_due - timedelta(seconds=15))
    await erika.wait_for_member(room, bot_user)
    assert "Neues Treffen" in (await erika.ask(room, "!treffen neu 8.12.2026 10:00-11:30")).body
    post = await _wait_for_post(erika, room, bot_user, "Tagesordnung für das Treffen")
    assert "Serviceportal" not in post.body

    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        await max_m.ask(room, "!agenda neu Serviceportal: Stand Formular-Katalog 20 min")
    first = await _wait_for_edits(erika, room, post.event_id, bot_user, 1)
    assert "Serviceportal" in first[0]["m.new_content"]["body"]
    await erika.react(room, post.event_id, "✅")
    edits = await _wait_for_edits(erika, room, post.event_id, bot_user, 2)
    latest = edits[-1]["m.new_content"]["body"]
    assert latest.startswith("Tagesordnung für das Treffen am Di., 8.\u00a0Dez.\u00a02026")
    assert "1. Serviceportal: Stand Formular-Katalog (20\u00a0min)" in latest
    assert f"Zusagen (1): {localpart(erika.user_id)}" in latest
    assert edits[-1]["body"] == "* " + latest

    bot.stop()
    bot.start(pretend_now=agenda_due + timedelta(minutes=10))
    await erika.ask(room, "!hilfe")  # the restarted bot has rebuilt and sent what it had
    events = await erika.history(room)
    assert len(_edits_of(events, post.event_id, bot_user)) == 2
    assert [p.event_id for p in await _posts(erika, room, bot_user, "Tagesordnung")] == [
        post.event_id
    ]
