"""The scheduler's posts about a meet-up: agenda call, agenda, reminder and follow-up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from commands.actions.people import Person
from commands.meetups.common import Answers
from commands.posts.meetup import MeetupPostData, compose_post, render_post
from commands.posts.plan import PostKind, PostTimes
from commands.rendering import render
from storage.records import (
    ActionItemRecord,
    AgendaItemRecord,
    MeetupRecord,
    RsvpRecord,
)
from tests.commands.actions.support import add_item
from tests.commands.contacts.support import add_contact
from tests.commands.golden import check_golden
from tests.commands.meetups.support import DEC_8, LINK, add_meetup, answer
from tests.commands.meetups.support import add_item as add_topic
from tests.commands.support import LIPPE, NOW

REACT_DE = (
    "Reagieren Sie mit ✅ (komme), ❌ (komme nicht) oder ❔ (vielleicht) auf diese Nachricht, "
    "um zu- oder abzusagen."
)


@pytest.fixture
async def meetup(session, lippe):
    """The December meet-up with one topic and two answers."""
    record = await add_meetup(session, lippe, DEC_8)
    await add_topic(session, record, "Serviceportal", "@erika:localhost", 20)
    for user, value in (("@erika:localhost", "yes"), ("@max:localhost", "no")):
        await answer(session, record, user, value)
    return record


async def post(session, network, meetup, kind: PostKind, late: bool = False, **kwargs) -> str:
    """The plain body of a post."""
    return render(await compose_post(session, network, meetup, kind, late, **kwargs)).plain


async def test_agenda_call_asks_for_topics_with_deadline_and_command(session, lippe, meetup):
    """The call names the meet-up, the deadline (the agenda post), `!agenda neu` and reactions."""
    out = await post(session, lippe, meetup, PostKind.AGENDA_CALL)
    assert out.startswith("Aufruf: Themen für das Treffen am Di., 8.\u00a0Dez.\u00a02026")
    assert "Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr – Monatstreffen" in out
    assert f"Ort: {LINK}" in out
    assert "Bitte reichen Sie Themen bis Mo., 7.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr ein mit" in out
    assert "`!agenda neu <Thema>`" in out
    assert "Bisher auf der Tagesordnung:\n\n• 1. Serviceportal (20\u00a0min)" in out
    assert out.endswith(REACT_DE)


async def test_agenda_call_deadline_follows_the_networks_post_times(session, lippe, meetup):
    """With the agenda posted two days before at 12:00, the call's deadline says so."""
    times = PostTimes(agenda_days=2, agenda_at=time(12, 0))
    out = await post(session, lippe, meetup, PostKind.AGENDA_CALL, times=times)
    assert "bis So., 6.\u00a0Dez.\u00a02026, 12:00\u00a0Uhr ein mit" in out


async def test_agenda_post_has_items_answers_and_the_reaction_hint(session, lippe, meetup):
    """The agenda post lists the topics, who answered how, and that reactions count."""
    out = await post(session, lippe, meetup, PostKind.AGENDA)
    assert out.startswith("Tagesordnung für das Treffen am Di., 8.\u00a0Dez.\u00a02026")
    assert "• 1. Serviceportal (20\u00a0min) – erika" in out
    assert "Zusagen (1): erika; Vielleicht (0); Absagen (1): max" in out
    assert out.endswith(REACT_DE)


