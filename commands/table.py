"""The bot's command table: every command family contributes its declarations here."""

from __future__ import annotations

from commands.help import HELP
from commands.network import NETWORK
from commands.registry import Registry


def default_registry() -> Registry:
    """All commands, in the order `!hilfe` lists them."""
    return Registry((NETWORK, HELP))
