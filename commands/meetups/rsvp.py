"""`!zusage` / `!absage` / `!vielleicht` and `!rsvp ja|nein|vielleicht`: who comes.

One current answer per person and meet-up: a new answer replaces the old one, whether the
old one came from a command or from a reaction on the bot's post.
"""

from __future__ import annotations

import re

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.meetups.common import answers_block, answers_of, next_meetup
from commands.parsing.dates import example_for, parse_date
from commands.parsing.text import fold, quote
from commands.registry import Command, Handler
from commands.reply import Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date
from storage import meetups, rsvps
from storage.records import MeetupRecord

_ANSWER_WORDS = {
    "ja": "yes",
    "yes": "yes",
    "zusage": "yes",
    "nein": "no",
    "no": "no",
    "absage": "no",
    "vielleicht": "maybe",
    "maybe": "maybe",
}
_DAY_LEAD = re.compile(r"\s*(?:für|fuer|for)(?=\s)", re.IGNORECASE)


def _answer_handler(answer: str) -> Handler:
    """A handler for one fixed answer (`!zusage [datum]`)."""

    async def handle(inv: Invocation, ctx: Context, args: str) -> Reply:
        """The fixed answer for the next meet-up, or for the day in `args`."""
        return await record_answer(inv, ctx, answer, args)

    return handle


async def rsvp_command(inv: Invocation, ctx: Context, args: str) -> Reply:
    """`!rsvp ja|nein|vielleicht [datum]`, the answer as a word."""
    words = args.split(maxsplit=1)
    example = _example(ctx)
    if not words:
        raise UsageError("rsvp.answer_missing", example=example)
    answer = _ANSWER_WORDS.get(fold(words[0]))
    if answer is None:
        raise UsageError("rsvp.answer_unknown", text=quote(words[0]), example=example)
    return await record_answer(inv, ctx, answer, words[1] if len(words) > 1 else "")


async def record_answer(inv: Invocation, ctx: Context, answer: str, day_text: str) -> Reply:
    """Store the sender's answer and show everyone's answers for that meet-up."""
    network = network_of(ctx)
    lang = ctx.language
    meetup = await _meetup_for_answer(ctx, day_text)
    before = next(
        (a.answer for a in await answers_of(ctx, meetup) if a.user_id == inv.sender), None
    )
    await rsvps.set_answer(
        ctx.session,
        network_id=network.id,
        meetup_id=meetup.id,
        user_id=inv.sender,
        answer=answer,
        source="command",
        updated_at=ctx.now(),
    )
    day = format_date(meetup.starts_at, lang, zone(network))
    label = t(lang, f"rsvp.answer.{answer}")
    if before is not None and before != answer:
        before_label = t(lang, f"rsvp.answer.{before}")
        text = t(
            lang, "rsvp.changed", answer=label, day=day, title=meetup.title, before=before_label
        )
    else:
        text = t(lang, "rsvp.saved", answer=label, day=day, title=meetup.title)
    return Reply.of(
        Paragraph((text,)), await answers_block(ctx.session, meetup.network_id, meetup.id, lang)
    )


async def _meetup_for_answer(ctx: Context, day_text: str) -> MeetupRecord:
    """The next meet-up, or the one on the typed day; a cancelled one is named as such."""
    lead = _DAY_LEAD.match(day_text)
    if lead is not None:
        day_text = day_text[lead.end() :]
    if not day_text.strip():
        return await next_meetup(ctx)
    network = network_of(ctx)
    day = parse_date(day_text, now=ctx.now(), tz=zone(network))
    found = await meetups.on_local_day(
        ctx.session, network.id, day, zone(network), include_cancelled=True
    )
    scheduled = [m for m in found if m.status == meetups.SCHEDULED]
    if scheduled:
        return scheduled[0]
    shown = format_date(day, ctx.language)
    if found:
        name = "yes" if ctx.language == "en" else "zusage"
        raise CommandError("rsvp.cancelled", day=shown, example=f"{ctx.prefix}{name}")
    raise CommandError("meetup.none_on_day", day=shown)


def _example(ctx: Context) -> str:
    """`!rsvp ja 29.11.2026`: a working example a week ahead."""
    word = "yes" if ctx.language == "en" else "ja"
    return f"{ctx.prefix}rsvp {word} {example_for(ctx.now(), with_time=False)}"


def _answer_command(
    name: str, english: str, answer: str, de: str, en: str, aliases: tuple[str, ...]
) -> Command:
    return Command(
        name=name,
        english=english,
        aliases=aliases,
        summary={"de": de, "en": en},
        usage={"de": (f"{name} [datum]",), "en": (f"{english} [date]",)},
        handler=_answer_handler(answer),
    )


YES = _answer_command(
    "zusage",
    "yes",
    "yes",
    "sagt für das nächste (oder ein bestimmtes) Treffen zu",
    "says yes to the next (or a given) meet-up",
    ("ja",),
)
NO = _answer_command(
    "absage",
    "no",
    "no",
    "sagt für das nächste (oder ein bestimmtes) Treffen ab",
    "says no to the next (or a given) meet-up",
    ("nein",),
)
MAYBE = _answer_command(
    "vielleicht",
    "maybe",
    "maybe",
    "antwortet „vielleicht“ für das nächste (oder ein bestimmtes) Treffen",
    "says maybe to the next (or a given) meet-up",
    (),
)
RSVP = Command(
    name="rsvp",
    english="rsvp",
    summary={
        "de": "antwortet ja, nein oder vielleicht für das nächste (oder ein bestimmtes) Treffen",
        "en": "answers yes, no or maybe for the next (or a given) meet-up",
    },
    usage={
        "de": ("rsvp ja|nein|vielleicht [datum]",),
        "en": ("rsvp yes|no|maybe [date]",),
    },
    handler=rsvp_command,
)
