"""The one tolerant matcher: `!wer`, `!kontakt` and municipality names find what people mean.

People search for `Foermularkatalog`, `serviceportal`, `Lemgoo` or `e-akte` and expect to
find "Formular-Katalog abstimmen", "Einheitliches Serviceportal", Lemgo and "E-Akte". So both
sides are reduced to a *skeleton* before comparing: case and accents go, ä/ö/ü and ae/oe/ue
become a/o/u, ß and ss become s. A typed word then matches a stored word exactly, as its
start, with typos (one in a word of 4–7 letters, two in a longer one; a swap of neighbours
or a doubled letter is one), as a part of a compound (`katalog` in "Formularkatalog"), or,
from five letters, as a start or end of a compound with typos; and it matches runs of words
typed together (`eakte`, `hornbadmeinberg`). Every word of the query must match somewhere
(word order does not matter); filler words such as "macht", "das", "who" are dropped first.

Built for 10,000 entries: an `Index` holds a network's distinct words once (built when the
data changed, see `IndexCache`), each typed word is scored against all of them at once — the
typo distance by rapidfuzz in C, only against words of a length that can match — and at
most MAX_QUERY_WORDS distinct words of a query are scored.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from commands.parsing.text import fold

_VOWEL_E = re.compile(r"([aou])e")
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

EXACT, PREFIX, TYPO, PART, FUZZY_PART = 1.0, 0.85, 0.8, 0.7, 0.6
"""Score of one typed word against one stored word, by how it matched."""

RECENT_WORDS = 16
"""Typed words whose matches an index keeps (up to a megabyte each at 10,000 entries)."""

MIN_FUZZY_PART = 5
"""A word this long may match the start or end of a compound with typos (`Fromular` in
"Formularkatalog"); a shorter one would match too much (`weis` ~ "Beispiel")."""

MAX_QUERY_WORDS = 8
"""Only the first this many distinct words of a query are matched, so a 4,000-character
message of typo words costs no more than a short search."""


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """The comparable core of one word: `Fömularkatalog` and `Foermularkatalog` agree."""
    return _core(fold(word))


@lru_cache(maxsize=1 << 16)
def _core(folded: str) -> str:
    return _VOWEL_E.sub(r"\1", folded).replace("ss", "s")


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """The skeletons of the words of `text` (hyphens and punctuation split words).

    Cached: names and titles repeat from search to search.
    """
    return tuple(map(_core, _WORD.findall(fold(text))))


def compact(text: str) -> str:
    """The skeleton of `text` without separators: `Horn-Bad Meinberg` = `hornbadmeinberg`."""
    return "".join(words(text))


def query_words(text: str) -> list[str]:
    """The distinct search words of a query (at most MAX_QUERY_WORDS).

    Hyphenated words stay one (`e-akte` → `eakte`, found as a run). Filler words and single
    letters are dropped unless nothing else is left.
    """
    found = []
    for part in text.split():
        joined = "".join(_WORD.findall(fold(part)))
        if joined:
            found.append(skeleton(joined))
    meaningful = [word for word in found if word not in STOPWORDS and len(word) > 1]
    return list(dict.fromkeys(meaningful or found))[:MAX_QUERY_WORDS]


def allowed_typos(length: int) -> int:
    """How many edits a word of this length may differ by and still match: the one rule."""
    if length <= 3:
        return 0
    return 1 if length <= 7 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swapped neighbours counting one (`fromular` ~ `formular`);
    anything above `limit` is `limit + 1`."""
    return int(OSA.distance(a, b, score_cutoff=limit))


def word_score(typed: str, stored: str) -> float:
    """How well one typed word matches one stored word (0 = not at all): the one rule.

    `Vocabulary.scores` gives the same answer for a whole vocabulary at once.
    """
    if typed == stored:
        return EXACT
    if len(typed) >= 2 and stored.startswith(typed):
        return PREFIX
    limit = allowed_typos(len(typed))
    if limit and distance(typed, stored, limit) <= limit:
        return TYPO
    if len(typed) >= 4 and typed in stored:
        return PART
    size = len(typed)
    if size >= MIN_FUZZY_PART and len(stored) > size:
        ends = (stored[:size], stored[-size:])
        if any(distance(typed, end, limit) <= limit for end in ends):
            return FUZZY_PART
    return 0.0


