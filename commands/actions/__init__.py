"""Action items (`!aufgabe`, `!aufgaben`) and "who does that?" (`!wer`).

The package exports the declarations (names, usage, sub-commands); the handlers are bound
in `item.py`, `listing.py` and `who.py`, which the command table imports.
"""

from commands.actions.declarations import ACTION, ACTIONS, WHO

__all__ = ["ACTION", "ACTIONS", "WHO"]
