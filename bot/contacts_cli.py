"""`ikz-bot contacts import|export`: the contact directory as a CSV file, without Matrix.

Operators keep lists in Excel. So the import reads what German offices save: UTF-8 with or
without BOM, or Windows-1252 ("CSV (Trennzeichen-getrennt)"), separated by `;` or `,`, with
German or English column names. Every row is checked with the same rules as the chat
commands; all problems are reported with their line numbers, and nothing is imported while
any row is invalid (unless --skip-invalid). A row updates the entry of the same person
(same Matrix id, else e-mail, else name and municipality) instead of adding a second one;
only the columns the file has are written.

The export writes UTF-8 with BOM and `;`, which Excel opens correctly by double-click. Cells
that start with = + - @ get a leading apostrophe so Excel shows them as text and never runs
them as a formula (CSV injection); the import removes it again.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config, NetworkConfig
from bot.networks import store_network
from commands.catalogue import t
from commands.contacts.fields import COLUMNS, clean, field_of, match_municipality
from commands.errors import CommandError
from commands.parsing.fuzzy import compact
from storage import contacts, networks
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.records import ContactRecord, MunicipalityRecord, NetworkRecord

EXPORT_HEADERS = {
    "de": ("Name", "Kommune", "Rolle", "E-Mail", "Telefon", "Matrix", "Themen", "Vertretung"),
    "en": ("Name", "Municipality", "Role", "E-mail", "Phone", "Matrix", "Topics", "Deputy"),
}
EXPORT_FIELDS = ("name", "municipality", "role", "email", "phone", "matrix", "topics", "deputy")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def add_parser(sub: Any, *, default_config: str, config_help: str) -> None:
    """The `contacts` command group with `import` and `export`."""
    group = sub.add_parser("contacts", help="import or export a network's contact directory (CSV)")
    actions = group.add_subparsers(dest="contacts_action", required=True)
    load = actions.add_parser(
        "import", help="add or update contacts from a CSV file (UTF-8 or Windows-1252, ; or ,)"
    )
    load.add_argument("file", type=Path, help="the CSV file, e.g. kontakte.csv")
    load.add_argument("--network", required=True, help="the network's key in the config")
    load.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows even if others are invalid (they are reported)",
    )
    load.add_argument("--config", default=default_config, help=config_help)
    save = actions.add_parser("export", help="write the directory as CSV (UTF-8 with BOM, ;)")
    save.add_argument("--network", required=True, help="the network's key in the config")
    save.add_argument("--output", type=Path, help="file to write (default: standard output)")
    save.add_argument("--config", default=default_config, help=config_help)


def run(args: argparse.Namespace, config: Config) -> int:
    """Run `contacts import` or `contacts export`; 0 ok, 2 invalid input.

    Files are read and written here, outside the event loop; the database work is async.
    """
    network = config.network_by_key(args.network)
    if network is None:
        known = ", ".join(n.key for n in config.networks)
        message = t("de", "contacts.cli.unknown_network", network=args.network, known=known)
        print(message, file=sys.stderr)
        return 2
    lang = network.language if network.language in EXPORT_HEADERS else "de"
    if args.contacts_action == "import":
        text = _read_text(args.file, lang)
        if text is None:
            return 2
        return asyncio.run(
            import_text(config, network, text, source=args.file, skip_invalid=args.skip_invalid)
        )
    records = asyncio.run(load_directory(config, network))
    data = export_bytes(records, lang)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.output.write_bytes(data)
        print(
            t(lang, "contacts.cli.exported", count=len(records), path=args.output), file=sys.stderr
        )
    return 0


def _read_text(path: Path, lang: str) -> str | None:
    """The file's text, or None after saying on stderr why it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as err:
        print(t(lang, "contacts.cli.unreadable", path=path, error=err.strerror), file=sys.stderr)
        return None
    text = decode(data)
    if text is None:
        print(t(lang, "contacts.cli.not_text", path=path), file=sys.stderr)
    elif not text.strip():
        print(t(lang, "contacts.cli.empty", path=path), file=sys.stderr)
        return None
    return text


# --- reading the file ---------------------------------------------------------------------


@dataclass
class Row:
    """One data row of the file: its first line number and the typed values by field."""

    line: int
    values: dict[str, str]


