"""The .ics file: valid RFC 5545 that Outlook and Thunderbird import, with the series as one
recurring event, its cancellations and moves as exceptions, and stable UIDs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from commands.meetups.ics import calendar_file, vtimezone
from storage.records import MeetupRecord, SeriesRecord
from tests.commands.meetups.support import BERLIN, LINK
from tests.commands.support import LIPPE

STAMP = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SERIES = SeriesRecord(
    id=7,
    network_id=1,
    title="Monatstreffen",
    rrule="FREQ=MONTHLY;BYDAY=+2TU",
    start_time=time(10),
    duration_minutes=90,
    timezone="Europe/Berlin",
    location=LINK,
    first_day=date(2026, 11, 22),
    ended_on=None,
    created_by="@moderation:localhost",
    created_at=STAMP,
)


def local(*args: int) -> datetime:
    """A wall-clock time in Berlin."""
    return datetime(*args, tzinfo=BERLIN)


def occurrence(meetup_id: int, original: datetime, **changes) -> MeetupRecord:
    """A stored occurrence of SERIES, as generated unless `changes` say otherwise."""
    values = {
        "id": meetup_id,
        "network_id": 1,
        "series_id": SERIES.id,
        "original_start": original,
        "starts_at": original,
        "ends_at": original + timedelta(minutes=90),
        "title": SERIES.title,
        "location": LINK,
        "status": "scheduled",
        "updated_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    values.update(changes)
    return MeetupRecord(**values)


def single(meetup_id: int, start: datetime, **changes) -> MeetupRecord:
    """A meet-up outside the series."""
    values = {
        "id": meetup_id,
        "network_id": 1,
        "series_id": None,
        "original_start": None,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "title": "Workshop E-Akte",
        "location": "Kreishaus Detmold, Raum 1",
        "status": "scheduled",
        "updated_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    values.update(changes)
    return MeetupRecord(**values)


ROWS = [
    occurrence(1, local(2026, 12, 8, 10)),
    occurrence(2, local(2027, 1, 12, 10), status="cancelled"),
    occurrence(
        3,
        local(2027, 2, 9, 10),
        starts_at=local(2027, 2, 10, 14),
        ends_at=local(2027, 2, 10, 15, 30),
    ),
    occurrence(4, local(2027, 3, 9, 10)),
    single(5, local(2027, 3, 12, 14)),
    single(6, local(2027, 3, 19, 14), status="cancelled"),
]


def build(series: SeriesRecord | None = SERIES, rows=tuple(ROWS)) -> bytes:
    """The file for the sample rows, stamped deterministically."""
    return calendar_file(LIPPE, series, list(rows), stamp=STAMP, note="Hinweis")


def test_file_is_crlf_folded_and_has_the_required_properties():
    """Every line ends in CRLF and fits 75 octets; PRODID, VERSION, UID, DTSTAMP are there."""
    data = build()
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    calendar = Calendar.from_ical(data)
    assert str(calendar["prodid"]) == "-//ikz-bot//DE"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["method"]) == "PUBLISH"
    for event in calendar.walk("VEVENT"):
        assert event.decoded("dtstamp") == STAMP
        assert str(event["uid"]).endswith("@ikz-bot")


def test_series_is_one_recurring_event_in_the_network_zone():
    """The series has its RRULE, a DTSTART with TZID at the first occurrence, and a DTEND."""
    calendar = Calendar.from_ical(build())
    (series,) = [e for e in calendar.walk("VEVENT") if "rrule" in e]
    assert str(series["uid"]) == "meetup-series-7@ikz-bot"
    assert series["dtstart"].params["TZID"] == "Europe/Berlin"
    assert series.decoded("dtstart") == local(2026, 12, 8, 10)
    assert series.decoded("dtend") == local(2026, 12, 8, 11, 30)
    assert series["rrule"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"
    assert str(series["location"]) == LINK and str(series["url"]) == LINK
    assert str(series["summary"]) == "Monatstreffen (IKZ Digitalisierung Lippe)"
    assert "Hinweis" in str(series["description"])


def test_cancelled_is_exdate_and_moved_is_an_override():
    """January is excluded; February is an override on its original start with the new time."""
    calendar = Calendar.from_ical(build())
    events = calendar.walk("VEVENT")
    (series,) = [e for e in events if "rrule" in e]
    exdates = [d.dt for d in series["exdate"].dts]
    assert exdates == [local(2027, 1, 12, 10)]
    (override,) = [e for e in events if "recurrence-id" in e]
    assert str(override["uid"]) == "meetup-series-7@ikz-bot"
    assert override["recurrence-id"].params["TZID"] == "Europe/Berlin"
    assert override.decoded("recurrence-id") == local(2027, 2, 9, 10)
    assert override.decoded("dtstart") == local(2027, 2, 10, 14)
    assert override.decoded("dtend") == local(2027, 2, 10, 15, 30)


def test_a_calendar_shows_exactly_the_planned_dates():
    """Expanding rule, exclusions and overrides as a client does gives the stored schedule."""
    calendar = Calendar.from_ical(build())
    events = calendar.walk("VEVENT")
    (series,) = [e for e in events if "rrule" in e]
    start = series.decoded("dtstart")
    dates = rruleset()
    dates.rrule(rrulestr(series["rrule"].to_ical().decode(), dtstart=start))
    for exdate in series["exdate"].dts:
        dates.exdate(exdate.dt)
    overridden = {e.decoded("recurrence-id") for e in events if "recurrence-id" in e}
    until = local(2027, 4, 1)
    expanded = [d for d in dates.between(start, until, inc=True) if d not in overridden]
    expanded += [e.decoded("dtstart") for e in events if "rrule" not in e]
    assert sorted(expanded) == [
        local(2026, 12, 8, 10),
        local(2027, 2, 10, 14),
        local(2027, 3, 9, 10),
        local(2027, 3, 12, 14),
    ]


def test_single_meetups_have_their_own_uid_and_cancelled_ones_are_left_out():
    """The workshop is a VEVENT `meetup-5@ikz-bot`; the cancelled single is not in the file."""
    calendar = Calendar.from_ical(build())
    singles = {str(e["uid"]): e for e in calendar.walk("VEVENT") if "recurrence-id" not in e}
    assert set(singles) == {"meetup-series-7@ikz-bot", "meetup-5@ikz-bot"}
    workshop = singles["meetup-5@ikz-bot"]
    assert str(workshop["location"]) == "Kreishaus Detmold, Raum 1"
    assert "url" not in workshop


def test_uids_stay_the_same_from_one_export_to_the_next():
    """Two exports at different times differ only in DTSTAMP, so re-importing updates."""
    first = build()
    later = calendar_file(LIPPE, SERIES, ROWS, stamp=STAMP + timedelta(days=3), note="Hinweis")
    assert first.replace(b"DTSTAMP:20261122T090000Z", b"X") == later.replace(
        b"DTSTAMP:20261125T090000Z", b"X"
    )


def test_without_series_only_single_meetups_are_written():
    """A network without series exports its single meet-ups."""
    calendar = Calendar.from_ical(build(None, [single(5, local(2027, 3, 12, 14))]))
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == "meetup-5@ikz-bot"
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_dtstart_is_the_first_real_occurrence_not_the_day_the_series_began():
    """The series began on a Sunday; DTSTART is its first 2nd Tuesday (else Outlook adds one)."""
    calendar = Calendar.from_ical(build(rows=[]))
    (series,) = calendar.walk("VEVENT")
    assert series.decoded("dtstart") == local(2026, 12, 8, 10)


def test_timezone_is_written_as_yearly_rules_outlook_understands():
    """Berlin's VTIMEZONE has a DAYLIGHT and a STANDARD part, each with a yearly RRULE."""
    zone = vtimezone(BERLIN, 2025)
    parts = {c.name: c for c in zone.subcomponents}
    assert str(zone["tzid"]) == "Europe/Berlin"
    daylight, standard = parts["DAYLIGHT"], parts["STANDARD"]
    assert daylight["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert daylight.decoded("dtstart") == datetime(2025, 3, 30, 2, 0)
    assert standard["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert standard.decoded("dtstart") == datetime(2025, 10, 26, 3, 0)
    assert daylight.decoded("tzoffsetto") == timedelta(hours=2)
    assert standard.decoded("tzoffsetto") == timedelta(hours=1)


def test_timezone_starts_a_year_before_the_first_event():
    """The observances begin before any event, so no event falls before the zone's start."""
    calendar = Calendar.from_ical(build())
    (zone,) = calendar.walk("VTIMEZONE")
    assert min(c.decoded("dtstart") for c in zone.subcomponents).year == 2025


@pytest.mark.parametrize(
    "name", ["America/New_York", "Australia/Sydney", "Asia/Tokyo", "Africa/Casablanca", "UTC"]
)
def test_other_zones_give_a_usable_timezone(name):
    """Zones with other rules, without DST or without a fixed rule still give a VTIMEZONE."""
    zone = vtimezone(ZoneInfo(name), 2026)
    parsed = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + zone.to_ical() + b"END:VCALENDAR\r\n")
    (component,) = parsed.walk("VTIMEZONE")
    assert str(component["tzid"]) == name
    assert component.subcomponents
