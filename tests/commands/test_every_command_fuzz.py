"""Bad input at scale: every command and every usage form in the command table, driven
with hostile text through the real pipeline (route, rollback, handled mark, stored reply).

The usage forms are read from the registry, so a new command or sub-verb is fuzzed without
touching this file: each form (`aufgabe frist <nr> <datum|keine>`) becomes a template whose
literal words stay (alternatives `a|b` are chosen from), whose placeholders are filled with
plausible or hostile values and whose optional parts are dropped or filled. Each example runs
inside a transaction that is rolled back afterwards, so every example sees the same seeded
network: a meet-up series with agenda items and RSVPs, a past meet-up with a decision, work
packages, action items and contacts, some of them holding hostile text themselves.

Properties, for member and moderator in the room, in a direct chat and from outside any
network, German and English, on every database backend the `engine` fixture offers:
1. no exception escapes the pipeline, and the router never answers with its crash apology;
2. a refused command (the handler's changes are not kept) leaves every table as it was,
   apart from the handled mark and the stored reply the pipeline itself writes;
3. the stored Matrix content never pings @room, mentions only users it shows as pills (and
   nobody in a notice), carries no markup from the input, and fits in a Matrix event.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import reduce
from html.parser import HTMLParser
from itertools import count, product
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import ScalarSelect, String, Table, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker

from bot.pipeline import CommandPipeline, Standing
from commands.catalogue import MESSAGES
from commands.invocation import Invocation
from commands.registry import Command
from commands.rendering import MAX_BODY_CHARS
from commands.router import route
from storage import decisions, subscriptions
from storage.models import Base, Delivery
from storage.records import NetworkRecord
from tests.commands.actions.support import add_item, add_package
from tests.commands.contacts.support import ERIKA, MAX, add_contact
from tests.commands.meetups.support import add_meetup, answer
from tests.commands.strategies import HOSTILE, LONG, SHORT
from tests.commands.support import NOW, REGISTRY, invocation

BERLIN = ZoneInfo("Europe/Berlin")
LANGUAGES = ("de", "en")
PIPELINE_TABLES = {"handled_events", "deliveries"}
"""Written by the pipeline for every answered command, refused or not."""
MAX_CONTENT_BYTES = 60_000
"""Matrix refuses events over 64 KiB; the content must leave room for the envelope."""


PLAUSIBLE = (
    (("datum", "date"), ("8.12.", "8.12.2026", "12.1.2027", "morgen", "nächsten Dienstag",
                         "in 2 Wochen", "Di", "2026-12-08", "keine", "none")),
    (("uhrzeit", "time"), ("10:00", "10:00-11:30", "14 Uhr", "9:30-10")),
    (("nr", "no", "anzahl", "count"), ("1", "2", "3", "99")),
    (("wiederholung", "repetition"), ("jeden 2. Dienstag", "monatlich am 15.",
                                      "alle 2 Wochen donnerstags")),
    (("kommune", "municipality"), ("Lemgo", "Bad Salzuflen", "keine", "none")),
    (("feld", "field"), ("telefon", "email", "rolle", "themen", "name", "phone", "role")),
    (("wert", "value"), ("05231 1234", "erika@lemgo.de", "CDO", "OZG, E-Akte")),
    (("email",), ("erika@lemgo.de", "max@detmold.de")),
    (("telefon", "phone"), ("05231 1234", "+49 5261 213-0")),
    (("rolle", "role"), ("CDO", "Digitalisierungsbeauftragte")),
    (("themen", "topics"), ("OZG, E-Akte", "Breitband")),
    (("person", "name", "matrix", "vertretung", "deputy"),
     ("@erika:lippe.de", "@max:lippe.de", '"Erika Musterfrau"', "Jana Beispiel",
      "@room:lippe.de")),
)  # fmt: skip
"""Values a handler accepts, by a word of the placeholder (`<neue nr>` is a number)."""
FREE_TEXT = ("Serviceportal", "Lemgo", "Erika", "E-Akte", "#ozg", "https://meet.example.org/x",
             "20 min", "treffen", "aufgabe")  # fmt: skip


def plausible(placeholder: str) -> st.SearchStrategy[str]:
    """Values that fit `placeholder`: by the first hint among its words, else free text."""
    words = set(re.findall(r"[a-zäöü]+", placeholder.lower()))
    values = next((values for hints, values in PLAUSIBLE if words & set(hints)), FREE_TEXT)
    return st.sampled_from(values)


def slot(placeholder: str) -> st.SearchStrategy[str]:
    """Mostly a value that fits, so handlers get past their checks; else hostile text,
    hostile text glued to a fitting value, or an argument of thousands of characters."""
    fits = plausible(placeholder)
    glued = st.tuples(fits, SHORT).map(lambda pair: pair[0] + pair[1])
    return st.one_of(fits, fits, fits, fits, SHORT, SHORT, glued, LONG)


_PIECE = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]|[^\s<\[]*<[^>]*>[^\s\[]*|\S+")
_EXAMPLES = {"@person:server": "<person>", "#thema": "#<thema>", "#topic": "#<topic>"}
"""Examples in the usage text that stand for a value: the fuzz fills them like placeholders."""
_PLACEHOLDER = re.compile(r"<[^>]*>")
_PING = re.compile(r"@room\b", re.IGNORECASE)
_PILL = re.compile(r'<a href="https://matrix\.to/#/([^"]+)">')
_TAGS = {"p", "ul", "li", "strong", "code", "a", "br"}
_CRASH = {MESSAGES[lang]["router.crash"] for lang in LANGUAGES}
_EVENT_IDS = count()

Snapshot = dict[str, str | None]
Seeded = tuple[NetworkRecord, Snapshot]
ROLES = ("member", "moderator", "direct", "outsider")
"""In the network's room as member or moderator, in a direct chat, from outside any network."""
STORED = "@room <script>alert(1)</script> **x** [a](https://evil.example) \u202e\u200b 👩‍💻"
"""Stored by earlier commands: every listing has to show it as harmless text."""
SWEEP = "<b>x</b> @room \u202e\u200b%_'; DROP TABLE contacts; -- 31.02.2026 99999999999999999999"
"""The same hostile text in every slot of every form, for the deterministic sweep."""


