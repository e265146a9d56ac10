"""`!agenda` / `!tagesordnung`: the next meet-up's agenda and the verbs that change it.

Items are referred to by their number on the agenda ("TOP 3"), as people say it in the
meeting. Every check runs before the first write, so bad input changes nothing even where
the caller keeps the session's changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.meetups.common import (
    agenda_lines,
    agenda_names,
    duration_text,
    meetup_on,
    next_meetup,
    open_agenda,
    target_meetup,
    when_line,
)
from commands.meetups.declarations import AGENDA, MEETUP
from commands.parsing.dates import parse_date, split_day, typed_date
from commands.parsing.text import quote
from commands.reply import Code, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date
from storage import agenda, meetups
from storage.records import AgendaItemRecord, MeetupRecord

MAX_TITLE_CHARS = 200
MAX_ITEMS = 50
"""Agenda items per meet-up: more than any meeting gets through, and the agenda post stays
readable."""
"""An agenda line, not a document: longer topics belong in a linked paper."""

MAX_DURATION_MINUTES = 480
"""A whole working day; anything longer is a typo, not a topic."""

_LATER_LOOKAHEAD = 10
"""How many meet-ups to read when looking for the one after a given meet-up."""

_UNITS = r"(?:min(?:uten?|utes?|s)?\.?)"
_HOUR_UNITS = r"(?:h|std\.?|stunden?|hours?|hrs?)"
_DURATION = re.compile(
    r"(?:^|(?<=[\s,;(]))\(?\s*(?:"
    rf"(?P<hours>\d{{1,3}}(?:[.,]\d{{1,2}})?)\s*{_HOUR_UNITS}(?:\s*(?P<extra>\d{{1,3}})\s*{_UNITS})?"
    rf"|(?P<minutes>\d{{1,4}})\s*{_UNITS}"
    r")\s*\)?[\s.]*\Z",
    re.IGNORECASE,
)
_TARGET = re.compile(r"(?:für|fuer|for)\s+([^:\n]{1,60}):(.*)\Z", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(r"\s*(?:top\s*|nr\.?\s*|no\.?\s*|#)?(\d+)\.?(?=\s|\Z)", re.IGNORECASE)
_POSITION_LEAD = re.compile(r"\s*(?:auf|nach|an|zu|to)(?=\s)", re.IGNORECASE)
_TRAILING_LEAD = re.compile(r"(?<!\S)(?:für|fuer|for|am|zum|on)\s+", re.IGNORECASE)
_TRAILING_MISTAKES = frozenset({"dates.invalid", "dates.weekday_mismatch", "dates.date_only"})

_EXAMPLE_TOPIC = {"de": "Serviceportal: Stand und nächste Schritte", "en": "Service portal status"}


def _day(ctx: Context, meetup: MeetupRecord) -> str:
    """The meet-up's day as readers expect it, in the network's zone."""
    return format_date(meetup.starts_at, ctx.language, zone(network_of(ctx)))


def _example(ctx: Context, verb: str, tail: str = "") -> str:
    """`!agenda neu …` in the reader's language, for messages."""
    return AGENDA.text(ctx, verb, *([tail] if tail else []))


# --- showing ------------------------------------------------------------------------------


async def _show(inv: Invocation, ctx: Context, args: str) -> Reply:
    """No sub-command: the agenda of the next meet-up or of a typed day."""
    meetup = await _shown_meetup(ctx, args)
    return await agenda_reply(ctx, meetup, await open_agenda(ctx, meetup))


async def _shown_meetup(ctx: Context, args: str) -> MeetupRecord:
    """The next meet-up, or the one on a typed day; other words are an unknown verb."""
    if not args.strip():
        return await next_meetup(ctx)
    try:
        return await meetup_on(ctx, args, retyped=lambda day: AGENDA.text(ctx, None, day))
    except UsageError as err:
        if _meant_as_date(err, args):
            raise  # the date parser's message says what is wrong with it
        raise UsageError(
            "agenda.unknown_verb", text=quote(args), command=AGENDA.text(ctx)
        ) from None


