"""The router: commands found by any name, unknown ones answered, errors contained."""

from __future__ import annotations

import logging

import pytest

from commands.errors import CommandError, UsageError
from commands.registry import Command, Registry
from commands.rendering import render
from commands.reply import Reply
from commands.router import MAX_COMMAND_CHARS, Split, route, split_command, storable
from storage import workpackages
from tests.commands.support import REGISTRY, invocation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!hilfe", Split("hilfe", "")),
        ("  !HILFE treffen  ", Split("hilfe", "treffen")),
        ("!help\nmore lines", Split("help", "more lines")),
        ("! treffen", Split("treffen", "", spaced=True)),
        ("!hilfe?", Split("hilfe", "")),
        ("!treffen!! liste", Split("treffen", "liste")),
        ("hilfe", None),
        ("!", None),
        ("! ", None),
        ("!!!", None),
        ("!?", None),
        ("!1234", None),
        ("Wer hat !hilfe geschrieben?", None),
    ],
)
def test_split_command(text, expected):
    """A command is the prefix, maybe a space, then a word; punctuation after the name is
    not part of it."""
    assert split_command(text, "!") == expected


@pytest.mark.parametrize("text", ["! treffen", "!hilfe?", "!Hilfe!", "! hilfe ?"])
async def test_a_space_after_the_prefix_or_punctuation_after_the_name_is_understood(make_ctx, text):
    """`! treffen` and `!hilfe?` answer like `!treffen` and `!hilfe`, not "unknown command"."""
    routed = await route(invocation(text), make_ctx(), REGISTRY)
    assert routed is not None
    plain = render(routed.reply).plain
    assert "kenne ich nicht" not in plain
    if "hilfe" in text.lower():
        assert plain.startswith("Alle Befehle")
    else:
        assert plain.startswith("Dieser Raum gehört zu keinem Netzwerk.")


@pytest.mark.parametrize("text", ["! Achtung, morgen fällt das Treffen aus", "! !", "! 1"])
async def test_chat_with_a_space_after_the_prefix_stays_unanswered(make_ctx, text):
    """With a space after the prefix only a known command name makes a command: no
    "unknown command" answers to exclamations in chat."""
    assert await route(invocation(text), make_ctx(), REGISTRY) is None


async def test_plain_chat_is_not_answered(make_ctx):
    """Messages without the prefix get no reply at all."""
    assert await route(invocation("Guten Morgen zusammen"), make_ctx(), REGISTRY) is None


async def test_unknown_command_suggests_the_closest(make_ctx):
    """A typo gets the nearest command and a pointer to the help."""
    routed = await route(invocation("!hilf"), make_ctx(), REGISTRY)
    plain = render(routed.reply).plain
    assert "!hilf " in plain and "Meinten Sie !hilfe?" in plain and "!hilfe" in plain
    assert routed.keep_changes is False


async def test_unknown_command_without_near_match_points_to_help_in_english(make_ctx):
    """Far-off names get no guess, just the help pointer, in the network's language."""
    routed = await route(invocation("!xyzzy"), make_ctx(language="en"), REGISTRY)
    plain = render(routed.reply).plain
    assert plain == "I don't know the command !xyzzy. !help lists all commands."


async def test_too_long_message_is_refused_before_any_handler(make_ctx):
    """Over-long commands get a clear message naming the limit."""
    routed = await route(invocation("!hilfe " + "x" * MAX_COMMAND_CHARS), make_ctx(), REGISTRY)
    assert f"höchstens {MAX_COMMAND_CHARS}\u00a0Zeichen" in render(routed.reply).plain


def _registry_with(handler) -> Registry:
    probe = Command(
        name="probe",
        english="probe",
        summary={"de": "Test", "en": "test"},
        usage={"de": ("<zahl>",), "en": ("<number>",)},
    )
    return Registry([probe.bind(handler)])


async def test_usage_error_answers_with_message_and_usage_line(make_ctx):
    """A UsageError becomes its message plus the usage forms of the command."""

    async def handler(inv, ctx, args):
        raise UsageError("args.unexpected", command="!probe", extra=args)

    ctx = make_ctx()
    routed = await route(invocation("!probe abc"), ctx, _registry_with(handler))
    plain = render(routed.reply).plain
    assert "„abc“" in plain and "So geht es:" in plain and "• `!probe <zahl>`" in plain
    assert routed.keep_changes is False


async def test_command_error_answers_with_its_message(make_ctx):
    """A CommandError's catalogue message is the whole reply."""

    async def handler(inv, ctx, args):
        raise CommandError("network.none")

    ctx = make_ctx()
    routed = await route(invocation("!probe"), ctx, _registry_with(handler))
    assert render(routed.reply).plain.startswith("Dieser Raum gehört zu keinem Netzwerk.")


