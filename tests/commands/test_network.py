"""`!netzwerk` shows the asker's network, its municipalities and their role."""

from __future__ import annotations

from dataclasses import replace

from commands.rendering import render
from commands.router import route
from storage import direct_chats
from tests.commands.support import REGISTRY, invocation
from tests.support import store_network


async def test_lists_the_seeded_municipalities_in_german_order(make_ctx, lippe):
    """The Lippe network lists its 17 municipalities, umlauts sorted the German way."""
    routed = await route(invocation("!netzwerk"), make_ctx(lippe), REGISTRY)
    plain = render(routed.reply).plain
    assert plain.startswith("Netzwerk IKZ Digitalisierung Lippe\n\n17\u00a0Kommunen:")
    assert plain.index("• Detmold") < plain.index("• Dörentrup") < plain.index("• Extertal")
    assert plain.endswith("Sie sind hier Mitglied.")


async def test_moderators_are_told_their_role_in_english(make_ctx, lippe):
    """A moderator in an English network reads that they moderate."""
    routed = await route(
        invocation("!network"), make_ctx(lippe, language="en", moderator=True), REGISTRY
    )
    assert render(routed.reply).plain.endswith("You are a moderator here.")


async def test_room_without_network_gets_a_clear_answer(make_ctx):
    """Outside any network the command explains where to ask instead."""
    routed = await route(invocation("!netzwerk"), make_ctx(None), REGISTRY)
    assert render(routed.reply).plain.startswith("Dieser Raum gehört zu keinem Netzwerk.")


async def test_extra_words_are_a_usage_error(make_ctx, lippe):
    """`!netzwerk foo` explains that nothing more is expected and shows the usage."""
    routed = await route(invocation("!netzwerk Lemgo"), make_ctx(lippe), REGISTRY)
    plain = render(routed.reply).plain
    assert "„Lemgo“" in plain and "• `!netzwerk`" in plain


async def _in_direct_chat(make_ctx, session, lippe, text: str, *, network=None) -> str:
    """The reply to `text` in Erika's direct chat; she belongs to Lippe and Herford."""
    herford = await store_network(session, "herford", "IKZ Herford")
    ctx = replace(make_ctx(network), member_of=(lippe, herford))
    inv = replace(invocation(text, room_id="!dm:localhost"), is_direct=True)
    return render((await route(inv, ctx, REGISTRY)).reply).plain


async def test_a_person_in_two_networks_is_asked_and_can_choose(make_ctx, session, lippe):
    """Without a choice every family command asks; `!netzwerk herford` stores the choice."""
    asked = await _in_direct_chat(make_ctx, session, lippe, "!aufgaben")
    assert asked.startswith("Sie gehören zu mehreren Netzwerken: lippe (IKZ Digitalisierung")
    chosen = await _in_direct_chat(make_ctx, session, lippe, "!netzwerk HERFORD")
    assert chosen == "Dieser Direktchat gilt jetzt für das Netzwerk IKZ Herford."
    assert await direct_chats.chosen_network(session, "@erika:localhost") is not None


async def test_an_unknown_choice_names_the_choices_and_stores_nothing(make_ctx, session, lippe):
    """A network the person is not in is refused with the list of theirs."""
    out = await _in_direct_chat(make_ctx, session, lippe, "!netzwerk bielefeld")
    assert out == (
        "Ein Netzwerk „bielefeld“ haben Sie nicht. Zur Wahl: "
        "lippe (IKZ Digitalisierung Lippe), herford (IKZ Herford)"
    )
    assert await direct_chats.chosen_network(session, "@erika:localhost") is None


async def test_in_a_network_room_the_choice_is_pointed_to_the_direct_chat(make_ctx, lippe):
    """In a room, a word after `!netzwerk` is still unexpected."""
    routed = await route(invocation("!netzwerk herford"), make_ctx(lippe), REGISTRY)
    assert "erwarte ich nichts weiter" in render(routed.reply).plain
