"""The bot's command table: every command family contributes its declarations here."""

from __future__ import annotations

from commands.actions.item import ACTION
from commands.actions.listing import ACTIONS
from commands.actions.who import WHO
from commands.contacts.contact import CONTACT, CONTACTS
from commands.contacts.personal_data import MY_DATA
from commands.help import HELP
from commands.meetups.agenda import AGENDA
from commands.meetups.meetup import MEETUP
from commands.meetups.minutes import DECISION, MINUTES
from commands.meetups.rsvp import MAYBE, NO, RSVP, YES
from commands.network import NETWORK
from commands.registry import Registry
from commands.workpackages.package import WORKPACKAGE


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
