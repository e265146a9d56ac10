"""The words people type for the bot's commands are answered by the real bot on Synapse."""

from __future__ import annotations

from tests.integration.support import lippe

NO_MEETUP = "Es ist kein Treffen geplant."


async def test_everyday_words_reach_their_commands(erika, start_bot, bot_account):
    """`!befehle`, `!termine`, `!todo`, `!zuständig`, `!ja` … answer like the commands they
    stand for; `!aufgabe wieder öffnen 1` reopens; a far word gets no risky suggestion."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])

    async def body(text: str) -> str:
        return (await erika.ask(room, text)).source["content"]["body"]

    assert (await body("!befehle")).startswith("Alle Befehle")
    for word in ("!termin", "!termine", "!sitzung", "!kalender", "!ja", "!nein"):
        assert (await body(word)).startswith(NO_MEETUP), word
    created = await body("!todo neu Formular-Katalog abstimmen")
    assert created.startswith("Aufgabe\u00a01 angelegt: „Formular-Katalog abstimmen“")
    assert (await body("!todos")).startswith("Offene Aufgaben (1):")
    assert "ist erledigt" in await body("!aufgabe erledigt 1")
    reopened = await body("!aufgabe wieder öffnen 1")
    assert reopened == "Aufgabe\u00a01 „Formular-Katalog abstimmen“ ist wieder offen."
    assert (await body("!zuständig Formularkatalog")).startswith("Wer macht „Formularkatalog“?")
    assert await body("!info") == "Den Befehl !info kenne ich nicht. Alle Befehle zeigt !hilfe."
