"""Meet-ups and what belongs to one: agenda, RSVPs, decisions and minutes, calendar files.

The package exports the declarations (names, usage, sub-commands); the handlers are bound
in `meetup.py`, `agenda.py`, `rsvp.py` and `minutes.py`, which the command table imports.
"""

from commands.meetups.declarations import (
    AGENDA,
    DECISION,
    MAYBE,
    MEETUP,
    MINUTES,
    NO,
    RSVP,
    YES,
)

__all__ = ["AGENDA", "DECISION", "MAYBE", "MEETUP", "MINUTES", "NO", "RSVP", "YES"]
