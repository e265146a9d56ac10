"""The German and English message tables stay complete and consistent."""

from __future__ import annotations

import string

import pytest

from commands.catalogue import MESSAGES, t
from commands.table import default_registry


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys():
    """Every message exists in German and in English."""
    assert set(MESSAGES["de"]) == set(MESSAGES["en"])


@pytest.mark.parametrize("key", sorted(MESSAGES["de"]))
def test_placeholders_match_between_languages(key):
    """A translation uses exactly the placeholders of the German original."""
    assert _fields(MESSAGES["de"][key]) == _fields(MESSAGES["en"][key])


def test_unknown_language_falls_back_to_german():
    """A network with an unexpected language still gets German text."""
    assert t("fr", "help.title") == MESSAGES["de"]["help.title"]


def test_every_command_has_help_in_both_languages():
    """Summary and usage of each command exist in German and English."""
    for command in default_registry().commands():
        assert set(command.summary) == {"de", "en"}, command.name
        assert set(command.usage) == {"de", "en"}, command.name
        assert all(command.usage[lang] for lang in ("de", "en")), command.name
