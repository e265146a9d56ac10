"""The moderators' `!treffen` verbs: `serie`, `serie beenden`, `neu`, `absagen`, `verschieben`.

Each verb is checked for what it stores, what it answers, and that bad input changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from commands.rendering import render
from storage import agenda, deliveries, meetups
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

SERIES = f"!treffen serie jeden 2. Dienstag 10:00-11:30 {LINK}"


async def stored(session, network) -> list[meetups.MeetupRecord]:
    """Every meet-up of the network from now on, cancelled ones included."""
    return await meetups.upcoming(
        session, network.id, after=NOW - timedelta(days=1), limit=100, include_cancelled=True
    )


async def refused_without_change(make_ctx, network, session, line: str, **kwargs) -> str:
    """Run `line`, assert it was refused and changed nothing; return the answer."""
    before = await snapshot(session)
    routed = await run(make_ctx, network, line, **kwargs)
    assert not routed.keep_changes
    assert await snapshot(session) == before
    return render(routed.reply).plain


# --- series ------------------------------------------------------------------------------


async def test_series_is_stored_with_its_first_occurrences(make_ctx, lippe, session):
    """`serie jeden 2. Dienstag 10:00-11:30 <link>` stores the rule and the next 120 days."""
    out = await plain(make_ctx, lippe, SERIES, moderator=True)
    series = await meetups.active_series(session, lippe.id)
    assert series is not None
    assert (series.rrule, series.start_time, series.duration_minutes) == (
        "FREQ=MONTHLY;BYDAY=+2TU",
        time(10),
        90,
    )
    assert (series.title, series.location, series.timezone) == (
        "Monatstreffen",
        LINK,
        "Europe/Berlin",
    )
    # 10:00 today is the very moment of the command, so the rule starts tomorrow.
    assert (series.first_day, series.created_by) == (date(2026, 11, 23), "@erika:localhost")
    starts = [m.starts_at.astimezone(BERLIN) for m in await stored(session, lippe)]
    assert [s.date() for s in starts] == [
        date(2026, 12, 8),
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
    ]
    assert out.startswith("Neue Serie: jeden 2. Dienstag im Monat, 10:00–11:30\u00a0Uhr")
    assert "Titel: Monatstreffen" in out and f"Ort: {LINK}" in out
    assert (
        "• Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr\n• Di., 12.\u00a0Jan.\u00a02027" in out
    )
    assert "9.\u00a0Feb.\u00a02027" in out and "9.\u00a0März\u00a02027" not in out
    assert "Feiertag" not in out


async def test_the_first_meetup_shows_at_once(make_ctx, lippe):
    """Right after the series is set up, `!treffen` shows its first meet-up."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    out = await plain(make_ctx, lippe, "!treffen")
    assert out.startswith(
        "Nächstes Treffen: Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr – Monatstreffen"
    )


async def test_english_series_gets_an_english_title(make_ctx, lippe, session):
    """`!meetup series every 2nd tuesday 10:00` in English is titled "Monthly meet-up"."""
    out = await plain(
        make_ctx, lippe, "!meetup series every 2nd tuesday 10:00", moderator=True, language="en"
    )
    assert out.startswith("New series: every 2nd Tuesday of the month, 10:00–11:00")
    series = await meetups.active_series(session, lippe.id)
    assert series is not None and series.title == "Monthly meet-up"
    assert series.location is None


async def test_series_keeps_local_time_across_the_dst_change(make_ctx, lippe, session):
    """The 2nd Tuesday 10:00 is 10:00 in Berlin in October (CEST) and November (CET)."""
    now = datetime(2026, 9, 20, 9, 0, tzinfo=UTC)
    await run(make_ctx, lippe, "!treffen serie jeden 2. Dienstag 10:00", moderator=True, now=now)
    found = await meetups.upcoming(session, lippe.id, after=now, limit=3)
    october, november = found[0].starts_at, found[1].starts_at
    assert october == datetime(2026, 10, 13, 8, 0, tzinfo=UTC)
    assert november == datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    assert october.astimezone(BERLIN).time() == november.astimezone(BERLIN).time() == time(10)
    out = await plain(make_ctx, lippe, "!treffen liste 2", now=now)
    assert "Di., 13.\u00a0Okt.\u00a02026, 10:00–11:00\u00a0Uhr" in out
    assert "Di., 10.\u00a0Nov.\u00a02026, 10:00–11:00\u00a0Uhr" in out