async def test_posts_name_people_by_entry_then_display_name(session, lippe, meetup):
    """Erika has a directory entry, Max only a display name in the room: the agenda post
    names both, with no Matrix id (the call for topics alike)."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id="@erika:localhost")
    shown = {"@erika:localhost": "Erika (Lemgo)", "@max:localhost": "Max Mustermann"}
    agenda = await post(session, lippe, meetup, PostKind.AGENDA, display_names=shown)
    assert "• 1. Serviceportal (20\u00a0min) – Erika Musterfrau" in agenda
    assert "Absagen (1): Max Mustermann" in agenda and "@" not in agenda
    call = await post(session, lippe, meetup, PostKind.AGENDA_CALL, display_names=shown)
    assert "Serviceportal (20\u00a0min) – Erika Musterfrau" in call


async def test_reminder_counts_the_real_minutes_and_has_the_link(session, lippe, meetup):
    """Given the clock, the reminder says how many minutes are left; it links the meeting."""
    out = await post(session, lippe, meetup, PostKind.REMINDER, now=DEC_8 - timedelta(minutes=45))
    assert out.startswith("In 45\u00a0Minuten: Monatstreffen")
    assert f"Ort: {LINK}" in out
    assert out.endswith(REACT_DE)


async def test_reminder_without_clock_uses_the_configured_offset(session, lippe, meetup):
    """On time and without a clock the reminder uses the configured 60 minutes."""
    out = await post(session, lippe, meetup, PostKind.REMINDER)
    assert out.startswith("In 60\u00a0Minuten: Monatstreffen")


async def test_late_reminder_without_clock_does_not_guess_the_minutes(session, lippe, meetup):
    """A late reminder starts with the late note and claims neither "in 60 minutes" nor
    "starting now": it is sent at a time not known when it is written (after an outage)."""
    out = await post(session, lippe, meetup, PostKind.REMINDER, late=True)
    assert out.startswith(
        "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar "
        "war.\n\n"
        "Bald geht es los: Monatstreffen"
    )


@pytest.mark.parametrize("late", [False, True])
async def test_only_the_reminder_is_meant_to_reach_the_room(session, lippe, meetup, late):
    """The reminder asks for attention (also when late); call, agenda and follow-up do not."""
    wanted = {
        kind: (await compose_post(session, lippe, meetup, kind, late)).attention
        for kind in PostKind
    }
    assert wanted == {
        PostKind.AGENDA_CALL: False,
        PostKind.AGENDA: False,
        PostKind.REMINDER: True,
        PostKind.FOLLOWUP: False,
    }


async def test_followup_points_to_minutes_and_decisions(session, lippe, meetup):
    """After the meet-up the post thanks and names `!protokoll` and `!beschluss`."""
    out = await post(session, lippe, meetup, PostKind.FOLLOWUP)
    assert out == (
        "Danke für die Teilnahme am Treffen am Di., 8.\u00a0Dez.\u00a02026 (Monatstreffen)!\n\n"
        "Protokoll: `!protokoll` · Beschlüsse festhalten: `!beschluss <Text>`"
    )
    assert "✅" not in out


@pytest.mark.parametrize("kind", list(PostKind))
async def test_every_kind_says_when_it_is_late(session, lippe, meetup, kind):
    """Each kind sent late begins with the note that the bot was unreachable."""
    out = await post(session, lippe, meetup, kind, late=True)
    assert out.startswith(
        "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar "
        "war.\n\n"
    )
    on_time = await post(session, lippe, meetup, kind)
    assert "später als geplant" not in on_time


@pytest.mark.parametrize(
    ("kind", "start"),
    [
        (PostKind.AGENDA_CALL, "Call for topics for the meet-up on Tue, 8\u00a0Dec\u00a02026"),
        (PostKind.AGENDA, "Agenda for the meet-up on Tue, 8\u00a0Dec\u00a02026"),
        (PostKind.REMINDER, "In 60\u00a0minutes: Monatstreffen"),
        (PostKind.FOLLOWUP, "Thank you for joining the meet-up on Tue, 8\u00a0Dec\u00a02026"),
    ],
)
async def test_english_network_gets_english_posts(session, lippe, meetup, kind, start):
    """A network set to English gets its posts in English, with English command names."""
    english = replace(lippe, language="en")
    out = await post(session, english, meetup, kind)
    assert out.startswith(start)
    if kind == PostKind.AGENDA_CALL:
        assert "`!agenda new <topic>`" in out
    if kind == PostKind.FOLLOWUP:
        assert "`!minutes`" in out and "`!decision <text>`" in out
    else:
        assert out.endswith("to answer.")


async def test_user_text_in_posts_is_escaped(session, lippe):
    """A title with markup and @room is shown as text and cannot ping the room."""
    meetup = await add_meetup(session, lippe, DEC_8, title="<b>@room</b> Treffen")
    rendered = render(await compose_post(session, lippe, meetup, PostKind.AGENDA, False))
    assert "<b>" not in rendered.html and "&lt;b&gt;" in rendered.html
    assert "@room" not in rendered.plain


async def test_agenda_post_lists_open_action_items_due_before_the_meetup(session, lippe, meetup):
    """Open items due by the meet-up day are listed in the agenda post; later ones are not."""
    for title, due in (("Formular-Katalog abstimmen", DEC_8.date()), ("Später", date(2027, 1, 9))):
        await add_item(session, lippe, title, due_on=due)
    out = await post(session, lippe, meetup, PostKind.AGENDA, now=NOW)
    assert "Formular-Katalog abstimmen" in out and "Später" not in out


def test_the_agenda_post_renders_from_plain_records_as_in_the_golden_file():
    """The agenda post's look, built from records alone (no database): topics, open items
    due by the meet-up with their owners, answers named from the directory."""
    network = LIPPE
    start = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    meetup = MeetupRecord(
        id=5,
        network_id=1,
        series_id=None,
        original_start=None,
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        title="Monatstreffen",
        location="https://meet.example.org/ikz-lippe",
        status="scheduled",
        updated_at=start - timedelta(days=30),
    )
    topic = AgendaItemRecord(
        id=1,
        network_id=1,
        meetup_id=5,
        position=1,
        title="Serviceportal: Stand",
        duration_minutes=20,
        owner="@erika:localhost",
        status="open",
        carried_from_id=None,
        created_at=start - timedelta(days=3),
    )
    due = ActionItemRecord(
        id=3,
        network_id=1,
        number=3,
        title="Formular-Katalog abstimmen",
        owner="@max:localhost",
        created_by="@erika:localhost",
        due_on=date(2026, 12, 4),
        status="open",
        work_package_id=None,
        work_package_number=None,
        meetup_id=None,
        topics=(),
        created_at=start - timedelta(days=20),
        updated_at=start - timedelta(days=20),
        done_at=None,
    )
    max_ = Person("@max:localhost", "Max Mustermann", "Detmold")
    answers = Answers(
        [RsvpRecord(5, 1, "@max:localhost", "yes", "command", None, start - timedelta(days=1))],
        {},
    )
    data = MeetupPostData(network, meetup, [topic], answers, [due], {max_.user_id: max_})
    reply = render_post(data, PostKind.AGENDA, late=False, now=start - timedelta(days=1))
    check_golden("meetup_agenda_post_records_de.txt", render(reply).plain + "\n")
