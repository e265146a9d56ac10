"""A command flood from one member against the real Synapse: others are still answered."""

from __future__ import annotations

import asyncio

from nio import RoomMessage

from bot.flood import BURST
from demo.chat import Member, in_reply_to
from tests.integration.support import lippe

FLOOD = 200
AT_ONCE = 10
"""The flooder sends this many commands in parallel, so the flood is fast even on a busy box."""


async def test_a_flood_is_cut_short_and_told_once_while_others_are_answered(
    erika, start_bot, bot_account, synapse, user_factory, tmp_path
):
    """200 commands at once from Max: his first 30 answered, one notice, Erika answered."""
    bot_user = bot_account[0]
    async with Member(synapse.url, *user_factory("max"), tmp_path / "max") as flooder:
        room = await erika.create_room("IKZ Lippe", invite=[bot_user, flooder.user_id])
        await flooder.join(room)
        bot = start_bot([lippe(room)])
        await erika.wait_for_member(room, bot_user)
        await erika.wait_for_member(room, flooder.user_id)

        async def flood() -> list[str]:
            sent: list[str] = []
            for start in range(0, FLOOD, AT_ONCE):
                texts = [f"!hilfe {i}" for i in range(start, start + AT_ONCE)]
                sent += await asyncio.gather(*(flooder.say(room, text) for text in texts))
            return sent

        flooding = asyncio.create_task(flood())
        await asyncio.sleep(0.2)  # the flood is under way
        asked = []
        async with asyncio.timeout(120):
            for _ in range(3):
                asked.append(await erika.say(room, "!netzwerk"))
                await erika.reply_to(room, asked[-1], timeout=60)
            sent = set(await flooding)
            # The bot reads the room in order: once this is answered, the flood is handled.
            asked.append(await erika.say(room, "!netzwerk"))
            await erika.reply_to(room, asked[-1], timeout=60)

        timeline = await erika.history(room)
    flooded = [event.event_id for event in timeline if event.event_id in sent]  # server order
    assert len(flooded) == FLOOD
    answers: dict[str, list[RoomMessage]] = {}
    for event in timeline:
        if isinstance(event, RoomMessage) and event.sender == bot_user:
            target = in_reply_to(event)
            if target is not None:
                answers.setdefault(target, []).append(event)

    assert all(len(replies) == 1 for replies in answers.values()), "nothing is answered twice"
    assert all(event_id in answers for event_id in asked), "Erika is answered during the flood"
    notices = [
        (event_id, replies[0])
        for event_id, replies in answers.items()
        if "zu viele Befehle" in replies[0].body
    ]
    assert len(notices) == 1, "the flooder is told exactly once"
    told, notice = notices[0]
    assert notice.source["content"]["m.mentions"] == {}  # an answer: it pings nobody
    assert "was Sie bis dahin schicken, bleibt unbeantwortet" in notice.body

    answered = [event_id in answers and event_id != told for event_id in flooded]
    first_skipped = answered.index(False)
    assert first_skipped >= BURST, "the first 30 commands of the flood are answered"
    assert flooded[first_skipped] == told, "the notice replies to the first skipped command"
    assert not any(answered[first_skipped + 1 :]), "after the notice, the flood is skipped"
    assert "command flood from " + bot.pseudonym(flooder.user_id) in bot.log()
