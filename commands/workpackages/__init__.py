"""Work packages (`!ap`): one municipality leads a piece of work for the whole network.

The package exports the declaration (names, usage, sub-commands); the handlers are bound
in `package.py` (`WORKPACKAGE_ENTRY`), which the command table imports.
"""

from commands.workpackages.declarations import WORKPACKAGE

__all__ = ["WORKPACKAGE"]
