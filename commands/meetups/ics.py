"""The meet-ups as an iCalendar file (RFC 5545) that Outlook and Thunderbird import.

The series is one VEVENT with its RRULE at a wall-clock time in the network's zone (a
`DTSTART;TZID=…` plus a matching VTIMEZONE), so calendars keep 10:00 at 10:00 across DST.
Cancelled occurrences are EXDATEs, moved ones (and those with an agenda) are overrides with
RECURRENCE-ID, single meet-ups are VEVENTs of their own. UIDs are derived from database ids,
so importing a newer file updates the entries instead of duplicating them; SEQUENCE and
LAST-MODIFIED follow the stored change time, so a calendar that subscribed to the feed
(bot/http_calendar.py) takes a move or cancellation as an update.

The VTIMEZONE is written with yearly RRULEs (as tzurl.org does) rather than icalendar's
list of RDATEs, because Outlook ignores RDATEs in time zones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from storage.records import MeetupRecord, NetworkRecord, SeriesRecord

PRODID = "-//ikz-bot//DE"
UID_DOMAIN = "ikz-bot"
FILENAME = "ikz-treffen.ics"
MIMETYPE = "text/calendar"
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
"""SEQUENCE counts seconds from here to the last change: it rises with every change and
fits a 32-bit integer, which is what Outlook reads, until 2088."""


@dataclass(frozen=True, slots=True)
class _Transition:
    """A change of UTC offset, as a VTIMEZONE observance needs it."""

    local_start: datetime  # naive, wall-clock time before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_dst: bool


def series_uid(series: SeriesRecord) -> str:
    """The UID of the series event; the same for every export of this series."""
    return f"meetup-series-{series.id}@{UID_DOMAIN}"


def meetup_uid(meetup: MeetupRecord) -> str:
    """The UID of a meet-up outside the active series."""
    return f"meetup-{meetup.id}@{UID_DOMAIN}"


def calendar_file(
    network: NetworkRecord,
    series: SeriesRecord | None,
    meetups: Sequence[MeetupRecord],
    *,
    stamp: datetime,
    note: str,
    agendas: Mapping[int, str] | None = None,
    show_cancelled: bool = False,
) -> bytes:
    """The .ics bytes: `series` (if any) with its stored `meetups` as exceptions, the rest alone.

    `meetups` are the rows to show: the series' occurrences (any time, for EXDATEs and
    overrides) and the other upcoming meet-ups. Cancelled rows outside the series are left
    out, or with `show_cancelled` (a subscribed feed, which must tell calendars that already
    have them) written with STATUS:CANCELLED. `agendas` maps a meet-up id to its agenda as
    text for the DESCRIPTION. `stamp` is the DTSTAMP of every event; `note` ends each
    description.
    """
    agendas = agendas or {}
    tz = ZoneInfo(network.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", network.name)
    calendar.add("x-wr-timezone", network.timezone)
    events: list[Event] = []
    starts: list[datetime] = []
    own = [m for m in meetups if series is not None and m.series_id == series.id]
    if series is not None:
        first = _first_start(series, tz)
        if first is not None:
            events.append(_series_event(network, series, first, own, tz, stamp, note))
            starts.append(first)
            for meetup in own:
                if _is_override(series, meetup) or (
                    meetup.status == "scheduled" and meetup.id in agendas
                ):
                    agenda = agendas.get(meetup.id)
                    events.append(_override(network, series, meetup, tz, stamp, note, agenda))
    for meetup in meetups:
        if meetup in own or (meetup.status != "scheduled" and not show_cancelled):
            continue
        event = _event(network, meetup, tz, stamp, note, agendas.get(meetup.id))
        event.add("uid", meetup_uid(meetup))
        events.append(event)
        starts.append(meetup.starts_at)
    if starts:
        calendar.add_component(vtimezone(tz, min(s.astimezone(tz).year for s in starts) - 1))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _first_start(series: SeriesRecord, tz: ZoneInfo) -> datetime | None:
    """The series' first occurrence: DTSTART must be one, or Outlook adds a stray instance."""
    rule = rrulestr(series.rrule, dtstart=datetime.combine(series.first_day, series.start_time))
    first = next(iter(rule), None)
    return None if first is None else first.replace(tzinfo=tz)


def _is_override(series: SeriesRecord, meetup: MeetupRecord) -> bool:
    """A scheduled occurrence whose time, title or place differs from what the rule says."""
    if meetup.status != "scheduled" or meetup.original_start is None:
        return False
    planned_end = meetup.original_start + timedelta(minutes=series.duration_minutes)
    return (
        meetup.starts_at != meetup.original_start
        or meetup.ends_at != planned_end
        or meetup.title != series.title
        or meetup.location != series.location
    )


def _series_event(
    network: NetworkRecord,
    series: SeriesRecord,
    first: datetime,
    own: Iterable[MeetupRecord],
    tz: ZoneInfo,
    stamp: datetime,
    note: str,
) -> Event:
    event = Event()
    event.add("uid", series_uid(series))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(minutes=series.duration_minutes))
    event.add("rrule", vRecur.from_ical(_outlook_rule(series.rrule)))
    _describe(event, network, series.title, series.location, note)
    cancelled = [m for m in own if m.status != "scheduled" and m.original_start is not None]
    excluded = sorted(m.original_start.astimezone(tz) for m in cancelled if m.original_start)
    if excluded:
        event.add("exdate", excluded)
    _changed(event, max([series.created_at, *(m.updated_at for m in cancelled)]))
    return event


