"""`!kontakt` / `!contact` and `!kontakte` / `!contacts`: the network's contact directory.

`!kontakt <suche>` answers "who is responsible for X in municipality Y, and how do I reach
them?"; self-service (`ich`) lives in contact_edits, `neu`, `löschen` and the moderators'
edit form in admin.
`!kontakte` lists the directory by municipality and names the municipalities without a
contact yet. Contact data is personal data: every verb needs the asker's network (members
only; the bot answers members only), and a context without one is refused first.
"""

from __future__ import annotations

from collections.abc import Sequence

from commands.catalogue import t
from commands.contacts import admin, edits, search, vcard
from commands.contacts.declarations import CONTACT, CONTACTS
from commands.contacts.fields import match_municipality
from commands.contacts.view import entry_blocks, lang_of, short_line
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.text import fold
from commands.reply import Block, Bold, BulletList, Code, FileAttachment, Line, Paragraph, Reply
from commands.shared import network_of
from storage import contacts, networks
from storage.records import ContactRecord, MunicipalityRecord

SHOWN_HITS = 10
"""Entries a search shows in full; more would bury the one looked for."""

VCF_HITS = 50
"""Entries a `vcf <suche>` puts in one file."""


async def contact_command(inv: Invocation, ctx: Context, args: str) -> Reply:
    """No sub-command: nothing shows one's own entry; an edit of someone's entry; a search."""
    if not args.split():
        return await edits.show_own(inv, ctx, "")
    target = admin.edit_target(args)
    if target is not None:
        return await admin.edit_other(inv, ctx, *target)
    return await search_reply(ctx, args)


async def search_reply(ctx: Context, query: str) -> Reply:
    """The best-matching entries in full, and how many more there are."""
    network = network_of(ctx)
    lang = ctx.language
    hits = await search.find(ctx.session, network.id, query, limit=SHOWN_HITS + 1)
    if not hits:
        raise CommandError(
            "contacts.no_hits",
            query=" ".join(query.split())[:80],
            example=CONTACT.text(ctx, None, "Lemgo"),
            directory=CONTACTS.text(ctx),
        )
    blocks: list[Block] = []
    for record in hits[:SHOWN_HITS]:
        blocks.extend(entry_blocks(ctx, record))
    if len(hits) > SHOWN_HITS:
        blocks.append(Paragraph((t(lang, "contacts.more_hits", count=SHOWN_HITS),)))
    return Reply.of(*blocks)


async def vcf_search(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!kontakt vcf <suche>`: the matching entries as one .vcf; no query: one's own entry."""
    network = network_of(ctx)
    if not rest.strip():
        own = await contacts.by_matrix_id(ctx.session, network.id, inv.sender)
        if own is None or own.missing:
            raise UsageError(
                "contacts.vcf_query_missing", example=CONTACT.text(ctx, "vcf", "Lemgo")
            )
        hits = [own]
    else:
        hits = await search.find(ctx.session, network.id, rest, limit=VCF_HITS)
    if not hits:
        raise CommandError(
            "contacts.no_hits",
            query=" ".join(rest.split())[:80],
            example=CONTACT.text(ctx, "vcf", "Lemgo"),
            directory=CONTACTS.text(ctx),
        )
    name = hits[0].name if len(hits) == 1 else f"kontakte {rest}"
    attachment = FileAttachment(
        vcard.filename(name or "kontakt"), vcard.MIMETYPE, vcard.vcard_file(hits, ctx.language)
    )
    names = ", ".join(record.name or "" for record in hits[:5])
    more = len(hits) - 5
    text = t(ctx.language, "contacts.vcf_intro", count=len(hits), names=names)
    if more > 0:
        text += " " + t(ctx.language, "contacts.vcf_more", count=more)
    return Reply.of(Paragraph((text,)), files=(attachment,))


async def directory_command(inv: Invocation, ctx: Context, args: str) -> Reply:
    """`!kontakte`: all by municipality; `!kontakte <kommune>` one of them; `vcf` as a file."""
    network = network_of(ctx)
    text = args.strip()
    if fold(text) in ("vcf", "vcard"):
        return await _directory_file(ctx)
    municipalities = await networks.list_municipalities(ctx.session, network.id)
    if text:
        chosen = match_municipality(text, municipalities)
        mine = await contacts.directory(ctx.session, network.id, municipality_id=chosen.id)
        if not mine:
            return Reply.text(
                t(ctx.language, "contacts.municipality_empty", municipality=chosen.name),
                " ",
                Code(
                    CONTACT.text(ctx, "me", "kommune" if lang_of(ctx) == "de" else "municipality")
                ),
                " " + chosen.name,
            )
        blocks: list[Block] = [
            Paragraph((t(ctx.language, "contacts.municipality_heading", municipality=chosen.name),))
        ]
        for record in mine:
            blocks.extend(entry_blocks(ctx, record))
        return Reply.of(*blocks)
    records = await contacts.directory(ctx.session, network.id)
    return _overview(ctx, network.name, municipalities, records)


def _overview(
    ctx: Context,
    name: str,
    municipalities: Sequence[MunicipalityRecord],
    records: Sequence[ContactRecord],
) -> Reply:
    """Short lines per municipality, then the municipalities without anyone yet."""
    lang = ctx.language
    blocks: list[Block] = [
        Paragraph((Bold(t(lang, "contacts.directory_heading", network=name, count=len(records))),))
    ]
    by_municipality: dict[int, list[Line]] = {}
    for record in records:
        assert record.municipality_id is not None
        by_municipality.setdefault(record.municipality_id, []).append(short_line(ctx, record))
    for municipality in municipalities:
        lines = by_municipality.get(municipality.id)
        if lines:
            blocks.append(Paragraph((Bold(municipality.name),)))
            blocks.append(BulletList(tuple(lines)))
    empty = [m.name for m in municipalities if m.id not in by_municipality]
    if empty:
        blocks.append(Paragraph((Bold(t(lang, "contacts.without_contact")), " ", ", ".join(empty))))
    else:
        blocks.append(Paragraph((t(lang, "contacts.all_covered"),)))
    blocks.append(
        Paragraph(
            (
                t(lang, "contacts.directory_footer"),
                " ",
                Code(CONTACT.text(ctx, None, "<Name/Thema>" if lang != "en" else "<name/topic>")),
                " · ",
                Code(CONTACT.text(ctx, "me")),
            )
        )
    )
    return Reply.of(*blocks)


async def _directory_file(ctx: Context) -> Reply:
    network = network_of(ctx)
    records = await contacts.directory(ctx.session, network.id)
    if not records:
        raise CommandError("contacts.directory_empty", example=CONTACT.text(ctx, "me"))
    data = vcard.vcard_file(records, ctx.language)
    attachment = FileAttachment(vcard.filename(f"kontakte {network.key}"), vcard.MIMETYPE, data)
    text = t(ctx.language, "contacts.vcf_directory", count=len(records), network=network.name)
    return Reply.of(Paragraph((text,)), files=(attachment,))


CONTACT_ENTRY = CONTACT.bind(
    contact_command,
    me=edits.edit_own,
    vcf=vcf_search,
    delete=admin.delete,
    new=admin.create,
)
CONTACTS_ENTRY = CONTACTS.bind(directory_command)
