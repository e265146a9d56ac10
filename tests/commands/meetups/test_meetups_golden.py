"""Golden files for what people see: the `!treffen` reply, the agenda post and the .ics file.

The files live in tests/commands/golden/ (`meetup_*.txt`, `ics_*.ics`). After an intended
change of the look, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/commands/meetups/test_meetups_golden.py

and review the diff like any other change. The .ics is compared byte for byte (CRLF
included); its DTSTAMP comes from the test clock, so it does not change between runs.
"""

from __future__ import annotations

from dataclasses import replace

from commands.posts.meetup import compose_post
from commands.posts.plan import PostKind
from commands.rendering import render
from storage import meetups
from tests.commands.golden import check_golden
from tests.commands.meetups.support import DEC_8, add_item, add_meetup, answer
from tests.commands.support import DISPLAY_NAMES, run

SERIES = "!treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org/ikz-lippe"


async def _december_with_agenda(session, network) -> meetups.MeetupRecord:
    """The series' first meet-up with two topics and three answers."""
    (december,) = await meetups.on_local_day(session, network.id, DEC_8.date(), DEC_8.tzinfo)
    for title, minutes, owner in (
        ("Serviceportal: Stand der OZG-Leistungen", 20, "@erika:localhost"),
        ("E-Akte – gemeinsame Ausschreibung?", None, "@max:localhost"),
    ):
        await add_item(session, december, title, owner, minutes)
    for user, value in (
        ("@erika:localhost", "yes"),
        ("@max:localhost", "maybe"),
        ("@jana:localhost", "no"),
    ):
        await answer(session, december, user, value)
    return december


async def test_meetup_reply_german(make_ctx, lippe, session):
    """The rendered `!treffen` reply matches meetup_show_de.txt."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    await _december_with_agenda(session, lippe)
    routed = await run(make_ctx, lippe, "!treffen", display_names=DISPLAY_NAMES)
    check_golden("meetup_show_de.txt", render(routed.reply).plain.encode())


async def test_meetup_reply_english(make_ctx, lippe, session):
    """The rendered `!meetup` reply in English matches meetup_show_en.txt."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    await _december_with_agenda(session, lippe)
    routed = await run(make_ctx, lippe, "!meetup", language="en")
    check_golden("meetup_show_en.txt", render(routed.reply).plain.encode())


async def test_agenda_post_german(make_ctx, lippe, session):
    """The scheduler's agenda post matches meetup_agenda_post_de.txt."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    december = await _december_with_agenda(session, lippe)
    reply = await compose_post(session, lippe, december, PostKind.AGENDA, False)
    check_golden("meetup_agenda_post_de.txt", render(reply).plain.encode())


async def test_agenda_post_english(make_ctx, lippe, session):
    """The agenda post of an English network matches meetup_agenda_post_en.txt."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    december = await _december_with_agenda(session, lippe)
    english = replace(lippe, language="en")
    reply = await compose_post(session, english, december, PostKind.AGENDA, False)
    check_golden("meetup_agenda_post_en.txt", render(reply).plain.encode())


async def test_series_reply_german(make_ctx, lippe):
    """The reply to setting up a series on 4th Fridays (one on Christmas) matches its file."""
    routed = await run(
        make_ctx,
        lippe,
        "!treffen serie jeden 4. Freitag 10:00-11:30 https://meet.example.org/ikz-lippe",
        moderator=True,
    )
    check_golden("meetup_series_de.txt", render(routed.reply).plain.encode())


async def test_calendar_file(make_ctx, lippe, session):
    """`!treffen ics` with a cancelled, a moved and an extra meet-up matches ics_series.ics."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    await run(make_ctx, lippe, "!treffen absagen 12.1.2027", moderator=True)
    await run(make_ctx, lippe, "!treffen verschieben 9.2.2027 auf 10.2.2027 14:00", moderator=True)
    await add_meetup(session, lippe, DEC_8.replace(day=17, hour=14), title="Workshop E-Akte")
    routed = await run(make_ctx, lippe, "!treffen ics")
    (attachment,) = routed.reply.files
    check_golden("ics_series.ics", attachment.data)
