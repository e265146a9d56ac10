"""The network's overview page (`!netzwerk seite`): load what it shows, then render HTML.

`load_overview` reads the database once per request; `render_page` is pure (a record in,
a string out), so its look is tested without a database or a server. Every piece of user
text goes through `html.escape`; the page has no script and no external resource, so it
works on any phone and its Content-Security-Policy can forbid everything but inline style.

People are shown by name (directory entry, else their Matrix display name, else the
localpart), never with contact details: the page is for everyone in the network, and the
directory stays behind `!kontakt`.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.actions.common import PACKAGE_STATUS_WORDS
from commands.catalogue import t
from commands.meetups.common import ANSWER_ORDER, duration_text
from commands.meetups.declarations import MEETUP
from commands.shared import zone
from commands.timefmt import format_date, format_datetime, format_time_range
from storage import actions, agenda, contacts, meetups, rsvps, workpackages
from storage.collation import german_key
from storage.records import (
    ActionItemRecord,
    AgendaItemRecord,
    MeetupRecord,
    NetworkRecord,
    WorkPackageRecord,
)

ITEMS_SHOWN = 100
"""Action items per list; the rest is counted, so the page stays small and fast."""

DisplayName = Callable[[str], str | None]
"""A person's display name in the network's room, if the transport knows one."""


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the page shows, loaded at one instant."""

    network: NetworkRecord
    now: datetime
    meetup: MeetupRecord | None
    agenda: tuple[AgendaItemRecord, ...]
    answers: Mapping[str | None, Mapping[str, int]]
    """Municipality (None: no directory entry) → answer → count."""
    packages: tuple[WorkPackageRecord, ...]
    overdue: tuple[ActionItemRecord, ...]
    open: tuple[ActionItemRecord, ...]
    """Open items that are not overdue."""
    more_overdue: int = 0
    more_open: int = 0
    names: Mapping[str, str] = field(default_factory=dict)
    """Matrix id → the name shown."""
    prefix: str = "!"
    """The bot's command prefix, for the footer's example."""


async def load_overview(
    session: AsyncSession,
    network: NetworkRecord,
    *,
    now: datetime,
    prefix: str = "!",
    display_name: DisplayName = lambda user_id: None,
) -> Overview:
    """The next meet-up with agenda and answers, the work packages, the open items."""
    found = await meetups.upcoming(session, network.id, after=now, limit=1)
    meetup = found[0] if found else None
    items: list[AgendaItemRecord] = []
    answers: dict[str | None, Counter[str]] = {}
    people: set[str] = set()
    if meetup is not None:
        items = await agenda.items(session, network.id, meetup.id)
        given = await rsvps.answers(session, network.id, meetup.id)
        entries = await contacts.by_matrix_ids(session, network.id, [a.user_id for a in given])
        for answer in given:
            entry = entries.get(answer.user_id)
            municipality = entry.municipality if entry else None
            answers.setdefault(municipality, Counter())[answer.answer] += 1
        people |= {item.owner for item in items}
    today = now.astimezone(zone(network)).date()
    overdue = await actions.items(session, network.id, due_before=today, limit=ITEMS_SHOWN)
    overdue_count = await actions.count(session, network.id, due_before=today)
    open_items = [
        item
        for item in await actions.items(session, network.id, limit=ITEMS_SHOWN + overdue_count)
        if item.due_on is None or item.due_on >= today
    ]
    open_count = await actions.count(session, network.id) - overdue_count
    people |= {item.owner for item in (*overdue, *open_items[:ITEMS_SHOWN])}
    entries = await contacts.by_matrix_ids(session, network.id, sorted(people))
    names = {
        user_id: (entries[user_id].name if user_id in entries else None)
        or display_name(user_id)
        or _localpart(user_id)
        for user_id in people
    }
    return Overview(
        network=network,
        now=now,
        meetup=meetup,
        agenda=tuple(items),
        answers=answers,
        packages=tuple(await workpackages.list_packages(session, network.id)),
        overdue=tuple(overdue),
        open=tuple(open_items[:ITEMS_SHOWN]),
        more_overdue=max(0, overdue_count - ITEMS_SHOWN),
        more_open=max(0, open_count - ITEMS_SHOWN),
        names=names,
        prefix=prefix,
    )


def _localpart(user_id: str) -> str:
    """`erika` for `@erika:example.org`: a name of sorts when nothing better is known."""
    return user_id.removeprefix("@").split(":", 1)[0]


