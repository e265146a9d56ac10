"""`!treffen` / `!meetup` for everyone: the next meet-up, a day's meet-up, the list, the
calendar file, the plan and post switches, refusals, and two networks kept apart.

The schedule-changing verbs are in test_meetups_schedule.py; the golden files of the
rendered replies are in test_meetups_golden.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from commands.catalogue import t
from commands.posts.plan import PostKind, PostTimes, plan_posts
from commands.rendering import render
from storage import deliveries, meetups, post_settings
from storage.records import NetworkRecord
from tests.commands.meetups.support import (
    BERLIN,
    DEC_8,
    JAN_12,
    LINK,
    add_item,
    add_meetup,
    answer,
    snapshot,
)
from tests.commands.support import NOW, run
from tests.commands.support import say as plain
from tests.support import store_network

DEC_25 = datetime(2026, 12, 25, 10, 0, tzinfo=BERLIN)


@pytest.fixture
async def hoexter(session) -> NetworkRecord:
    """A second network in the same bot, with English replies."""
    record = await store_network(session, "hoexter", "IKZ Höxter", language="en")
    await session.commit()
    return record


# --- the next meet-up --------------------------------------------------------------------


async def test_next_meetup_shows_when_where_agenda_answers_and_how_to_answer(
    make_ctx, lippe, session
):
    """`!treffen` shows date, link, agenda, answers and the RSVP hint of the next meet-up."""
    meetup = await add_meetup(session, lippe, DEC_8)
    await add_meetup(session, lippe, JAN_12)
    await add_item(session, meetup, "Serviceportal", minutes=20)
    await answer(session, meetup, "@erika:localhost", "yes")
    out = await plain(make_ctx, lippe, "!treffen")
    assert out.startswith(
        "Nächstes Treffen: Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr – Monatstreffen"
    )
    assert f"Ort: {LINK}" in out
    assert "• 1. Serviceportal (20\u00a0min) – erika" in out
    assert "Zusagen (1): erika; Vielleicht (0); Absagen (0)" in out
    assert "`!zusage`, `!absage`, `!vielleicht`" in out and "✅ / ❌ / ❔" in out
    assert "Feiertag" not in out


async def test_english_alias_and_english_network_answer_in_english(make_ctx, lippe, session):
    """`!meetup` works in a German network and replies in English where the network says so."""
    await add_meetup(session, lippe, DEC_8)
    out = await plain(make_ctx, lippe, "!meetup", language="en")
    assert out.startswith("Next meet-up: Tue, 8\u00a0Dec\u00a02026, 10:00–11:30 – Monatstreffen")
    assert "`!rsvp yes`, `!rsvp no`, `!rsvp maybe`" in out
    assert "All meet-ups: `!meetup list`" in out


async def test_running_meetup_is_shown_as_running(make_ctx, lippe, session):
    """During a meet-up, `!treffen` shows it as running rather than the following one."""
    await add_meetup(session, lippe, DEC_8)
    await add_meetup(session, lippe, JAN_12)
    out = await plain(make_ctx, lippe, "!treffen", now=DEC_8 + timedelta(minutes=30))
    assert out.startswith("Läuft gerade: Di., 8.\u00a0Dez.\u00a02026")


async def test_holiday_is_pointed_out_and_moderators_get_a_proposal(make_ctx, lippe, session):
    """A meet-up on Christmas Day says so; moderators also see how to move it."""
    await add_meetup(session, lippe, DEC_25)
    member = await plain(make_ctx, lippe, "!treffen")
    assert (
        "Achtung: Fr., 25.\u00a0Dez.\u00a02026 ist ein Feiertag (Erster Weihnachtstag)." in member
    )
    assert "verschieben" not in member
    moderator = await plain(make_ctx, lippe, "!treffen", moderator=True)
    assert "`!treffen verschieben 25.12.2026 auf 28.12.2026 10:00`" in moderator


async def test_without_meetups_the_answer_says_how_to_plan_one(make_ctx, lippe):
    """No meet-up stored: the reply explains how moderators set up a series."""
    out = await plain(make_ctx, lippe, "!treffen")
    assert out.startswith("Es ist kein Treffen geplant.")
    assert "!treffen serie jeden 2. Dienstag" in out


async def test_outside_a_network_the_command_explains_where_to_ask(make_ctx):
    """In a room that belongs to no network the bot says where the command works."""
    out = await plain(make_ctx, None, "!treffen")
    assert out.startswith("Dieser Raum gehört zu keinem Netzwerk.")


async def test_a_date_shows_that_days_meetup(make_ctx, lippe, session):
    """`!treffen 12.1.` shows the meet-up of that day, not the next one."""
    await add_meetup(session, lippe, DEC_8)
    await add_meetup(session, lippe, JAN_12, title="Workshop")
    out = await plain(make_ctx, lippe, "!treffen 12.1.")
    assert out.startswith("Treffen: Di., 12.\u00a0Jan.\u00a02027, 10:00–11:30\u00a0Uhr – Workshop")


async def test_a_day_without_meetup_is_a_clear_answer(make_ctx, lippe, session):
    """`!treffen am 9.12.` on a free day says so and names the nearest meet-up."""
    await add_meetup(session, lippe, DEC_8)
    out = await plain(make_ctx, lippe, "!treffen am 9.12.")
    assert out == (
        "Am Mi., 9.\u00a0Dez.\u00a02026 ist kein Treffen geplant. "
        "Das nächstgelegene ist am Di., 8.\u00a0Dez.\u00a02026: !treffen 8.12.2026"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "!treffen nächste Woche",
            "Vom Mo., 23.\u00a0Nov.\u00a02026 bis So., 29.\u00a0Nov.\u00a02026 "
            "ist kein Treffen geplant. "
            "Alle kommenden Termine: !treffen liste",
        ),
        (
            "!treffen im Dezember",
            "Treffen vom Di., 1.\u00a0Dez.\u00a02026 bis Do., 31.\u00a0Dez.\u00a02026 (2):",
        ),
        (
            "!treffen KW 50",
            "Treffen vom Mo., 7.\u00a0Dez.\u00a02026 bis So., 13.\u00a0Dez.\u00a02026 (1):",
        ),
        (
            "!meetup in January",
            "Treffen vom Fr., 1.\u00a0Jan.\u00a02027 bis So., 31.\u00a0Jan.\u00a02027 (1):",
        ),
    ],
)
async def test_a_span_lists_its_meetups(make_ctx, lippe, session, line, expected):
    """`!treffen nächste Woche`, `!treffen im Januar`: what falls in that span."""
    for start in (DEC_8, DEC_25, JAN_12):
        await add_meetup(session, lippe, start)
    out = await plain(make_ctx, lippe, line)
    assert out.startswith(expected)


async def test_unknown_verb_lists_the_verbs_and_the_usage(make_ctx, lippe):
    """A word that is neither verb nor date names the verbs and shows the usage lines."""
    routed = await run(make_ctx, lippe, "!treffen morgenrunde")
    out = render(routed.reply).plain
    assert out.startswith("„morgenrunde“ verstehe ich bei !treffen weder als Unterbefehl")
    assert "liste, serie, neu, absagen, verschieben, kalender, abo, plan, beiträge" in out
    assert "• `!treffen serie <wiederholung> <uhrzeit[-ende]> [link oder ort]`" in out
    assert not routed.keep_changes


async def test_unknown_verb_in_english_lists_english_verbs(make_ctx, lippe):
    """In English the verbs are listed with their English words."""
    out = await plain(make_ctx, lippe, "!meetup gathering", language="en")
    assert "list, series, new, cancel, move, ics, subscribe, plan, posts" in out


async def test_a_broken_date_gets_the_date_error(make_ctx, lippe):
    """`!treffen 31.2.` is taken as a date and explained as an impossible one."""
    out = await plain(make_ctx, lippe, "!treffen 31.2.")
    assert out.startswith("„31.2.“ gibt es nicht im Kalender")


# --- list --------------------------------------------------------------------------------


async def test_list_shows_the_next_five_with_cancelled_moved_and_holidays_marked(
    make_ctx, lippe, session
):
    """`!treffen liste` lists five dates, marking cancelled, moved and holiday ones."""
    first = await add_meetup(session, lippe, DEC_8)
    await add_meetup(session, lippe, DEC_25)
    await meetups.cancel(session, lippe.id, first.id, at=NOW)
    for month in range(1, 6):
        await add_meetup(session, lippe, datetime(2027, month, 20, 10, 0, tzinfo=BERLIN))
    out = await plain(make_ctx, lippe, "!treffen liste")
    lines = [line for line in out.splitlines() if line.startswith("• ")]
    assert out.startswith("Kommende Treffen (5):")
    assert len(lines) == 5
    assert lines[0].endswith("Monatstreffen – entfällt")
    assert "Feiertag (Erster Weihnachtstag)" in lines[1]
    assert lines[4].startswith("• Sa., 20.\u00a0März\u00a02027")


async def test_list_takes_a_count_and_caps_it_at_twenty(make_ctx, lippe, session):
    """`!treffen list 30` shows at most 20 meet-ups."""
    for week in range(25):
        await add_meetup(session, lippe, DEC_8 + timedelta(weeks=week))
    assert (await plain(make_ctx, lippe, "!treffen list 2")).startswith("Kommende Treffen (2):")
    assert (await plain(make_ctx, lippe, "!treffen liste 30")).startswith("Kommende Treffen (20):")


@pytest.mark.parametrize("count", ["0", "viele", "-3", "2.5", "²", "12345"])
async def test_list_refuses_a_count_that_is_no_positive_number(make_ctx, lippe, count):
    """A count that is not 1..20 gets an error with a working example."""
    out = await plain(make_ctx, lippe, f"!treffen liste {count}")
    assert out.startswith(f"„{count}“ ist keine Anzahl.")
    assert "z.\u202fB. !treffen liste 10" in out


async def test_empty_list_says_nothing_is_planned(make_ctx, lippe):
    """Without meet-ups the list says how to plan one."""
    assert (await plain(make_ctx, lippe, "!treffen liste")).startswith("Es ist kein Treffen")


# --- calendar file -----------------------------------------------------------------------


async def test_ics_replies_with_a_calendar_file(make_ctx, lippe, session):
    """`!treffen ics` attaches ikz-treffen.ics with the upcoming meet-ups."""
    await add_meetup(session, lippe, DEC_8, title="Workshop E-Akte")
    routed = await run(make_ctx, lippe, "!treffen ics")
    assert render(routed.reply).plain.startswith(
        "Die Treffen von IKZ Digitalisierung Lippe als Kalenderdatei:"
    )
    (attachment,) = routed.reply.files
    assert (attachment.filename, attachment.mimetype) == ("ikz-treffen.ics", "text/calendar")
    calendar = Calendar.from_ical(attachment.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Workshop E-Akte (IKZ Digitalisierung Lippe)"
    assert event.decoded("dtstart") == DEC_8


async def test_ics_without_any_meetup_is_a_clear_answer(make_ctx, lippe):
    """Without series or meet-ups there is no file, but the hint how to plan one."""
    routed = await run(make_ctx, lippe, "!treffen ics")
    assert routed.reply.files == ()
    assert render(routed.reply).plain.startswith("Es ist kein Treffen geplant.")


# --- plan and post switches --------------------------------------------------------------


async def test_plan_lists_each_post_with_its_time_and_state(make_ctx, lippe, session):
    """`!treffen plan` shows the four posts of each meet-up; a sent one is marked sent."""
    meetup = await add_meetup(session, lippe, DEC_8)
    await add_meetup(session, lippe, JAN_12)
    agenda_post = plan_posts(meetup, PostTimes(), BERLIN, [PostKind.AGENDA])[0]
    await deliveries.enqueue(
        session,
        key=agenda_post.key,
        room_id=lippe.room_id,
        kind="agenda",
        due_at=agenda_post.due_at,
        content={},
        network_id=lippe.id,
        created_at=NOW,
        meetup_id=meetup.id,
    )
    await deliveries.mark_sent(session, agenda_post.key, event_id="$post", sent_at=NOW)
    out = await plain(make_ctx, lippe, "!treffen plan", moderator=True)
    assert out.startswith("Meine geplanten Beiträge:")
    assert "• Aufruf für Themen – Di., 1.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr – geplant" in out
    assert "• Tagesordnung – Mo., 7.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr – gesendet" in out
    assert "• Erinnerung – Di., 8.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr – geplant" in out
    assert "• Nachbereitung – Di., 8.\u00a0Dez.\u00a02026, 12:00\u00a0Uhr – geplant" in out
    assert out.count("Aufruf für Themen") == 2


async def test_plan_marks_due_and_missed_posts(make_ctx, lippe, session):
    """A post whose time has come is due; one past its window is shown as missed."""
    await add_meetup(session, lippe, DEC_8)
    out = await plain(
        make_ctx, lippe, "!treffen plan", moderator=True, now=DEC_8 - timedelta(minutes=30)
    )
    assert (
        "• Erinnerung – Di., 8.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr – fällig, wird gleich gesendet"
        in out
    )
    assert "• Tagesordnung – Mo., 7.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr – fällig" in out
    late = await plain(
        make_ctx, lippe, "!treffen plan", moderator=True, now=DEC_8 + timedelta(minutes=10)
    )
    assert "• Erinnerung – Di., 8.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr – verpasst, entfällt" in late
    assert "• Nachbereitung – Di., 8.\u00a0Dez.\u00a02026, 12:00\u00a0Uhr – geplant" in late


async def test_switching_a_kind_off_removes_it_from_the_plan(make_ctx, lippe, session):
    """`!treffen beiträge erinnerung aus` stores the switch and the plan leaves reminders out."""
    await add_meetup(session, lippe, DEC_8)
    out = await plain(make_ctx, lippe, "!treffen beiträge erinnerung aus", moderator=True)
    assert out == "Ausgeschaltet: Erinnerung. Ich poste diese Beiträge nicht mehr."
    stored = await post_settings.enabled_kinds(session, lippe.id, ["reminder", "agenda"])
    assert stored == {"reminder": False, "agenda": True}
    plan = await plain(make_ctx, lippe, "!treffen plan", moderator=True)
    assert "Erinnerung –" not in plan
    assert (
        "Ausgeschaltet: Erinnerung. Einschalten z.\u202fB. mit `!treffen beiträge erinnerung an`"
        in plan
    )


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        ("!meetup posts reminder off", {"reminder"}),
        ("!treffen posts aus aufruf", {"agenda_call"}),
        ("!treffen posts agenda_call off", {"agenda_call"}),
        ("!meetup posts call off", {"agenda_call"}),
        ("!treffen posts Nachbereitung AUS", {"followup"}),
        ("!treffen posts alle aus", {"agenda_call", "agenda", "reminder", "followup"}),
    ],
)
async def test_post_kinds_are_understood_in_both_languages(make_ctx, lippe, session, line, kinds):
    """German and English kind words, either order, any case, and `alle` switch the right kinds."""
    await run(make_ctx, lippe, line, moderator=True)
    stored = await post_settings.enabled_kinds(session, lippe.id, [str(k) for k in PostKind])
    assert {kind for kind, on in stored.items() if not on} == kinds


async def test_switching_on_again(make_ctx, lippe, session):
    """`posts reminder on` in English turns reminders back on."""
    await run(make_ctx, lippe, "!treffen beiträge erinnerung aus", moderator=True)
    out = await plain(make_ctx, lippe, "!meetup posts reminder on", moderator=True, language="en")
    assert out == "Switched on: Reminder. I post these again."
    assert (await post_settings.enabled_kinds(session, lippe.id, ["reminder"]))["reminder"]


async def test_posts_without_arguments_shows_the_switches_to_everyone(make_ctx, lippe, session):
    """Any member can see which posts are on; the reply says how to switch."""
    await run(make_ctx, lippe, "!treffen posts nachbereitung aus", moderator=True)
    out = await plain(make_ctx, lippe, "!treffen posts")
    assert "• Erinnerung (`erinnerung`): an" in out
    assert "• Nachbereitung (`nachbereitung`): aus" in out
    assert out.endswith("Umschalten z.\u202fB. mit `!treffen beiträge erinnerung aus`")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        ("erinnerung", "„erinnerung“: Bitte eine Art von Beitrag"),
        ("erinnerung vielleicht", "„erinnerung vielleicht“: Bitte eine Art von Beitrag"),
        ("newsletter aus", "„newsletter“ ist keine Art von Beitrag."),
        ("erinnerung aus jetzt", "„erinnerung aus jetzt“: Bitte eine Art"),
    ],
)
async def test_bad_post_switches_change_nothing(make_ctx, lippe, session, args, start):
    """A switch without kind or on/off is explained with an example and stores nothing."""
    before = await snapshot(session)
    routed = await run(make_ctx, lippe, f"!treffen posts {args}", moderator=True)
    out = render(routed.reply).plain
    assert out.startswith(start)
    assert "!treffen beiträge erinnerung aus" in out
    assert not routed.keep_changes
    assert await snapshot(session) == before


# --- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("!treffen serie jeden 2. Dienstag 10:00", "!treffen serie"),
        ("!treffen serie beenden", "!treffen serie"),
        ("!treffen neu 10.12. 14:00 Workshop", "!treffen neu"),
        ("!treffen absagen 8.12.", "!treffen absagen"),
        ("!treffen verschieben 8.12. auf 9.12.", "!treffen verschieben"),
        ("!meetup cancel 8.12.", "!treffen absagen"),
        ("!treffen plan", "!treffen plan"),
        ("!treffen posts erinnerung aus", "!treffen beiträge"),
    ],
)
async def test_members_cannot_use_moderator_verbs(make_ctx, lippe, session, line, command):
    """A member trying to schedule is told who may, and nothing changes."""
    await add_meetup(session, lippe, DEC_8)
    await session.commit()
    before = await snapshot(session)
    routed = await run(make_ctx, lippe, line)
    out = render(routed.reply).plain
    assert out.startswith(f"{command} können nur Moderatorinnen und Moderatoren")
    assert out.endswith("Alle Treffen sehen Sie mit !treffen liste")
    assert not routed.keep_changes
    assert await snapshot(session) == before


async def test_refusal_in_english_names_the_english_command(make_ctx, lippe):
    """The refusal speaks the network's language and names the verb in it."""
    out = await plain(make_ctx, lippe, "!treffen absagen 8.12.", language="en")
    assert out.startswith("Only this network's moderators can use !meetup cancel")


