"""The contact directory (`!kontakt`, `!kontakte`) and what the bot stores about a person."""

from commands.contacts.contact import CONTACT, CONTACTS
from commands.contacts.personal_data import MY_DATA

__all__ = ["CONTACT", "CONTACTS", "MY_DATA"]