@pytest.mark.parametrize(
    ("now", "phrase", "day", "name", "proposal"),
    [
        (
            NOW,
            "jeden 4. Freitag",
            "Fr., 25.\u00a0Dez.\u00a02026",
            "Erster Weihnachtstag",
            "28.12.2026",
        ),
        (
            datetime(2027, 4, 20, 8, 0, tzinfo=UTC),
            "jeden 1. Donnerstag",
            "Do., 6.\u00a0Mai\u00a02027",
            "Christi Himmelfahrt",
            "7.5.2027",
        ),
        (
            datetime(2027, 5, 1, 8, 0, tzinfo=UTC),
            "jeden 4. Donnerstag",
            "Do., 27.\u00a0Mai\u00a02027",
            "Fronleichnam",
            "28.5.2027",
        ),
    ],
)
async def test_series_warns_about_holidays_and_proposes_the_next_working_day(
    make_ctx, lippe, now, phrase, day, name, proposal
):
    """A date on an NRW public holiday is named, with a move to the next working day."""
    out = await plain(make_ctx, lippe, f"!treffen serie {phrase} 10:00", moderator=True, now=now)
    assert f"Achtung: {day} ist ein Feiertag ({name})." in out
    assert "Vorschlag für den nächsten Werktag: `!treffen verschieben " in out
    assert f" auf {proposal} 10:00`" in out


async def test_holiday_warning_in_english(make_ctx, lippe):
    """In English the holiday has its English name and the proposal uses `to`."""
    out = await plain(
        make_ctx, lippe, "!meetup series every 4th friday 10:00", moderator=True, language="en"
    )
    assert "Note: Fri, 25\u00a0Dec\u00a02026 is a public holiday (Christmas Day)." in out
    assert "`!meetup move 25.12.2026 to 28.12.2026 10:00`" in out


async def test_series_starting_today_after_its_time_begins_tomorrow(make_ctx, lippe, session):
    """A weekly Sunday 09:00 series set up on Sunday at 10:00 starts next Sunday."""
    await run(make_ctx, lippe, "!treffen serie jeden Sonntag 09:00", moderator=True)
    series = await meetups.active_series(session, lippe.id)
    assert series is not None and series.first_day == date(2026, 11, 23)
    first = (await stored(session, lippe))[0]
    assert first.starts_at.astimezone(BERLIN) == datetime(2026, 11, 29, 9, 0, tzinfo=BERLIN)


async def test_series_later_today_includes_today(make_ctx, lippe, session):
    """A Sunday 11:00 series set up on Sunday at 10:00 meets today."""
    await run(make_ctx, lippe, "!treffen serie jeden Sonntag 11:00", moderator=True)
    first = (await stored(session, lippe))[0]
    assert first.starts_at.astimezone(BERLIN) == datetime(2026, 11, 22, 11, 0, tzinfo=BERLIN)


