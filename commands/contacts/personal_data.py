"""`!meine-daten` / `!my-data`: everything the bot stores about the person asking (GDPR
Art. 15), in a direct chat only.

The answer is assembled from providers, one per kind of stored data. A family that stores
something about a person (action items, work packages, …) adds a provider to PROVIDERS, so
the answer stays complete without this module knowing the family's tables.

Asked in the network's room, the room only hears "sent to you directly": the answer goes
to the person's direct chat with the bot (`Reply.direct`; the sender opens the chat), so one
member's data is never shown to all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from commands.catalogue import t
from commands.contacts.declarations import CONTACT, MY_DATA
from commands.contacts.view import entry_blocks, label
from commands.context import Context
from commands.errors import CommandError
from commands.invocation import Invocation
from commands.reply import Block, Bold, BulletList, Code, Line, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date, format_datetime
from storage import actions, contacts, direct_chats, personal_data, subscriptions, workpackages
from storage.records import PersonalEntry


@dataclass(frozen=True, slots=True)
class DataSection:
    """One kind of stored data: a heading and what is stored (nothing: an empty tuple)."""

    title: str
    blocks: tuple[Block, ...]


Provider = Callable[[Context, str], Awaitable[DataSection]]
"""Gets the context and the person's Matrix id; returns what its family stores about them."""


async def contact_entry(ctx: Context, user_id: str) -> DataSection:
    """The person's directory entry, draft or complete, with consent and change dates."""
    network = network_of(ctx)
    lang = ctx.language
    own = await contacts.by_matrix_id(ctx.session, network.id, user_id)
    title = t(lang, "personal.contact_title")
    if own is None:
        return DataSection(title, ())
    tz = zone(network)
    facts: list[Line] = [
        (t(lang, "personal.created", at=format_datetime(own.created_at, lang, tz)),),
        (t(lang, "personal.updated", at=format_datetime(own.updated_at, lang, tz)),),
    ]
    if own.consent_at is not None:
        consent = format_datetime(own.consent_at, lang, tz)
        facts.append((t(lang, "personal.consent", at=consent),))
    else:
        facts.append((t(lang, "personal.no_consent"),))
    return DataSection(title, (*entry_blocks(ctx, own), BulletList(tuple(facts))))


async def contact_changes(ctx: Context, user_id: str) -> DataSection:
    """Audit lines about the person's entry or made by them (field, who, when; no values)."""
    network = network_of(ctx)
    lang = ctx.language
    own = await contacts.by_matrix_id(ctx.session, network.id, user_id)
    changes = await contacts.changes_about(
        ctx.session, network.id, contact_id=own.id if own else None, user_id=user_id
    )
    lines: list[Line] = []
    for change in changes:
        mine = own is not None and change.contact_id == own.id
        what = label(ctx, change.field) if change.field else ""
        key = f"personal.change_{change.action}" + ("_own" if mine else "")
        lines.append(_dated(ctx, change.changed_at, t(lang, key, field=what, by=change.changed_by)))
    return _listed(ctx, "personal.changes_title", lines)


async def meetup_data(ctx: Context, user_id: str) -> DataSection:
    """Answers, agenda items, decisions and meet-ups the person entered."""
    entries = await personal_data.meetup_entries(ctx.session, network_of(ctx).id, user_id)
    return _listed(ctx, "personal.meetups_title", [_meetup_line(ctx, entry) for entry in entries])


def _meetup_line(ctx: Context, entry: PersonalEntry) -> Line:
    network = network_of(ctx)
    lang = ctx.language
    day = (
        format_date(entry.meetup_starts_at, lang, zone(network))
        if entry.meetup_starts_at is not None
        else ""
    )
    text = t(lang, f"personal.answer_{entry.text}") if entry.kind == "rsvp" else entry.text
    return (t(lang, f"personal.kind_{entry.kind}", day=day, text=text),)


async def work_data(ctx: Context, user_id: str) -> DataSection:
    """Action items the person owns or created, and work packages they own or created."""
    network = network_of(ctx)
    lang = ctx.language
    items = await actions.items(ctx.session, network.id, status=None)
    packages = await workpackages.list_packages(ctx.session, network.id)
    lines: list[Line] = [
        (t(lang, "personal.kind_action", number=item.number, text=item.title),)
        for item in items
        if user_id in (item.owner, item.created_by)
    ]
    lines += [
        (t(lang, "personal.kind_workpackage", number=package.number, text=package.title),)
        for package in packages
        if user_id in (*package.owners, package.created_by)
    ]
    return _listed(ctx, "personal.work_title", lines)


