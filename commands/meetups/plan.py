"""`!treffen plan` and `!treffen posts`: what the scheduler will post, and which kinds at all.

The plan is computed by the same function the scheduler uses (`post_plan.plan_posts`) and
each post's state is read from its delivery row, so what moderators see is what happens.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from commands.catalogue import t
from commands.context import Context
from commands.errors import UsageError, nothing_more
from commands.invocation import Invocation
from commands.meetups.common import when_line
from commands.meetups.declarations import MEETUP
from commands.parsing.text import fold
from commands.posts.plan import PlannedPost, PostKind, plan_posts
from commands.reply import Block, BulletList, Code, Inline, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_datetime
from storage import deliveries, meetups, post_settings

PLANNED_MEETUPS = 3

KIND_WORDS: Mapping[str, Mapping[str, str]] = {
    PostKind.AGENDA_CALL: {"de": "aufruf", "en": "call"},
    PostKind.AGENDA: {"de": "tagesordnung", "en": "agenda"},
    PostKind.REMINDER: {"de": "erinnerung", "en": "reminder"},
    PostKind.FOLLOWUP: {"de": "nachbereitung", "en": "followup"},
}
"""The word shown for each kind in commands, per language."""

KINDS: Mapping[str, tuple[PostKind, ...]] = {
    **{word: (kind,) for kind, words in KIND_WORDS.items() for word in words.values()},
    **{str(kind): (kind,) for kind in PostKind},
    "themenaufruf": (PostKind.AGENDA_CALL,),
    "nachbereitungen": (PostKind.FOLLOWUP,),
    "follow-up": (PostKind.FOLLOWUP,),
    "alle": tuple(PostKind),
    "all": tuple(PostKind),
}
"""Typed word (folded) → kinds; German and English words work everywhere."""

SWITCH: Mapping[str, bool] = {"an": True, "ein": True, "on": True, "aus": False, "off": False}


def kind_word(kind: PostKind, language: str) -> str:
    """The word for `kind` in commands of this language."""
    return KIND_WORDS[kind].get(language, KIND_WORDS[kind]["de"])


async def enabled_kinds(ctx: Context, network_id: int) -> list[PostKind]:
    """The kinds of posts the network wants, in the order they fall due."""
    stored = await post_settings.enabled_kinds(ctx.session, network_id, [str(k) for k in PostKind])
    return [kind for kind in PostKind if stored[str(kind)]]


async def plan(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """For the next meet-ups, every post with its due time and whether it went out."""
    network = network_of(ctx)
    lang = ctx.language
    nothing_more(MEETUP.text(ctx, "plan"), rest)
    now = ctx.now()
    upcoming = await meetups.upcoming(ctx.session, network.id, after=now, limit=PLANNED_MEETUPS)
    if not upcoming:
        return Reply.text(t(lang, "meetup.none_planned", prefix=ctx.prefix))
    enabled = await enabled_kinds(ctx, network.id)
    blocks: list[Block] = [Paragraph((t(lang, "meetups.plan_heading"),))]
    for meetup in upcoming:
        blocks.append(Paragraph(when_line(meetup, network, lang)))
        posts = plan_posts(meetup, ctx.posts, zone(network), enabled)
        lines = [await _post_line(ctx, post, now) for post in posts]
        if lines:
            blocks.append(BulletList(tuple(lines)))
        else:
            blocks.append(Paragraph((t(lang, "meetups.plan_nothing"),)))
    disabled = [kind for kind in PostKind if kind not in enabled]
    if disabled:
        blocks.append(_switched_off_note(ctx, disabled))
    return Reply.of(*blocks)


async def _post_line(ctx: Context, post: PlannedPost, now: datetime) -> tuple[Inline, ...]:
    lang = ctx.language
    network = network_of(ctx)
    delivery = await deliveries.get(ctx.session, post.key)
    if delivery is not None:
        state = t(lang, f"meetups.state.{delivery.state}")
    elif now > post.send_until:
        state = t(lang, "meetups.state.missed")
    elif post.due_at <= now:
        state = t(lang, "meetups.state.due")
    else:
        state = t(lang, "meetups.state.planned")
    due = format_datetime(post.due_at, lang, zone(network))
    return (f"{t(lang, f'meetups.kind.{post.kind}')} – {due} – {state}",)


def _switched_off_note(ctx: Context, disabled: list[PostKind]) -> Paragraph:
    lang = ctx.language
    names = ", ".join(t(lang, f"meetups.kind.{kind}") for kind in disabled)
    example = MEETUP.text(ctx, "posts", kind_word(disabled[0], lang), _on_word(lang, True))
    return Paragraph((t(lang, "meetups.plan_switched_off", kinds=names), " ", Code(example)))


async def posts(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Show which kinds of posts are on, or switch one (or `alle`) on or off."""
    network = network_of(ctx)
    lang = ctx.language
    words = rest.split()
    if not words:
        return await _show_switches(ctx, network.id)
    example = MEETUP.text(ctx, "posts", kind_word(PostKind.REMINDER, lang), _on_word(lang, False))
    if len(words) != 2:
        raise UsageError("meetups.posts_usage", text=rest.strip(), example=example)
    first, second = (fold(w) for w in words)
    if first in SWITCH and second not in SWITCH:
        first, second = second, first
    kinds = KINDS.get(first)
    if kinds is None:
        known = ", ".join(kind_word(kind, lang) for kind in PostKind)
        raise UsageError("meetups.posts_unknown_kind", text=words[0], kinds=known, example=example)
    if second not in SWITCH:
        raise UsageError("meetups.posts_usage", text=rest.strip(), example=example)
    on = SWITCH[second]
    for kind in kinds:
        await post_settings.set_enabled(
            ctx.session,
            network_id=network.id,
            kind=str(kind),
            enabled=on,
            updated_by=inv.sender,
            updated_at=ctx.now(),
        )
    names = ", ".join(t(lang, f"meetups.kind.{kind}") for kind in kinds)
    key = "meetups.posts_on" if on else "meetups.posts_off"
    return Reply.text(t(lang, key, kinds=names))


async def _show_switches(ctx: Context, network_id: int) -> Reply:
    lang = ctx.language
    enabled = await enabled_kinds(ctx, network_id)
    lines = tuple(
        (
            t(lang, f"meetups.kind.{kind}"),
            " (",
            Code(kind_word(kind, lang)),
            "): ",
            t(lang, "meetups.switch_on" if kind in enabled else "meetups.switch_off"),
        )
        for kind in PostKind
    )
    example = MEETUP.text(ctx, "posts", kind_word(PostKind.REMINDER, lang), _on_word(lang, False))
    return Reply.of(
        Paragraph((t(lang, "meetups.posts_heading"),)),
        BulletList(lines),
        Paragraph((t(lang, "meetups.posts_hint"), " ", Code(example))),
    )


def _on_word(language: str, on: bool) -> str:
    if language == "en":
        return "on" if on else "off"
    return "an" if on else "aus"
