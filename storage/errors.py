"""Errors the repositories raise, shared so a handler can catch them in one place."""

from __future__ import annotations


class NotFound(LookupError):
    """The row does not exist in this network (or at all); to a user both look the same."""
