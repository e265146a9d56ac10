"""Work packages (`!ap`): one municipality leads a piece of work for the whole network."""

from commands.workpackages.package import WORKPACKAGE

__all__ = ["WORKPACKAGE"]
