"""The fields of a contact entry: their words in both languages, and checking typed values.

Used by the chat commands and by the CSV import alike, so a value the chat refuses is refused
in a file, too. Problems are raised as `CommandError`s whose key names a catalogue text that
says what is wrong without an example; the caller adds the example that fits (a chat command
or a CSV cell).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from commands.errors import CommandError
from commands.parsing.fuzzy import allowed_typos, compact, distance
from commands.parsing.text import fold
from storage.records import MunicipalityRecord

MAX_VALUE_CHARS = 200
"""One field's value; a directory entry, not a CV."""

MAX_TOPICS = 20

FIELD_WORDS: Mapping[str, Mapping[str, str]] = {
    "name": {"de": "name", "en": "name"},
    "role": {"de": "rolle", "en": "role"},
    "municipality": {"de": "kommune", "en": "municipality"},
    "email": {"de": "email", "en": "email"},
    "phone": {"de": "telefon", "en": "phone"},
    "topics": {"de": "themen", "en": "topics"},
    "deputy": {"de": "vertretung", "en": "deputy"},
    "matrix": {"de": "matrix", "en": "matrix"},
}
"""Each field's canonical word per language, in the order entries show them."""

_EXTRA_WORDS = {
    "e-mail": "email",
    "mail": "email",
    "tel": "phone",
    "telefonnummer": "phone",
    "funktion": "role",
    "thema": "topics",
    "topic": "topics",
    "gemeinde": "municipality",
    "stadt": "municipality",
    "stellvertretung": "deputy",
    "vertreter": "deputy",
    "vertreterin": "deputy",
    "matrix-id": "matrix",
    "matrixid": "matrix",
}

FIELDS: Mapping[str, str] = {
    **{fold(word): field for field, words in FIELD_WORDS.items() for word in words.values()},
    **{fold(word): field for word, field in _EXTRA_WORDS.items()},
}
"""Typed word (folded) → field."""

SELF_FIELDS = tuple(field for field in FIELD_WORDS if field != "matrix")
"""What members set on their own entry; their Matrix id is the one they write from."""

COLUMNS = {
    "name": "name",
    "municipality": "municipality_id",
    "role": "role",
    "email": "email",
    "phone": "phone",
    "topics": "topics",
    "deputy": "deputy",
    "matrix": "matrix_id",
}
"""Field → storage column."""

_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}"
)
_MATRIX_ID = re.compile(r"@[A-Za-z0-9._=\-/+]+:[A-Za-z0-9.\-]+(?::[0-9]{1,5})?")
_PHONE_CHARS = re.compile(r"[0-9 +/()\-.]+")
_TRUNK = re.compile(r"\(\s*0\s*\)")
_AREA_SPLIT = re.compile(r"\s*/\s*|\s+|\(|\)\s*")
_TOPIC_SPLIT = re.compile(r"[,;]")


_PAIR_KEY = re.compile(
    r"(?:^|(?<=\s))(" + "|".join(sorted(map(re.escape, FIELDS), key=len, reverse=True)) + r")\s*:",
    re.IGNORECASE,
)
"""`<feld>:` at the start of a word; the field words are ASCII, so folding is lower-casing."""


def field_of(word: str) -> str | None:
    """The field a typed word stands for, in either language (`Telefon`, `phone`, `e-mail`)."""
    return FIELDS.get(fold(word).rstrip(":"))


def field_word(field: str, language: str) -> str:
    """The word for `field` in commands of `language`."""
    return FIELD_WORDS[field]["en" if language == "en" else "de"]


def clean(field: str, raw: str) -> Any:
    """The value to store for `field`, or None to clear it; CommandError if it is not valid.

    Municipalities are resolved separately (`match_municipality`), they need the network.
    """
    text = " ".join(raw.split())
    if len(text) > MAX_VALUE_CHARS:
        raise CommandError("contacts.too_long", length=len(text), limit=MAX_VALUE_CHARS)
    if text in ("", "-", "–"):
        if field in ("name", "municipality"):
            raise CommandError("contacts.required")
        return () if field == "topics" else None
    match field:
        case "name":
            if not any(char.isalpha() for char in text):
                raise CommandError("contacts.bad_name", value=text)
            return text
        case "email":
            return clean_email(text)
        case "phone":
            return clean_phone(text)
        case "matrix":
            return clean_matrix_id(text)
        case "topics":
            return clean_topics(text)
        case "deputy":
            return clean_matrix_id(text) if text.startswith("@") else text
        case "role":
            return text
    raise ValueError(f"no such field: {field!r}")


def clean_email(text: str) -> str:
    """An address as people copy it (`mailto:`, `<…>` removed), with a lower-case domain."""
    address = text.removeprefix("mailto:").strip("<> ")
    if not _EMAIL.fullmatch(address) or ".." in address:
        raise CommandError("contacts.bad_email", value=text)
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def clean_matrix_id(text: str) -> str:
    """A full Matrix id, `@name:server`."""
    if not _MATRIX_ID.fullmatch(text):
        raise CommandError("contacts.bad_matrix_id", value=text)
    return text


def clean_topics(text: str) -> tuple[str, ...]:
    """Comma- or semicolon-separated topics, without doubles (ignoring case)."""
    topics: dict[str, str] = {}
    for part in _TOPIC_SPLIT.split(text):
        topic = part.strip()
        if topic:
            topics.setdefault(topic.casefold(), topic)
    if len(topics) > MAX_TOPICS:
        raise CommandError("contacts.too_many_topics", count=len(topics), limit=MAX_TOPICS)
    return tuple(topics.values())


