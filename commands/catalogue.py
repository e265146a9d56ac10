"""Everything the bot says, in German and English, looked up by key.

German is the default; a network set to `language = "en"` gets English. Each command family
keeps its texts in `commands/texts/<family>.py` (tables `DE` and `EN`); this module merges
them and refuses a key defined twice. Both languages must have the same keys and
placeholders (tests/commands/test_catalogue.py checks it).

A text that counts something is a `texts.Plural`, picked by the `count` placeholder.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType

from commands.texts import (
    Plural,
    Text,
    actions,
    agenda,
    contacts,
    core,
    dates,
    encryption,
    flood,
    links,
    meetup_common,
    meetups,
    minutes,
    rsvp,
    workpackages,
)

DEFAULT_LANGUAGE = "de"
FAMILIES: tuple[ModuleType, ...] = (
    core,
    dates,
    encryption,
    flood,
    meetup_common,
    agenda,
    rsvp,
    minutes,
    meetups,
    actions,
    workpackages,
    contacts,
    links,
)


def _merge(language: str) -> dict[str, Text]:
    merged: dict[str, Text] = {}
    for family in FAMILIES:
        table: Mapping[str, Text] = getattr(family, language.upper())
        clash = merged.keys() & table.keys()
        if clash:
            raise ValueError(f"message keys defined twice: {sorted(clash)}")
        merged.update(table)
    return merged


MESSAGES: Mapping[str, Mapping[str, Text]] = {lang: _merge(lang) for lang in ("de", "en")}


def language_or_default(language: str | None) -> str:
    """Fall back to German for unknown or missing languages."""
    return language if language in MESSAGES else DEFAULT_LANGUAGE


def t(language: str, key: str, **params: object) -> str:
    """The message `key` in `language`, with `params` filled in (a `Plural` by `count`)."""
    text = MESSAGES[language_or_default(language)][key]
    if isinstance(text, Plural):
        count = params["count"]
        if not isinstance(count, int):
            raise TypeError(f"{key} counts something, so its count must be an int")
        text = text.form(count)
    return text.format(**params)