async def test_new_series_replaces_the_old_and_keeps_touched_dates(make_ctx, lippe, session):
    """A second `serie` ends the first today, drops its untouched dates and keeps used ones."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    old = await meetups.active_series(session, lippe.id)
    december, january, *_ = await stored(session, lippe)
    await add_item(session, january, "Serviceportal")
    out = await plain(make_ctx, lippe, "!treffen serie jeden 1. Montag 14:00", moderator=True)
    new = await meetups.active_series(session, lippe.id)
    assert old is not None and new is not None and new.id != old.id
    remaining = await stored(session, lippe)
    assert december.id not in {m.id for m in remaining}
    assert january.id in {m.id for m in remaining}
    mondays = [m for m in remaining if m.series_id == new.id]
    assert [m.starts_at.astimezone(BERLIN).day for m in mondays] == [7, 4, 1, 1]
    assert (
        "Die bisherige Serie (jeden 2. Dienstag im Monat, 10:00–11:30\u00a0Uhr) ist beendet." in out
    )
    assert "Zusagen oder Beschlüsse: 3." in out
    assert "bleiben bestehen (1; absagen z.\u202fB. mit !treffen absagen 12.1.2027):" in out
    assert "• Di., 12.\u00a0Jan.\u00a02027, 10:00–11:30\u00a0Uhr – Monatstreffen" in out


async def _answered_december(make_ctx, lippe, session):
    await run(make_ctx, lippe, SERIES, moderator=True)
    december = (await stored(session, lippe))[0]
    await answer(session, december, "@erika:localhost", "yes")
    return december


async def test_replacing_with_the_same_time_keeps_one_meetup_per_day(make_ctx, lippe, session):
    """A kept date the new series also has stays the only meet-up that day, answers intact."""
    december = await _answered_december(make_ctx, lippe, session)
    out = await plain(
        make_ctx,
        lippe,
        "!treffen serie jeden 2. Dienstag 10:00-12:00 https://x.org",
        moderator=True,
    )
    assert "zwei Treffen" not in out
    on_day = await meetups.on_local_day(session, lippe.id, date(2026, 12, 8), BERLIN)
    assert [m.id for m in on_day] == [december.id]


async def test_replacing_with_another_time_warns_about_two_meetups_on_one_day(
    make_ctx, lippe, session
):
    """A kept date the new series has at another time is pointed out for clean-up."""
    await _answered_december(make_ctx, lippe, session)
    out = await plain(
        make_ctx,
        lippe,
        "!treffen serie jeden 2. Dienstag 14:00-15:00 https://x.org",
        moderator=True,
    )
    assert (
        "zwei Treffen, ein bisheriges und eines der neuen Serie: Di., 8.\u00a0Dez.\u00a02026."
        in out
    )
    on_day = await meetups.on_local_day(session, lippe.id, date(2026, 12, 8), BERLIN)
    assert len(on_day) == 2


async def test_series_end_removes_untouched_dates_and_keeps_answered_ones(make_ctx, lippe, session):
    """`serie beenden` ends the series; a date with an RSVP stays, the rest go."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    december = (await stored(session, lippe))[0]
    await answer(session, december, "@erika:localhost", "yes")
    out = await plain(make_ctx, lippe, "!treffen serie beenden", moderator=True)
    assert await meetups.active_series(session, lippe.id) is None
    assert [m.id for m in await stored(session, lippe)] == [december.id]
    assert "Zusagen oder Beschlüsse: 3." in out
    assert out.endswith(
        "Eine neue Serie legen Sie so an: `!treffen serie jeden 2. Dienstag 10:00-11:30 "
        "https://meet.example.org/ikz`"
    )


async def test_series_end_in_english(make_ctx, lippe, session):
    """`series end` works in English too."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    out = await plain(make_ctx, lippe, "!meetup series end", moderator=True, language="en")
    assert out.startswith("The previous series (every 2nd Tuesday of the month, 10:00–11:30)")
    assert await stored(session, lippe) == []


async def test_ending_without_a_series_is_explained(make_ctx, lippe, session):
    """`serie beenden` without a running series says so and how to start one."""
    out = await refused_without_change(
        make_ctx, lippe, session, "!treffen serie beenden", moderator=True
    )
    assert out.startswith("Es gibt keine laufende Serie, die ich beenden könnte.")
    assert "!treffen serie jeden 2. Dienstag 10:00-11:30" in out


@pytest.mark.parametrize(
    ("args", "start"),
    [
        ("", "Es fehlt die Wiederholung mit Uhrzeit. Beispiel: !treffen serie jeden 2. Dienstag"),
        ("ab und zu 10:00", "„ab und zu 10:00“ verstehe ich nicht als Wiederholung."),
        ("jeden 2. Dienstag", "Bei „jeden 2. Dienstag“ fehlt die Uhrzeit."),
        ("jeden 2. Dienstag 11:00-10:00", "„11:00-10:00“: Das Ende liegt nicht nach dem Beginn."),
        (f"jeden 2. Dienstag 10:00 {'x' * 501}", "Ort bzw. Link sind 501\u00a0Zeichen lang"),
        ("jeden 2. Dienstag 10:00:30", "„jeden 2. Dienstag 10:00:30“: Eine Serie beginnt"),
        ("jeden 2. Dienstag 10:00-10:00:30", "„jeden 2. Dienstag 10:00-10:00:30“: Eine Serie"),
    ],
)
async def test_bad_series_input_is_explained_and_changes_nothing(
    make_ctx, lippe, session, args, start
):
    """An unknown phrase, a missing time or an over-long place is refused with an example."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    out = await refused_without_change(
        make_ctx, lippe, session, f"!treffen serie {args}", moderator=True
    )
    assert out.startswith(start)
    assert "• `!treffen serie <wiederholung> <uhrzeit[-ende]> [link oder ort]`" in out