@dataclass(frozen=True, slots=True, repr=False)
class Form:
    """One usage form of a command, e.g. `aufgabe frist <nr> <datum|keine>`."""

    command: Command
    index: int

    def usage(self, language: str) -> str:
        return self.command.usage_lines(language)[self.index]

    def __repr__(self) -> str:  # how hypothesis names a failing example
        return f"Form({self.usage('de')!r})"


FORMS = [Form(c, i) for c in REGISTRY.commands() for i in range(len(c.usage_lines("de")))]
"""Every usage form of every command and sub-command, read from the declarations; German
and English list theirs in the same order."""

ANY_FORM = st.sampled_from(list(REGISTRY.commands())).flatmap(
    lambda command: st.sampled_from([f for f in FORMS if f.command is command])
)
"""A command, each as likely as the next, then one of its forms."""

EXAMPLES_PER_COMMAND = 12
"""Per database backend, so about 25 per command in a run on SQLite and PostgreSQL; the file
then takes about 25 s on an idle two-core machine (raise it locally for a deeper search)."""


@dataclass(frozen=True, slots=True)
class Filler:
    """How a template is filled: which alternative, whether an option, what in a slot."""

    choose: Callable[[list[str]], str]
    include: Callable[[], bool]
    slot: Callable[[str], str]


def fill(form: Form, language: str, name: str, filler: Filler) -> str:
    """A message that follows `form`, with the placeholders filled by `filler`."""
    usage = form.usage(language)
    for example, placeholder in _EXAMPLES.items():
        usage = usage.replace(example, placeholder)
    usage = re.sub(r"(\w+):@?…", r"\1:<\1>", usage)  # `rolle:…`, `matrix:@…`
    pieces = [_expand(p, filler) for p in _PIECE.findall(usage)[1:]]
    return f"!{name} " + " ".join(pieces)


