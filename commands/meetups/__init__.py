"""Meet-ups and what belongs to one: agenda, RSVPs, decisions and minutes, calendar files."""

from commands.meetups.agenda import AGENDA
from commands.meetups.meetup import MEETUP
from commands.meetups.minutes import DECISION, MINUTES
from commands.meetups.rsvp import MAYBE, NO, RSVP, YES

__all__ = ["AGENDA", "DECISION", "MAYBE", "MEETUP", "MINUTES", "NO", "RSVP", "YES"]
