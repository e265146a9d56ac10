"""The command table: every command and sub-command is declared once, here the shapes.

A `Command` is pure data: its names in both languages, usage, sub-commands (`Sub`: words,
aliases, usage, an example, moderators-only, whether it can change what the scheduler
plans). Help, "Meinten Sie", usage errors, the moderators' check, the fuzz test's forms and
every command text a reply shows (`Command.text`) are derived from it. The declarations of a
family live in `commands/<family>/declarations.py`, free of handlers, so any module may name
any command. `Command.bind` attaches the handlers (in the family's handler modules) and
gives the `Entry` the router runs; binding refuses a sub-command without a handler.
"""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from commands.context import Context
from commands.invocation import Invocation
from commands.parsing.fuzzy import allowed_typos, distance
from commands.parsing.text import fold
from commands.reply import Reply

Handler = Callable[[Invocation, Context, str], Awaitable[Reply]]
"""A handler gets the invocation, the context and the text after the command (or verb)."""

_CLOSE = 0.6
"""How alike a mistyped name must be to a real one for "Meinten Sie …?" (difflib ratio)."""


def _lang(language: str) -> str:
    return "en" if language == "en" else "de"


@dataclass(frozen=True, slots=True)
class Sub:
    """A sub-command (`!aufgabe erledigt <nr>`): the word after the command name."""

    key: str
    """How code names it (`done`), whatever the words."""
    words: Mapping[str, str]
    """The word shown per language (`erledigt`, `done`); both are understood everywhere."""
    usage: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """What follows the word, per usage line (`<nr>`); none: the sub is not listed in help."""
    aliases: tuple[str, ...] = ()
    """More words that mean it (`fertig`), matched after folding (`öffnen` → `oeffnen`)."""
    example: Mapping[str, str] = field(default_factory=dict)
    """What follows the word in a working example (`3 1`), per language."""
    moderators_only: bool = False
    changes_plan: bool = False
    """Whether it can change what the scheduler plans (meet-ups, due dates, post switches)."""
    changes_posts: bool = False
    """Whether it can change what already sent posts show (agenda items, answers), so they
    are edited; re-planning (`changes_plan`) brings the same edits."""
    only_with_arguments: bool = False
    """Without arguments it only shows something: then members may use it and nothing is
    re-planned (`!treffen posts` shows the switches, `!treffen posts erinnerung aus` flips)."""

    def word(self, language: str) -> str:
        """The word shown in `language`."""
        return self.words[_lang(language)]

    def typed_words(self) -> tuple[str, ...]:
        """Every word (folded) that selects this sub-command."""
        return tuple(dict.fromkeys(fold(w) for w in (*self.words.values(), *self.aliases)))

    def takes_number_first(self) -> bool:
        """Whether its arguments start with a number (`erledigt <nr>`), so people may also
        write the number before the word (`!aufgabe 3 erledigt`)."""
        return any(line.startswith("<nr>") for line in self.usage.get("de", ()))

    def restricted(self, args: str) -> bool:
        """Whether a call with `args` is for moderators only."""
        return self.moderators_only and (bool(args.strip()) or not self.only_with_arguments)

    def replans(self, args: str) -> bool:
        """Whether a successful call with `args` may have changed the plan."""
        return self.changes_plan and (bool(args.strip()) or not self.only_with_arguments)


@dataclass(frozen=True, slots=True)
class Refusal:
    """How a command refuses a member what only moderators may use: a catalogue message with
    `{command}` (what was refused) and `{example}` (the sub-command `example` with its
    declared example: what the person can do instead, or ask a moderator to write)."""

    key: str
    example: str


