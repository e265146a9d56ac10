"""The one tolerant matcher behind `!wer` and `!kontakt`: spellings, typo distance, word
scores, and the index that scores a whole vocabulary at once."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.parsing.fuzzy import (
    EXACT,
    FUZZY_PART,
    MAX_QUERY_WORDS,
    PART,
    PREFIX,
    TYPO,
    Index,
    IndexCache,
    Text,
    Vocabulary,
    compact,
    distance,
    query_words,
    skeleton,
    word_score,
    words,
)


def osa(a: str, b: str) -> int:
    """Textbook edit distance with swaps of neighbours (optimal string alignment): what the
    matcher's own pure-Python distance computed before rapidfuzz took over."""
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(
                rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Müller", "Mueller"),
        ("Müller", "Muller"),
        ("Straße", "Strasse"),
        ("Dörentrup", "Doerentrup"),
        ("LÜGDE", "luegde"),
        ("Émile", "Emile"),
        ("Größe", "Groesse"),
    ],
)
def test_spellings_meet(a: str, b: str) -> None:
    """Umlauts, their two-letter forms, ß/ss, accents and case reduce to one skeleton."""
    assert skeleton(a) == skeleton(b)


def test_words_split_at_hyphens_and_compact_joins_them() -> None:
    """Hyphens, slashes and dots separate words; compact joins them again."""
    assert words("Horn-Bad Meinberg") == ("horn", "bad", "meinberg")
    assert words("E-Akte / DMS") == ("e", "akte", "dms")
    assert compact("Horn-Bad Meinberg") == "hornbadmeinberg"


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [
        ("lemgo", "lemgoo", 1),
        ("detmold", "detmlod", 1),  # swapped neighbours are one edit
        ("detmold", "etmold", 1),
        ("detmold", "dtemlod", 2),
        ("informationssicherheit", "informationsicherheid", 2),
        ("informationssicherheit", "informazionsicherheid", 3),  # above the limit of 2
    ],
)
def test_distance_counts_edits_up_to_the_limit(a: str, b: str, edits: int) -> None:
    """Insert, delete, replace and swap count one each; above the limit is limit + 1."""
    assert distance(a, b, 2) == edits
    assert distance(b, a, 2) == edits


@settings(max_examples=300, deadline=None)
@given(st.text("abcde", max_size=9), st.text("abcde", max_size=9), st.integers(0, 3))
def test_distance_is_todays_distance(a: str, b: str, limit: int) -> None:
    """rapidfuzz's distance equals the swap-aware edit distance the matcher always used."""
    assert distance(a, b, limit) == min(osa(a, b), limit + 1)


@pytest.mark.parametrize(
    ("typed", "stored", "score"),
    [
        ("lemgo", "lemgo", EXACT),
        ("le", "lemgo", PREFIX),
        ("serv", "serviceportal", PREFIX),
        ("lemgoo", "lemgo", TYPO),  # 6 letters: one typo
        ("komune", "kommune", TYPO),  # a doubled letter is one typo
        ("servicportal", "serviceportal", TYPO),
        ("strasenbeleuchtunk", "strasenbeleuchtung", TYPO),  # 8 letters and more: two
        ("portal", "serviceportal", PART),
        ("fromular", "formularkatalog", FUZZY_PART),  # a typo at the start of a compound
        ("weis", "beispiel", 0.0),  # four letters: no typo inside a compound
        ("emg", "lemgo", 0.0),  # short fragments do not match inside
        ("lage", "lemgo", 0.0),
        ("l", "lemgo", 0.0),
    ],
)
def test_word_score_is_one_rule(typed: str, stored: str, score: float) -> None:
    """Exact beats a start beats a typo beats a part; short words get no typos."""
    assert word_score(typed, stored) == score


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("abcd", min_size=1, max_size=10), min_size=1, max_size=30), st.data())
def test_the_vocabulary_scores_every_word_by_the_one_rule(stored, data) -> None:
    """Scoring a whole vocabulary at once gives each word exactly its word_score."""
    typed = data.draw(st.one_of(st.sampled_from(stored), st.text("abcd", min_size=1, max_size=10)))
    vocabulary = Vocabulary(stored)
    found = vocabulary.scores(typed)
    expected = {i: word_score(typed, w) for i, w in enumerate(vocabulary.words)}
    assert found == {i: score for i, score in expected.items() if score}


def test_rank_requires_every_word_and_weighs_fields() -> None:
    """Each query word must match somewhere (AND); a weightier text scores higher."""
    index = Index(
        [
            Text("Erika Musterfrau", 1.0, [1]),
            Text("Max Mustermann", 1.0, [2]),
            Text("Lemgo", 0.95, [1, 2]),
            Text("Erika-Projekt", 0.9, [3]),
        ]
    )
    assert set(index.rank(["lemgo"])) == {1, 2}
    assert set(index.rank(["erika", "lemgo"])) == {1}
    assert index.rank(["erika", "detmold"]) == {}
    scores = index.rank(["erika"])
    assert scores[1] > scores[3] > 0


def test_rank_finds_words_typed_together() -> None:
    """`eakte` finds "E-Akte", `hornbadmeinberg` finds "Horn-Bad Meinberg"."""
    index = Index([Text("E-Akte", 1.0, [1]), Text("Horn-Bad Meinberg", 1.0, [2])])
    assert index.rank(["eakte"]) == {1: EXACT}
    assert index.rank(["hornbadmeinberg"]) == {2: EXACT}
    assert index.rank(["hornbad"]) == {2: PREFIX}


def test_a_long_query_is_cut_to_its_first_distinct_words() -> None:
    """A 4,000-character message of typo words is cut to a few distinct words (bounded work)."""
    query = " ".join(f"lemgoo{i % 500} lemgoo{i % 500}" for i in range(400))[:4000]
    typed = query_words(query)
    assert typed == [f"lemgoo{i}" for i in range(MAX_QUERY_WORDS)]
    assert query_words("Lemgo lemgo LEMGO") == ["lemgo"]
    assert query_words("Erika M") == ["erika"]  # single letters only if nothing else


def test_the_cache_answers_only_for_the_mark_it_was_given() -> None:
    """An index is handed out again only under the mark it was built under."""

    class Database:
        """Stands for an engine: any object that can be weakly referenced."""

    cache: IndexCache[int, str] = IndexCache()
    database = Database()
    cache.put(database, 1, "mark-a", "index-a")
    assert cache.get(database, 1, "mark-a") == "index-a"
    assert cache.get(database, 1, "mark-b") is None
    assert cache.get(database, 2, "mark-a") is None
    assert cache.get(Database(), 1, "mark-a") is None
