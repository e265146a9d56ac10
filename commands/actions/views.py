"""How action items, work packages and their history look, in replies and posts alike.

People are plain text unless a caller asks for pills (`pill=True`, `mention_parts`): lists
and digests name many people and must not notify them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from commands.actions.common import PACKAGE_STATUS_WORDS
from commands.actions.people import Person, label_of
from commands.catalogue import t
from commands.reply import Block, Bold, BulletList, Inline, Line, Paragraph
from commands.timefmt import format_date, format_datetime
from storage import actions
from storage.records import (
    ActionChangeRecord,
    ActionItemRecord,
    MeetupRecord,
    WorkPackageRecord,
)


def package_status(status: str, language: str) -> str:
    """`läuft` / `running`."""
    return PACKAGE_STATUS_WORDS[status]["en" if language == "en" else "de"]


def item_status(status: str, language: str) -> str:
    """`offen` / `erledigt`."""
    return t(language, f"actions.status.{status}")


def topics_text(topics: Sequence[str]) -> str:
    """`#ozg #e-akte`."""
    return " ".join(f"#{topic}" for topic in topics)


def due_text(item: ActionItemRecord, today_: date, language: str) -> str | None:
    """`bis Di., 15. Dez. 2026`, `heute fällig`, `überfällig seit …`; None without a date."""
    if item.due_on is None:
        return None
    day = format_date(item.due_on, language)
    if item.status != actions.OPEN:
        return t(language, "actions.due_on", day=day)
    if item.due_on < today_:
        return t(language, "actions.overdue", day=day)
    if item.due_on == today_:
        return t(language, "actions.due_today")
    return t(language, "actions.due_on", day=day)


def item_line(
    item: ActionItemRecord,
    known: Mapping[str, Person],
    today_: date,
    language: str,
    *,
    pill: bool = False,
    package: bool = True,
) -> Line:
    """`12. Formular-Katalog abstimmen – Erika Musterfrau (Bad Salzuflen) – bis … – AP 3`.

    `pill` makes the owner a Mention (for posts that should reach them); lists use text.
    """
    person = known.get(item.owner) or Person(item.owner)
    parts: list[Inline] = [f"{item.number}. {item.title} – "]
    if pill:
        parts.append(person.mention())
        if person.municipality:
            parts.append(f" ({person.municipality})")
    else:
        parts.append(person.label)
    due = due_text(item, today_, language)
    if due:
        parts.append(f" – {due}")
    if item.status != actions.OPEN:
        parts.append(f" – {item_status(item.status, language)}")
    if package and item.work_package_number is not None:
        parts.append(f" – {t(language, 'workpackages.short', number=item.work_package_number)}")
    return tuple(parts)


def history_lines(
    changes: Sequence[ActionChangeRecord],
    known: Mapping[str, Person],
    language: str,
    tz: ZoneInfo,
) -> BulletList:
    """One line per change: `So., 22. Nov. 2026, 10:00 Uhr – Erika Musterfrau: Frist … → …`."""
    lines: list[Line] = []
    for change in changes:
        when = format_datetime(change.changed_at, language, tz)
        who = label_of(change.changed_by, known)
        lines.append((f"{when} – {who}: {_change_text(change, known, language)}",))
    return BulletList(tuple(lines))


def history_people(changes: Sequence[ActionChangeRecord]) -> set[str]:
    """Everyone a history names, to look their names up once."""
    found = {change.changed_by for change in changes}
    for change in changes:
        if change.field in ("owner", "owner_added", "owner_removed"):
            found.update(v for v in (change.old_value, change.new_value) if v)
    return found


def _change_text(change: ActionChangeRecord, known: Mapping[str, Person], language: str) -> str:
    none = t(language, "history.none")

    def shown(value: str | None) -> str:
        if value is None:
            return none
        if change.field == "status":
            if change.action_item_id is not None:
                return item_status(value, language)
            return package_status(value, language)
        if change.field == "due_on":
            return format_date(date.fromisoformat(value), language)
        if change.field in ("owner", "owner_added", "owner_removed"):
            return label_of(value, known)
        if change.field == "topics":
            return topics_text(value.split())
        return value

    if change.field == "created":
        return t(language, "history.created")
    return t(
        language,
        f"history.{change.field}",
        old=shown(change.old_value),
        new=shown(change.new_value),
    )


def owners_text(owners: Sequence[str], known: Mapping[str, Person], language: str) -> str:
    """Owners as plain names, or "nobody" if there are none."""
    if not owners:
        return t(language, "workpackages.nobody")
    return ", ".join(label_of(owner, known) for owner in owners)


def mention_parts(owners: Sequence[str], known: Mapping[str, Person]) -> list[Inline]:
    """Owners as pills separated by commas."""
    parts: list[Inline] = []
    for index, owner in enumerate(owners):
        if index:
            parts.append(", ")
        parts.append((known.get(owner) or Person(owner)).mention())
    return parts


def action_text(item: ActionItemRecord, owner: str, language: str) -> str:
    """`Nr. 12: Formular-Katalog abstimmen – Erika Musterfrau – bis Di., 15. Dez. 2026 – AP 3`.

    For the minutes, which name people plainly like their other sections (`owner` is the
    owner's name); "Nr. 3:" rather than "3.", which before "12. Sitzung vorbereiten" would
    read like a date.
    """
    number = t(language, "minutes.item_number", number=item.number)
    text = f"{number} {item.title} – {owner}"
    if item.due_on is not None:
        text += f" – {t(language, 'actions.due_on', day=format_date(item.due_on, language))}"
    if item.status != actions.OPEN:
        text += f" – {item_status(item.status, language)}"
    if item.work_package_number is not None:
        text += f" – {t(language, 'workpackages.short', number=item.work_package_number)}"
    return text


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """One action item with what its detail view names: people, package, meet-up."""

    item: ActionItemRecord
    owner: Person
    creator: Person
    package: WorkPackageRecord | None
    meetup: MeetupRecord | None


def detail_blocks(detail: ItemDetail, language: str, tz: ZoneInfo, today_: date) -> list[Block]:
    """`!aufgabe <nr>` without the change hints: title, owner (a pill), status and due date,
    package, topics, who created it when and at which meet-up."""
    item = detail.item
    title = t(language, "actions.detail_title", number=item.number, title=item.title)
    blocks: list[Block] = [Paragraph((Bold(title),))]
    owner_line: list[Inline] = [t(language, "actions.owner"), " ", detail.owner.mention()]
    if detail.owner.reach():
        owner_line.append(f" ({detail.owner.reach()})")
    blocks.append(Paragraph(tuple(owner_line)))
    status = item_status(item.status, language)
    if item.done_at is not None and item.status == actions.DONE:
        status += " " + t(language, "actions.done_on", day=format_date(item.done_at, language, tz))
    due = (
        format_date(item.due_on, language)
        if item.due_on is not None
        else t(language, "history.none")
    )
    if item.status == actions.OPEN and item.due_on is not None and item.due_on < today_:
        due += " " + t(language, "actions.overdue_mark")
    blocks.append(
        Paragraph(
            (f"{t(language, 'actions.status')} {status} · {t(language, 'actions.due')} {due}",)
        )
    )
    if detail.package is not None:
        short = t(language, "workpackages.short", number=detail.package.number)
        line = f"{t(language, 'actions.package')} {short} {detail.package.title}"
        blocks.append(Paragraph((line,)))
    if item.topics:
        blocks.append(Paragraph((f"{t(language, 'actions.topics')} {topics_text(item.topics)}",)))
    created = t(
        language,
        "actions.created_by",
        day=format_date(item.created_at, language, tz),
        who=detail.creator.label,
    )
    if detail.meetup is not None:
        day = format_date(detail.meetup.starts_at, language, tz)
        created += " " + t(language, "actions.at_meetup", day=day)
    blocks.append(Paragraph((created,)))
    return blocks