# --- two networks ------------------------------------------------------------------------


async def test_networks_do_not_see_each_others_meetups(make_ctx, lippe, hoexter, session):
    """A meet-up of Lippe is neither shown, listed, exported nor cancellable in Höxter."""
    await add_meetup(session, lippe, DEC_8)
    await session.commit()
    assert (await plain(make_ctx, hoexter, "!meetup", language="en")).startswith(
        "No meet-up is planned."
    )
    assert (await plain(make_ctx, hoexter, "!meetup list", language="en")).startswith(
        "No meet-up is planned."
    )
    assert (await run(make_ctx, hoexter, "!meetup ics", language="en")).reply.files == ()
    before = await snapshot(session)
    out = await plain(make_ctx, hoexter, "!meetup cancel 8.12.", language="en", moderator=True)
    assert out.startswith("There is no meet-up on Tue, 8\u00a0Dec\u00a02026.")
    assert await snapshot(session) == before
    assert (await plain(make_ctx, lippe, "!treffen")).startswith(
        "Nächstes Treffen: Di., 8.\u00a0Dez."
    )


async def test_series_of_one_network_leaves_the_other_alone(make_ctx, lippe, hoexter, session):
    """Setting up and ending a series in Höxter does not touch Lippe's series."""
    await run(make_ctx, lippe, "!treffen serie jeden 2. Dienstag 10:00", moderator=True)
    await run(make_ctx, hoexter, "!meetup series every 1st monday 14:00", moderator=True)
    await run(make_ctx, hoexter, "!meetup series end", moderator=True)
    assert await meetups.active_series(session, hoexter.id) is None
    assert (await meetups.active_series(session, lippe.id)) is not None
    lippe_list = await plain(make_ctx, lippe, "!treffen liste")
    assert lippe_list.startswith("Kommende Treffen (4):")
    assert "Mo.," not in lippe_list