# --- a single meet-up --------------------------------------------------------------------


async def test_new_meetup_with_title_lasts_an_hour(make_ctx, lippe, session):
    """`neu 12.03.2027 14:00 Workshop E-Akte` stores a one-hour single meet-up."""
    out = await plain(
        make_ctx, lippe, "!treffen neu 12.03.2027 14:00 Workshop E-Akte", moderator=True
    )
    (meetup,) = await stored(session, lippe)
    assert meetup.series_id is None and meetup.title == "Workshop E-Akte"
    assert meetup.starts_at == datetime(2027, 3, 12, 14, 0, tzinfo=BERLIN)
    assert meetup.ends_at - meetup.starts_at == timedelta(hours=1)
    assert meetup.location is None
    assert out.startswith(
        "Neues Treffen: Fr., 12.\u00a0März\u00a02027, 14:00–15:00\u00a0Uhr – Workshop E-Akte"
    )


async def test_new_meetup_with_range_and_link(make_ctx, lippe, session):
    """A time range sets the end; a link among the words becomes the place."""
    line = "!meetup new 3.12. 14:00-16:30 Workshop https://meet.example.org/ws OZG"
    out = await plain(make_ctx, lippe, line, moderator=True, language="en")
    (meetup,) = await stored(session, lippe)
    assert meetup.title == "Workshop OZG"
    assert meetup.location == "https://meet.example.org/ws"
    assert meetup.ends_at == datetime(2026, 12, 3, 16, 30, tzinfo=BERLIN)
    assert "Place: https://meet.example.org/ws" in out


async def test_new_meetup_without_title_is_an_extra_meetup(make_ctx, lippe, session):
    """Without a title the single meet-up is called "Zusatztreffen"."""
    await run(make_ctx, lippe, "!treffen neu morgen 14 Uhr", moderator=True)
    (meetup,) = await stored(session, lippe)
    assert meetup.title == "Zusatztreffen"
    assert meetup.starts_at == datetime(2026, 11, 23, 14, 0, tzinfo=BERLIN)


async def test_new_meetup_on_a_holiday_is_warned_about(make_ctx, lippe):
    """A single meet-up on New Year's Day gets the holiday warning."""
    out = await plain(make_ctx, lippe, "!treffen neu 1.1.2027 10:00", moderator=True)
    assert "Achtung: Fr., 1.\u00a0Jan.\u00a02027 ist ein Feiertag (Neujahr)." in out
    assert "`!treffen verschieben 1.1.2027 auf 4.1.2027 10:00`" in out


