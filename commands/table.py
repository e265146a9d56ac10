"""The bot's command table: every command family contributes its declarations here."""

from __future__ import annotations

from commands.action_list import ACTIONS
from commands.actions import ACTION
from commands.agenda import AGENDA
from commands.contacts import CONTACT, CONTACTS
from commands.help import HELP
from commands.meetups import MEETUP
from commands.minutes import DECISION, MINUTES
from commands.network import NETWORK
from commands.personal_data import MY_DATA
from commands.registry import Registry
from commands.rsvp import MAYBE, NO, RSVP, YES
from commands.who import WHO
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
