"""Action items (`!aufgabe`, `!aufgaben`) and "who does that?" (`!wer`)."""

from commands.actions.item import ACTION
from commands.actions.listing import ACTIONS
from commands.actions.who import WHO

__all__ = ["ACTION", "ACTIONS", "WHO"]
