"""The moderators' verbs on the contact directory: edit anyone's entry, add one, delete one
(deleting one's own entry is for everybody).

An edit names the entry by Matrix id or by a quoted name (`!kontakt @max:lippe.de telefon …`,
`!kontakt "Max Mustermann" telefon …`), so it is never mistaken for a search; `Name (Kommune)`
picks one of two people with the same name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from commands.catalogue import t
from commands.contacts import search
from commands.contacts.declarations import CONTACT
from commands.contacts.edits import (
    checked_changes,
    edit_own,
    field_and_value,
    require_moderator,
    saved,
    update_entry,
)
from commands.contacts.fields import COLUMNS, field_of, field_word, parse_pairs
from commands.contacts.view import (
    entry_blocks,
    example_value,
    lang_of,
    self_example,
)
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.fuzzy import compact
from commands.reply import Paragraph, Reply
from commands.shared import network_of
from storage import contacts, subscriptions
from storage.records import ContactRecord

_MATRIX_TARGET = re.compile(r"(@[^\s:]+:\S+)\s*(.*)\Z", re.DOTALL)
_QUOTED_TARGET = re.compile(r"[\"„“”»«'‚‘’]([^\"„“”»«‚‘’]{1,200})[\"“”«»'‘’]\s*(.*)\Z", re.DOTALL)
_IN_MUNICIPALITY = re.compile(r"(.+?)\s*\(([^()]+)\)\s*\Z")
SAME_NAME_LIMIT = 50
"""Search hits checked for an exact name; more people of one name are not to be expected."""


def edit_target(args: str) -> tuple[str, str] | None:
    """(target, rest) if `args` starts with a Matrix id or a quoted name followed by a field.

    `!kontakt @max:lippe.de telefon …` and `!kontakt "Max Mustermann" rolle …` are edits;
    anything else after `!kontakt` is a search.
    """
    text = args.strip()
    for pattern in (_MATRIX_TARGET, _QUOTED_TARGET):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        rest = match.group(2)
        words = rest.split(maxsplit=1)
        if words and field_of(words[0]) is not None:
            return match.group(1).strip(), rest
    return None


async def edit_other(inv: Invocation, ctx: Context, target: str, rest: str) -> Reply:
    """`!kontakt <@person|"Name"> <feld> <wert>`: moderators change anyone's entry."""
    if target == inv.sender:
        return await edit_own(inv, ctx, rest)
    require_moderator(ctx)
    record = await resolve(ctx, target)
    field, value = field_and_value(ctx, rest, allowed=tuple(COLUMNS), example=self_example)
    changes = await checked_changes(
        ctx, {field: value}, example=lambda f: _other_example(ctx, target, f)
    )
    updated = await update_entry(ctx, inv, record, changes, consent=record.matrix_id == inv.sender)
    return saved(ctx, updated, field)