async def test_meetup_days_are_in_utc_and_shown_in_the_network_zone(make_ctx, lippe, session):
    """A meet-up at 00:30 Berlin time belongs to that Berlin day, not to the UTC day before."""
    start = datetime(2026, 12, 9, 0, 30, tzinfo=BERLIN)
    await add_meetup(session, lippe, start, minutes=30)
    assert start.astimezone(UTC).day == 8
    out = await plain(make_ctx, lippe, "!treffen 9.12.")
    assert out.startswith("Treffen: Mi., 9.\u00a0Dez.\u00a02026, 00:30–01:00\u00a0Uhr")


# --- any input ---------------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["", "liste", "serie", "neu", "absagen", "verschieben", "ics", "plan", "posts", "move", "9.12."]
)
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80
) | st.sampled_from(
    ["jeden 2. Dienstag 10:00", "8.12. auf 9.12.", "auf", "12.12. 25:00", "beenden", "alle an"]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(verb=_WORDS, rest=_TEXT)
async def test_any_input_gets_an_answer_never_a_crash(make_ctx, lippe, session, verb, rest):
    """Whatever follows a verb, a moderator gets an answer or a clean error, never the apology."""
    if not await meetups.upcoming(session, lippe.id, after=NOW, limit=1):
        await add_meetup(session, lippe, DEC_8)
    routed = await run(make_ctx, lippe, f"!treffen {verb} {rest}", moderator=True)
    out = render(routed.reply)
    assert out.plain and t("de", "router.crash") not in out.plain
    assert "@room" not in out.plain