# --- rendering -----------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;
line-height:1.45;color:#1b1b1b;background:#fff}
h1{font-size:1.4rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;
border-bottom:2px solid #0a5c8a;padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .4rem;
border-bottom:1px solid #ddd;vertical-align:top}th{background:#f2f6f9}
.muted{color:#5a5a5a;font-size:.9rem}.late{color:#a4000f;font-weight:600}
a{color:#0a5c8a;overflow-wrap:anywhere}ol{padding-left:1.4rem}p,li{overflow-wrap:break-word}
"""


def render_page(overview: Overview) -> str:
    """The whole page as HTML, in the network's language."""
    network = overview.network
    lang = network.language
    title = t(lang, "page.title", network=network.name)
    as_of = t(lang, "page.as_of", at=format_datetime(overview.now, lang, zone(network)))
    command = MEETUP.text_in(lang, overview.prefix)
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">{_e(as_of)}</p>',
        *_meetup_section(overview),
        *_packages_section(overview),
        *_items_section(overview, overview.overdue, overview.more_overdue, overdue=True),
        *_items_section(overview, overview.open, overview.more_open, overdue=False),
        f'<p class="muted">{_e(t(lang, "page.footer", command=command))}</p>',
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{_e(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="robots" content="noindex, nofollow">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_e(title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _meetup_section(overview: Overview) -> list[str]:
    lang = overview.network.language
    tz = zone(overview.network)
    out = [f"<h2>{_e(t(lang, 'page.next_meetup'))}</h2>"]
    meetup = overview.meetup
    if meetup is None:
        return [*out, f"<p>{_e(t(lang, 'page.no_meetup'))}</p>"]
    when = f"{format_date(meetup.starts_at, lang, tz)}, "
    when += format_time_range(meetup.starts_at, meetup.ends_at, lang, tz)
    out.append(f"<p><strong>{_e(when)}</strong> – {_e(meetup.title)}</p>")
    if meetup.location:
        out.append(f"<p>{_e(t(lang, 'meetup.where'))} {_link_or_text(meetup.location)}</p>")
    out.append(f"<h3>{_e(t(lang, 'meetups.agenda'))}</h3>")
    if overview.agenda:
        out.append("<ol>")
        for item in overview.agenda:
            minutes = duration_text(item.duration_minutes, lang)
            owner = overview.names.get(item.owner, "")
            out.append(f"<li>{_e(item.title + minutes)} – {_e(owner)}</li>")
        out.append("</ol>")
    else:
        out.append(f"<p>{_e(t(lang, 'agenda.empty'))}</p>")
    out.append(f"<h3>{_e(t(lang, 'page.answers'))}</h3>")
    if not overview.answers:
        return [*out, f"<p>{_e(t(lang, 'page.no_answers'))}</p>"]
    heads = [t(lang, "page.municipality"), *(t(lang, f"rsvp.label.{a}") for a in ANSWER_ORDER)]
    rows = []
    for municipality in sorted(overview.answers, key=_municipality_order):
        counts = overview.answers[municipality]
        name = municipality or t(lang, "page.no_municipality")
        rows.append([name, *(str(counts.get(a, 0)) for a in ANSWER_ORDER)])
    return [*out, _table(heads, rows)]


def _municipality_order(name: str | None) -> tuple[int, tuple[str, str]]:
    return (1, ("", "")) if name is None else (0, german_key(name))


def _packages_section(overview: Overview) -> list[str]:
    lang = overview.network.language
    key = "en" if lang == "en" else "de"
    out = [f"<h2>{_e(t(lang, 'page.work_packages'))}</h2>"]
    if not overview.packages:
        return [*out, f"<p>{_e(t(lang, 'page.no_work_packages'))}</p>"]
    heads = [t(lang, "page.package"), t(lang, "page.lead"), t(lang, "page.status")]
    rows = [
        [
            f"{package.number}. {package.title}",
            package.lead or "–",
            PACKAGE_STATUS_WORDS[package.status][key],
        ]
        for package in overview.packages
    ]
    return [*out, _table(heads, rows)]


def _items_section(
    overview: Overview, items: tuple[ActionItemRecord, ...], more: int, *, overdue: bool
) -> list[str]:
    lang = overview.network.language
    heading, empty = (
        ("page.overdue", "page.no_overdue") if overdue else ("page.actions", "page.no_actions")
    )
    out = [f"<h2>{_e(t(lang, heading))}</h2>"]
    if not items:
        return [*out, f"<p>{_e(t(lang, empty))}</p>"]
    heads = [t(lang, "page.action"), t(lang, "page.owner"), t(lang, "page.due")]
    rows = [
        [
            f"{item.number}. {item.title}",
            overview.names.get(item.owner, ""),
            format_date(item.due_on, lang) if item.due_on else "–",
        ]
        for item in items
    ]
    out.append(_table(heads, rows, late_column=2 if overdue else None))
    if more:
        out.append(f'<p class="muted">{_e(t(lang, "page.more", count=more))}</p>')
    return out


def _table(heads: list[str], rows: list[list[str]], late_column: int | None = None) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in heads)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="late">{_e(c)}</td>' if i == late_column else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _link_or_text(location: str) -> str:
    """A meeting link is clickable (and sends no referrer: the page's URL is a secret)."""
    if location.startswith(("http://", "https://")):
        url = _e(location)
        return f'<a href="{url}" rel="noreferrer noopener">{url}</a>'
    return _e(location)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
