"""Tolerant matching of what people type against contact entries (`!kontakt mueller`).

People type without umlauts (`Mueller`, `Muller`), with `ss` for `ß`, without hyphens
(`horn bad meinberg`), with typos (`Lemgoo`), half words (`serv` for Serviceportal) and in
any word order. So both sides are folded to one spelling, split into words, and each typed
word is scored against the words of an entry: exact beats prefix beats substring beats one
typo. Every typed word must match somewhere (AND), so adding a word narrows the result.

Pure Python on purpose: database collations and full-text search differ between SQLite and
PostgreSQL. storage.contacts.search reads the searched columns of the whole directory per
query and scores them here; at 10,000 entries that took 50–80 ms (about 180 ms for the very
first query, while the word caches fill) on a small 2-vCPU VM. The work is one pass over the
texts, one scoring of each distinct word per typed word, then only the texts that matched.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import accumulate

_SPELLING = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o"})
_DIGRAPHS = re.compile(r"(ae|oe|ue)")
_NON_WORD = re.compile(r"[^0-9a-z]+")

EXACT, PREFIX, INNER, TYPO, TYPO_PREFIX = 1.0, 0.85, 0.6, 0.55, 0.45
"""Score of one typed word against one stored word, by how it matched."""

FIELD_WEIGHTS = {"name": 1.0, "municipality": 0.95, "topics": 0.9, "role": 0.8}
"""How much a match in each field counts."""


def fold(text: str) -> str:
    """One spelling for Müller, Mueller and Muller, Straße and Strasse, Émile and Emile.

    Umlauts and their two-letter forms both become the plain vowel, so all spellings meet.
    Applied to both sides, so the odd word with a genuine `ue` (Steuer) still matches itself.
    """
    text = text.casefold().translate(_SPELLING)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _DIGRAPHS.sub(lambda m: m.group(1)[0], text)


@lru_cache(maxsize=65_536)
def words(text: str) -> tuple[str, ...]:
    """The folded words of `text`; hyphens, dots and `@` separate words.

    Cached: a directory's names, municipalities and topics repeat from query to query.
    """
    return tuple(word for word in _NON_WORD.split(fold(text)) if word)


@lru_cache(maxsize=65_536)
def compact(text: str) -> str:
    """The folded text without separators, so `eakte` finds `E-Akte`."""
    return "".join(words(text))


def within_one(a: str, b: str) -> bool:
    """True if one edit (insert, delete, replace, swap of neighbours) turns `a` into `b`."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < la and i < lb and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def within_two(a: str, b: str) -> bool:
    """True if at most two edits turn `a` into `b` (for long words)."""
    if abs(len(a) - len(b)) > 2:
        return False
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if i == len(a) == len(b):
        return True
    rest_a, rest_b = a[i:], b[i:]
    candidates = (
        (rest_a[1:], rest_b[1:]),  # replace
        (rest_a[1:], rest_b),  # delete from a
        (rest_a, rest_b[1:]),  # insert into a
    )
    if len(rest_a) > 1 and len(rest_b) > 1 and rest_a[0] == rest_b[1] and rest_a[1] == rest_b[0]:
        candidates += ((rest_a[2:], rest_b[2:]),)
    return any(within_one(x, y) for x, y in candidates)


def word_score(typed: str, stored: str) -> float:
    """How well one typed word matches one stored word (0 = not at all)."""
    if typed == stored:
        return EXACT
    if stored.startswith(typed) and len(typed) >= 2:
        return PREFIX
    if len(typed) >= 4 and typed in stored:
        return INNER
    if len(typed) >= 4:
        typo = within_two if len(typed) >= 8 else within_one
        if typo(typed, stored):
            return TYPO
        if len(typed) >= 5 and len(stored) > len(typed) and typo(typed, stored[: len(typed)]):
            return TYPO_PREFIX
    return 0.0


Index = Mapping[str, Mapping[str, Sequence[int]]]
"""field → text → keys of the entries that have this text in this field.

Entries share texts (a municipality, a topic, a role), so each distinct text is scored once
and its score handed to every entry that has it.
"""


MAX_QUERY_WORDS = 8
"""Only the first this many distinct words of a query are scored, so a 4,000-character
message of typo words costs no more than a short search (each word is scored against every
distinct word of the directory)."""


def query_words(query: str) -> tuple[str, ...]:
    """The distinct typed words that take part in scoring (at most MAX_QUERY_WORDS); single
    letters only if nothing else."""
    typed = words(query)
    longer = tuple(word for word in typed if len(word) > 1)
    return tuple(dict.fromkeys(longer or typed))[:MAX_QUERY_WORDS]


def rank(index: Index, query: str) -> dict[int, float]:
    """Score by key of the entries every typed word matches (or the typed run as a whole).

    One pass over the texts builds word → texts; each distinct word is scored once per typed
    word; only the texts with a matching word are visited again.
    """
    typed = query_words(query)
    if not typed:
        return {}
    weights: list[float] = []
    holders: list[Sequence[int]] = []
    texts: list[str] = []
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for field, by_text in index.items():
        weight = FIELD_WEIGHTS[field]
        for text, keys in by_text.items():
            position = len(texts)
            weights.append(weight)
            holders.append(keys)
            texts.append(text)
            for word in words(text):
                postings[word].append(position)
    best: list[dict[int, float]] = []
    for typed_word in typed:
        per_text: dict[int, float] = {}
        for word, positions in postings.items():
            score = word_score(typed_word, word)
            if score:
                for position in positions:
                    if score > per_text.get(position, 0.0):
                        per_text[position] = score
        found: dict[int, float] = {}
        for position, score in per_text.items():
            weighted = score * weights[position]
            for key in holders[position]:
                if weighted > found.get(key, 0.0):
                    found[key] = weighted
        best.append(found)
    matched = set(best[0]).intersection(*best[1:])
    scores = {key: sum(found[key] for found in best) for key in matched}
    for position, exact in _run_matches(compact(query), texts):
        # Typed as one run (`eakte`, `hornbadmeinberg`) or across words: a bonus or a match.
        score = weights[position] * (EXACT if exact else PREFIX) * len(typed)
        for key in holders[position]:
            scores[key] = max(scores.get(key, 0.0), score)
    return scores


def _run_matches(joined: str, texts: Sequence[str]) -> list[tuple[int, bool]]:
    """(position, whole text?) of the texts whose compact form contains `joined`.

    One search through all compact texts joined by a separator, at C speed.
    """
    if len(joined) < 4:
        return []
    compacts = list(map(compact, texts))
    haystack = "\n".join(compacts)
    starts = list(accumulate((len(text) + 1 for text in compacts), initial=0))
    found: dict[int, bool] = {}
    at = haystack.find(joined)
    while at != -1:
        position = bisect_right(starts, at) - 1
        found[position] = found.get(position, False) or compacts[position] == joined
        at = haystack.find(joined, at + 1)
    return list(found.items())
