"""Edited commands against the real Synapse: people fix typos by editing (`m.replace`), and
the bot answers the corrected command by editing its earlier answer, never twice.

What the bot did is read back from the server: `/messages` for every event in the room and
the relations API (`/relations/<reply>/m.replace`) for the edits of its answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from nio import RoomMessage, RoomSendResponse

from demo.chat import Member, in_reply_to

from .support import lippe


async def edit(member: Member, room_id: str, original: str, text: str) -> str:
    """Edit `original` to read `text` the way Element does; return the edit's event id."""
    content = {
        "msgtype": "m.text",
        "body": f"* {text}",
        "m.new_content": {"msgtype": "m.text", "body": text},
        "m.relates_to": {"rel_type": "m.replace", "event_id": original},
    }
    response = await member.client.room_send(
        room_id, "m.room.message", content, ignore_unverified_devices=True
    )
    assert isinstance(response, RoomSendResponse), response
    return response.event_id


async def edits_of(member: Member, homeserver: str, room_id: str, event_id: str) -> list[dict]:
    """The contents of the edits of `event_id` the server relates to it, oldest first."""
    url = (
        f"{homeserver}/_matrix/client/v1/rooms/{room_id}/relations/{event_id}/m.replace"
        "?dir=f&limit=50"
    )
    headers = {"Authorization": f"Bearer {member.client.access_token}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
    return [event["content"] for event in body["chunk"]]


async def wait_for_edits(
    member: Member, homeserver: str, room_id: str, event_id: str, count: int
) -> list[dict]:
    """Wait until `event_id` has `count` edits; return them."""
    async with asyncio.timeout(60):
        while True:
            found = await edits_of(member, homeserver, room_id, event_id)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.3)


async def answers_to(member: Member, room_id: str, bot_user: str, event_id: str) -> list[str]:
    """Bodies of the bot's messages replying to `event_id`, read from `/messages`."""
    return [
        e.body
        for e in await member.history(room_id)
        if isinstance(e, RoomMessage) and e.sender == bot_user and in_reply_to(e) == event_id
    ]


async def wait_for_answers(
    member: Member, room_id: str, bot_user: str, event_id: str, count: int
) -> list[str]:
    """Wait until the bot sent `count` messages replying to `event_id`; return their bodies."""
    async with asyncio.timeout(60):
        while True:
            found = await answers_to(member, room_id, bot_user, event_id)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.3)


async def test_an_edited_typo_is_answered_by_editing_the_error_and_never_twice(
    synapse, erika, start_bot, bot_account
):
    """A mistyped `!aufgabe nue …` gets an error; its edit to `!aufgabe neu …` creates the item
    and edits the error into the confirmation; a second edit creates nothing and gets one short
    answer; after a restart nothing is handled again."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)

    typo = await erika.say(room, "!aufgabe nue Formular-Katalog abstimmen")
    error = await erika.reply_to(room, typo)
    assert error.body.startswith("„nue“ verstehe ich bei !aufgabe weder als Unterbefehl")

    await edit(erika, room, typo, "!aufgabe neu Formular-Katalog abstimmen")
    [fixed] = await wait_for_edits(erika, synapse.url, room, error.event_id, 1)
    assert fixed["body"].startswith("* ")
    new = fixed["m.new_content"]
    assert new["msgtype"] == "m.notice"
    assert new["body"].startswith("Aufgabe\u00a01 angelegt")
    assert "Formular-Katalog abstimmen" in new["body"]

    await edit(erika, room, typo, "!aufgabe neu Formular-Katalog abstimmen bis 15.12.")
    answers = await wait_for_answers(erika, room, bot_user, typo, 2)
    assert answers[1] == (
        "Bearbeitete Befehle führe ich nicht noch einmal aus – bitte senden Sie "
        "„!aufgabe neu Formular-Katalog abstimmen bis 15.12.“ als neue Nachricht."
    )

    assert bot.stop() == 0
    bot.start()
    listing = await erika.ask(room, "!aufgaben")  # answered: the catch-up is through
    assert listing.body.startswith("Offene Aufgaben (1)")
    assert len(await answers_to(erika, room, bot_user, typo)) == 2
    assert len(await edits_of(erika, synapse.url, room, error.event_id)) == 1


async def test_each_edit_of_a_reading_command_edits_the_same_answer(
    synapse, erika, start_bot, bot_account
):
    """`!hlfe` → "Meinten Sie", edited to `!hilfe` → the help, edited again to
    `!hilfe treffen` → that command's help: two edits of the one answer, no second answer;
    an edit of plain chat is ignored."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)

    typo = await erika.say(room, "!hlfe")
    answer = await erika.reply_to(room, typo)
    assert "Meinten Sie !hilfe?" in answer.body

    await edit(erika, room, typo, "!hilfe")
    await wait_for_edits(erika, synapse.url, room, answer.event_id, 1)
    await edit(erika, room, typo, "!hilfe treffen")
    first, second = await wait_for_edits(erika, synapse.url, room, answer.event_id, 2)
    assert first["m.new_content"]["body"].startswith("Alle Befehle")
    assert "!treffen liste" in second["m.new_content"]["body"]

    chat = await erika.say(room, "Guten Morgen zusammen")
    await edit(erika, room, chat, "!hilfe")
    await erika.ask(room, "!netzwerk")  # the edit of plain chat came before and got nothing
    assert await answers_to(erika, room, bot_user, chat) == []
    assert await answers_to(erika, room, bot_user, typo) == [answer.body]


async def say_in_thread(member: Member, room_id: str, root: str, text: str) -> str:
    """Send `text` into the thread of `root` the way Element does; return its event id."""
    content = {
        "msgtype": "m.text",
        "body": text,
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": root,
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": root},
        },
    }
    response = await member.client.room_send(
        room_id, "m.room.message", content, ignore_unverified_devices=True
    )
    assert isinstance(response, RoomSendResponse), response
    return response.event_id


async def thread_ids(member: Member, homeserver: str, room_id: str, root: str) -> list[str]:
    """The events Synapse counts in the thread of `root` (what Element's thread panel lists)."""
    url = f"{homeserver}/_matrix/client/v1/rooms/{room_id}/relations/{root}/m.thread?dir=f&limit=50"
    headers = {"Authorization": f"Bearer {member.client.access_token}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
    return [event["event_id"] for event in body["chunk"]]


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_the_answer_to_an_edit_in_a_thread_stays_in_the_thread(
    synapse, erika, start_bot, bot_account, encrypted
):
    """`!aufgabe neu …` asked in a thread is answered there; its edit (which carries only
    the replacement relation) is not run again, and the notice saying so goes to the same
    thread, not to the main timeline."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user], encrypted=encrypted)
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)

    root = await erika.say(room, "Wer stimmt den Formular-Katalog ab?")
    asked = await say_in_thread(erika, room, root, "!aufgabe neu Formular-Katalog abstimmen")
    await wait_for_answers(erika, room, bot_user, asked, 1)
    await edit(erika, room, asked, "!aufgabe neu Formular-Katalog abstimmen bis 15.12.")
    first, notice = await wait_for_answers(erika, room, bot_user, asked, 2)
    assert first.startswith("Aufgabe\u00a01 angelegt")
    assert notice.startswith("Bearbeitete Befehle führe ich nicht noch einmal aus")

    answers = [
        e.event_id
        for e in await erika.history(room)
        if isinstance(e, RoomMessage) and e.sender == bot_user and in_reply_to(e) == asked
    ]
    in_thread = await thread_ids(erika, synapse.url, room, root)
    assert set(answers) <= set(in_thread), (answers, in_thread)
