"""How the command lines end on an error: one `error: …` line on stderr and an exit code."""

from __future__ import annotations

import sys


def failed(message: object, code: int) -> int:
    """Print `error: {message}` to stderr and give back `code`, the exit status to return."""
    print(f"error: {message}", file=sys.stderr)
    return code
