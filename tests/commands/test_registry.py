"""Sub-commands declared once: the router dispatches, refuses, suggests and flags re-planning
from the declarations alone, and help and usage lines are read from them."""

from __future__ import annotations

import pytest

from commands.errors import UsageError
from commands.registry import Command, Refusal, Registry, Sub
from commands.rendering import render
from commands.reply import Reply
from commands.router import route
from tests.commands.support import REGISTRY, invocation

SEEN: list[tuple[str, str]] = []


def _recorder(name: str):
    async def handler(inv, ctx, args):
        SEEN.append((name, args))
        return Reply.text(f"{name} ok")

    return handler


async def _unknown(inv, ctx, args):
    raise UsageError("args.unexpected", command="!probe", extra=args)


PROBE = Command(
    name="probe",
    english="probe",
    summary={"de": "Test", "en": "test"},
    usage={"de": ("",), "en": ("",)},
    refusal=Refusal("meetups.moderators_only", example="look"),
    subs=(
        Sub("look", {"de": "zeigen", "en": "show"}, usage={"de": ("",), "en": ("",)}),
        Sub(
            "close",
            {"de": "schließen", "en": "close"},
            usage={"de": ("<nr>",), "en": ("<no>",)},
            aliases=("zu",),
            moderators_only=True,
            changes_plan=True,
        ),
        Sub(
            "switch",
            {"de": "schalter", "en": "switch"},
            usage={"de": ("[an|aus]",), "en": ("[on|off]",)},
            moderators_only=True,
            changes_plan=True,
            only_with_arguments=True,
        ),
    ),
)
TABLE = Registry(
    [
        PROBE.bind(
            _unknown, look=_recorder("look"), close=_recorder("close"), switch=_recorder("switch")
        )
    ]
)


async def _route(make_ctx, lippe, text, *, moderator=False, registry=TABLE):
    routed = await route(invocation(text), make_ctx(lippe, moderator=moderator), registry)
    assert routed is not None
    return routed, render(routed.reply).plain


@pytest.mark.parametrize("text", ["!probe schließen 3", "!probe SCHLIESSEN 3", "!probe close 3"])
async def test_a_sub_command_word_in_either_language_or_spelling_runs_its_handler(
    make_ctx, lippe, text
):
    """German, English and folded spellings select the sub-command; it gets the rest."""
    SEEN.clear()
    _, plain = await _route(make_ctx, lippe, text, moderator=True)
    assert plain == "close ok" and SEEN == [("close", "3")]


async def test_moderators_only_is_enforced_by_the_router_before_the_handler(make_ctx, lippe):
    """A member's use of a moderators' sub-command is refused with the declared message and
    example; the handler never runs and nothing is kept."""
    SEEN.clear()
    routed, plain = await _route(make_ctx, lippe, "!probe zu 3")
    assert SEEN == [] and routed.keep_changes is False
    assert plain.startswith("!probe schließen können nur Moderatorinnen und Moderatoren")
    assert plain.endswith("Alle Treffen sehen Sie mit !probe zeigen")


async def test_only_with_arguments_lets_members_look_but_not_change(make_ctx, lippe):
    """Without arguments the sub-command only shows: members may, and nothing re-plans."""
    looked, _ = await _route(make_ctx, lippe, "!probe schalter")
    assert looked.keep_changes and not looked.changes_plan
    refused, _ = await _route(make_ctx, lippe, "!probe schalter aus")
    assert not refused.keep_changes
    switched, _ = await _route(make_ctx, lippe, "!probe schalter aus", moderator=True)
    assert switched.keep_changes and switched.changes_plan


async def test_only_declared_plan_changes_ask_for_a_re_plan(make_ctx, lippe):
    """A looking sub-command keeps its changes but never asks for a re-plan."""
    looked, _ = await _route(make_ctx, lippe, "!probe zeigen")
    closed, _ = await _route(make_ctx, lippe, "!probe zu 3", moderator=True)
    assert (looked.changes_plan, closed.changes_plan) == (False, True)


async def test_a_mistyped_sub_command_gets_meinten_sie_with_the_usage(make_ctx, lippe):
    """`!aufgabe erledgt 3` names the nearest sub-command before the usage lines."""
    _, plain = await _route(make_ctx, lippe, "!aufgabe erledgt 3", registry=REGISTRY)
    assert "Meinten Sie !aufgabe erledigt?" in plain
    assert plain.index("Meinten Sie") < plain.index("So geht es:")
    english = await route(invocation("!action reopn 3"), make_ctx(lippe, language="en"), REGISTRY)
    assert "Did you mean !action reopen?" in render(english.reply).plain


async def test_a_search_word_far_from_every_sub_command_gets_no_guess(make_ctx, lippe):
    """`!kontakt lemgo` is a search; no "Meinten Sie" for words that are no typo of a verb."""
    _, plain = await _route(make_ctx, lippe, "!kontakt lemgo", registry=REGISTRY)
    assert "Meinten Sie" not in plain


async def test_help_for_a_command_lists_its_moderators_sub_commands(make_ctx, lippe):
    """`!hilfe treffen` says which sub-commands only moderators may use, from the flags."""
    _, plain = await _route(make_ctx, lippe, "!hilfe treffen", registry=REGISTRY)
    assert (
        "Nur für Moderatorinnen und Moderatoren: !treffen serie, !treffen neu, "
        "!treffen absagen, !treffen verschieben, !treffen plan, !treffen beiträge." in plain
    )
    assert "• `!treffen verschieben <datum> auf <datum> [uhrzeit[-ende]]`" in plain


def test_usage_lines_are_built_from_the_names():
    """Renaming the command or a word changes every usage line; no line is written twice."""
    assert PROBE.usage_lines("de") == ("probe", "probe zeigen", "probe schließen <nr>",
                                       "probe schalter [an|aus]")  # fmt: skip
    assert PROBE.usage_lines("en")[2] == "probe close <no>"


def test_a_sub_command_without_a_handler_is_refused_at_binding():
    """Binding must cover exactly the declared sub-commands."""
    with pytest.raises(ValueError, match=r"no handler for .*switch"):
        PROBE.bind(_unknown, look=_unknown, close=_unknown)


def test_a_word_declared_twice_or_moderators_without_refusal_are_refused():
    """Two sub-commands cannot share a word; moderators' sub-commands need a refusal."""
    with pytest.raises(ValueError, match="'zu'"):
        Command(
            "x",
            "x",
            {},
            {},
            subs=(Sub("a", {"de": "zu", "en": "a"}), Sub("b", {"de": "zu", "en": "b"})),
        )
    with pytest.raises(ValueError, match="refusal"):
        Command("x", "x", {}, {}, subs=(Sub("a", {"de": "a", "en": "a"}, moderators_only=True),))


def test_the_bots_table_declares_plan_changes_only_where_posts_depend_on_them():
    """Meet-up scheduling, post switches and item due dates re-plan; reading and RSVPs not."""
    replanning = {
        (command.name, sub.key)
        for command in REGISTRY.commands()
        for sub in command.subs
        if sub.changes_plan
    }
    assert replanning == {
        ("treffen", "series"),
        ("treffen", "new"),
        ("treffen", "cancel"),
        ("treffen", "move"),
        ("treffen", "posts"),
        ("aufgabe", "new"),
        ("aufgabe", "done"),
        ("aufgabe", "reopen"),
        ("aufgabe", "due"),
    }
    assert not any(command.changes_plan for command in REGISTRY.commands())
