"""`!zusage` / `!absage` / `!vielleicht` and `!rsvp ja|nein|vielleicht`: who comes.

One current answer per person and meet-up: a new answer replaces the old one, whether the
old one came from a command or from a reaction on the bot's post.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.meetups.common import (
    answers_line,
    answers_of,
    load_answers,
    next_meetup,
    none_on_day,
)
from commands.meetups.declarations import MAYBE, NO, RSVP, YES
from commands.parsing.dates import example_for, split_day
from commands.parsing.text import fold, quote
from commands.registry import Handler
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
_COMMENT_ONLY = re.compile(r"\s*[–—:;,-]+\s*(.*)\Z", re.DOTALL)
"""`!absage – bin im Urlaub`: no day, only a comment for the next meet-up."""


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
    meetup, comment = await _meetup_for_answer(inv, ctx, day_text)
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
    blocks = [Paragraph((text,))]
    if comment:
        blocks.append(Paragraph((t(lang, "rsvp.comment_not_kept", comment=quote(comment)),)))
    answers = await load_answers(ctx.session, meetup.network_id, meetup.id, ctx.display_names)
    blocks.append(answers_line(answers, lang))
    return Reply.of(*blocks)


async def _meetup_for_answer(
    inv: Invocation, ctx: Context, day_text: str
) -> tuple[MeetupRecord, str]:
    """The next meet-up or the one on the typed day, and the comment typed after it.

    `!absage 12.1. – bin im Urlaub` and `!absage – bin im Urlaub` carry a comment; a
    cancelled meet-up is named as such.
    """
    comment = _COMMENT_ONLY.match(day_text)
    if comment is not None or not day_text.strip():
        return await next_meetup(ctx), comment[1].strip() if comment else ""
    network = network_of(ctx)
    try:
        day, rest = split_day(day_text, now=ctx.now(), tz=zone(network))
    except UsageError as err:
        if err.key != "dates.unparseable" or day_text.lstrip()[:1].isdigit():
            raise
        head = _typed_command(inv, day_text)
        raise UsageError(
            "rsvp.day_unreadable",
            text=quote(day_text),
            with_date=f"{head} {example_for(ctx.now(), with_time=False)} – {quote(day_text)}",
            comment=f"{head} – {quote(day_text)}",
        ) from None
    head = _typed_command(inv, day_text)
    return await _meetup_on_day(ctx, day, lambda typed: f"{head} {typed}"), rest


def _typed_command(inv: Invocation, args: str) -> str:
    """`!absage` or `!rsvp nein`: what was typed before the arguments."""
    typed = inv.text.strip()
    if args.strip() and typed.endswith(args.strip()):
        return typed[: len(typed) - len(args.strip())].strip()
    return typed


async def _meetup_on_day(ctx: Context, day: date, retyped: Callable[[str], str]) -> MeetupRecord:
    """The scheduled meet-up on `day`; a cancelled or missing one is an error that says so."""
    network = network_of(ctx)
    found = await meetups.on_local_day(
        ctx.session, network.id, day, zone(network), include_cancelled=True
    )
    scheduled = [m for m in found if m.status == meetups.SCHEDULED]
    if scheduled:
        return scheduled[0]
    shown = format_date(day, ctx.language)
    if found:
        raise CommandError("rsvp.cancelled", day=shown, example=YES.text(ctx))
    raise await none_on_day(ctx, day, retyped)


def _example(ctx: Context) -> str:
    """`!rsvp ja 29.11.2026`: a working example a week ahead."""
    word = "yes" if ctx.language == "en" else "ja"
    return RSVP.text(ctx, None, word, example_for(ctx.now(), with_time=False))


YES_ENTRY = YES.bind(_answer_handler("yes"))
NO_ENTRY = NO.bind(_answer_handler("no"))
MAYBE_ENTRY = MAYBE.bind(_answer_handler("maybe"))
RSVP_ENTRY = RSVP.bind(rsvp_command)