def _expand(piece: str, filler: Filler) -> str:
    if piece.startswith("["):
        if not filler.include():
            return ""
        inner = piece[1:-1]
        if not set(inner) & set("<|:#@…"):  # `[datum]`, `[link oder ort]`: a bare placeholder
            return filler.slot(f"<{inner}>")
        return " ".join(_expand(p, filler) for p in _PIECE.findall(inner))
    if piece in ("…", "|"):
        return ""
    if "|" in piece and not piece.startswith("<"):  # `alle|#<thema>`, `ja|nein|vielleicht`
        return _expand(filler.choose(piece.split("|")), filler)
    if _PLACEHOLDER.search(piece):
        return _PLACEHOLDER.sub(lambda match: filler.slot(match.group()), piece)
    return piece


@st.composite
def command_lines(draw: st.DrawFn, form: Form) -> tuple[str, str]:
    """A network language and a message following `form`, with hostile text in it."""
    language = draw(st.sampled_from(LANGUAGES))
    name = draw(st.sampled_from(form.command.names))
    name = draw(st.sampled_from((name, name.upper(), name.title())))
    filler = Filler(
        choose=lambda options: draw(st.sampled_from(options)),
        include=lambda: draw(st.booleans()),
        slot=lambda placeholder: draw(slot(placeholder)),
    )
    tail = draw(st.one_of(st.just(""), st.just(""), SHORT, HOSTILE))
    return language, fill(form, language, name, filler) + " " + tail


async def seed(session, make_ctx, lippe: NetworkRecord) -> None:
    """A network with something in every table a command reads or writes."""
    routed = await route(
        invocation("!treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org/ikz"),
        make_ctx(lippe, moderator=True),
        REGISTRY,
    )
    assert routed is not None and routed.keep_changes
    for line in ("!agenda neu Serviceportal 20 min", f"!agenda neu {STORED}"):
        assert (await route(invocation(line, sender=ERIKA), make_ctx(lippe), REGISTRY)).keep_changes
    past = await add_meetup(session, lippe, datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN))
    await answer(session, past, ERIKA, "yes")
    await answer(session, past, MAX, "no")
    await decisions.add_decision(
        session,
        network_id=lippe.id,
        meetup_id=past.id,
        text=STORED,
        author=ERIKA,
        created_at=NOW - timedelta(days=12),
    )
    package = await add_package(session, lippe, owners=[ERIKA, MAX], topics=["ozg"])
    await add_package(session, lippe, STORED, owners=[MAX])
    await add_item(session, lippe, owner=ERIKA, work_package_id=package.id, topics=("ozg",))
    await add_item(session, lippe, STORED, owner=MAX, due_on=date(2026, 11, 1))
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA, role=STORED)
    await add_contact(session, lippe, "Max Mustermann", "Detmold", matrix_id=MAX, phone="05231 1")
    await subscriptions.issue(session, lippe.id, MAX, subscriptions.CALENDAR, at=NOW)
    await session.commit()


def _table_text(table: Table) -> ScalarSelect:
    """All rows of `table` as one text, in key order (one subquery, any backend)."""
    cells = [func.coalesce(cast(column, String), "∅") for column in table.columns]
    row = reduce(lambda left, right: left + " | " + right, cells).label("row")
    ordered = select(row).order_by(*table.primary_key.columns).subquery()
    return select(func.aggregate_strings(ordered.c.row, "\n")).scalar_subquery()


_SNAPSHOT = select(
    *(
        _table_text(table).label(table.name)
        for table in Base.metadata.sorted_tables
        if table.name not in PIPELINE_TABLES
    )
)
"""Every row of every table the commands may write, in one query (it runs per example)."""


async def snapshot(conn: AsyncConnection) -> Snapshot:
    """The contents of every table the commands may write, by table name."""
    return dict((await conn.execute(_SNAPSHOT)).one()._mapping)


