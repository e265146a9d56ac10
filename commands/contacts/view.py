"""How a contact entry looks in replies, and the command examples the contact replies show.

One place for the look, so a search hit, a saved self-service edit and `!meine-daten` show an
entry the same way. Matrix ids are pills that do not notify: showing someone in a list is no
reason to ping them.
"""

from __future__ import annotations

from commands.catalogue import t
from commands.contacts.declarations import CONTACT
from commands.contacts.fields import FIELD_WORDS, field_word
from commands.context import Context
from commands.reply import Block, Bold, BulletList, Code, Inline, Line, Mention, Paragraph
from storage.records import ContactRecord

EXAMPLE_VALUES = {
    "name": "Erika Musterfrau",
    "role": {"de": "CDO", "en": "CDO"},
    "municipality": "Lemgo",
    "email": "erika.musterfrau@lemgo.de",
    "phone": "05261 213-0",
    "topics": "OZG, Serviceportal",
    "deputy": "Max Mustermann",
    "matrix": "@erika:lippe.de",
}
"""Fictional values for examples in messages (a real municipality, a made-up person)."""


def lang_of(ctx: Context) -> str:
    """`en` or `de`: the language of command words in examples."""
    return "en" if ctx.language == "en" else "de"


def example_value(ctx: Context, field: str) -> str:
    """A fictional but valid value for `field`."""
    value = EXAMPLE_VALUES[field]
    return value if isinstance(value, str) else value[lang_of(ctx)]


def self_example(ctx: Context, field: str) -> str:
    """`!kontakt ich telefon 05261 213-0`."""
    return CONTACT.text(ctx, "me", field_word(field, ctx.language), example_value(ctx, field))


def label(ctx: Context, field: str) -> str:
    """The field's name in sentences and entries (`E-Mail`, `Telefon`)."""
    return t(ctx.language, f"contacts.label.{field}")


def person(user_id: str) -> Mention:
    """A Matrix id as a pill that does not notify."""
    return Mention(user_id, user_id, notify=False)


def heading(ctx: Context, record: ContactRecord) -> Paragraph:
    """`Erika Musterfrau – CDO, Lemgo`."""
    name = record.name or t(ctx.language, "contacts.no_name_yet")
    parts: list[Inline] = [Bold(name)]
    details = [text for text in (record.role, record.municipality) if text]
    if details:
        parts.append(" – " + ", ".join(details))
    return Paragraph(tuple(parts))


def detail_items(ctx: Context, record: ContactRecord) -> tuple[Line, ...]:
    """The entry's contact details, one item each, only those that are set."""
    items: list[Line] = []
    if record.email:
        items.append((label(ctx, "email") + ": ", record.email))
    if record.phone:
        items.append((label(ctx, "phone") + ": ", record.phone))
    if record.matrix_id:
        items.append((label(ctx, "matrix") + ": ", person(record.matrix_id)))
    if record.topics:
        items.append((label(ctx, "topics") + ": ", ", ".join(record.topics)))
    if record.deputy:
        deputy: Inline = person(record.deputy) if record.deputy.startswith("@") else record.deputy
        items.append((label(ctx, "deputy") + ": ", deputy))
    return tuple(items)


def entry_blocks(ctx: Context, record: ContactRecord) -> tuple[Block, ...]:
    """Heading and details of one entry."""
    items = detail_items(ctx, record)
    if not items:
        return (heading(ctx, record),)
    return (heading(ctx, record), BulletList(items))


def short_line(ctx: Context, record: ContactRecord) -> Line:
    """`Erika Musterfrau (CDO) · 05261 213-0 · @erika:lippe.de` for directory lists."""
    parts: list[Inline] = [record.name or ""]
    if record.role:
        parts.append(f" ({record.role})")
    if record.phone:
        parts.append(" · " + record.phone)
    if record.matrix_id:
        parts += [" · ", person(record.matrix_id)]
    elif record.email:
        parts.append(" · " + record.email)
    return tuple(parts)


def missing_hint(ctx: Context, record: ContactRecord) -> Paragraph | None:
    """What a draft still needs before others can find it, with the command for it."""
    if not record.missing:
        return None
    missing = " + ".join(label(ctx, field) for field in record.missing)
    return Paragraph(
        (
            t(ctx.language, "contacts.draft_missing", missing=missing),
            " ",
            Code(self_example(ctx, record.missing[0])),
        )
    )


def field_list(ctx: Context, fields: tuple[str, ...] | None = None) -> str:
    """`name, rolle, kommune, …` for messages."""
    chosen = fields if fields is not None else tuple(FIELD_WORDS)
    return ", ".join(field_word(field, ctx.language) for field in chosen)
