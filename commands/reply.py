"""What a handler returns: a small, transport-free description of a message.

Handlers build replies from these values instead of writing HTML, so escaping and the
plain-text fallback happen in exactly one place (`commands.rendering`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bold:
    """Emphasised text (a heading inside a message)."""

    text: str


@dataclass(frozen=True, slots=True)
class Code:
    """A command or identifier the reader may copy."""

    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A person, rendered as a Matrix pill.

    The pill notifies them only in a reply meant to reach people (`Reply.attention`), and
    even there not if `notify` is False.
    """

    user_id: str
    label: str
    notify: bool = True


@dataclass(frozen=True, slots=True)
class Link:
    """A web link; only http(s) targets become clickable."""

    url: str
    label: str


Inline = str | Bold | Code | Mention | Link
Line = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line (or paragraph) of inline parts."""

    parts: Line


@dataclass(frozen=True, slots=True)
class BulletList:
    """An unordered list; each item is a line of inline parts."""

    items: tuple[Line, ...]


Block = Paragraph | BulletList


@dataclass(frozen=True, slots=True)
class FileAttachment:
    """A file sent after the message, e.g. an .ics calendar or the minutes as Markdown."""

    filename: str
    mimetype: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    """A message for the room, made of blocks, optionally followed by files."""

    blocks: tuple[Block, ...]
    files: tuple[FileAttachment, ...] = ()
    direct: Reply | None = None
    """Sent to the asker alone, in a direct chat (personal data asked for in a group room)."""
    attention: bool = False
    """Meant to reach people (a hand-over, the due-day post), decided where the reply is built:
    sent as a message that notifies, its pills as intentional mentions. Otherwise a notice,
    which notifies nobody under Matrix's default push rules, whatever pills it shows."""

    @classmethod
    def text(cls, *parts: Inline, attention: bool = False) -> Reply:
        """A one-paragraph reply."""
        return cls((Paragraph(tuple(parts)),), attention=attention)

    @classmethod
    def of(
        cls, *blocks: Block, files: tuple[FileAttachment, ...] = (), attention: bool = False
    ) -> Reply:
        """A reply of several blocks, optionally with files."""
        return cls(tuple(blocks), files, attention=attention)
