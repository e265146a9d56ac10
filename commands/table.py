"""The bot's command table: every command family contributes its declarations here."""

from __future__ import annotations

from commands.agenda import AGENDA
from commands.help import HELP
from commands.meetups import MEETUP
from commands.minutes import DECISION, MINUTES
from commands.network import NETWORK
from commands.registry import Registry
from commands.rsvp import MAYBE, NO, RSVP, YES


def default_registry() -> Registry:
    """All commands, in the order `!hilfe` lists them."""
    return Registry((NETWORK, MEETUP, AGENDA, YES, NO, MAYBE, RSVP, DECISION, MINUTES, HELP))