@dataclass
class Checked:
    """A valid row: storage columns and values, ready to write."""

    line: int
    changes: dict[str, Any]


@dataclass
class Report:
    """What reading and checking the file found."""

    rows: list[Checked] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    header_broken: bool = False


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or Windows-1252; None if it is neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def separator(header_line: str) -> str:
    """`;` (German Excel), `,` or tab: whichever the header line has most of."""
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ";"))


def read_rows(text: str, lang: str, report: Report) -> list[Row]:
    """The data rows by field; problems of the header and of row shapes go to `report`."""
    header_line = text.splitlines()[0] if text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(header_line))
    header = next(reader, [])
    fields: list[str] = []
    for column in header:
        name = " ".join(column.split())
        found = field_of(name.replace(" ", "-"))
        if found is None:
            columns = ", ".join(EXPORT_HEADERS[lang])
            report.problems.append(
                t(lang, "contacts.cli.unknown_column", column=name, columns=columns)
            )
        elif found in fields:
            report.problems.append(t(lang, "contacts.cli.twice_column", column=name))
        fields.append(found or "")
    for required in ("name", "municipality"):
        if required not in fields:
            column = EXPORT_HEADERS[lang][EXPORT_FIELDS.index(required)]
            report.problems.append(t(lang, "contacts.cli.missing_column", column=column))
    report.header_broken = bool(report.problems)
    rows: list[Row] = []
    line = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            if len(cells) > len(fields) and any(c.strip() for c in cells[len(fields) :]):
                problem = t(lang, "contacts.cli.too_many_cells")
                report.problems.append(t(lang, "contacts.cli.line", line=line, problem=problem))
                report.bad_lines.add(line)
            values = {f: _unguard(cell) for f, cell in zip(fields, cells, strict=False) if f}
            rows.append(Row(line, values))
        line = reader.line_num + 1
    return rows


def check_rows(
    rows: Sequence[Row], municipalities: Sequence[MunicipalityRecord], lang: str, report: Report
) -> None:
    """Check every cell of every row; valid rows go to report.rows, problems with lines."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        changes: dict[str, Any] = {}
        problems: list[str] = []
        for name, raw in row.values.items():
            try:
                if name == "municipality":
                    if not raw.strip():
                        raise CommandError("contacts.required")
                    value: Any = match_municipality(raw, municipalities).id
                else:
                    value = clean(name, raw)
            except CommandError as err:
                column = t(lang, f"contacts.label.{name}")
                text = t(lang, err.key, **err.params)
                problems.append(t(lang, "contacts.cli.cell", column=column, problem=text))
                continue
            changes[COLUMNS[name]] = value
        if not problems:
            for key in _identities(changes):
                if key in seen:
                    other = seen[key]
                    problems.append(t(lang, "contacts.cli.same_person", other=other))
                    break
            for key in _identities(changes):
                seen.setdefault(key, row.line)
        for problem in problems:
            report.problems.append(t(lang, "contacts.cli.line", line=row.line, problem=problem))
        if problems:
            report.bad_lines.add(row.line)
        elif row.line not in report.bad_lines:
            report.rows.append(Checked(row.line, changes))


def _identities(changes: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys that say two rows are the same person: Matrix id, e-mail, name + municipality."""
    keys: list[tuple[str, str]] = []
    if changes.get("matrix_id"):
        keys.append(("matrix", changes["matrix_id"].casefold()))
    if changes.get("email"):
        keys.append(("email", changes["email"].casefold()))
    if changes.get("name") and changes.get("municipality_id"):
        keys.append(("name", f"{compact(changes['name'])}/{changes['municipality_id']}"))
    return keys


def _unguard(cell: str) -> str:
    """Undo the export's formula guard: `'+49 …` → `+49 …`."""
    if cell.startswith("'") and cell[1:2] in _FORMULA_START and cell[1:2]:
        return cell[1:]
    return cell


