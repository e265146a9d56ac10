"""RSVP by reaction: which emoji on a meet-up post means yes, no or maybe."""

from __future__ import annotations

VARIATION_SELECTOR = "\ufe0f"

ANSWERS = {
    "✅": "yes",
    "✔": "yes",
    "👍": "yes",
    "❌": "no",
    "✖": "no",
    "👎": "no",
    "❔": "maybe",
    "❓": "maybe",
    "🤔": "maybe",
}
"""The emoji the posts ask for (✅ ❌ ❔) and the ones people use anyway."""

OFFERED = {"✅": "yes", "❌": "no", "❔": "maybe"}
"""The reactions the bot adds to its own posts that ask for answers, so one click answers."""


def answer_for(key: str) -> str | None:
    """ "yes", "no" or "maybe" for a reaction key, None for any other emoji."""
    return ANSWERS.get(key.replace(VARIATION_SELECTOR, "").strip())
