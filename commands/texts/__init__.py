"""What the bot says, one module per command family, each with a German and an English table.

A text that counts something is a `Plural`: "1 Eintrag", "2 Einträge", never "1 Einträge".
Spaces that must not break a line are written as escapes, so Element keeps the parts
together and a reader of the source sees them: `TOP\\u00a0{number}`, `{count}\\u00a0Einträge`,
`z.\\u202fB.` (tests/commands/test_catalogue.py finds ordinary spaces in these places).
"""

from __future__ import annotations

from dataclasses import dataclass

NBSP = "\u00a0"
"""No-break space: between a number and its unit or noun (`10:00 Uhr`, `TOP 1`, `20\u00a0min`)."""
NNBSP = "\u202f"
"""Narrow no-break space: inside abbreviations (`z. B.`, `d. h.`), as DIN 5008 sets them."""


@dataclass(frozen=True, slots=True)
class Plural:
    """A text with a singular and a plural form, chosen by the `count` placeholder.

    German and English share CLDR's rule for whole numbers: "one" is exactly 1, all else
    "other".
    """

    one: str
    other: str

    def form(self, count: int) -> str:
        """The form that fits `count`."""
        return self.one if count == 1 else self.other


Text = str | Plural
