"""Edited commands in the pipeline: a mistyped one is answered anew by editing the answer,
one that changed something is not run again, and no edit is handled twice."""

from __future__ import annotations

from dataclasses import replace

from bot.pipeline import CommandPipeline, Standing
from commands.registry import Command, Registry
from commands.reply import Reply
from storage import deliveries, events, state
from tests.bot.support import NOW, command, make_pipeline, pending_replies

ROOM = "!lippe:localhost"


def _edit(text: str, event_id: str = "$edit", *, sender: str = "@erika:localhost"):
    """An edit of `$cmd` to read `text`."""
    return replace(command(text), event_id=event_id, replaces="$cmd", sender=sender)


async def _sent(sessions, key: str, event_id: str) -> None:
    """The homeserver took the delivery `key` as `event_id`."""
    async with sessions() as session, session.begin():
        await deliveries.mark_sent(session, key, event_id=event_id, sent_at=NOW)


def _counting(writes: bool, *, attention: bool = False) -> tuple[Registry, list[str]]:
    """`!probe` and `!zaehlen`: answers, writing (or not); the list records each run."""
    runs: list[str] = []

    async def probe(inv, ctx, args):
        runs.append(inv.text)
        if writes:
            await state.set_value(ctx.session, "runs", str(len(runs)))
        return Reply.text(f"Lauf {len(runs)}", attention=attention)

    def command(name: str) -> Command:
        return Command(name, name, {"de": "", "en": ""}, {"de": ("",), "en": ("",)})

    return Registry([command("probe").bind(probe), command("zaehlen").bind(probe)]), runs


async def _answered_typo(sessions, lippe, pipeline: CommandPipeline) -> None:
    """`!prboe` was answered ("Meinten Sie …") and the answer went out as `$reply`."""
    assert await pipeline.handle(command("!prboe"), Standing(lippe, False)) is True
    await _sent(sessions, f"reply:{ROOM}:$cmd", "$reply")


async def test_an_edited_typo_runs_the_command_and_edits_the_answer(sessions, lippe):
    """The corrected command runs once; its answer replaces the error (m.replace of it)."""
    registry, runs = _counting(writes=True)
    pipeline = make_pipeline(sessions, registry)
    await _answered_typo(sessions, lippe, pipeline)

    assert await pipeline.handle(_edit("!probe"), Standing(lippe, False)) is True
    assert runs == ["!probe"]
    [edit] = await pending_replies(sessions)
    assert edit.key == f"reply:{ROOM}:$edit"
    assert edit.content["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$reply"}
    assert edit.content["m.new_content"]["body"] == "Lauf 1"
    assert edit.content["body"] == "* Lauf 1"


async def test_an_edit_of_a_change_changes_nothing_and_says_how(sessions, lippe):
    """A command that wrote is not run again: one short answer names the command to send."""
    registry, runs = _counting(writes=True)
    pipeline = make_pipeline(sessions, registry)
    assert await pipeline.handle(command("!probe"), Standing(lippe, False)) is True
    await _sent(sessions, f"reply:{ROOM}:$cmd", "$reply")

    assert await pipeline.handle(_edit("!zaehlen  weiter"), Standing(lippe, False)) is True
    assert runs == ["!probe"]
    [notice] = await pending_replies(sessions)
    assert notice.content["body"] == (
        "Bearbeitete Befehle führe ich nicht noch einmal aus – bitte senden Sie "
        "„!zaehlen weiter“ als neue Nachricht."
    )
    assert notice.content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$cmd"}}
    async with sessions() as session:
        assert await state.get_value(session, "runs") == "1"


