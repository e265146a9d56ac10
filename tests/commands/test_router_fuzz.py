"""Property: whatever follows the prefix, the router answers or ignores, never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.rendering import MAX_BODY_CHARS, render
from commands.router import route
from tests.commands.support import REGISTRY, invocation

_NAMES = st.sampled_from(["hilfe", "help", "netzwerk", "network", "HILFE", "hilf", "x", ""])
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
) | st.sampled_from(["<script>", "@room", "\u200f\u200b", "'; DROP TABLE networks; --", "**a**"])


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_NAMES, rest=_TEXT)
async def test_router_never_raises_and_replies_render_safely(make_ctx, lippe, name, rest):
    """Random text after a command name yields a renderable reply without markup or @room."""
    routed = await route(invocation(f"!{name} {rest}"), make_ctx(lippe), REGISTRY)
    if routed is None:
        return
    out = render(routed.reply)
    assert 0 < len(out.plain) <= MAX_BODY_CHARS
    assert "@room" not in out.plain and "<script>" not in out.html
