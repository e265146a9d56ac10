"""Tolerant matching of what people type against titles, topics and municipality names.

People search for `Foermularkatalog`, `serviceportal` or `e-akte` and expect to find
"Formular-Katalog abstimmen", "Einheitliches Serviceportal" and "E-Akte". So both sides are
reduced to a *skeleton* before comparing: case and accents go, ä/ö/ü and ae/oe/ue become
a/o/u, ß and ss become s, doubled letters become one, and hyphens and spaces are ignored
where words are joined. What is left is compared with a small edit distance (one typo in
a short word, two in a long one) and as part of compound words (`katalog` finds
"Formularkatalog").

Every word of the query must match somewhere (word order does not matter); filler words
such as "macht", "das", "who" are dropped first, so `!wer macht das Serviceportal?` works.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from commands.parsing.text import fold

_VOWEL_E = re.compile(r"([aou])e")
_DOUBLE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[^\W_]+")

STOPWORDS = frozenset(
    {
        # German filler of a question "wer macht das …?"
        "wer", "macht", "kuemmert", "sich", "um", "das", "die", "der", "den", "dem", "des",
        "ein", "eine", "einen", "fuer", "zu", "zum", "zur", "mit", "von", "und", "oder",
        "ist", "im", "in", "am", "an", "auf", "bei", "was", "wo", "zustaendig", "thema",
        # English
        "who", "does", "is", "the", "of", "for", "and", "or", "a", "to", "with",
        "on", "owns", "what", "about", "topic", "responsible",
    }
)  # fmt: skip
"""Folded words that carry no meaning in a search."""

EXACT = 1.0
TYPO = 0.9
PART = 0.8
FUZZY_PART = 0.7


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """The comparable core of one word: `Fömularkatalog` and `Foermularkatalog` agree."""
    folded = fold(word)
    folded = _VOWEL_E.sub(r"\1", folded).replace("ss", "s")
    return _DOUBLE.sub(r"\1", folded)


@lru_cache(maxsize=1 << 14)
def words(text: str) -> tuple[str, ...]:
    """The skeletons of the words of `text` (hyphens and punctuation split words).

    Cached: titles and names are read again at every search.
    """
    return tuple(skeleton(word) for word in _WORD.findall(fold(text)))


MAX_QUERY_WORDS = 8
"""Only the first this many distinct words of a query are matched, so a 4,000-character
message of typo words costs no more than a short search."""


def query_words(text: str) -> list[str]:
    """The distinct search words of a query (at most MAX_QUERY_WORDS); hyphenated words stay
    one (`e-akte` → `eakte`).

    Filler words are dropped unless nothing else is left.
    """
    found = []
    for part in text.split():
        joined = "".join(_WORD.findall(fold(part)))
        if joined:
            found.append(joined)
    meaningful = [word for word in found if word not in STOPWORDS]
    distinct = dict.fromkeys(skeleton(word) for word in (meaningful or found))
    return list(distinct)[:MAX_QUERY_WORDS]


def allowed_typos(length: int) -> int:
    """How many edits a word of this length may differ by and still match."""
    if length <= 3:
        return 0
    return 1 if length <= 7 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swapped neighbours counting one (`fromular` ~ `formular`).

    Only the diagonal band |i - j| <= limit is computed, and the work stops as soon as a
    row exceeds `limit`: any result above `limit` is returned as `limit + 1`.
    """
    big = limit + 1
    if abs(len(a) - len(b)) > limit:
        return big
    if a == b:
        return 0
    previous2: list[int] = []
    previous = [j if j <= limit else big for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [big] * (len(b) + 1)
        if i <= limit:
            current[0] = i
        row_min = current[0]
        char = a[i - 1]
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            value = previous[j - 1] + (char != b[j - 1])
            value = min(value, previous[j] + 1, current[j - 1] + 1)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return big
        previous2, previous = previous, current
    return min(previous[-1], big)


@dataclass(frozen=True, slots=True)
class Haystack:
    """What one record can be found by: its words, and their joins (`e`+`akte` → `eakte`).

    Words are matched with typos and as compound parts; joins (runs of two or three
    neighbouring words, and each whole text) exactly, with typos or as a part, which is
    what finds `eakte` and `formularkatalog` across hyphens and spaces.
    """

    words: frozenset[str]
    joins: frozenset[str]

    @classmethod
    def of(cls, *texts: str) -> Haystack:
        """The words and joins of every text (cached: `!wer` reads every title each time)."""
        return _haystack(texts)


@lru_cache(maxsize=1 << 14)
def _haystack(texts: tuple[str, ...]) -> Haystack:
    found: set[str] = set()
    joined: set[str] = set()
    for text in texts:
        parts = words(text)
        found.update(parts)
        joined.update(_joins(parts))
    return Haystack(frozenset(found), frozenset(joined - found))


@lru_cache(maxsize=1 << 14)
def _joins(parts: tuple[str, ...]) -> frozenset[str]:
    found = {
        "".join(parts[start:end])
        for start in range(len(parts))
        for end in range(start + 2, min(start + 3, len(parts)) + 1)
    }
    if len(parts) > 1:
        found.add("".join(parts))
    return frozenset(found)


@lru_cache(maxsize=1 << 16)
def word_score(word: str, candidate: str, *, joined: bool = False) -> float:
    """How well one query word matches one candidate; 0 for no match.

    Cached: a network's titles repeat their words, and people repeat their searches.
    """
    if word == candidate:
        return EXACT
    limit = allowed_typos(len(word))
    if limit and distance(word, candidate, limit) <= limit:
        return TYPO
    if len(word) >= 4 and word in candidate:
        return PART
    if limit and not joined and len(candidate) > len(word):
        size = len(word)
        if (
            distance(word, candidate[:size], limit) <= limit
            or distance(word, candidate[-size:], limit) <= limit
        ):
            return FUZZY_PART
    return 0.0


class Matcher:
    """Scores haystacks against one query, remembering each candidate word's score.

    A network's titles repeat their words, so a search over a thousand items compares each
    distinct word once instead of once per item.
    """

    def __init__(self, query: Sequence[str]) -> None:
        self._query = tuple(query)
        self._seen: dict[tuple[str, bool], dict[str, float]] = {}

    def score(self, haystack: Haystack) -> float:
        """Mean of each query word's best match; 0 unless every word matches somewhere."""
        if not self._query:
            return 0.0
        total = 0.0
        for word in self._query:
            best = self._best(word, haystack.words, joined=False)
            if best < EXACT and haystack.joins:
                best = max(best, self._best(word, haystack.joins, joined=True))
            if best == 0.0:
                return 0.0
            total += best
        return total / len(self._query)

    def _best(self, word: str, candidates: frozenset[str], *, joined: bool) -> float:
        seen = self._seen.setdefault((word, joined), {})
        best = 0.0
        for candidate in candidates:
            found = seen.get(candidate)
            if found is None:
                found = seen[candidate] = word_score(word, candidate, joined=joined)
            if found > best:
                best = found
        return best


def match_name(text: str, names: Iterable[str]) -> str | None:
    """The one name `text` means, tolerating case, umlauts, hyphens and one or two typos.

    Also a whole word (or leading words) of exactly one name: `Horn` is Horn-Bad Meinberg.
    None when nothing fits or the text fits several names equally well.
    """
    typed = "".join(words(text))
    if not typed:
        return None
    options = {name: words(name) for name in names}
    exact = [name for name, parts in options.items() if "".join(parts) == typed]
    if exact:
        return exact[0] if len(exact) == 1 else None
    limit = allowed_typos(len(typed))
    close = [
        name
        for name, parts in options.items()
        if limit and distance(typed, "".join(parts), limit) <= limit
    ]
    if close:
        return close[0] if len(close) == 1 else None
    partial = [
        name
        for name, parts in options.items()
        if any(
            "".join(parts[start:end]) == typed
            for start in range(len(parts))
            for end in range(start + 1, len(parts) + 1)
        )
    ]
    return partial[0] if len(partial) == 1 else None