async def history_data(ctx: Context, user_id: str) -> DataSection:
    """Lines of action-item and work-package history the person wrote or is named in."""
    lines: list[Line] = []
    for change in await personal_data.history_entries(ctx.session, network_of(ctx).id, user_id):
        key = f"personal.kind_{change.subject}_change"
        text = t(ctx.language, key, number=change.number, field=change.field)
        lines.append(_dated(ctx, change.at, text))
    return _listed(ctx, "personal.history_title", lines)


async def settings_data(ctx: Context, user_id: str) -> DataSection:
    """Post settings the person was the last to change."""
    network_id = network_of(ctx).id
    lines: list[Line] = []
    for setting in await personal_data.post_setting_entries(ctx.session, network_id, user_id):
        key = "personal.post_setting_on" if setting.enabled else "personal.post_setting_off"
        lines.append(_dated(ctx, setting.at, t(ctx.language, key, kind=setting.kind)))
    return _listed(ctx, "personal.settings_title", lines)


async def link_data(ctx: Context, user_id: str) -> DataSection:
    """The person's calendar subscription and overview-page link (when made; no token)."""
    network = network_of(ctx)
    lang = ctx.language
    tz = zone(network)
    lines: tuple[Line, ...] = tuple(
        (
            t(
                lang,
                f"links.personal_data.{found.kind}",
                since=format_datetime(found.created_at, lang, tz),
            ),
        )
        for found in await subscriptions.of_person(ctx.session, network.id, user_id)
    )
    blocks: tuple[Block, ...] = (BulletList(lines),) if lines else ()
    return DataSection(t(lang, "links.personal_data_title"), blocks)


async def command_log(ctx: Context, user_id: str) -> DataSection:
    """How many commands were recorded as handled (to answer each once), not their text."""
    network = network_of(ctx)
    lang = ctx.language
    log = await personal_data.command_log(ctx.session, network.id, user_id)
    title = t(lang, "personal.commands_title")
    if log.count == 0 or log.first is None or log.last is None:
        return DataSection(title, ())
    tz = zone(network)
    text = t(
        lang,
        "personal.commands",
        count=log.count,
        first=format_datetime(log.first, lang, tz),
        last=format_datetime(log.last, lang, tz),
    )
    return DataSection(title, (Paragraph((text,)),))


def _listed(ctx: Context, title_key: str, lines: Sequence[Line]) -> DataSection:
    """A section of one bulleted list; nothing stored gives no list."""
    blocks: tuple[Block, ...] = (BulletList(tuple(lines)),) if lines else ()
    return DataSection(t(ctx.language, title_key), blocks)


def _dated(ctx: Context, at: datetime, text: str) -> Line:
    """`<when>: <text>`, when shown in the network's zone."""
    return (format_datetime(at, ctx.language, zone(network_of(ctx))) + ": " + text,)


PROVIDERS: tuple[Provider, ...] = (
    contact_entry,
    contact_changes,
    meetup_data,
    work_data,
    history_data,
    settings_data,
    link_data,
    command_log,
)
"""Everything `!meine-daten` shows, in order. A family that stores data about a person adds
its provider to this tuple (e.g. action items and work packages they own)."""


async def my_data(inv: Invocation, ctx: Context, args: str) -> Reply:
    """All sections for the sender, shown in a direct chat only."""
    lang = ctx.language
    if args.strip():
        raise CommandError("args.unexpected", command=MY_DATA.text(ctx), extra=args.strip())
    blocks: list[Block] = []
    for network in ctx.member_of or (network_of(ctx),):  # every network the person is in
        here = replace(ctx, network=network)
        title = t(lang, "personal.title", network=network.name, user=inv.sender)
        blocks.append(Paragraph((Bold(title),)))
        for provider in PROVIDERS:
            section = await provider(here, inv.sender)
            blocks.append(Paragraph((Bold(section.title),)))
            blocks.extend(section.blocks or (Paragraph((t(lang, "personal.nothing"),)),))
    chosen = await direct_chats.chosen_network(ctx.session, inv.sender)
    for network in ctx.member_of:
        if network.id == chosen:
            blocks.append(Paragraph((t(lang, "personal.direct_chat", network=network.name),)))
    delete = CONTACT.text(ctx, "delete")
    blocks.append(Paragraph((t(lang, "personal.footer"), " ", Code(delete))))
    blocks.append(Paragraph((t(lang, "contacts.retention", prefix=ctx.prefix),)))
    if inv.is_direct:
        return Reply.of(*blocks)
    return Reply((Paragraph((t(lang, "personal.sent_directly"),)),), direct=Reply.of(*blocks))


MY_DATA_ENTRY = MY_DATA.bind(my_data)
