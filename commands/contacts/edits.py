"""Self-service on the contact directory (`!kontakt ich …`) and the checks every change of
an entry goes through.

Members maintain their own entry, one field per message; the first message creates a draft
that only they see until it has a name and a municipality. Every value is checked before the
first write, so a refused command changes nothing. The moderators' verbs (edit anyone's
entry, `neu`, `löschen`) are in contact_admin and use the same checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from commands.catalogue import t
from commands.contacts.declarations import CONTACT
from commands.contacts.fields import (
    COLUMNS,
    SELF_FIELDS,
    clean,
    field_of,
    match_municipality,
)
from commands.contacts.view import (
    entry_blocks,
    field_list,
    label,
    missing_hint,
    self_example,
)
from commands.context import Context
from commands.errors import CommandError, UsageError, nothing_more
from commands.invocation import Invocation
from commands.reply import Block, Code, Paragraph, Reply
from commands.shared import network_of
from storage import contacts, networks
from storage.records import ContactRecord, MunicipalityRecord

# --- own entry ----------------------------------------------------------------------------


async def show_own(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """One's own entry (draft or complete), or how to create it."""
    network = network_of(ctx)
    nothing_more(CONTACT.text(ctx, "me"), rest)
    own = await contacts.by_matrix_id(ctx.session, network.id, inv.sender)
    lang = ctx.language
    if own is None:
        return Reply.of(
            Paragraph((t(lang, "contacts.no_own_entry"),)),
            Paragraph((Code(self_example(ctx, "municipality")),)),
            Paragraph((Code(self_example(ctx, "name")),)),
            Paragraph((t(lang, "contacts.fields_hint", fields=field_list(ctx, SELF_FIELDS)),)),
        )
    blocks: list[Block] = [Paragraph((t(lang, "contacts.own_heading"),)), *entry_blocks(ctx, own)]
    if hint := missing_hint(ctx, own):
        blocks.append(hint)
    blocks.append(
        Paragraph(
            (
                t(lang, "contacts.change_hint"),
                " ",
                Code(self_example(ctx, "phone")),
                " · ",
                t(lang, "contacts.delete_hint"),
                " ",
                Code(CONTACT.text(ctx, "delete")),
            )
        )
    )
    return Reply.of(*blocks)


async def edit_own(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!kontakt ich <feld> <wert>`: set one field of one's own entry, creating a draft."""
    network = network_of(ctx)
    if not rest.strip():
        return await show_own(inv, ctx, "")
    field, value = field_and_value(ctx, rest, allowed=SELF_FIELDS, example=self_example)
    changes = await checked_changes(ctx, {field: value}, example=lambda f: self_example(ctx, f))
    own = await contacts.by_matrix_id(ctx.session, network.id, inv.sender)
    if own is not None:
        record = await update_entry(ctx, inv, own, changes, consent=True)
        return saved(ctx, record, field)
    shown = {} if field == "name" else _display_name(ctx, inv.sender)
    record = await contacts.create(
        ctx.session,
        network_id=network.id,
        values={**shown, **changes, "matrix_id": inv.sender},
        changed_by=inv.sender,
        at=ctx.now(),
        consent=True,
    )
    reply = saved(ctx, record, field)
    if not shown:
        return reply
    note = t(ctx.language, "contacts.name_from_display")
    return Reply.of(*reply.blocks, Paragraph((note, " ", Code(self_example(ctx, "name")))))


def _display_name(ctx: Context, user_id: str) -> dict[str, Any]:
    """A new entry's name: the person's display name in the room, if it is a valid name."""
    shown = ctx.display_names.get(user_id, "").strip()
    if not shown:
        return {}
    try:
        return {COLUMNS["name"]: clean("name", shown)}
    except CommandError:
        return {}


# --- checks and writes shared with contact_admin -----------------------------------------


def require_moderator(ctx: Context) -> None:
    """Refuse, before anything is parsed or stored, an edit of someone else's entry."""
    if not ctx.is_moderator:
        raise CommandError("contacts.not_yours", example=self_example(ctx, "phone"))


def field_and_value(
    ctx: Context, rest: str, *, allowed: Sequence[str], example: Callable[[Context, str], str]
) -> tuple[str, str]:
    """The field word and the value after it; UsageError naming the fields for a wrong word."""
    words = rest.strip().split(maxsplit=1)
    field = field_of(words[0]) if words else None
    if field is None or field not in allowed:
        if field == "matrix":
            raise CommandError("contacts.own_matrix_id")
        raise UsageError(
            "contacts.unknown_field",
            word=words[0] if words else "",
            fields=field_list(ctx, tuple(allowed)),
            example=example(ctx, "phone"),
        )
    if len(words) < 2:
        raise UsageError(
            "contacts.value_missing", field=label(ctx, field), example=example(ctx, field)
        )
    return field, words[1]


async def checked_changes(
    ctx: Context, typed: Mapping[str, str], *, example: Callable[[str], str]
) -> dict[str, Any]:
    """Storage columns and checked values for typed fields; the first problem is raised."""
    network = network_of(ctx)
    changes: dict[str, Any] = {}
    municipalities: list[MunicipalityRecord] | None = None
    for field, raw in typed.items():
        try:
            if field == "municipality":
                if municipalities is None:
                    municipalities = await networks.list_municipalities(ctx.session, network.id)
                value: Any = municipality_of(raw, municipalities).id
            else:
                value = clean(field, raw)
        except CommandError as err:
            problem = t(ctx.language, err.key, **err.params)
            raise CommandError(
                "contacts.invalid_value",
                field=label(ctx, field),
                problem=problem,
                example=example(field),
            ) from None
        changes[COLUMNS[field]] = value
    return changes


def municipality_of(raw: str, municipalities: Sequence[MunicipalityRecord]) -> MunicipalityRecord:
    """The municipality for a typed value; a cleared value is refused (an entry needs one)."""
    if raw.strip() in ("", "-", "–"):
        raise CommandError("contacts.required")
    return match_municipality(raw, municipalities)


async def update_entry(
    ctx: Context,
    inv: Invocation,
    record: ContactRecord,
    changes: Mapping[str, Any],
    *,
    consent: bool,
) -> ContactRecord:
    """Write checked changes to an entry as `inv.sender`; a Matrix id stays one person's."""
    if "matrix_id" in changes and changes["matrix_id"] is not None:
        holder = await contacts.by_matrix_id(ctx.session, record.network_id, changes["matrix_id"])
        if holder is not None and holder.id != record.id:
            raise CommandError("contacts.matrix_id_taken", matrix_id=changes["matrix_id"])
    if "matrix_id" in changes and changes["matrix_id"] is None and record.missing:
        raise CommandError("contacts.required")
    return await contacts.update(
        ctx.session,
        record.network_id,
        record.id,
        changes,
        changed_by=inv.sender,
        at=ctx.now(),
        consent=consent,
    )


def saved(ctx: Context, record: ContactRecord, field: str) -> Reply:
    """What was saved, the entry as it is now, and what a draft still lacks."""
    blocks: list[Block] = [
        Paragraph((t(ctx.language, "contacts.saved", field=label(ctx, field)),)),
        *entry_blocks(ctx, record),
    ]
    if hint := missing_hint(ctx, record):
        blocks.append(hint)
    return Reply.of(*blocks)