def _guard(cell: str) -> str:
    """A cell Excel shows as text: a leading apostrophe before = + - @ (CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


# --- writing ------------------------------------------------------------------------------


async def import_text(
    config: Config, network: NetworkConfig, text: str, *, source: Path, skip_invalid: bool
) -> int:
    """Check the whole file, then write all rows in one transaction (or none)."""
    lang = network.language if network.language in EXPORT_HEADERS else "de"
    report = Report()
    try:
        async with _network_session(config, network) as (session, record):
            municipalities = await networks.list_municipalities(session, record.id)
            rows = read_rows(text, lang, report)
            if not report.header_broken:
                check_rows(rows, municipalities, lang, report)
            for problem in report.problems:
                print(problem, file=sys.stderr)
            if report.header_broken or (report.problems and not skip_invalid):
                count = len(report.problems)
                print(t(lang, "contacts.cli.problems", path=source, count=count), file=sys.stderr)
                raise _NothingImported
            if report.bad_lines:
                print(t(lang, "contacts.cli.skipped", count=len(report.bad_lines)), file=sys.stderr)
            created, updated, unchanged = await _write(session, record, report.rows)
    except _NothingImported:
        return 2
    done = t(
        lang,
        "contacts.cli.imported",
        path=source,
        created=created,
        updated=updated,
        unchanged=unchanged,
        network=network.key,
    )
    print(done)
    return 0


class _NothingImported(Exception):
    """Leaves the transaction so that it rolls back: the file had problems."""


async def _write(
    session: AsyncSession, network: NetworkRecord, rows: Sequence[Checked]
) -> tuple[int, int, int]:
    """Create or update each row's entry; (created, updated, unchanged)."""
    now = datetime.now(UTC)
    existing = await _existing(session, network.id)
    created = updated = unchanged = 0
    for row in rows:
        match = _match(existing, row.changes)
        if match is None:
            record = await contacts.create(
                session,
                network_id=network.id,
                values=row.changes,
                changed_by=contacts.IMPORT,
                at=now,
            )
            created += 1
        else:
            record = await contacts.update(
                session, network.id, match.id, row.changes, changed_by=contacts.IMPORT, at=now
            )
            if record == match:
                unchanged += 1
            else:
                updated += 1
        for key in _identities(_changes_of(record)):
            existing[key] = record
    return created, updated, unchanged


async def _existing(session: AsyncSession, network_id: int) -> dict[tuple[str, str], ContactRecord]:
    """The network's entries by every identity key, for matching rows."""
    found: dict[tuple[str, str], ContactRecord] = {}
    for record in await contacts.directory(session, network_id):
        for key in _identities(_changes_of(record)):
            found.setdefault(key, record)
    return found


def _changes_of(record: ContactRecord) -> dict[str, Any]:
    return {
        "matrix_id": record.matrix_id,
        "email": record.email,
        "name": record.name,
        "municipality_id": record.municipality_id,
    }


def _match(
    existing: dict[tuple[str, str], ContactRecord], changes: dict[str, Any]
) -> ContactRecord | None:
    """The entry a row describes: same Matrix id, else same e-mail, else name + municipality.

    A row with a Matrix id never takes over an entry that has a different one.
    """
    for key in _identities(changes):
        record = existing.get(key)
        if record is None:
            continue
        row_id, entry_id = changes.get("matrix_id"), record.matrix_id
        if row_id and entry_id and row_id.casefold() != entry_id.casefold():
            continue
        return record
    return None


@asynccontextmanager
async def _network_session(
    config: Config, network: NetworkConfig
) -> AsyncIterator[tuple[AsyncSession, NetworkRecord]]:
    """A transaction on the upgraded database with the network stored as the bot would store
    it at start, so the CLI works before the first run."""
    engine = create_engine(config.bot.database_url)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session, session.begin():
            record, _ = await store_network(session, network)
            yield session, record
    finally:
        await engine.dispose()


async def load_directory(config: Config, network: NetworkConfig) -> list[ContactRecord]:
    """All complete entries of the network, for the export."""
    async with _network_session(config, network) as (session, record):
        return await contacts.directory(session, record.id)


def export_bytes(records: Sequence[ContactRecord], lang: str) -> bytes:
    """The CSV file's bytes (BOM included)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS[lang])
    for record in records:
        cells = (
            record.name or "",
            record.municipality or "",
            record.role or "",
            record.email or "",
            record.phone or "",
            record.matrix_id or "",
            ", ".join(record.topics),
            record.deputy or "",
        )
        writer.writerow([_guard(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")