class Vocabulary:
    """A network's distinct stored words, laid out so one typed word is scored against all
    of them at once: sorted for starts, joined for parts, by length for typos."""

    def __init__(self, distinct: Iterable[str]) -> None:
        self.words = sorted(set(distinct))
        self._ids = {word: i for i, word in enumerate(self.words)}
        self._joined = "\n".join(self.words)
        self._starts = list(accumulate((len(word) + 1 for word in self.words), initial=0))
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in self.words:
            self._by_length[len(word)].append(word)
        self._ends: dict[int, tuple[dict[str, list[int]], ...]] = {}

    def scores(self, typed: str) -> dict[int, float]:
        """Word id → word_score(typed, word), for the words that match at all."""
        found: dict[int, float] = {}
        size, limit = len(typed), allowed_typos(len(typed))
        if size >= MIN_FUZZY_PART:
            for ends in self._ends_of(size):
                for end, _edits, _at in _close(typed, list(ends), limit):
                    found.update(dict.fromkeys(ends[end], FUZZY_PART))
        if size >= 4:
            at = self._joined.find(typed)
            while at != -1:
                found[bisect_right(self._starts, at) - 1] = PART
                at = self._joined.find(typed, at + 1)
        if limit:
            for length in range(size - limit, size + limit + 1):
                for word, _edits, _at in _close(typed, self._by_length.get(length, ()), limit):
                    found[self._ids[word]] = TYPO
        if size >= 2:
            first = bisect_left(self.words, typed)
            last = bisect_left(self.words, typed + "\uffff", first)
            found.update(dict.fromkeys(range(first, last), PREFIX))
        exact = self._ids.get(typed)
        if exact is not None:
            found[exact] = EXACT
        return found

    def _ends_of(self, size: int) -> tuple[dict[str, list[int]], ...]:
        """Starts and ends of `size` letters of the longer words → their ids (kept per size)."""
        if size not in self._ends:
            heads: defaultdict[str, list[int]] = defaultdict(list)
            tails: defaultdict[str, list[int]] = defaultdict(list)
            for i, word in enumerate(self.words):
                if len(word) > size:
                    heads[word[:size]].append(i)
                    tails[word[-size:]].append(i)
            self._ends[size] = (dict(heads), dict(tails))
        return self._ends[size]


def _close(typed: str, choices: Iterable[str], limit: int) -> list[tuple[str, int, int]]:
    """The choices within `limit` edits of `typed` (rapidfuzz, in C)."""
    return process.extract(typed, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)


@dataclass(frozen=True, slots=True)
class Text:
    """One searchable text, how much a match in it counts, and the entries that have it."""

    text: str
    weight: float
    keys: Sequence[int]


