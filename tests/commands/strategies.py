"""Hypothesis strategies for hostile chat input, shared by the fuzz tests.

`ANY_CHAR` is every character a Matrix event can carry (no lone surrogates); `HOSTILE`
mixes it with the input people (and attackers) really type: direction marks, zero-width
characters, combining marks, emoji, HTML, Markdown, room pings, SQL fragments, impossible
dates, huge numbers and arguments far longer than any command allows.
"""

from __future__ import annotations

from hypothesis import strategies as st

ANY_CHAR = st.characters(codec="utf-8", exclude_categories=("Cs",))

FRAGMENTS = (
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # zero-width no-break space (BOM)
    "\u2060",  # word joiner
    "e\u0301\u0308\u0327",  # combining marks
    "👩‍💻",
    "🇩🇪",
    "ß",
    "İ",
    "\x00",
    "\ud800",  # a lone surrogate: JSON may carry one, UTF-8 cannot
    "\t",
    "\n",
    "\r\n",
    "<b>fett</b>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://evil.example">x</a>',
    "<img src=x onerror=alert(1)>",
    "&lt;b&gt;",
    "&amp;",
    "**x**",
    "_x_",
    "[a](b)",
    "[a](https://evil.example)",
    "`code`",
    "```",
    "> quote",
    "# Titel",
    "@room",
    "@ROOM",
    "@room!",
    "@everyone",
    "@room:lippe.de",
    "@erika:localhost",
    "@max:lippe.de",
    "@x:y:z",
    "@",
    "#",
    "#ozg",
    '"',
    "„Titel“",
    "'; DROP TABLE contacts; --",
    "' OR '1'='1",
    "%",
    "_",
    "%_%",
    "\\",
    "31.02.2026",
    "29.02.2027",
    "00.00.0000",
    "32.13.",
    "25:61",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "-",
)
"""Pieces of hostile text, each a known way to break a parser, a query or the markup."""

FRAGMENT = st.sampled_from(FRAGMENTS)

LONG = st.sampled_from((1_000, 3_900, 10_000)).flatmap(
    lambda size: st.lists(FRAGMENT | st.text(ANY_CHAR, max_size=20), min_size=1, max_size=5).map(
        lambda parts: (" ".join(parts) * size)[:size]
    )
)
"""Arguments of 1,000, 3,900 (just under the command limit) and 10,000 characters."""

SHORT = st.one_of(
    FRAGMENT,
    st.text(ANY_CHAR, max_size=40),
    st.lists(FRAGMENT | st.text(ANY_CHAR, max_size=8), min_size=1, max_size=6).map(" ".join),
)
"""A short hostile argument: a fragment, random text, or a mixture of both."""

HOSTILE = SHORT | LONG
"""One hostile argument, short or very long."""
