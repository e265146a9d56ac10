"""The tolerant matcher behind the contact search: folding, typo distance, word scores, rank."""

from __future__ import annotations

import pytest

from storage import contact_search
from storage.contact_search import (
    EXACT,
    INNER,
    PREFIX,
    TYPO,
    compact,
    fold,
    rank,
    within_one,
    within_two,
    word_score,
    words,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Müller", "Mueller"),
        ("Müller", "Muller"),
        ("Straße", "Strasse"),
        ("Dörentrup", "Doerentrup"),
        ("LÜGDE", "luegde"),
        ("Émile", "Emile"),
    ],
)
def test_fold_gives_one_spelling(a: str, b: str) -> None:
    """Umlauts, their two-letter forms, ß/ss, accents and case all fold to one spelling."""
    assert fold(a) == fold(b)


def test_words_split_at_hyphens_and_punctuation() -> None:
    """Hyphens, slashes and dots separate words; compact joins them again."""
    assert words("Horn-Bad Meinberg") == ("horn", "bad", "meinberg")
    assert words("E-Akte / DMS") == ("e", "akte", "dms")
    assert compact("E-Akte") == "eakte"


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        ("lemgo", "lemgoo", True),
        ("detmold", "detmlod", True),
        ("detmold", "detmolt", True),
        ("detmold", "etmold", True),
        ("detmold", "dtemlod", False),
        ("lage", "lemgo", False),
    ],
)
def test_within_one_edit(a: str, b: str, one: bool) -> None:
    """One insertion, deletion, replacement or swap of neighbours is one edit."""
    assert within_one(a, b) is one
    assert within_one(b, a) is one


def test_within_two_edits_for_long_words() -> None:
    """Two edits are tolerated where asked for, three are not."""
    assert within_two("informationssicherheit", "informationsicherheid")
    assert not within_two("informationssicherheit", "informazionsicherheid")


@pytest.mark.parametrize(
    ("typed", "stored", "score"),
    [
        ("lemgo", "lemgo", EXACT),
        ("serv", "serviceportal", PREFIX),
        ("portal", "serviceportal", INNER),
        ("lemgoo", "lemgo", TYPO),
        ("le", "lemgo", PREFIX),
        ("l", "lemgo", 0.0),
        ("emg", "lemgo", 0.0),
        ("abcd", "lemgo", 0.0),
    ],
)
def test_word_score(typed: str, stored: str, score: float) -> None:
    """Exact beats prefix beats inner part beats a typo; short fragments do not match inside."""
    assert word_score(typed, stored) == score


def test_rank_requires_every_typed_word() -> None:
    """Each typed word must match somewhere in the entry (AND)."""
    index = {
        "name": {"Erika Musterfrau": [1], "Max Mustermann": [2]},
        "municipality": {"Lemgo": [1, 2]},
    }
    assert set(rank(index, "lemgo")) == {1, 2}
    assert set(rank(index, "erika lemgo")) == {1}
    assert rank(index, "erika detmold") == {}


def test_rank_prefers_the_field_that_matters() -> None:
    """A name match scores above the same word as a topic."""
    index = {"name": {"Erika Musterfrau": [1]}, "topics": {"Erika-Projekt": [2]}}
    scores = rank(index, "erika")
    assert scores[1] > scores[2] > 0


def test_rank_matches_text_typed_without_separators() -> None:
    """`eakte` finds `E-Akte`, `hornbadmeinberg` finds `Horn-Bad Meinberg`."""
    index = {
        "topics": {"E-Akte": [1]},
        "municipality": {"Horn-Bad Meinberg": [2], "Lemgo": [1]},
    }
    assert set(rank(index, "eakte")) == {1}
    assert set(rank(index, "hornbadmeinberg")) == {2}


def test_rank_of_nothing_typed_is_empty() -> None:
    """Punctuation alone is no query."""
    assert rank({"name": {"Erika": [1]}}, " -- ") == {}


def test_a_long_query_scores_only_its_first_distinct_words():
    """A 4,000-character message of typo words is cut to a few distinct words (bounded work)."""
    query = " ".join(f"lemgoo{i % 500} lemgoo{i % 500}" for i in range(400))[:4000]
    typed = contact_search.query_words(query)
    assert len(typed) == contact_search.MAX_QUERY_WORDS
    assert len(set(typed)) == len(typed)
    assert contact_search.query_words("Lemgo lemgo LEMGO") == ("lemgo",)
