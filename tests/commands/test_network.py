"""`!netzwerk` shows the asker's network, its municipalities and their role."""

from __future__ import annotations

from commands.rendering import render
from commands.router import route
from tests.commands.conftest import invocation


async def test_lists_the_seeded_municipalities_in_german_order(make_ctx, lippe):
    """The Lippe network lists its 17 municipalities, umlauts sorted the German way."""
    routed = await route(invocation("!netzwerk"), make_ctx(lippe))
    plain = render(routed.reply).plain
    assert plain.startswith("Netzwerk IKZ Digitalisierung Lippe\n\n17\u00a0Kommunen:")
    assert plain.index("• Detmold") < plain.index("• Dörentrup") < plain.index("• Extertal")
    assert plain.endswith("Sie sind hier Mitglied.")


async def test_moderators_are_told_their_role_in_english(make_ctx, lippe):
    """A moderator in an English network reads that they moderate."""
    routed = await route(invocation("!network"), make_ctx(lippe, language="en", moderator=True))
    assert render(routed.reply).plain.endswith("You are a moderator here.")


async def test_room_without_network_gets_a_clear_answer(make_ctx):
    """Outside any network the command explains where to ask instead."""
    routed = await route(invocation("!netzwerk"), make_ctx(None))
    assert render(routed.reply).plain.startswith("Dieser Raum gehört zu keinem Netzwerk.")


async def test_extra_words_are_a_usage_error(make_ctx, lippe):
    """`!netzwerk foo` explains that nothing more is expected and shows the usage."""
    routed = await route(invocation("!netzwerk Lemgo"), make_ctx(lippe))
    plain = render(routed.reply).plain
    assert "„Lemgo“" in plain and "• `!netzwerk`" in plain
