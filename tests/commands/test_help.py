"""`!hilfe` / `!help` is generated from the command table in the network's language."""

from __future__ import annotations

from commands.table import default_registry
from tests.commands.support import say


async def test_overview_lists_every_command_with_its_german_summary(make_ctx):
    """`!hilfe` has one line per registered command, German names first."""
    plain = await say(make_ctx, None, "!hilfe")
    assert plain.startswith("Alle Befehle")
    for command in default_registry().commands():
        assert f"• `!{command.name}` – {command.summary['de']}" in plain
    assert "Mehr zu einem Befehl: !hilfe netzwerk" in plain


async def test_overview_in_english_uses_english_names(make_ctx):
    """In an English network, `!help` lists the English names and summaries."""
    plain = await say(make_ctx, None, "!help", language="en")
    assert plain.startswith("All commands")
    for command in default_registry().commands():
        assert f"• `!{command.english}` – {command.summary['en']}" in plain


async def test_german_command_name_works_in_english_network_and_vice_versa(make_ctx):
    """Both languages accept both command names."""
    assert (await say(make_ctx, None, "!hilfe", language="en")).startswith("All commands")
    assert (await say(make_ctx, None, "!help")).startswith("Alle Befehle")


async def test_details_of_one_command_show_usage_and_aliases(make_ctx):
    """`!hilfe netzwerk` explains the command, how to call it, and its other name."""
    plain = await say(make_ctx, None, "!hilfe netzwerk")
    assert plain.startswith("`!netzwerk` – zeigt, zu welchem Netzwerk")
    assert "So geht es:\n\n• `!netzwerk`" in plain
    assert "Auch: !network" in plain


async def test_details_accept_the_prefix_and_english_names(make_ctx):
    """`!help !network` works too, shown with the English name in an English network."""
    plain = await say(make_ctx, None, "!help !network", language="en")
    assert plain.startswith("`!network` – shows which network")
    assert "Also: !netzwerk" in plain


async def test_help_for_unknown_topic_says_so(make_ctx):
    """Asking help for a command that does not exist gets a clear answer."""
    assert await say(make_ctx, None, "!hilfe fliegen") == (
        "Den Befehl !fliegen kenne ich nicht, deshalb kann ich ihn nicht erklären."
    )


async def test_help_shows_german_verbs_and_the_words_people_type(make_ctx):
    """`!hilfe treffen` shows `kalender` and `beiträge`, not `ics` and `posts`, and the
    everyday names (`!termin`, `!sitzung` …) under "Auch"."""
    plain = await say(make_ctx, None, "!hilfe treffen")
    assert "`!treffen kalender`" in plain and "`!treffen beiträge " in plain
    assert "!treffen ics" not in plain and "!treffen posts" not in plain
    assert "Auch: !meetup, !termin, !termine, !sitzung, !kalender" in plain
    assert '!ap neu "<Titel>" [federführung:<kommune>]' in await say(make_ctx, None, "!hilfe ap")
    assert "`!aufgabe wieder öffnen <nr>`" in await say(make_ctx, None, "!hilfe todo")
