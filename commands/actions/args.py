"""Reading `!aufgabe neu …` and `!ap neu …`: a title with people, topics and options mixed in.

People type the parts in any order, so every word is looked at on its own:

- `@erika:beispiel.de` (or `@erika`) names a person, `#ozg` a topic;
- `ap:3` links a work package, `lead:Bad Salzuflen` / `federführung:` names the lead;
- `bis 15.12.` / `zum 15.` / `frist 15.12.` / `due 15.12.` is a due date, read by
  `split_deadline` (so `bis Mitte Februar`, `bis KW 7`, `bis nächste Woche` work too);
- every other word belongs to the title. A title in quotes (`"…"`, `„…“`) is taken as it is,
  so it may contain `@`, `#` or `bis`; words outside the quotes that are no option are
  added to it.

`bis`/`until` followed by something that is no date (`Konzept bis irgendwann`) is refused
with both ways to write it (a date, or the title in quotes): the words never slip into the
title unnoticed. `zum`, `by` and `frist` without a colon before a non-date stay title words
(`Stellungnahme zum Haushalt`).
The lead's words are matched against the network's municipalities: the longest run of
up to four words that names one wins, so `lead:Lemgo E-Akte` leads with Lemgo and keeps
"E-Akte" in the title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from commands.errors import UsageError
from commands.parsing.dates import example_for, split_deadline
from commands.parsing.text import fold, quote

MAX_TITLE_CHARS = 200
"""A line in a list, not a document: longer texts belong in a linked paper."""

MAX_TOPICS = 10
MAX_TOPIC_CHARS = 40
_LEAD_WORDS = 4

_QUOTES = {'"': '"', "„": "“”", "“": "”", "”": "”", "'": "'", "‚": "‘’", "«": "»", "»": "«"}
_TOPIC = re.compile(r"#([^\W_][\w\-]*)\Z")
_PACKAGE = re.compile(
    r"(?:ap|wp|arbeitspaket|workpackage|package):\s*#?([0-9]*)(.*)\Z", re.IGNORECASE
)
_LEAD = re.compile(r"(?:lead|federführung|federfuehrung|ff):(.*)\Z", re.IGNORECASE)
_DUE_LEADS = frozenset({"bis", "by", "until", "zum"})
"""Words the date parser reads itself (`bis 15.12.`, `zum 15.`)."""
_STRICT_LEADS = frozenset({"bis", "until"})
"""After these a deadline must follow; other words there are explained, not kept."""
_DUE_OPTIONS = frozenset({"frist", "due", "deadline"})
"""Words that only announce a date (`frist 15.12.`, `due: 15.12.`)."""
_TRAILING = ",;.!?)"


@dataclass(slots=True)
class Draft:
    """What was read from the text; people are still as typed (`@erika`)."""

    title: str = ""
    people: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    work_package: int | None = None
    due: date | None = None
    lead: str | None = None
    lead_text: str | None = None


@dataclass(frozen=True, slots=True)
class Options:
    """Which options the command knows; others stay title words."""

    due: bool = False
    work_package: bool = False
    lead: Callable[[str], str | None] | None = None
    """Resolves a municipality name; None if the command has no lead."""
    command: str = ""
    """How the command begins (`!aufgabe neu`), for examples built from what was typed."""


def person_token(word: str) -> str:
    """`@erika:beispiel.de,` → `@erika:beispiel.de`: punctuation after a name is not part of it."""
    return word.rstrip(_TRAILING).rstrip(":")


def topic_of(word: str) -> str | None:
    """`#OZG` → `ozg`; None if the word is no topic (`#3`, `#`)."""
    found = _TOPIC.match(word.rstrip(_TRAILING))
    if found is None:
        return None
    return found[1].lower()[:MAX_TOPIC_CHARS]


def parse_draft(text: str, options: Options, *, now: datetime, tz: ZoneInfo, example: str) -> Draft:
    """Split `text` into title, people, topics and options; UsageError for what is wrong."""
    draft = Draft()
    title_words: list[str] = []
    quoted, text = _quoted_title(text)
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    index = 0
    while index < len(tokens):
        start, word = tokens[index]
        index += 1
        if word.startswith("@") and len(person_token(word)) > 1:
            draft.people.append(person_token(word))
            continue
        topic = topic_of(word)
        if topic is not None:
            if topic not in draft.topics:
                draft.topics.append(topic)
            continue
        if options.work_package and (found := _PACKAGE.match(word)):
            index = _work_package(draft, found, tokens, index, example)
            continue
        if options.lead is not None and (found := _LEAD.match(word)):
            index = _lead(draft, found[1], tokens, index, options.lead)
            continue
        if options.due:
            consumed = _due(draft, text, start, word, now=now, tz=tz, command=options.command)
            if consumed is not None:
                while index < len(tokens) and tokens[index][0] < consumed:
                    index += 1
                continue
        title_words.append(word)
    title = " ".join(([quoted] if quoted else []) + title_words)
    draft.title = " ".join(title.split())
    if not draft.title:
        raise UsageError("actions.title_missing", example=example)
    if len(draft.title) > MAX_TITLE_CHARS:
        raise UsageError(
            "actions.title_too_long",
            length=len(draft.title),
            limit=MAX_TITLE_CHARS,
            example=example,
        )
    if len(draft.topics) > MAX_TOPICS:
        raise UsageError("actions.too_many_topics", limit=MAX_TOPICS, example=example)
    return draft


def _quoted_title(text: str) -> tuple[str | None, str]:
    """A title in quotes at the start, and the text after it; (None, text) otherwise."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in _QUOTES:
        return None, text
    closers = _QUOTES[stripped[0]]
    for end in range(1, len(stripped)):
        if stripped[end] in closers:
            return stripped[1:end].strip(), stripped[end + 1 :]
    return None, text


