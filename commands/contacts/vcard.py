"""Contact entries as a vCard file for Outlook, Thunderbird and phones.

vCard 3.0 (RFC 2426), because Outlook, the mail client of most town halls, imports 3.0
reliably and 4.0 only in part. Text is escaped and lines are folded as RFC 6350 §3.2/§3.4
describe (the rules are the same in 3.0): backslash, comma, semicolon and newline escaped,
lines longer than 75 octets folded without splitting a UTF-8 character, CRLF line ends.
Written by hand: no vCard library is a dependency, and the format needed here is small.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC

from commands.catalogue import t
from storage.records import ContactRecord

MIMETYPE = "text/vcard"
_NAMESPACE = uuid.UUID("5d0c3f58-7a0e-4c4e-9b1e-2f4b8e1c6a11")
"""Fixed, so an entry keeps its UID across exports and a re-import updates, not duplicates."""

_MAX_OCTETS = 75


def escape(text: str) -> str:
    """A TEXT value: `\\`, `,`, `;` and line breaks escaped (RFC 6350 §3.4)."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 6350 §3.2)."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = _MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, _MAX_OCTETS - 1  # continuation lines start with " "
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def card(record: ContactRecord, language: str) -> str:
    """One entry as a vCard; entries without a name are drafts and are not exported."""
    if record.name is None:
        raise ValueError("a draft without a name has no vCard")
    given, _, family = record.name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:urn:uuid:{uuid.uuid5(_NAMESPACE, f'{record.network_id}/{record.id}')}",
        f"FN:{escape(record.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    if record.municipality:
        lines.append(f"ORG:{escape(record.municipality)}")
    if record.role:
        lines.append(f"TITLE:{escape(record.role)}")
    if record.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(record.email)}")
    if record.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(record.phone)}")
    if record.matrix_id:
        lines.append(f"IMPP:matrix:u/{escape(record.matrix_id.removeprefix('@'))}")
    if record.topics:
        lines.append("CATEGORIES:" + ",".join(escape(topic) for topic in record.topics))
    if record.deputy:
        label = t(language, "contacts.label.deputy")
        lines.append(f"NOTE:{escape(f'{label}: {record.deputy}')}")
    stamp = record.updated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines += [f"REV:{stamp}", "END:VCARD"]
    return "".join(fold_line(line) + "\r\n" for line in lines)


def vcard_file(records: Iterable[ContactRecord], language: str) -> bytes:
    """Several vCards in one file, UTF-8; complete entries only; notes in `language`."""
    cards = (card(record, language) for record in records if record.name)
    return "".join(cards).encode("utf-8")


def filename(label: str) -> str:
    """`kontakt-erika-musterfrau.vcf`: ASCII, so every mail client keeps the name."""
    folded = label.casefold().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "kontakte"
    return f"{slug}.vcf"
