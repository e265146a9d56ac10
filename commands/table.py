"""The bot's command table: every command with its handlers, in the order `!hilfe` lists.

The declarations live in each family's `declarations.py`; the entries imported here are
those declarations bound to their handlers.
"""

from __future__ import annotations

from commands.actions.item import ACTION_ENTRY
from commands.actions.listing import ACTIONS_ENTRY
from commands.actions.who import WHO_ENTRY
from commands.contacts.contact import CONTACT_ENTRY, CONTACTS_ENTRY
from commands.contacts.personal_data import MY_DATA_ENTRY
from commands.help import with_help
from commands.meetups.agenda import AGENDA_ENTRY
from commands.meetups.meetup import MEETUP_ENTRY
from commands.meetups.minutes import DECISION_ENTRY, MINUTES_ENTRY
from commands.meetups.rsvp import MAYBE_ENTRY, NO_ENTRY, RSVP_ENTRY, YES_ENTRY
from commands.network import NETWORK_ENTRY
from commands.registry import Registry
from commands.workpackages.package import WORKPACKAGE_ENTRY


def default_registry() -> Registry:
    """All commands, in the order `!hilfe` lists them (help itself last)."""
    return with_help(
        (
            NETWORK_ENTRY,
            MEETUP_ENTRY,
            AGENDA_ENTRY,
            YES_ENTRY,
            NO_ENTRY,
            MAYBE_ENTRY,
            RSVP_ENTRY,
            DECISION_ENTRY,
            MINUTES_ENTRY,
            ACTION_ENTRY,
            ACTIONS_ENTRY,
            WORKPACKAGE_ENTRY,
            WHO_ENTRY,
            CONTACT_ENTRY,
            CONTACTS_ENTRY,
            MY_DATA_ENTRY,
        )
    )
