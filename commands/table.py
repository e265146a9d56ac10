"""The bot's command table: every command family contributes its declarations here."""

from __future__ import annotations

from commands.actions import ACTION, ACTIONS, WHO
from commands.contacts import CONTACT, CONTACTS, MY_DATA
from commands.help import HELP
from commands.meetups import AGENDA, DECISION, MAYBE, MEETUP, MINUTES, NO, RSVP, YES
from commands.network import NETWORK
from commands.registry import Registry
from commands.workpackages import WORKPACKAGE


def default_registry() -> Registry:
    """All commands, in the order `!hilfe` lists them."""
    return Registry(
        (
            NETWORK,
            MEETUP,
            AGENDA,
            YES,
            NO,
            MAYBE,
            RSVP,
            DECISION,
            MINUTES,
            ACTION,
            ACTIONS,
            WORKPACKAGE,
            WHO,
            CONTACT,
            CONTACTS,
            MY_DATA,
            HELP,
        )
    )