@dataclass(frozen=True, slots=True)
class Command:
    """One chat command: names in both languages, help texts, usage, sub-commands."""

    name: str
    english: str
    summary: Mapping[str, str]
    usage: Mapping[str, tuple[str, ...]]
    """What may follow the name when no sub-command word comes first (`""`, `<datum>`)."""
    aliases: tuple[str, ...] = ()
    subs: tuple[Sub, ...] = ()
    moderators_only: bool = False
    changes_plan: bool = False
    """Whether the command itself (no sub-command word) can change what the scheduler plans."""
    changes_posts: bool = False
    """Whether the command itself can change what already sent posts show (an RSVP)."""
    needs_network: bool = False
    """Outside a network it is refused before anything is parsed (contact data, say)."""
    reusable: bool = False
    """Whether an answer of the command itself (no sub-command word) that changed nothing
    may be served again from memory while the stored data and the clock allow
    (bot/answers.py): its handler shows stored data only, read through the session."""
    refusal: Refusal | None = None
    help_keys: tuple[str, ...] = ()
    """Catalogue keys of notes `!hilfe <befehl>` adds after the usage (e.g. data retention)."""
    names: tuple[str, ...] = field(init=False)
    _by_word: Mapping[str, Sub] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = (self.name, self.english, *self.aliases)
        object.__setattr__(self, "names", tuple(dict.fromkeys(n.lower() for n in names)))
        by_word: dict[str, Sub] = {}
        for sub in self.subs:
            for word in sub.typed_words():
                if by_word.setdefault(word, sub) is not sub:
                    raise ValueError(f"{self.name}: sub-command word {word!r} declared twice")
        object.__setattr__(self, "_by_word", by_word)
        moderated = self.moderators_only or any(sub.moderators_only for sub in self.subs)
        if moderated and self.refusal is None:
            raise ValueError(f"{self.name}: what only moderators may use needs a refusal")

    def display_name(self, language: str) -> str:
        """The name to show: German name for `de`, English name for `en`."""
        return self.english if language == "en" else self.name

    def sub(self, word: str) -> Sub | None:
        """The sub-command a typed word selects, in either language."""
        return self._by_word.get(fold(word))

    def sub_named(self, key: str) -> Sub:
        """The sub-command code calls `key`."""
        return next(sub for sub in self.subs if sub.key == key)

    def closest_sub(self, word: str) -> Sub | None:
        """The sub-command whose word is nearest to a mistyped `word`."""
        match = difflib.get_close_matches(fold(word), self._by_word, n=1, cutoff=_CLOSE)
        return self._by_word[match[0]] if match else None

    def sub_words(self, language: str) -> str:
        """`neu, erledigt, öffnen, …`: the sub-commands' words, in declaration order."""
        return ", ".join(sub.word(language) for sub in self.subs)

    def text(self, ctx: Context, sub: str | None = None, *args: str) -> str:
        """`!aufgabe erledigt 3` in the reader's language, ready to copy (`sub` is a key)."""
        return self.text_in(ctx.language, ctx.prefix, sub, *args)

    def text_in(self, language: str, prefix: str, sub: str | None = None, *args: str) -> str:
        """`text` for a post, which knows its language and prefix but has no context."""
        words = [prefix + self.display_name(_lang(language))]
        if sub is not None:
            words.append(self.sub_named(sub).word(language))
        return " ".join([*words, *args])

    def example(self, ctx: Context, sub: str) -> str:
        """The sub-command with its declared example: `!agenda verschieben 3 1`."""
        shown = self.sub_named(sub).example.get(_lang(ctx.language), "")
        return self.text(ctx, sub, *([shown] if shown else []))

    def usage_lines(self, language: str) -> tuple[str, ...]:
        """Every usage line without the prefix (`aufgabe erledigt <nr>`): the command's own
        forms first, then each sub-command's in declaration order."""
        lang = _lang(language)
        name = self.display_name(lang)
        lines = [f"{name} {args}".rstrip() for args in self.usage.get(lang, ())]
        for sub in self.subs:
            lines += [
                f"{name} {sub.word(lang)} {args}".rstrip() for args in sub.usage.get(lang, ())
            ]
        return tuple(lines)

    def moderators_subs(self) -> tuple[Sub, ...]:
        """The sub-commands (some or all of their uses) only moderators may use."""
        return tuple(sub for sub in self.subs if sub.moderators_only)

    def bind(self, handler: Handler, **subs: Handler) -> Entry:
        """The command with its handlers: `handler` for calls without a sub-command word,
        one per declared sub-command key."""
        declared = {sub.key for sub in self.subs}
        if set(subs) != declared:
            missing, unknown = declared - set(subs), set(subs) - declared
            raise ValueError(f"{self.name}: no handler for {missing}, undeclared {unknown}")
        return Entry(self, handler, subs)


@dataclass(frozen=True, slots=True)
class Entry:
    """A declared command with its handlers, as the router runs it."""

    command: Command
    handler: Handler
    subs: Mapping[str, Handler]


class Registry:
    """Finds commands by any of their names; both languages accept every name."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries = tuple(entries)
        self._by_name: dict[str, Entry] = {}
        for entry in self._entries:
            for name in entry.command.names:
                if name in self._by_name:
                    raise ValueError(f"command name {name!r} is declared twice")
                self._by_name[name] = entry

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def commands(self) -> Iterator[Command]:
        """The declarations, in the order help lists them."""
        return (entry.command for entry in self._entries)

    def find(self, name: str) -> Entry | None:
        """The command called `name` (case-insensitive), if any."""
        return self._by_name.get(name.lower())

    def closest(self, name: str, language: str) -> tuple[Entry, str] | None:
        """The command a mistyped `name` means, and the name to suggest in `language`.

        Only a near miss counts, with the typo tolerance of every other match (none for
        names of up to three letters), so `!info` never becomes `!no` (an RSVP) nor
        `!moderation` `!action`. A near miss of the other language's name suggests the
        name in the network's language; a near miss of an alias suggests that alias.
        """
        typed = fold(name)
        best: tuple[int, str] | None = None
        for known in self._by_name:
            limit = allowed_typos(min(len(typed), len(known)))
            if limit == 0:
                continue
            edits = distance(typed, fold(known), limit)
            if edits <= limit and (best is None or edits < best[0]):
                best = (edits, known)
        if best is None:
            return None
        entry = self._by_name[best[1]]
        command = entry.command
        other_language = command.name if language == "en" else command.english
        shown = command.display_name(language) if best[1] == other_language else best[1]
        return entry, shown
