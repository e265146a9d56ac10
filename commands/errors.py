"""Errors whose message is meant for the person who typed the command.

Anything else a handler raises is a bug: the router logs it and apologises.
"""

from __future__ import annotations


class CommandError(Exception):
    """The command was understood but cannot be done; `key` names a catalogue message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class UsageError(CommandError):
    """The arguments do not fit the command; the router adds the usage line."""


def nothing_more(command: str, rest: str) -> None:
    """UsageError if anything follows `command`, which takes nothing more (here)."""
    if rest.strip():
        raise UsageError("args.unexpected", command=command, extra=rest.strip())
