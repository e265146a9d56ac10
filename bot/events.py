"""Turn a Matrix room event into a transport-free `Invocation` (or nothing)."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from urllib.parse import unquote

from nio import Event, RoomMessageText

from commands.invocation import Invocation


def sent_at(event: Event, read_at: datetime) -> datetime:
    """When our homeserver received `event`, on the bot's clock: `read_at` minus the event's age.

    `read_at` is the bot's clock when the sync (or `/messages` page) arrived; the age is what
    our own homeserver reports (`unsigned.age`). The sender's `origin_server_ts` is never
    used: another homeserver or an application service can set it to any time, which would
    refill a flooder's budget or let an old command escape the catch-up rule.
    Without an age the event counts as just received.
    """
    unsigned = event.source.get("unsigned") or {}
    age = unsigned.get("age") if isinstance(unsigned, dict) else None
    if isinstance(age, int) and not isinstance(age, bool) and age > 0:
        return read_at - timedelta(milliseconds=age)
    return read_at


def to_invocation(
    event: Event, room_id: str, *, is_direct: bool, read_at: datetime, own_id: str = ""
) -> Invocation | None:
    """The invocation for a plain text message or an edit of one; None for notices and
    everything else.

    Notices are what bots send, so answering them would let two bots talk forever. An edit
    (`m.replace`) carries its new text in `m.new_content` and names the edited event in
    `replaces`: the pipeline decides whether it is answered (bot/pipeline.py). A message
    addressed to the bot (`own_id`) first, as Element writes it when one picks the bot from
    the list (`ikz-bot: !hilfe`), is the command after the address.
    """
    if not isinstance(event, RoomMessageText):
        return None
    content = event.source.get("content", {})
    if content.get("msgtype") != "m.text":
        return None
    relation = content.get("m.relates_to") or {}
    replaces = None
    body = event.body
    if relation.get("rel_type") == "m.replace":
        content, replaces = content.get("m.new_content"), relation.get("event_id")
        if not isinstance(content, dict) or not isinstance(replaces, str):
            return None
        body = content.get("body")
        if content.get("msgtype") != "m.text" or not isinstance(body, str):
            return None
    thread_root = relation.get("event_id") if relation.get("rel_type") == "m.thread" else None
    return Invocation(
        event_id=event.event_id,
        room_id=room_id,
        sender=event.sender,
        text=_without_address(_with_pill_ids(_without_reply_fallback(body), content), own_id),
        sent_at=sent_at(event, read_at),
        is_direct=is_direct,
        thread_root=thread_root,
        replaces=replaces,
    )


_PILL = re.compile(r'<a href="https://matrix\.to/#/(@[^"?]+)[^"]*">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_USER_ID = re.compile(r"@[!-9;-~]+:(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
"""A Matrix user id: `@localpart:server`, the localpart printable ASCII without `:` (the
historical grammar), the server a DNS name or IP literal with an optional port."""


def _with_pill_ids(body: str, content: dict[str, object]) -> str:
    """Put the Matrix id where a client shows a pill's display name in the plain body.

    Element writes `Erika Musterfrau` into `body` for a pill picked from the list; commands
    such as `!aufgabe übergeben 3 @erika` need the id the pill points to.
    """
    formatted = content.get("formatted_body")
    if content.get("format") != "org.matrix.custom.html" or not isinstance(formatted, str):
        return body
    for target, inner in _PILL.findall(formatted):
        user_id = unquote(target)
        if not _USER_ID.fullmatch(user_id):
            continue  # a link that only looks like a pill: its text stays as typed
        label = html.unescape(_TAG.sub("", inner))
        if label and label != user_id and label in body:
            body = body.replace(label, user_id, 1)
    return body


def _without_address(body: str, own_id: str) -> str:
    """`@ikz-bot:server: !hilfe` → `!hilfe`: the bot's id (a pill's, put in by
    `_with_pill_ids`, or typed) with `:` or `,` before the command."""
    text = body.lstrip()
    if not own_id or not text.startswith(own_id):
        return body
    rest = text[len(own_id) :]
    if rest[:1] not in (":", ",", "") and not rest[:1].isspace():
        return body  # a longer id that merely starts like the bot's
    return rest.lstrip(":,").lstrip()


def _without_reply_fallback(body: str) -> str:
    """Drop the quoted `> ` lines older clients put in front of a reply."""
    lines = body.splitlines()
    if not lines or not lines[0].startswith("> "):
        return body
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).strip()
