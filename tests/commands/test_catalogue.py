"""The German and English message tables stay complete, consistent and typeset."""

from __future__ import annotations

import re
import string

import pytest

from commands.catalogue import MESSAGES, t
from commands.table import default_registry
from commands.texts import Plural, Text

LANGUAGES = ("de", "en")
PLURAL_KEYS = sorted(key for key, text in MESSAGES["de"].items() if isinstance(text, Plural))


def _forms(text: Text) -> tuple[str, ...]:
    return (text.one, text.other) if isinstance(text, Plural) else (text,)


def _fields(text: Text) -> set[str]:
    return {
        name for form in _forms(text) for _, name, _, _ in string.Formatter().parse(form) if name
    }


def _all_forms() -> list[tuple[str, str, str]]:
    return [
        (lang, key, form)
        for lang in LANGUAGES
        for key, text in MESSAGES[lang].items()
        for form in _forms(text)
    ]


def test_both_languages_have_the_same_keys():
    """Every message exists in German and in English."""
    assert set(MESSAGES["de"]) == set(MESSAGES["en"])


@pytest.mark.parametrize("key", sorted(MESSAGES["de"]))
def test_placeholders_match_between_languages(key):
    """A translation uses exactly the placeholders of the German original."""
    assert _fields(MESSAGES["de"][key]) == _fields(MESSAGES["en"][key])


@pytest.mark.parametrize("key", sorted(MESSAGES["de"]))
def test_a_key_counts_in_both_languages_or_in_neither(key):
    """A counted text has singular and plural forms in German and in English alike."""
    assert isinstance(MESSAGES["de"][key], Plural) == isinstance(MESSAGES["en"][key], Plural)


_LABEL_COUNT = re.compile(r"(?:\(|: )\{count\}")
"""`Aufgaben (3)`, `Einträge: 3`: a count as a label's value reads right with any number."""


def test_a_count_in_running_text_has_a_singular():
    """`{count}` before a noun ("3 Einträge") only in a Plural, so 1 never reads "1 Einträge"."""
    bare = [
        (lang, key)
        for lang in LANGUAGES
        for key, text in MESSAGES[lang].items()
        if isinstance(text, str) and text.count("{count}") != len(_LABEL_COUNT.findall(text))
    ]
    assert bare == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_counted_texts_read_right_for_zero_one_and_two(key, language):
    """0 and 2 take the plural with the number; 1 takes a singular worded differently."""
    params = {name: f"<{name}>" for name in _fields(MESSAGES[language][key]) - {"count"}}
    zero, one, two = (t(language, key, count=n, **params) for n in (0, 1, 2))
    assert "0" in zero and "2" in two
    assert zero.replace("0", "2") == two
    assert one != two.replace("2", "1"), f"{one!r} is the plural with 1 in it"


def test_plural_picks_by_count():
    """`t` picks the singular for exactly 1, the plural otherwise."""
    assert t("de", "network.municipalities", count=1) == "1\u00a0Kommune:"
    assert t("de", "network.municipalities", count=17) == "17\u00a0Kommunen:"
    assert t("en", "meetups.post.reminder_in", count=1, title="Jour fixe") == (
        "In one minute: Jour fixe"
    )


_BREAKABLE = [
    re.compile(r"\b[zZ]\. B\."),
    re.compile(r"\b[dD]\. h\."),
    re.compile(r"\b(?:TOP|AP|WP|Nr\.|No\.|Aufgabe|Beschluss|Item|item|Decision) [{\d]"),
    re.compile(
        r"(?:\d|\{(?:count|n|limit|length|minutes|days)\}) "
        r"(?:Uhr|min|Minuten?|Tagen?|Wochen?|Eintrag|Einträge|Zeichen|Themen?|Kommunen?|Befehle?|Zeilen?|Probleme?|weitere|minutes?|"
        r"days?|weeks?|entry|entries|characters|topics?|municipalit|commands?|lines?|"
        r"problems?|more|pm\b|am\b)"
    ),
]
"""Places where a line break would tear apart what belongs together."""


def test_no_line_break_inside_numbers_units_and_abbreviations():
    """`TOP 1`, `20 min`, `3 Einträge`, `z. B.` are joined by no-break spaces."""
    found = [
        (lang, key, match.group())
        for lang, key, form in _all_forms()
        for pattern in _BREAKABLE
        for match in pattern.finditer(form)
    ]
    assert found == []


def test_unknown_language_falls_back_to_german():
    """A network with an unexpected language still gets German text."""
    assert t("fr", "help.title") == MESSAGES["de"]["help.title"]


def test_a_count_must_be_a_number():
    """A counted text refuses a count that is no int, instead of guessing a form."""
    with pytest.raises(TypeError):
        t("de", "network.municipalities", count="3")


def test_every_command_has_help_in_both_languages():
    """Summary and usage of each command exist in German and English."""
    for command in default_registry().commands():
        assert set(command.summary) == {"de", "en"}, command.name
        assert set(command.usage) == {"de", "en"}, command.name
        assert all(command.usage[lang] for lang in ("de", "en")), command.name


def test_help_one_liners_start_with_a_verb_in_one_form():
    """Every summary reads "zeigt …", "legt … an", "sucht …" / "shows …", "finds …"."""
    for command in default_registry().commands():
        first = {lang: command.summary[lang].split()[0].strip(",:") for lang in LANGUAGES}
        assert first["de"].islower() and first["de"].endswith("t"), command.name
        assert first["en"].islower() and first["en"].endswith("s"), command.name