class _Tags(HTMLParser):
    """The tags, link targets and text of an HTML body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.hrefs.extend(value or "" for name, value in attrs if name == "href")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_content(content: dict) -> None:
    """Property 3 for one stored Matrix content."""
    mentions = content.get("m.mentions", {})
    assert "room" not in mentions
    assert len(json.dumps(content, ensure_ascii=False).encode()) < MAX_CONTENT_BYTES
    body = content["body"]
    assert body and not _PING.search(body)
    if content["msgtype"] == "m.file":
        return
    if content["msgtype"] == "m.notice":  # an answer pings nobody (DESIGN.md invariant 13)
        assert not mentions
    html = content["formatted_body"]
    assert body not in _CRASH
    assert len(body) <= MAX_BODY_CHARS
    parsed = _Tags()
    parsed.feed(html)
    parsed.close()
    assert not _PING.search("".join(parsed.text))  # a pill's link to @room:server is a user
    assert parsed.tags <= _TAGS, f"markup from the input: {parsed.tags - _TAGS}"
    assert all(h.startswith(("https://matrix.to/#/", "https://", "http://")) for h in parsed.hrefs)
    assert set(mentions.get("user_ids", [])) <= set(_PILL.findall(html))


@contextmanager
def crash_log() -> Iterator[list[logging.LogRecord]]:
    """Collect what the router and the pipeline log as errors."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    loggers = [logging.getLogger(name) for name in ("commands.router", "bot.pipeline")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


async def run_once(
    engine: AsyncEngine, inv: Invocation, standing: Standing, before: Snapshot
) -> bool:
    """Handle `inv` through the pipeline in a transaction that is rolled back, and check it;
    True if the pipeline kept the handler's changes."""
    async with engine.connect() as conn:
        await conn.begin()
        if conn.dialect.name == "sqlite":  # its driver defers BEGIN; savepoints need one
            await conn.exec_driver_sql("BEGIN")
        sessions = async_sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        kept: list[bool] = []
        pipeline = CommandPipeline(
            sessions,
            REGISTRY,
            prefix="!",
            catch_up=timedelta(minutes=10),
            now=lambda: NOW,
            on_change=lambda change: kept.append(True),
        )
        with crash_log() as errors:
            handled = await pipeline.handle(inv, standing)
        assert not errors, errors[0].getMessage()
        assert handled
        key = f"reply:{inv.room_id}:{inv.event_id}"
        mine = (Delivery.key == key) | Delivery.key.startswith(key + ":")
        stored = await conn.execute(select(Delivery.content).where(mine).order_by(Delivery.key))
        contents = [row.content for row in stored]
        assert contents and contents[0]["msgtype"] in ("m.notice", "m.text")
        for content in contents:
            check_content(content)
        if not kept:
            assert await snapshot(conn) == before, f"refused, yet changed: {inv.text[:200]!r}"
        await conn.rollback()
    return bool(kept)


@pytest.fixture
async def seeded(engine, session, make_ctx, lippe) -> Seeded:
    """The seeded network and every row it has; each example starts from exactly this."""
    await seed(session, make_ctx, lippe)
    async with engine.connect() as conn:
        return lippe, await snapshot(conn)


async def send(engine: AsyncEngine, seeded: Seeded, line: str, language: str, role: str) -> bool:
    """Send `line` as Erika in the given role, in a network speaking `language`, and check."""
    lippe, before = seeded
    network = None if role == "outsider" else replace(lippe, language=language)
    room = {"outsider": "!elsewhere:localhost", "direct": "!dm:localhost"}.get(role, lippe.room_id)
    inv = replace(
        invocation(line, sender=ERIKA, room_id=room),
        event_id=f"$fuzz{next(_EVENT_IDS)}",
        is_direct=role == "direct",
    )
    return await run_once(engine, inv, Standing(network, is_moderator=role == "moderator"), before)