def _meant_as_date(err: UsageError, text: str) -> bool:
    """A date with a mistake (`31.2.`, `Di 10 Uhr`), as opposed to words that are no date."""
    return err.key != "dates.unparseable" or text.lstrip()[:1].isdigit()


async def agenda_reply(ctx: Context, meetup: MeetupRecord, items: list[AgendaItemRecord]) -> Reply:
    """Heading with the meet-up, the numbered items, and how to add one."""
    lang = ctx.language
    hint = _example(ctx, "new", "<Thema> [20 min]" if lang != "en" else "<topic> [20 min]")
    return Reply.of(
        Paragraph((t(lang, "agenda.heading"), " ", *when_line(meetup, network_of(ctx), lang))),
        agenda_lines(items, lang, await agenda_names(ctx, items)),
        Paragraph((t(lang, "agenda.add_hint"), " ", Code(hint))),
    )


# --- adding -------------------------------------------------------------------------------


async def _add(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Append a topic owned by the sender to the next (or the named) meet-up."""
    network = network_of(ctx)
    lang = ctx.language
    meetup, text = await _add_target(ctx, rest)
    title, minutes = parse_topic(ctx, text)
    day = _day(ctx, meetup)
    if meetup.ends_at <= ctx.now():
        example = _example(ctx, "new", _EXAMPLE_TOPIC[_lang(ctx)])
        raise CommandError("agenda.meetup_over", day=day, example=example)
    if len(await agenda.items(ctx.session, network.id, meetup.id)) >= MAX_ITEMS:
        raise CommandError("agenda.full", day=day, limit=MAX_ITEMS)
    item = await agenda.add_item(
        ctx.session,
        network_id=network.id,
        meetup_id=meetup.id,
        title=title,
        duration_minutes=minutes,
        owner=inv.sender,
        created_at=ctx.now(),
    )
    duration = duration_text(minutes, lang)
    text = t(lang, "agenda.added", number=item.position, title=title, duration=duration, day=day)
    return Reply.text(text)


async def _add_target(ctx: Context, rest: str) -> tuple[MeetupRecord, str]:
    """`für 9.12.: Thema` picks a day; `Für alle: …` stays a title because it is no date."""
    found = _TARGET.match(rest.strip())
    if found is not None:
        day_text, title = found[1], found[2]
        try:
            parse_date(day_text, now=ctx.now(), tz=zone(network_of(ctx)))
        except UsageError as err:
            if _meant_as_date(err, day_text):
                raise
        else:
            return await meetup_on(
                ctx, day_text, retyped=_retyped(ctx, title, trailing=False)
            ), title
    trailing = _trailing_day(ctx, rest)
    if trailing is not None:
        day_text, title = trailing
        return await meetup_on(ctx, day_text, retyped=_retyped(ctx, title, trailing=True)), title
    return await next_meetup(ctx), rest


def _retyped(ctx: Context, title: str, *, trailing: bool) -> Callable[[str], str]:
    """`!agenda neu für 8.12.2026: Thema`, with the day where the user put it."""
    word = "for" if _lang(ctx) == "en" else "für"
    topic = " ".join(title.split())
    if trailing:
        return lambda day: _example(ctx, "new", f"{topic} {word} {day}")
    return lambda day: _example(ctx, "new", f"{word} {day}: {topic}")


def _trailing_day(ctx: Context, text: str) -> tuple[str, str] | None:
    """`Haushalt 2027 für den 12.1. (20 min)`: the day at the end and the topic without it.

    Only a day that ends the text (or is followed by the duration alone) counts, so
    `Vortrag am Beispiel Lemgo` or `Budget für 2026/27` stays a topic; a day with a mistake
    (`für den 31.2.`, a time added) is explained.
    """
    for found in _TRAILING_LEAD.finditer(text):
        tail = text[found.start() :].strip()
        try:
            day, after = split_day(tail, now=ctx.now(), tz=zone(network_of(ctx)))
        except UsageError as err:
            if err.key in _TRAILING_MISTAKES:
                raise
            continue
        if not after or _DURATION.fullmatch(" " + after):
            return typed_date(day), f"{text[: found.start()]} {after}"
    return None


def parse_topic(ctx: Context, text: str) -> tuple[str, int | None]:
    """Title and optional trailing duration (`20 min`, `1 h`, `1,5 Std.`, `1 h 30 min`)."""
    minutes: int | None = None
    found = _DURATION.search(text)
    if found is not None:
        minutes = _minutes(found)
        if not 1 <= minutes <= MAX_DURATION_MINUTES:
            raise UsageError(
                "agenda.duration_invalid",
                text=quote(found.group().strip(" ()")),
                limit=MAX_DURATION_MINUTES,
                example=_example(ctx, "new", f"{_EXAMPLE_TOPIC[_lang(ctx)]} 20 min"),
            )
        text = text[: found.start()].rstrip(" ,;(–-")
    title = " ".join(text.split())
    example = _example(ctx, "new", f"{_EXAMPLE_TOPIC[_lang(ctx)]} 20 min")
    if not title:
        raise UsageError("agenda.title_missing", example=example)
    if len(title) > MAX_TITLE_CHARS:
        raise CommandError(
            "agenda.title_too_long", length=len(title), limit=MAX_TITLE_CHARS, example=example
        )
    return title, minutes


def _minutes(found: re.Match[str]) -> int:
    if found["minutes"] is not None:
        return int(found["minutes"])
    hours = float(found["hours"].replace(",", "."))
    return round(hours * 60) + int(found["extra"] or 0)


# --- changing items -----------------------------------------------------------------------


async def _remove(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Owners remove their own topics; moderators any."""
    meetup, item = await _own_item(inv, ctx, rest, "remove")
    await agenda.remove_item(ctx.session, network_of(ctx).id, item.id, at=ctx.now())
    return _item_said(ctx, "agenda.removed", item, meetup)


async def _move(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Reorder (moderators only, declared): the order is the meeting's plan."""
    digits, after = _item_number(ctx, rest, "move", tail=" 1")
    lead = _POSITION_LEAD.match(after)
    if lead is not None:
        after = after[lead.end() :]
    found = _NUMBER.match(after)
    if found is None:
        key = "agenda.not_a_number" if after.strip() else "agenda.position_missing"
        shown = quote(after.split()[0]) if after.strip() else ""
        raise UsageError(key, text=shown, example=_example(ctx, "move", f"{digits[:6]} 1"))
    if int(found[1][:7]) < 1:
        raise UsageError(
            "agenda.not_a_number",
            text=quote(found[1]),
            example=_example(ctx, "move", f"{digits[:6]} 1"),
        )
    meetup = await _item_meetup(ctx, after[found.end() :])
    item = await _open_item(ctx, meetup, digits, "move", tail=" 1")
    network = network_of(ctx)
    order = await agenda.move_item(
        ctx.session, network.id, item.id, int(found[1][:7]), at=ctx.now()
    )
    moved = next(row for row in order if row.id == item.id)
    open_items = [row for row in order if row.status == agenda.OPEN]
    lang = ctx.language
    heading = t(
        lang, "agenda.moved", title=item.title, number=moved.position, day=_day(ctx, meetup)
    )
    names = await agenda_names(ctx, open_items)
    return Reply.of(Paragraph((heading,)), agenda_lines(open_items, lang, names))


async def _defer(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Carry an item not dealt with to the meet-up after its own."""
    meetup, item = await _own_item(inv, ctx, rest, "defer")
    network = network_of(ctx)
    later = await _meetup_after(ctx, meetup)
    if later is None:
        raise CommandError(
            "agenda.no_later_meetup",
            day=_day(ctx, meetup),
            number=item.position,
            example=_new_meetup_example(ctx, meetup),
        )
    copy = await agenda.defer_item(
        ctx.session, network.id, item.id, to_meetup_id=later.id, at=ctx.now()
    )
    return _item_said(ctx, "agenda.deferred", item, later, new_number=copy.position)


async def _meetup_after(ctx: Context, meetup: MeetupRecord) -> MeetupRecord | None:
    """The next scheduled meet-up that starts after `meetup` does."""
    found = await meetups.upcoming(
        ctx.session, meetup.network_id, after=meetup.starts_at, limit=_LATER_LOOKAHEAD
    )
    return next((m for m in found if m.starts_at > meetup.starts_at), None)


def _new_meetup_example(ctx: Context, meetup: MeetupRecord) -> str:
    """`!treffen neu 12.1.2027 10:00 Monatstreffen`, four weeks after `meetup`."""
    local = meetup.starts_at.astimezone(zone(network_of(ctx))) + timedelta(days=28)
    typed = f"{local.day}.{local.month}.{local.year} {local:%H:%M}"
    return MEETUP.text(ctx, "new", typed, meetup.title)


def _item_number(ctx: Context, rest: str, verb: str, *, tail: str = "") -> tuple[str, str]:
    """The item number (`3`, `TOP 3`, `#3`) at the start of `rest`, and what follows."""
    found = _NUMBER.match(rest)
    if found is None:
        example = _example(ctx, verb, "2" + tail)
        if not rest.strip():
            raise UsageError("agenda.number_missing", example=example)
        raise UsageError("agenda.not_a_number", text=quote(rest.split()[0]), example=example)
    return found[1], rest[found.end() :]


async def _item_meetup(ctx: Context, day_text: str) -> MeetupRecord:
    """The next meet-up, or the one named after the numbers (`… 9.12.`, `… für 9.12.`)."""
    return await target_meetup(ctx, day_text)


async def _open_item(
    ctx: Context, meetup: MeetupRecord, digits: str, verb: str, *, tail: str = ""
) -> AgendaItemRecord:
    """The open item with this number on `meetup`; else say which numbers exist."""
    network = network_of(ctx)
    item = None
    if len(digits) <= 6:
        item = await agenda.item_at(ctx.session, network.id, meetup.id, int(digits))
    if item is not None and item.status == agenda.OPEN:
        return item
    existing = await open_agenda(ctx, meetup)
    day = _day(ctx, meetup)
    if not existing:
        example = _example(ctx, "new", _EXAMPLE_TOPIC[_lang(ctx)])
        raise CommandError("agenda.no_items", day=day, example=example)
    raise CommandError(
        "agenda.no_item",
        day=day,
        number=quote(digits.lstrip("0") or "0"),
        numbers=", ".join(str(i.position) for i in existing),
        example=_example(ctx, verb, f"{existing[0].position}{tail}"),
    )


async def _own_item(
    inv: Invocation, ctx: Context, rest: str, verb: str
) -> tuple[MeetupRecord, AgendaItemRecord]:
    """The meet-up and open item `rest` names, if the sender may `verb` it (`_check_owner`)."""
    digits, day_text = _item_number(ctx, rest, verb)
    meetup = await _item_meetup(ctx, day_text)
    item = await _open_item(ctx, meetup, digits, verb)
    _check_owner(inv, ctx, item, verb)
    return meetup, item


def _item_said(
    ctx: Context, key: str, item: AgendaItemRecord, meetup: MeetupRecord, **more: object
) -> Reply:
    """The confirmation `key` about `item` on `meetup`'s day."""
    day = _day(ctx, meetup)
    return Reply.text(t(ctx.language, key, number=item.position, title=item.title, day=day, **more))


def _check_owner(inv: Invocation, ctx: Context, item: AgendaItemRecord, verb: str) -> None:
    """Members change only what they brought in; moderators everything."""
    if ctx.is_moderator or item.owner == inv.sender:
        return
    raise CommandError(
        f"agenda.not_owner_{verb}",
        number=item.position,
        owner=item.owner,
        example=_example(ctx, verb, str(item.position)),
    )


def _lang(ctx: Context) -> str:
    return "en" if ctx.language == "en" else "de"


AGENDA_ENTRY = AGENDA.bind(_show, new=_add, remove=_remove, move=_move, defer=_defer)
