"""The command table: every command is declared once, and help is generated from it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from commands.context import Context
from commands.invocation import Invocation
from commands.parsing.fuzzy import allowed_typos, distance
from commands.parsing.text import fold
from commands.reply import Reply

Handler = Callable[[Invocation, Context, str], Awaitable[Reply]]
"""A handler gets the invocation, the context and the text after the command name."""


@dataclass(frozen=True, slots=True)
class Command:
    """One chat command: its names in both languages, help texts and handler."""

    name: str
    english: str
    summary: Mapping[str, str]
    usage: Mapping[str, tuple[str, ...]]
    handler: Handler
    aliases: tuple[str, ...] = ()
    moderators_only: bool = False
    help_keys: tuple[str, ...] = ()
    """Catalogue keys of notes `!hilfe <befehl>` adds after the usage (e.g. data retention)."""
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = (self.name, self.english, *self.aliases)
        object.__setattr__(self, "names", tuple(dict.fromkeys(n.lower() for n in names)))

    def display_name(self, language: str) -> str:
        """The name to show: German name for `de`, English name for `en`."""
        return self.english if language == "en" else self.name


class Registry:
    """Finds commands by any of their names; both languages accept every name."""

    def __init__(self, commands: Iterable[Command]) -> None:
        self._commands = tuple(commands)
        self._by_name: dict[str, Command] = {}
        for command in self._commands:
            for name in command.names:
                if name in self._by_name:
                    raise ValueError(f"command name {name!r} is declared twice")
                self._by_name[name] = command

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands)

    def find(self, name: str) -> Command | None:
        """The command called `name` (case-insensitive), if any."""
        return self._by_name.get(name.lower())

    def closest(self, name: str, language: str) -> tuple[Command, str] | None:
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
        command = self._by_name[best[1]]
        other_language = command.name if language == "en" else command.english
        shown = command.display_name(language) if best[1] == other_language else best[1]
        return command, shown