@settings(
    max_examples=EXAMPLES_PER_COMMAND * len(list(REGISTRY)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(form=ANY_FORM, data=st.data(), role=st.sampled_from(ROLES))
async def test_hostile_input_in_any_usage_form(engine, seeded, form, data, role):
    """Hostile text in any usage form: a clean reply, no change if refused, no markup, no ping."""
    language, line = data.draw(command_lines(form), label="line")
    kept = await send(engine, seeded, line, language, role)
    event(f"{form.command.name}: {'kept' if kept else 'refused'}")  # --hypothesis-show-statistics


async def test_every_usage_form_in_both_languages_and_roles(engine, seeded):
    """Every form runs in both languages as member and as moderator, with hostile text in
    each slot; the alternatives of a choice (`ja|nein|vielleicht`) take turns."""
    runs = product(FORMS, LANGUAGES, ("member", "moderator"))
    for k, (form, language, role) in enumerate(runs):
        filler = Filler(
            choose=lambda options, k=k: options[k % len(options)],
            include=lambda: True,
            slot=lambda _: SWEEP,
        )
        line = fill(form, language, form.command.display_name(language), filler)
        await send(engine, seeded, line, language, role)


def test_every_command_has_paired_usage_forms():
    """The templates are read by position, so both languages list the same number of forms."""
    for command in REGISTRY.commands():
        assert len(command.usage_lines("de")) == len(command.usage_lines("en")), command.name


# --- the harness itself -------------------------------------------------------------------


async def test_each_example_starts_from_the_seeded_network(engine, seeded):
    """A kept change is rolled back after the example, so the next one sees the seed again."""
    assert await send(engine, seeded, "!agenda neu Neues Thema", "de", "member")
    assert await send(engine, seeded, '!ap neu "Neues Paket"', "de", "member")
    async with engine.connect() as conn:
        assert await snapshot(conn) == seeded[1]


async def test_the_seed_has_rows_in_every_table_the_commands_read(seeded):
    """Without seeded rows the fuzz would only ever see "not found"."""
    empty = {name for name, rows in seeded[1].items() if not rows}
    # direct_chat_networks: read only in direct chats of people in several networks
    allowed = {"bot_state", "post_settings", "contact_changes", "action_changes"}
    assert empty <= allowed | {"direct_chat_networks"}


@pytest.mark.parametrize(
    "content",
    [
        {"msgtype": "m.notice", "body": "x", "formatted_body": "x", "m.mentions": {"room": True}},
        {"msgtype": "m.notice", "body": "@room", "formatted_body": "x", "m.mentions": {}},
        {"msgtype": "m.notice", "body": "x", "formatted_body": "<p>&#64;room</p>"},
        {"msgtype": "m.notice", "body": "x", "formatted_body": "<b>x</b>", "m.mentions": {}},
        {"msgtype": "m.notice", "body": "x", "formatted_body": '<a href="javascript:x">'},
        {
            "msgtype": "m.notice",
            "body": "x",
            "formatted_body": "<p>x</p>",
            "m.mentions": {"user_ids": ["@max:lippe.de"]},
        },
        {"msgtype": "m.notice", "body": "x" * 70_000, "formatted_body": "x"},
        {
            "msgtype": "m.notice",
            "body": "x",
            "formatted_body": '<a href="https://matrix.to/#/@max:lippe.de">x</a>',
            "m.mentions": {"user_ids": ["@max:lippe.de"]},
        },
    ],
)
def test_the_content_check_catches_each_leak(content):
    """Each property of the stored content is really checked (no silent pass)."""
    with pytest.raises(AssertionError):
        check_content(content)


def test_a_pill_for_a_user_called_room_is_no_room_ping():
    """`@room:server` is a user id; its pill links to it, while the text stays defused."""
    check_content(
        {
            "msgtype": "m.text",  # a hand-over to that user: meant to reach them
            "body": "bei @\u2060room:lippe.de",
            "formatted_body": '<p>bei <a href="https://matrix.to/#/@room:lippe.de">'
            "@\u2060room:lippe.de</a></p>",
            "m.mentions": {"user_ids": ["@room:lippe.de"]},
        }
    )