async def test_crash_is_logged_with_event_id_and_answered_with_apology(make_ctx, caplog):
    """An unexpected exception is contained: apology in the room, traceback in the log."""

    async def handler(inv, ctx, args):
        raise ZeroDivisionError("boom")

    ctx = make_ctx()
    with caplog.at_level(logging.ERROR):
        routed = await route(invocation("!probe"), ctx, _registry_with(handler))
    assert render(routed.reply).plain.startswith("Das hat leider nicht geklappt")
    assert "nichts geändert" in render(routed.reply).plain
    assert routed.keep_changes is False
    assert "$ev1" in caplog.text and "ZeroDivisionError" in caplog.text


async def test_successful_handler_keeps_its_changes(make_ctx):
    """A normal reply lets the caller commit the handler's writes."""

    async def handler(inv, ctx, args):
        return Reply.text("ok")

    ctx = make_ctx()
    routed = await route(invocation("!PROBE"), ctx, _registry_with(handler))
    assert routed.keep_changes is True and render(routed.reply).plain == "ok"


def test_registry_refuses_a_name_declared_twice():
    """Two commands may not share a name or alias."""

    async def handler(inv, ctx, args):
        return Reply.text("")

    one = Command("a", "b", {"de": "", "en": ""}, {"de": ("",), "en": ("",)}).bind(handler)
    two = Command("c", "B", {"de": "", "en": ""}, {"de": ("",), "en": ("",)}).bind(handler)
    with pytest.raises(ValueError, match="'b'"):
        Registry([one, two])


async def test_nul_and_lone_surrogates_never_reach_the_database(make_ctx, lippe, session):
    """A NUL (PostgreSQL refuses it in text) is dropped and a lone surrogate replaced."""
    routed = await route(invocation('!ap neu "Service\x00portal\ud800"'), make_ctx(lippe), REGISTRY)
    assert routed is not None and routed.keep_changes
    await session.commit()
    stored = await workpackages.list_packages(session, lippe.id)
    assert [p.title for p in stored] == ["Serviceportal\ufffd"]


async def test_bidi_overrides_are_dropped_so_a_title_cannot_reverse_a_listing(
    make_ctx, lippe, session
):
    """U+202E in a title would mirror the rest of the line; marks like U+200F are kept."""
    text = '!ap neu "Portal\u202e ztezsgnureisilatigiD\u2066x\u2069 \u200fA"'
    routed = await route(invocation(text), make_ctx(lippe), REGISTRY)
    assert routed is not None and routed.keep_changes
    await session.commit()
    stored = await workpackages.list_packages(session, lippe.id)
    assert [p.title for p in stored] == ["Portal ztezsgnureisilatigiDx \u200fA"]


@pytest.mark.parametrize(
    ("typed", "language", "suggestion"),
    [
        ("!hlfe", "de", "!hilfe"),
        ("!treffne", "de", "!treffen"),
        ("!meetpu", "de", "!treffen"),
        ("!meetpu", "en", "!meetup"),
        ("!aufgabn", "en", "!action"),
        ("!tagesordnug", "de", "!tagesordnung"),
        ("!zusag", "de", "!zusage"),
    ],
)
async def test_a_near_miss_suggests_the_name_in_the_networks_language(
    make_ctx, typed, language, suggestion
):
    """One typo away from a name suggests that command, named in the network's language."""
    routed = await route(invocation(typed), make_ctx(language=language), REGISTRY)
    expected = {"de": f"Meinten Sie {suggestion}?", "en": f"Did you mean {suggestion}?"}
    assert expected[language] in render(routed.reply).plain


@pytest.mark.parametrize("typed", ["!info", "!moderation", "!ab", "!nee", "!jaa", "!wr"])
async def test_a_far_word_gets_no_suggestion(make_ctx, typed):
    """`!info` is not `!no` (an RSVP), `!moderation` not `!action`: no guess, only the help."""
    routed = await route(invocation(typed), make_ctx(), REGISTRY)
    plain = render(routed.reply).plain
    assert plain == f"Den Befehl {typed} kenne ich nicht. Alle Befehle zeigt !hilfe."


def test_no_break_spaces_become_spaces_before_a_command_is_read():
    """A date copied from a reply (`8.\\u00a0Dez.`) reaches the parsers with plain spaces."""
    assert storable("!treffen 8.\u00a0Dez.\u00a02026 10:00\u202fUhr") == (
        "!treffen 8. Dez. 2026 10:00 Uhr"
    )