async def create(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!kontakt neu "Name" kommune:Lemgo …`: moderators (declared) add an entry for someone."""
    network = network_of(ctx)
    name, pairs_text = _name_and_pairs(ctx, rest)
    try:
        pairs = parse_pairs(pairs_text)
    except CommandError as err:
        raise UsageError(err.key, **err.params) from None
    if "municipality" not in pairs:
        raise UsageError("contacts.new_needs_municipality", example=_new_example(ctx))
    changes = await checked_changes(
        ctx, {"name": name, **pairs}, example=lambda f: _new_example(ctx)
    )
    await _refuse_duplicate(ctx, changes)
    record = await contacts.create(
        ctx.session,
        network_id=network.id,
        values=changes,
        changed_by=inv.sender,
        at=ctx.now(),
        consent=changes.get("matrix_id") == inv.sender,
    )
    return Reply.of(
        Paragraph((t(ctx.language, "contacts.created"),)),
        *entry_blocks(ctx, record),
    )


async def delete(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!kontakt löschen`: remove one's own entry; moderators `löschen <@person|Name>`."""
    network = network_of(ctx)
    target = rest.strip()
    if not target or target == inv.sender:
        own = await contacts.by_matrix_id(ctx.session, network.id, inv.sender)
        if own is None:
            raise CommandError("contacts.nothing_to_delete", example=self_example(ctx, "name"))
        record = own
    else:
        require_moderator(ctx)
        record = await resolve(ctx, target)
    await contacts.delete_entry(
        ctx.session, network.id, record.id, changed_by=inv.sender, at=ctx.now()
    )
    if record.matrix_id != inv.sender:
        return Reply.text(t(ctx.language, "contacts.deleted", name=record.name or inv.sender))
    reply = Reply.text(t(ctx.language, "contacts.deleted_own"))
    if await subscriptions.revoke(ctx.session, network.id, inv.sender):  # forget me: links too
        reply = Reply.of(*reply.blocks, Paragraph((t(ctx.language, "links.revoked_with_contact"),)))
    return reply


async def resolve(ctx: Context, target: str) -> ContactRecord:
    """The entry a moderator means: a Matrix id, or a name, optionally `Name (Kommune)`."""
    network = network_of(ctx)
    text = target.strip().strip("\"„“”»«'‚‘’").strip()
    if text.startswith("@"):
        found = await contacts.by_matrix_id(ctx.session, network.id, text)
        if found is None:
            raise CommandError("contacts.no_entry_for", target=text, example=_new_example(ctx))
        return found
    municipality = None
    if match := _IN_MUNICIPALITY.fullmatch(text):
        text, municipality = match.group(1), match.group(2)
    candidates = [
        record
        for record in await same_name(ctx, text)
        if municipality is None or compact(record.municipality or "") == compact(municipality)
    ]
    if not candidates:
        raise CommandError(
            "contacts.no_entry_for", target=text, example=CONTACT.text(ctx, None, *text.split()[:1])
        )
    if len(candidates) > 1:
        named = ", ".join(f"{r.name} ({r.municipality})" for r in candidates)
        raise CommandError("contacts.ambiguous_name", target=text, candidates=named)
    return candidates[0]


async def same_name(ctx: Context, name: str) -> list[ContactRecord]:
    """Complete entries whose name is `name` as folded (`max mustermann`, `Max Mustermann`).

    Found through the search, which ranks exact names first, so no whole directory is read.
    """
    network = network_of(ctx)
    hits = await search.find(ctx.session, network.id, name, limit=SAME_NAME_LIMIT)
    return [record for record in hits if compact(record.name or "") == compact(name)]


async def _refuse_duplicate(ctx: Context, changes: Mapping[str, Any]) -> None:
    network = network_of(ctx)
    matrix_id = changes.get("matrix_id")
    if matrix_id is not None:
        if await contacts.by_matrix_id(ctx.session, network.id, matrix_id) is not None:
            raise CommandError("contacts.matrix_id_taken", matrix_id=matrix_id)
        return
    for record in await same_name(ctx, changes["name"]):
        if record.municipality_id == changes["municipality_id"]:
            raise CommandError(
                "contacts.duplicate",
                name=record.name,
                municipality=record.municipality,
                example=_other_example(ctx, f'"{record.name}"', "phone"),
            )


def _name_and_pairs(ctx: Context, rest: str) -> tuple[str, str]:
    """`"Erika Musterfrau" kommune:Lemgo` → the name and the `feld:wert` part."""
    text = rest.strip()
    quoted = re.match(r"[\"„“”»«]([^\"„“”»«]+)[\"“”«»]\s*(.*)\Z", text, re.DOTALL)
    if quoted:
        return quoted.group(1).strip(), quoted.group(2)
    first_key = re.search(r"(?:^|\s)\S+\s*:", text)
    name = text[: first_key.start()].strip() if first_key else text
    if not name or first_key is None:
        raise UsageError("contacts.new_needs_municipality", example=_new_example(ctx))
    return name, text[first_key.start() :]


def _other_example(ctx: Context, target: str, field: str) -> str:
    return CONTACT.text(
        ctx, None, target, field_word(field, ctx.language), example_value(ctx, field)
    )


def _new_example(ctx: Context) -> str:
    de = lang_of(ctx) == "de"
    return CONTACT.text(
        ctx,
        "new",
        '"Max Mustermann"',
        "kommune:Lemgo" if de else "municipality:Lemgo",
        "rolle:CDO" if de else "role:CDO",
        "matrix:@max:lippe.de",
    )