def _work_package(
    draft: Draft,
    found: re.Match[str],
    tokens: list[tuple[int, str]],
    index: int,
    example: str,
) -> int:
    """`ap:3`, `ap:#3` or `ap: 3`; anything else after `ap:` is explained."""
    digits, rest = found[1], found[2].rstrip(_TRAILING)
    if not digits and not rest and index < len(tokens):
        following = tokens[index][1].rstrip(_TRAILING).lstrip("#")
        if following.isascii() and following.isdigit():  # not `²`, which int() refuses
            digits = following
            index += 1
    if not digits or rest or len(digits) > 6:
        raise UsageError("actions.package_invalid", text=quote(found.group()), example=example)
    draft.work_package = int(digits)
    return index


def _lead(
    draft: Draft,
    glued: str,
    tokens: list[tuple[int, str]],
    index: int,
    resolve: Callable[[str], str | None],
) -> int:
    """The longest run of up to four words after `lead:` that names a municipality.

    `glued` is what stood right after the colon (`lead:Lemgo`); the return value is the
    index of the first token not used.
    """
    words = [glued] if glued else []
    following = 0
    while len(words) < _LEAD_WORDS and index + following < len(tokens):
        word = tokens[index + following][1]
        if word.startswith(("@", "#")) or ":" in word:
            break
        words.append(word)
        following += 1
    for size in range(len(words), 0, -1):
        name = resolve(" ".join(words[:size]).rstrip(_TRAILING))
        if name is not None:
            draft.lead = name
            return index + size - (1 if glued else 0)
    draft.lead_text = " ".join(words)
    return index + following


def _due(
    draft: Draft, text: str, start: int, word: str, *, now: datetime, tz: ZoneInfo, command: str
) -> int | None:
    """Read a due date at `word`; the end of what was read, or None if it is a title word.

    `frist:` / `due:` must be followed by a date; so must `bis`, whose unreadable words are
    explained with both ways to write them. After `zum`, `by` or `frist` without a colon,
    words that are no date at all stay in the title.
    """
    folded = fold(word)
    if folded in _DUE_LEADS:
        source = text[start:]
    elif folded.rstrip(":") in _DUE_OPTIONS:
        source = text[start + len(word) :]
    else:
        return None
    try:
        due, rest = split_deadline(source, now=now, tz=tz)
    except UsageError as err:
        if err.key != "dates.unparseable" or folded.endswith(":"):
            raise
        after = source[len(word) :] if folded in _DUE_LEADS else source
        if folded in _STRICT_LEADS:
            raise _unreadable_due(text, start, word, now=now, command=command) from None
        if after.lstrip()[:1].isdigit():
            raise
        return None
    end = len(text.rstrip()) - len(rest)
    if draft.due is not None:  # `bis Freitag bis Montag`: which one?
        raise UsageError(
            "actions.due_twice",
            text=quote(text[start:end]),
            example=" ".join([command, text[:start].strip(), rest]).strip(),
        )
    draft.due = due
    return end


def _unreadable_due(text: str, start: int, word: str, *, now: datetime, command: str) -> UsageError:
    """`bis irgendwann`: the same command with a real date, and with the title in quotes."""
    tail = text[start + len(word) :].split()
    typed = []
    for token in tail:
        if token.startswith(("@", "#")) or ":" in token:
            break
        typed.append(token)
    after = tail[len(typed) :]
    day = example_for(now, with_time=False)
    with_date = " ".join([text[:start].strip(), word, day, *after]).strip()
    before = text[:start].split()
    others = [w for w in before if w.startswith(("@", "#")) or ":" in w]
    title = " ".join(w for w in before if w not in others)
    quoted = " ".join([f"„{' '.join([*title.split(), word, *typed])}“", *others, *after])
    return UsageError(
        "actions.due_unreadable",
        text=quote(f"{word} {' '.join(typed)}"),
        with_date=f"{command} {with_date}".strip(),
        quoted=f"{command} {quoted}".strip(),
    )