@pytest.mark.parametrize(
    ("args", "start"),
    [
        ("", "Es fehlen Datum und Uhrzeit des Treffens. Beispiel: !treffen neu 6.12.2026 14:00"),
        ("3.12. Workshop", "Für das Treffen am Do., 3.\u00a0Dez.\u00a02026 fehlt die Uhrzeit"),
        (
            "1.11.2026 10:00",
            "So., 1.\u00a0Nov.\u00a02026, 10:00\u00a0Uhr liegt in der Vergangenheit.",
        ),
        (
            "heute 8:00 Frühstück",
            "So., 22.\u00a0Nov.\u00a02026, 08:00\u00a0Uhr liegt in der Vergangenheit.",
        ),
        ("irgendwann Workshop", "„irgendwann Workshop“ verstehe ich nicht als Datum."),
        (f"3.12. 14:00 {'T' * 201}", "Der Titel ist 201\u00a0Zeichen lang"),
        ("28.3.2027 02:30-03:00", "„28.3.2027 02:30-03:00“: Das Ende liegt nicht nach dem Beginn."),
    ],
)
async def test_bad_new_input_is_explained_and_changes_nothing(
    make_ctx, lippe, session, args, start
):
    """No time, a past time, no date or an over-long title is refused with an example."""
    out = await refused_without_change(
        make_ctx, lippe, session, f"!treffen neu {args}", moderator=True
    )
    assert out.startswith(start)
    assert "!treffen neu" in out


# --- cancel ------------------------------------------------------------------------------


async def _pending_post(session, network, meetup, kind: str = "reminder") -> str:
    key = f"meetup:{meetup.id}:test:{kind}"
    await deliveries.enqueue(
        session,
        key=key,
        room_id=network.room_id,
        kind=kind,
        due_at=meetup.starts_at - timedelta(hours=1),
        content={},
        network_id=network.id,
        created_at=NOW,
        meetup_id=meetup.id,
    )
    return key


async def test_cancel_marks_the_meetup_and_withdraws_its_pending_posts(make_ctx, lippe, session):
    """`absagen 8.12.` cancels, skips pending posts, leaves sent ones, and `!treffen` moves on."""
    december = await add_meetup(session, lippe, DEC_8)
    await add_meetup(session, lippe, JAN_12)
    pending = await _pending_post(session, lippe, december)
    sent = await _pending_post(session, lippe, december, "agenda_call")
    await deliveries.mark_sent(session, sent, event_id="$call", sent_at=NOW)
    out = await plain(make_ctx, lippe, "!treffen absagen 8.12.", moderator=True)
    assert out.startswith(
        "Entfällt: Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr – Monatstreffen"
    )
    record = await meetups.get_meetup(session, lippe.id, december.id)
    assert record is not None and record.status == "cancelled"
    states = {d.key: d.state for d in await deliveries.for_meetup(session, december.id)}
    assert states == {pending: "skipped", sent: "sent"}
    assert (await plain(make_ctx, lippe, "!treffen")).startswith(
        "Nächstes Treffen: Di., 12.\u00a0Jan."
    )


