"""Turn a `Reply` into Matrix message text: a plain body and an HTML body.

This is the only place that escapes user text (DESIGN.md invariant 10): every string is
HTML-escaped, `@room` is defused so the bot can never be made to notify a whole room, only
http(s) links become anchors, and an over-long message is cut with a visible note.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from commands.reply import (
    Block,
    Bold,
    BulletList,
    Code,
    Inline,
    Line,
    Link,
    Mention,
    Paragraph,
    Reply,
)

MAX_BODY_CHARS = 16_000
"""Well below Matrix's 64 KiB event limit, and long enough for any list the bot shows."""

MAX_BODIES_BYTES = 56_000
"""Both bodies as JSON strings in UTF-8 (what the homeserver counts): emoji take four bytes,
an escaped `"` six in HTML, so 16,000 characters can exceed Matrix's 64 KiB per event;
past this size the reply is cut shorter, leaving room for the rest of the event."""

_ROOM_PING = re.compile(r"@(room)\b", re.IGNORECASE)
_WORD_JOINER = "\u2060"
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rendered:
    """The two bodies of a message and the users it means to notify (none unless the reply
    asks for attention)."""

    plain: str
    html: str
    mentions: tuple[str, ...]


def defuse(text: str) -> str:
    """Break `@room` with an invisible word joiner so no client treats it as a room ping."""
    return _ROOM_PING.sub(lambda m: "@" + _WORD_JOINER + m.group(1), text)


def _plain_inline(part: Inline) -> str:
    match part:
        case str():
            return defuse(part)
        case Bold(text):
            return defuse(text)
        case Code(text):
            return "`" + defuse(text) + "`"
        case Mention(_, label):
            return defuse(label)
        case Link(url, label):
            return defuse(label) if label == url else f"{defuse(label)} ({defuse(url)})"
    raise TypeError(f"not an inline part: {part!r}")


def _html_inline(part: Inline) -> str:
    match part:
        case str():
            return _escape(part)
        case Bold(text):
            return f"<strong>{_escape(text)}</strong>"
        case Code(text):
            return f"<code>{_escape(text)}</code>"
        case Mention(user_id, label):
            target = html.escape(f"https://matrix.to/#/{user_id}", quote=True)
            return f'<a href="{target}">{_escape(label)}</a>'
        case Link(url, label):
            if _SAFE_URL.match(url):
                return f'<a href="{html.escape(url, quote=True)}">{_escape(label)}</a>'
            return _escape(label if label == url else f"{label} ({url})")
    raise TypeError(f"not an inline part: {part!r}")


def _escape(text: str) -> str:
    return html.escape(defuse(text), quote=True).replace("\n", "<br>")


def _plain_line(parts: Line) -> str:
    return "".join(_plain_inline(p) for p in parts)


def _html_line(parts: Line) -> str:
    return "".join(_html_inline(p) for p in parts)


def _plain_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _plain_line(block.parts)
    return "\n".join("• " + _plain_line(item) for item in block.items)


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_html_line(block.parts)}</p>"
    items = "".join(f"<li>{_html_line(item)}</li>" for item in block.items)
    return f"<ul>{items}</ul>"


def _mentions(reply: Reply) -> tuple[str, ...]:
    found: list[str] = []
    for block in reply.blocks:
        lines = (block.parts,) if isinstance(block, Paragraph) else block.items
        for line in lines:
            found.extend(
                p.user_id
                for p in line
                if isinstance(p, Mention) and p.notify and p.user_id not in found
            )
    return tuple(found)


def _cut(reply: Reply, note: str, limit: int) -> Reply:
    """Drop trailing blocks (and list items) until the plain body fits `limit` characters,
    then add `note`."""
    kept: list[Block] = []
    size = len(note) + 2
    for block in reply.blocks:
        text = _plain_block(block)
        if size + len(text) + 2 <= limit:
            kept.append(block)
            size += len(text) + 2
            continue
        if isinstance(block, BulletList):
            items: list[Line] = []
            for item in block.items:
                item_len = len(_plain_line(item)) + 3
                if size + item_len > limit:
                    break
                items.append(item)
                size += item_len
            if items:
                kept.append(BulletList(tuple(items)))
        elif not kept:
            text_only = _plain_line(block.parts)
            kept.append(Paragraph((text_only[: max(0, limit - size - 1)] + "…",)))
        break
    kept.append(Paragraph((note,)))
    return Reply(tuple(kept))


_RECENT_KEPT = 64
_recent: dict[int, tuple[Reply, str, Rendered]] = {}
"""The last renderings by the reply's identity, each holding its reply (so the identity is
not reused while held): an answer served again from memory (bot/answers.py) is the same
`Reply` object, and rendering it again would give the same text."""


def render(reply: Reply, *, cut_note: str = "[…]") -> Rendered:
    """Render `reply`; if it is too long, shorten it and end with `cut_note`."""
    held = _recent.get(id(reply))
    if held is not None and held[0] is reply and held[1] == cut_note:
        return held[2]
    rendered = _render(reply, cut_note)
    _recent[id(reply)] = (reply, cut_note, rendered)
    if len(_recent) > _RECENT_KEPT:
        del _recent[next(iter(_recent))]
    return rendered


def _render(reply: Reply, cut_note: str) -> Rendered:
    limit = MAX_BODY_CHARS
    while True:
        shown = reply
        plain = "\n\n".join(_plain_block(b) for b in shown.blocks)
        if len(plain) > limit:
            shown = _cut(reply, cut_note, limit)
            plain = "\n\n".join(_plain_block(b) for b in shown.blocks)
        body_html = "".join(_html_block(b) for b in shown.blocks)
        size = len(json.dumps([plain, body_html], ensure_ascii=False).encode("utf-8"))
        if size <= MAX_BODIES_BYTES:
            mentions = _mentions(shown) if reply.attention else ()
            return Rendered(plain=plain, html=body_html, mentions=mentions)
        limit = min(len(plain) - 1, len(plain) * MAX_BODIES_BYTES // size)
