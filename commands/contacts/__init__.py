"""The contact directory (`!kontakt`, `!kontakte`) and what the bot stores about a person.

The package exports the declarations (names, usage, sub-commands); the handlers are bound
in `contact.py` and `personal_data.py`, which the command table imports.
"""

from commands.contacts.declarations import CONTACT, CONTACTS, MY_DATA

__all__ = ["CONTACT", "CONTACTS", "MY_DATA"]