async def test_cancelled_series_date_is_not_refilled(make_ctx, lippe, session):
    """A cancelled occurrence stays stored, so storing the series' dates again skips it."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    await run(make_ctx, lippe, "!treffen absagen 8.12.", moderator=True)
    series = await meetups.active_series(session, lippe.id)
    assert series is not None
    span = (DEC_8.astimezone(UTC), (DEC_8 + timedelta(minutes=90)).astimezone(UTC))
    assert await meetups.add_occurrences(session, series, [span], created_at=NOW) == 0
    listed = await plain(make_ctx, lippe, "!treffen liste 1")
    assert listed.splitlines()[2].endswith("– entfällt")


async def test_cancel_picks_the_meetup_at_the_given_time(make_ctx, lippe, session):
    """With two meet-ups on one day, `absagen 8.12. 14:00` cancels the 14:00 one."""
    morning = await add_meetup(session, lippe, DEC_8)
    afternoon = await add_meetup(session, lippe, DEC_8.replace(hour=14), title="Workshop")
    out = await plain(make_ctx, lippe, "!treffen absagen 8.12. 14:00", moderator=True)
    assert "14:00–15:30\u00a0Uhr – Workshop" in out
    states = {m.id: m.status for m in await stored(session, lippe)}
    assert states == {morning.id: "scheduled", afternoon.id: "cancelled"}


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (
            "",
            "Es fehlt das Datum des Treffens, das entfallen soll. Beispiel: !treffen absagen "
            "8.12.2026",
        ),
        (
            "9.12.",
            "Am Mi., 9.\u00a0Dez.\u00a02026 ist kein Treffen geplant. Alle Treffen zeigt !treffen",
        ),
        ("bald", "„bald“ verstehe ich nicht als Datum."),
    ],
)
async def test_bad_cancel_input_is_explained_and_changes_nothing(
    make_ctx, lippe, session, args, start
):
    """No date, a day without meet-up or no date at all is refused with an example."""
    await add_meetup(session, lippe, DEC_8)
    out = await refused_without_change(
        make_ctx, lippe, session, f"!treffen absagen {args}", moderator=True
    )
    assert out.startswith(start)


async def test_a_time_without_meetup_names_the_times_of_that_day(make_ctx, lippe, session):
    """`absagen 8.12. 11:00` when the meet-up is at 10:00 says which times there are."""
    await add_meetup(session, lippe, DEC_8)
    out = await refused_without_change(
        make_ctx, lippe, session, "!treffen absagen 8.12. 11:00", moderator=True
    )
    assert out.startswith(
        "Am Di., 8.\u00a0Dez.\u00a02026 beginnt zu dieser Uhrzeit kein Treffen (an diesem Tag: "
        "10:00)."
    )


async def test_cancelling_twice_says_it_is_cancelled_already(make_ctx, lippe, session):
    """A second `absagen` of the same date says that it was cancelled before."""
    await add_meetup(session, lippe, DEC_8)
    await run(make_ctx, lippe, "!treffen absagen 8.12.", moderator=True)
    out = await refused_without_change(
        make_ctx, lippe, session, "!treffen absagen 8.12.", moderator=True
    )
    assert out.startswith("Das Treffen am Di., 8.\u00a0Dez.\u00a02026 entfällt bereits.")


async def test_a_past_meetup_cannot_be_cancelled(make_ctx, lippe, session):
    """A meet-up that is over is not cancelled after the fact."""
    await add_meetup(session, lippe, DEC_8)
    later = DEC_8 + timedelta(days=1)
    out = await refused_without_change(
        make_ctx, lippe, session, "!treffen absagen 8.12.2026", moderator=True, now=later
    )
    assert out.startswith("Das Treffen am Di., 8.\u00a0Dez.\u00a02026 ist schon vorbei.")


# --- move --------------------------------------------------------------------------------


async def test_move_keeps_duration_agenda_and_answers_and_withdraws_posts(make_ctx, lippe, session):
    """`verschieben 8.12. auf 10.12. 14:00` keeps 90 minutes, the agenda and the answers."""
    december = await add_meetup(session, lippe, DEC_8)
    await add_item(session, december, "Serviceportal")
    pending = await _pending_post(session, lippe, december)
    out = await plain(
        make_ctx, lippe, "!treffen verschieben 8.12. auf 10.12. 14:00", moderator=True
    )
    assert out.startswith(
        "Verschoben von Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr auf "
        "Do., 10.\u00a0Dez.\u00a02026, 14:00–15:30\u00a0Uhr – Monatstreffen"
    )
    moved = await meetups.get_meetup(session, lippe.id, december.id)
    assert moved is not None
    assert moved.starts_at == datetime(2026, 12, 10, 14, 0, tzinfo=BERLIN)
    assert moved.ends_at == datetime(2026, 12, 10, 15, 30, tzinfo=BERLIN)
    assert [i.title for i in await agenda.items(session, lippe.id, december.id)] == [
        "Serviceportal"
    ]
    assert (await deliveries.get(session, pending)).state == "skipped"


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("!meetup move 8.12. to 10.12. 14:00-15:00", (10, 14, 0), (10, 15, 0)),
        ("!treffen verschieben 8.12. auf 9.12.", (9, 10, 0), (9, 11, 30)),
        ("!treffen verschieben 8.12. auf 14:00", (8, 14, 0), (8, 15, 30)),
        ("!treffen verschieben 8.12. auf 13 Uhr", (8, 13, 0), (8, 14, 30)),
        ("!treffen verschieben 8.12. nach Mittwoch 9:30", (9, 9, 30), (9, 11, 0)),
        ("!treffen verschieben Dienstag, 8.12. auf 10.12. 14 bis 16 Uhr", (10, 14, 0), (10, 16, 0)),
    ],
)
async def test_move_targets_as_people_type_them(make_ctx, lippe, session, line, start, end):
    """A range sets the end, a day alone keeps the time, a time alone keeps the day."""
    december = await add_meetup(session, lippe, DEC_8)
    await run(make_ctx, lippe, line, moderator=True, now=datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    moved = await meetups.get_meetup(session, lippe.id, december.id)
    assert moved is not None
    day, hour, minute = start
    assert moved.starts_at == datetime(2026, 12, day, hour, minute, tzinfo=BERLIN)
    day, hour, minute = end
    assert moved.ends_at == datetime(2026, 12, day, hour, minute, tzinfo=BERLIN)


async def test_moving_onto_a_holiday_is_warned_about(make_ctx, lippe, session):
    """Moving to Christmas Day warns and proposes the Monday after."""
    await add_meetup(session, lippe, DEC_8)
    out = await plain(make_ctx, lippe, "!treffen verschieben 8.12. auf 25.12.", moderator=True)
    assert "Achtung: Fr., 25.\u00a0Dez.\u00a02026 ist ein Feiertag (Erster Weihnachtstag)." in out
    assert "`!treffen verschieben 25.12.2026 auf 28.12.2026 10:00`" in out


async def test_moved_series_date_is_not_refilled(make_ctx, lippe, session):
    """A moved occurrence keeps its original start, so the series does not add it again."""
    await run(make_ctx, lippe, SERIES, moderator=True)
    await run(make_ctx, lippe, "!treffen verschieben 8.12. auf 9.12.", moderator=True)
    series = await meetups.active_series(session, lippe.id)
    assert series is not None
    span = (DEC_8.astimezone(UTC), (DEC_8 + timedelta(minutes=90)).astimezone(UTC))
    assert await meetups.add_occurrences(session, series, [span], created_at=NOW) == 0
    shown = await plain(make_ctx, lippe, "!treffen")
    assert shown.startswith("Nächstes Treffen: Mi., 9.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr")
    assert "Verschoben, ursprünglich Di., 8.\u00a0Dez.\u00a02026, 10:00\u00a0Uhr." in shown


@pytest.mark.parametrize(
    ("args", "start"),
    [
        ("8.12.", "Bitte das bisherige und das neue Datum angeben, getrennt durch „auf“."),
        ("auf 10.12.", "Bitte das bisherige und das neue Datum angeben"),
        ("9.12. auf 10.12.", "Am Mi., 9.\u00a0Dez.\u00a02026 ist kein Treffen geplant."),
        (
            "8.12. auf 1.11.2026 10:00",
            "So., 1.\u00a0Nov.\u00a02026, 10:00\u00a0Uhr liegt in der Vergangenheit.",
        ),
        ("8.12. auf irgendwann", "„irgendwann“ verstehe ich nicht als Datum."),
        ("8.12. auf 8.12. 10:00", "Das Treffen liegt schon zu dieser Zeit."),
        ("8.12. auf 25:00", "„25:00“ gibt es nicht im Kalender bzw. auf der Uhr."),
    ],
)
async def test_bad_move_input_is_explained_and_changes_nothing(
    make_ctx, lippe, session, args, start
):
    """Missing parts, unknown days, past or same targets are refused with an example."""
    await add_meetup(session, lippe, DEC_8)
    out = await refused_without_change(
        make_ctx, lippe, session, f"!treffen verschieben {args}", moderator=True
    )
    assert out.startswith(start)
    assert "!treffen verschieben" in out


async def test_a_started_meetup_cannot_be_moved(make_ctx, lippe, session):
    """Once a meet-up runs it stays where it is."""
    await add_meetup(session, lippe, DEC_8)
    out = await refused_without_change(
        make_ctx,
        lippe,
        session,
        "!treffen verschieben 8.12. auf 9.12.",
        moderator=True,
        now=DEC_8 + timedelta(minutes=5),
    )
    assert out.startswith("Das Treffen am Di., 8.\u00a0Dez.\u00a02026 hat schon begonnen")
