"""The command table: every command is declared once, and help is generated from it."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from commands.context import Context
from commands.invocation import Invocation
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

    def closest(self, name: str) -> tuple[Command, str] | None:
        """The command whose name is nearest to a mistyped `name`, and that name."""
        match = difflib.get_close_matches(name.lower(), self._by_name, n=1, cutoff=0.6)
        return (self._by_name[match[0]], match[0]) if match else None