def _override(
    network: NetworkRecord,
    series: SeriesRecord,
    meetup: MeetupRecord,
    tz: ZoneInfo,
    stamp: datetime,
    note: str,
    agenda: str | None,
) -> Event:
    assert meetup.original_start is not None, "only series occurrences are overrides"
    event = _event(network, meetup, tz, stamp, note, agenda)
    event.add("uid", series_uid(series))
    event.add("recurrence-id", meetup.original_start.astimezone(tz))
    return event


def _event(
    network: NetworkRecord,
    meetup: MeetupRecord,
    tz: ZoneInfo,
    stamp: datetime,
    note: str,
    agenda: str | None = None,
) -> Event:
    event = Event()
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", meetup.starts_at.astimezone(tz))
    event.add("dtend", meetup.ends_at.astimezone(tz))
    if meetup.status != "scheduled":
        event.add("status", "CANCELLED")
    _describe(event, network, meetup.title, meetup.location, note, agenda)
    _changed(event, meetup.updated_at)
    return event


def _describe(
    event: Event,
    network: NetworkRecord,
    title: str,
    location: str | None,
    note: str,
    agenda: str | None = None,
) -> None:
    event.add("summary", f"{title} ({network.name})")
    lines = [network.name]
    if location:
        event.add("location", location)
        lines.append(location)
        if location.startswith(("http://", "https://")):
            event.add("url", location)
    if agenda:
        lines.append(agenda)
    lines.append(note)
    event.add("description", "\n".join(lines))


def _changed(event: Event, at: datetime) -> None:
    """SEQUENCE and LAST-MODIFIED from the last stored change, so clients take it as news."""
    event.add("last-modified", at.astimezone(UTC))
    event.add("sequence", max(0, int((at - _SEQUENCE_EPOCH).total_seconds())))


def _outlook_rule(rrule: str) -> str:
    """The stored rule with `BYDAY=+2TU` written `2TU`: same meaning, fewer importer quirks."""
    parts = []
    for part in rrule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "BYDAY":
            value = ",".join(v.removeprefix("+") for v in value.split(","))
        parts.append(f"{key}={value}")
    return ";".join(parts)


# --- VTIMEZONE ---------------------------------------------------------------------------


def vtimezone(tz: ZoneInfo, year: int) -> Timezone:
    """The zone as observances starting in `year` and repeating yearly by weekday rules.

    Falls back to icalendar's per-transition listing for zones whose changes follow no
    fixed "n-th weekday of the month" rule.
    """
    transitions = _transitions(tz, year)
    rules = [_yearly_rule(change) for change in transitions]
    if any(rule is None for rule in rules) or _transitions(tz, year + 1) != [
        _shifted(change, rule) for change, rule in zip(transitions, rules, strict=True)
    ]:
        return Timezone.from_tzinfo(tz, tzid=tz.key, first_date=date(year, 1, 1))
    zone = Timezone()
    zone.add("tzid", tz.key)
    if not transitions:
        offset = tz.utcoffset(datetime(year, 1, 1)) or timedelta(0)
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(year, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", tz.tzname(datetime(year, 1, 1)) or tz.key)
        zone.add_component(standard)
        return zone
    for change, rule in zip(transitions, rules, strict=True):
        observance = TimezoneDaylight() if change.is_dst else TimezoneStandard()
        observance.add("dtstart", change.local_start)
        observance.add("rrule", vRecur.from_ical(rule or ""))
        observance.add("tzoffsetfrom", change.offset_from)
        observance.add("tzoffsetto", change.offset_to)
        observance.add("tzname", change.name)
        zone.add_component(observance)
    return zone


def _transitions(tz: ZoneInfo, year: int) -> list[_Transition]:
    """The offset changes of `year`, found hour by hour and pinned down to the minute."""
    found: list[_Transition] = []
    instant = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=1)
    before = _offset(tz, instant)
    while instant < end:
        after = _offset(tz, instant + step)
        if after != before:
            low, high = instant, instant + step
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (low, middle) if _offset(tz, middle) != before else (middle, high)
            local = high.astimezone(tz)
            found.append(
                _Transition(
                    local_start=(high + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    name=local.tzname() or tz.key,
                    is_dst=bool(local.dst()),
                )
            )
        before = after
        instant += step
    return found


def _offset(tz: ZoneInfo, instant: datetime) -> timedelta:
    return instant.astimezone(tz).utcoffset() or timedelta(0)


def _yearly_rule(change: _Transition) -> str | None:
    """`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU` for a change on the last (or n-th) weekday."""
    day = change.local_start.date()
    code = _WEEKDAY_CODES[day.weekday()]
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if (next_month - day).days <= 7:
        return f"FREQ=YEARLY;BYMONTH={day.month};BYDAY=-1{code}"
    nth = (day.day - 1) // 7 + 1
    return f"FREQ=YEARLY;BYMONTH={day.month};BYDAY={nth}{code}" if nth <= 4 else None


def _shifted(change: _Transition, rule: str | None) -> _Transition:
    """The same change one year later, as the yearly rule predicts it."""
    dtstart = change.local_start
    following = rrulestr(rule or "", dtstart=dtstart).after(dtstart)
    return _Transition(
        following or dtstart,
        change.offset_from,
        change.offset_to,
        change.name,
        change.is_dst,
    )
