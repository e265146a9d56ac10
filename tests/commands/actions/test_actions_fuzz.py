"""Property: any text after `!aufgabe neu` / `!ap neu` stores one row with a confirmation,
or none with an explanation; never a crash, never markup or @room in the reply."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from commands.catalogue import t
from commands.rendering import MAX_BODY_CHARS, render
from commands.router import route
from storage.models import ActionItem, WorkPackage
from tests.commands.actions.support import add_package
from tests.commands.support import MAX, REGISTRY, invocation

_PIECES = st.sampled_from(
    [
        "bis",
        "bis 15.12.",
        "bis 31.2.",
        "bis morgen 10 Uhr",
        "frist:",
        "due: 2026-12-01",
        "ap:1",
        "ap:",
        "ap:x",
        "ap:999999999",
        "lead:",
        "lead:Bad Salzuflen",
        "federführung: horn bad",
        "@",
        "@max",
        "@room",
        MAX,
        "@x:y:z",
        "#",
        "#ozg",
        "#3",
        '"',
        "„Titel“",
        "<script>",
        "x" * 199,
        "Formular-Katalog",
    ]
)
_TEXT = st.lists(
    _PIECES | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))),
    max_size=8,
).map(" ".join)

_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


async def _count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def _check(session, make_ctx, lippe, line: str, model, confirmation: str) -> None:
    before = await _count(session, model)
    routed = await route(invocation(line), make_ctx(lippe), REGISTRY)
    assert routed is not None
    out = render(routed.reply)
    assert t("de", "router.crash") not in out.plain
    assert 0 < len(out.plain) <= MAX_BODY_CHARS
    assert "@room" not in out.plain and "<script>" not in out.html
    stored = await _count(session, model) - before
    assert stored == (1 if routed.keep_changes else 0)
    assert routed.keep_changes == out.plain.startswith(confirmation)
    await session.rollback()


@_SETTINGS
@given(rest=_TEXT)
async def test_random_new_item_stores_one_row_or_none(session, make_ctx, lippe, rest):
    """Any text after `!aufgabe neu` gives one item and a confirmation, or none and a reason."""
    await add_package(session, lippe)
    await _check(session, make_ctx, lippe, f"!aufgabe neu {rest}", ActionItem, "Aufgabe\u00a0")


@_SETTINGS
@given(rest=_TEXT)
async def test_random_new_package_stores_one_row_or_none(session, make_ctx, lippe, rest):
    """Any text after `!ap neu` gives one package and a confirmation, or none and a reason."""
    await _check(session, make_ctx, lippe, f"!ap neu {rest}", WorkPackage, "AP\u00a0")


@_SETTINGS
@given(
    verb=st.sampled_from(["aufgabe", "aufgaben", "ap", "wer", "action", "workpackage"]), rest=_TEXT
)
async def test_any_action_command_answers(session, make_ctx, lippe, verb, rest):
    """Every verb of the family answers random text without a crash or a ping."""
    await add_package(session, lippe)
    routed = await route(invocation(f"!{verb} {rest}"), make_ctx(lippe, moderator=True), REGISTRY)
    assert routed is not None
    out = render(routed.reply)
    assert t("de", "router.crash") not in out.plain
    assert "@room" not in out.plain
    await session.rollback()