class Index:
    """What a network's entries can be found by, built once and searched many times.

    Entries share texts (a municipality, a topic), so each distinct text is kept once with the
    keys of the entries that have it; each distinct word once, with the texts it is in.
    """

    def __init__(self, texts: Sequence[Text]) -> None:
        self._texts = texts
        word_lists = [words(text.text) for text in texts]
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for position, found in enumerate(word_lists):
            for word in dict.fromkeys(found):
                postings[word].append(position)
        self.vocabulary = Vocabulary(postings)
        self._postings = [postings[word] for word in self.vocabulary.words]
        self._compacts = ["".join(found) for found in word_lists]
        self._runs = "\n".join(self._compacts)
        self._run_starts = list(accumulate((len(c) + 1 for c in self._compacts), initial=0))
        self._keys = [text.keys for text in texts]
        weights = {text.weight for text in texts}
        self._weight = weights.pop() if len(weights) == 1 else None
        self._recent: dict[str, dict[int, float]] = {}

    def rank(self, query: Sequence[str]) -> dict[int, float]:
        """Key → score of the entries every query word matches (weighted, summed)."""
        best: list[dict[int, float]] = []
        for typed in query:
            found = self._matches(typed)
            if not found:
                return {}
            best.append(found)
        if len(best) <= 1:
            return dict(best[0]) if best else {}
        matched = list(set(best[0]).intersection(*best[1:]))
        columns = [map(found.__getitem__, matched) for found in best]
        return dict(zip(matched, map(sum, zip(*columns, strict=True)), strict=True))

    def _matches(self, typed: str) -> dict[int, float]:
        """Key → weighted score of one typed word; the last few are kept, as people repeat
        their searches (the index itself is replaced when the data changes)."""
        found = self._recent.pop(typed, None)
        if found is None:
            found = self._score(typed)
            if len(self._recent) >= RECENT_WORDS:
                del self._recent[next(iter(self._recent))]
        self._recent[typed] = found
        return found

    def _score(self, typed: str) -> dict[int, float]:
        """Key → best weighted score. Built in groups of equal score, lowest first, so each
        group overwrites what it beats with dict operations in C: a word every one of
        10,000 entries has costs a few milliseconds, not tens."""
        tiers: defaultdict[float, list[Iterable[int]]] = defaultdict(list)
        for word_id, score in self.vocabulary.scores(typed).items():
            tiers[score].append(self._postings[word_id])
        for position, score in self._run_matches(typed):
            tiers[score].append((position,))
        groups: defaultdict[float, list[Iterable[int]]] = defaultdict(list)
        if self._weight is not None:  # one weight (`!wer`): the tiers are the groups
            for score, positions in tiers.items():
                groups[score * self._weight] = positions
        else:
            per_text: dict[int, float] = {}
            for score in sorted(tiers):
                per_text.update(dict.fromkeys(chain.from_iterable(tiers[score]), score))
            for position, score in per_text.items():
                groups[score * self._texts[position].weight].append((position,))
        found: dict[int, float] = {}
        for weighted in sorted(groups):
            positions = chain.from_iterable(groups[weighted])
            keys = chain.from_iterable(map(self._keys.__getitem__, positions))
            found.update(dict.fromkeys(keys, weighted))
        return found

    def _run_matches(self, typed: str) -> Iterable[tuple[int, float]]:
        """Texts holding `typed` across their words (`eakte` in "E-Akte"): the whole text is
        exact, its start a prefix, anything else a part."""
        if len(typed) < 4:
            return
        at = self._runs.find(typed)
        while at != -1:
            position = bisect_right(self._run_starts, at) - 1
            start = self._run_starts[position]
            if at == start:
                whole = len(self._compacts[position]) == len(typed)
                yield position, EXACT if whole else PREFIX
            else:
                yield position, PART
            at = self._runs.find(typed, at + 1)


Key = TypeVar("Key")
Built = TypeVar("Built")


class IndexCache(Generic[Key, Built]):
    """The last index built per database and key, valid while the stored change mark is the
    one it was built under.

    The mark (storage.search_marks) gets a fresh random value in the same transaction as
    every write to what is searched, by any process; so an index is reused only if nothing
    was written since, and one built from writes that were rolled back is never reused
    (their mark never comes back). Held per database engine, weakly: a test's or a closed
    database's indexes go with it.
    """

    def __init__(self) -> None:
        self._by_database: weakref.WeakKeyDictionary[object, dict[Key, tuple[str | None, Built]]]
        self._by_database = weakref.WeakKeyDictionary()

    def get(self, database: object, key: Key, mark: str | None) -> Built | None:
        """The index built under `mark`, if it is the latest."""
        held = self._by_database.get(database, {}).get(key)
        return held[1] if held is not None and held[0] == mark else None

    def put(self, database: object, key: Key, mark: str | None, built: Built) -> None:
        """Keep `built` as the index under `mark` (replacing an older one)."""
        self._by_database.setdefault(database, {})[key] = (mark, built)


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