async def test_a_typo_fixed_into_a_change_is_not_run_by_a_second_edit(sessions, lippe):
    """After an edit made the change, the next edit of the same command gets the notice."""
    registry, runs = _counting(writes=True)
    pipeline = make_pipeline(sessions, registry)
    await _answered_typo(sessions, lippe, pipeline)
    await pipeline.handle(_edit("!probe"), Standing(lippe, False))
    await _sent(sessions, f"reply:{ROOM}:$edit", "$reply-edit")

    assert await pipeline.handle(_edit("!probe", "$edit2"), Standing(lippe, False)) is True
    assert runs == ["!probe"]
    [notice] = await pending_replies(sessions)
    assert notice.content["body"].startswith("Bearbeitete Befehle")


async def test_each_edit_of_a_reading_command_edits_the_same_answer(sessions, lippe):
    """A command that only showed something is answered again per edit, always by editing
    its first answer."""
    registry, runs = _counting(writes=False)
    pipeline = make_pipeline(sessions, registry)
    assert await pipeline.handle(command("!probe"), Standing(lippe, False)) is True
    await _sent(sessions, f"reply:{ROOM}:$cmd", "$reply")

    for number, event_id in enumerate(["$edit1", "$edit2"], start=2):
        assert await pipeline.handle(_edit("!zaehlen", event_id), Standing(lippe, False))
        [edit] = await pending_replies(sessions)
        assert edit.content["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$reply"}
        assert edit.content["m.new_content"]["body"] == f"Lauf {number}"
        await _sent(sessions, edit.key, f"{event_id}-sent")
    assert runs == ["!probe", "!zaehlen", "!zaehlen"]


async def test_no_edit_is_handled_twice(sessions, lippe):
    """The same edit event seen again (a restart, a re-sync) stores nothing more."""
    registry, runs = _counting(writes=False)
    pipeline = make_pipeline(sessions, registry)
    await _answered_typo(sessions, lippe, pipeline)
    assert await pipeline.handle(_edit("!probe"), Standing(lippe, False)) is True
    again = make_pipeline(sessions, registry)
    assert await again.handle(_edit("!probe"), Standing(lippe, False)) is False
    assert runs == ["!probe"]
    assert len(await pending_replies(sessions)) == 1


async def test_edits_of_unknown_or_others_messages_are_ignored(sessions, lippe):
    """An edit of an event the bot never answered, or claiming someone else's command, is
    ignored (and remembered as handled)."""
    registry, runs = _counting(writes=False)
    pipeline = make_pipeline(sessions, registry)
    assert await pipeline.handle(_edit("!probe"), Standing(lippe, False)) is False
    await _answered_typo(sessions, lippe, pipeline)
    forged = _edit("!probe", "$forged", sender="@max:localhost")
    assert await pipeline.handle(forged, Standing(lippe, False)) is False
    assert runs == []
    assert await pending_replies(sessions) == []
    async with sessions() as session:
        marks = [await events.get(session, ROOM, e) for e in ("$edit", "$forged")]
    assert [m.outcome for m in marks if m] == ["ignored", "ignored"]


async def test_an_answer_meant_to_reach_people_is_a_new_message(sessions, lippe):
    """Edits notify nobody, so a corrected command whose answer should ring someone (a
    hand-over) is answered with a new message."""
    registry, _ = _counting(writes=True, attention=True)
    pipeline = make_pipeline(sessions, registry)
    await _answered_typo(sessions, lippe, pipeline)

    assert await pipeline.handle(_edit("!probe"), Standing(lippe, False)) is True
    [answer] = await pending_replies(sessions)
    assert answer.content["msgtype"] == "m.text"
    assert answer.content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$cmd"}}


async def test_an_answer_not_sent_yet_is_followed_by_a_new_one(sessions, lippe):
    """Without a sent answer to edit, the corrected command gets its own reply."""
    registry, _ = _counting(writes=False)
    pipeline = make_pipeline(sessions, registry)
    assert await pipeline.handle(command("!prboe"), Standing(lippe, False)) is True

    assert await pipeline.handle(_edit("!probe"), Standing(lippe, False)) is True
    answer = next(r for r in await pending_replies(sessions) if r.key.endswith("$edit"))
    assert "m.new_content" not in answer.content
    assert answer.content["body"] == "Lauf 1"