def clean_phone(text: str) -> str:
    """A German or international number in one display form.

    `05231/1234-56` → `05231 1234-56`, `+49 (0) 5231 1234` → `+49 5231 1234`,
    `0049 5231 1234` → `+49 5231 1234`: the area code is kept apart, a hyphen only marks an
    extension. Without separators the digits stay together (the area code is unknown).
    """
    if not _PHONE_CHARS.fullmatch(text):
        raise CommandError("contacts.bad_phone", value=text)
    number = _TRUNK.sub(" ", text).replace(".", " ").strip()
    country = ""
    if number.startswith("+") or number.startswith("00"):
        rest = number[1:] if number.startswith("+") else number[2:]
        match = re.match(r"\s*(49|[1-9][0-9]{0,2})(?=[\s/(-]|$)|\s*(49)", rest)
        if match is None:
            raise CommandError("contacts.bad_phone", value=text)
        country = "+" + (match.group(1) or match.group(2))
        number = rest[match.end() :].strip(" -/")
    elif not number.lstrip("(").startswith("0"):
        raise CommandError("contacts.bad_phone", value=text)
    if "+" in number:
        raise CommandError("contacts.bad_phone", value=text)
    area, subscriber = _split_area(number, international=bool(country))
    digits = re.sub(r"\D", "", area + subscriber)
    extension = subscriber.rsplit("-", 1)[1] if "-" in subscriber else ""
    if not 5 <= len(digits) <= 15 or len(extension) > 5 or (extension == "" and "-" in subscriber):
        raise CommandError("contacts.bad_phone", value=text)
    if country and area.startswith("0"):
        raise CommandError("contacts.bad_phone", value=text)
    main = re.sub(r"\D", "", subscriber.rsplit("-", 1)[0] if extension else subscriber)
    shown = " ".join(part for part in (country, area, main) if part)
    return f"{shown}-{extension}" if extension else shown


def _split_area(number: str, *, international: bool) -> tuple[str, str]:
    """(area code, rest): what stands before a `/`, else before the first space or `)`."""
    if "/" in number:
        head, _, tail = number.partition("/")
        parts = [re.sub(r"\D", "", head), tail]
    else:
        parts = [part for part in _AREA_SPLIT.split(number.lstrip("("), maxsplit=1) if part]
    if len(parts) == 2 and parts[0].isdigit() and len(parts[0]) >= 2:
        return parts[0], _one_extension(parts[1])
    joined = re.sub(r"[\s/()]", "", number)
    head, _, tail = joined.partition("-")
    if tail and "-" not in tail and (international or head.startswith("0")) and 2 <= len(head) <= 6:
        return head, tail  # `0171-1234567`: the hyphen separates the area code
    return "", _one_extension(joined)


def _one_extension(text: str) -> str:
    """Digits with at most the last hyphen kept (`1234-56`); inner hyphens are grouping."""
    compacted = re.sub(r"[\s/()]", "", text)
    if compacted.count("-") <= 1:
        return compacted
    head, _, tail = compacted.rpartition("-")
    return head.replace("-", "") + "-" + tail


def phone_uri(phone: str) -> str:
    """`tel:+49-5231-1234-56` for a vCard: international, as RFC 3966 wants it."""
    number = phone
    if number.startswith("0"):
        number = "+49 " + number[1:]
    digits = re.sub(r"[^\d+ -]", "", number).strip()
    return "tel:" + re.sub(r"[ ]+", "-", digits)


def match_municipality(
    text: str, municipalities: Sequence[MunicipalityRecord]
) -> MunicipalityRecord:
    """The network's municipality meant by `text` (`horn bad meinberg`, `Lemgoo`, `Kreis`).

    Exact (folded, without separators) first, then a unique start, a unique part, a unique
    typo. CommandError listing the municipalities when nothing or several fit.
    """
    typed = compact(text)
    names = ", ".join(m.name for m in municipalities)
    if not typed:
        raise CommandError("contacts.unknown_municipality", value=text, names=names)
    keyed = [(compact(m.name), m) for m in municipalities]
    limit = allowed_typos(len(typed))
    tests = (
        lambda key: key == typed,
        lambda key: key.startswith(typed) and len(typed) >= 3,
        lambda key: typed in key and len(typed) >= 4,
        lambda key: limit > 0 and distance(typed, key, limit) <= limit,
    )
    for test in tests:
        found = [m for key, m in keyed if test(key)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CommandError(
                "contacts.ambiguous_municipality",
                value=text,
                names=", ".join(m.name for m in found),
            )
    raise CommandError("contacts.unknown_municipality", value=text, names=names)


def parse_pairs(text: str) -> dict[str, str]:
    """`kommune:Lemgo rolle:CDO der Stadt` → {"municipality": "Lemgo", "role": "CDO der Stadt"}.

    A value runs to the next `<feld>:`; an unknown `wort:` is part of the value (URLs, Matrix
    ids). CommandError for a field given twice or for text before the first field.
    """
    matches = list(_PAIR_KEY.finditer(text))
    pairs: dict[str, str] = {}
    if not matches and text.strip():
        raise CommandError("contacts.pairs_expected", text=text.strip())
    if matches and text[: matches[0].start()].strip():
        raise CommandError("contacts.pairs_expected", text=text[: matches[0].start()].strip())
    for index, match in enumerate(matches):
        field = FIELDS[match.group(1).lower()]
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        if field in pairs:
            raise CommandError("contacts.field_twice", field=match.group(1))
        pairs[field] = text[match.end() : end].strip()
    return pairs
