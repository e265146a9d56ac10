"""The command pipeline: each command handled once, late ones left alone, failed writes undone."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import func, select

from bot.metrics import Metrics
from bot.pipeline import Standing
from commands.errors import CommandError
from commands.invocation import Invocation
from commands.registry import Command, Handler, Registry
from commands.reply import Paragraph, Reply
from storage import state
from storage.models import HandledEvent
from tests.bot.support import NOW, command, make_pipeline, pending_replies
from tests.support import store_network


def _probe(handler: Handler) -> Registry:
    """A table with one command, `!probe`, run by `handler`."""
    probe = Command("probe", "probe", {"de": "", "en": ""}, {"de": ("",), "en": ("",)})
    return Registry([probe.bind(handler)])


async def test_a_command_is_answered_once_even_if_seen_twice(sessions, lippe):
    """The same event handled twice stores one reply, as a notice replying to the command."""
    pipeline = make_pipeline(sessions)
    standing = Standing(network=lippe, is_moderator=False)
    assert await pipeline.handle(command("!hilfe"), standing) is True
    assert await pipeline.handle(command("!hilfe"), standing) is False
    [row] = await pending_replies(sessions)
    assert row.key == "reply:!lippe:localhost:$cmd"
    assert row.content["msgtype"] == "m.notice"
    assert row.content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$cmd"}}
    assert row.content["body"].startswith("Alle Befehle")


async def test_a_command_older_than_the_catch_up_window_is_not_answered(sessions, lippe):
    """A command from 20 minutes ago (window 15) is recorded as too old and gets no reply."""
    pipeline = make_pipeline(sessions)
    handled = await pipeline.handle(
        command("!hilfe", age=timedelta(minutes=20)), Standing(lippe, False)
    )
    assert handled is False
    assert await pending_replies(sessions) == []
    async with sessions() as session:
        row = await session.get(HandledEvent, ("!lippe:localhost", "$cmd"))
    assert row is not None and row.outcome == "too_old"


async def test_commands_are_counted_by_registry_name_and_outcome(sessions, lippe):
    """Metrics count under the command's German name whatever alias was typed; typos as unknown."""
    metrics = Metrics()
    pipeline = make_pipeline(sessions, metrics=metrics)
    texts = ["!help", "!hilfe", "!hlfe", "!aufgabe erledigt", "!hilfe"]
    for number, text in enumerate(texts):
        await pipeline.handle(
            replace(command(text), event_id=f"$c{number}"), Standing(lippe, False)
        )
    await pipeline.handle(
        replace(command("!netzwerk", age=timedelta(hours=1)), event_id="$old"),
        Standing(lippe, False),
    )

    exposed = metrics.exposition().decode()
    assert 'ikz_bot_commands_total{command="hilfe",outcome="ok"} 3.0' in exposed
    assert 'ikz_bot_commands_total{command="unknown",outcome="unknown"} 1.0' in exposed
    assert 'ikz_bot_commands_total{command="aufgabe",outcome="usage"} 1.0' in exposed
    assert 'ikz_bot_commands_total{command="netzwerk",outcome="too_old"} 1.0' in exposed


async def test_plain_chat_leaves_no_trace(sessions, lippe):
    """Messages that are not commands are neither answered nor stored."""
    assert (
        await make_pipeline(sessions).handle(command("Hallo !hilfe"), Standing(lippe, False))
        is False
    )
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(HandledEvent)) == 0
    assert await pending_replies(sessions) == []


async def test_a_refused_command_undoes_its_writes_but_is_answered(sessions, lippe):
    """A handler that wrote and then raised CommandError leaves nothing behind but the answer."""

    async def write_then_refuse(inv, ctx, args):
        await state.set_value(ctx.session, "half-done", "yes")
        raise CommandError("network.none")

    registry = _probe(write_then_refuse)
    assert (
        await make_pipeline(sessions, registry).handle(command("!probe"), Standing(lippe, False))
        is True
    )
    async with sessions() as session:
        assert await state.get_value(session, "half-done") is None
    [row] = await pending_replies(sessions)
    assert row.content["body"].startswith("Dieser Raum gehört zu keinem Netzwerk.")


async def test_a_successful_command_keeps_its_writes(sessions, lippe):
    """A handler's writes are committed together with its reply."""

    async def write(inv, ctx, args):
        await state.set_value(ctx.session, "done", "yes")
        return Reply.text("erledigt")

    registry = _probe(write)
    await make_pipeline(sessions, registry).handle(command("!probe"), Standing(lippe, False))
    async with sessions() as session:
        assert await state.get_value(session, "done") == "yes"


async def test_a_command_in_a_thread_is_answered_in_that_thread(sessions, lippe):
    """Replies stay in the thread the command was written in."""
    await make_pipeline(sessions).handle(command("!hilfe", thread="$root"), Standing(lippe, False))
    [row] = await pending_replies(sessions)
    assert row.content["m.relates_to"]["rel_type"] == "m.thread"
    assert row.content["m.relates_to"]["event_id"] == "$root"
    assert row.content["m.relates_to"]["m.in_reply_to"] == {"event_id": "$cmd"}


async def test_english_network_gets_english_reply(sessions):
    """The reply language follows the network's setting."""
    async with sessions() as session, session.begin():
        owl = await store_network(session, "owl", "OWL", language="en", room_id="!lippe:localhost")
    await make_pipeline(sessions).handle(command("!hilfe"), Standing(owl, False))
    [row] = await pending_replies(sessions)
    assert row.content["body"].startswith("All commands")


async def test_a_private_part_goes_to_the_askers_direct_chat(sessions, lippe):
    """A reply with a direct part stores it addressed to the asker, not to the group room."""

    async def private(inv, ctx, args):
        return Reply(
            (Paragraph(("Per Direktnachricht geschickt.",)),),
            direct=Reply.text("Ihre Daten: …"),
        )

    registry = _probe(private)
    await make_pipeline(sessions, registry).handle(command("!probe"), Standing(lippe, False))
    rows = {row.key: row for row in await pending_replies(sessions)}
    group, direct = rows["reply:!lippe:localhost:$cmd"], rows["reply:!lippe:localhost:$cmd:direct0"]
    assert group.room_id == "!lippe:localhost" and group.content["body"].startswith("Per Direkt")
    assert direct.room_id == "@erika:localhost" and direct.content["body"] == "Ihre Daten: …"
    assert "m.relates_to" not in direct.content


def _burst_inv(i: int, *, room: str = "!lippe:localhost") -> Invocation:
    return Invocation(
        event_id=f"$burst{i}",
        room_id=room,
        sender="@erika:localhost",
        text="!hilfe",
        sent_at=NOW - timedelta(seconds=5) + timedelta(milliseconds=10 * i),
        is_direct=room != "!lippe:localhost",
    )


async def _outcomes(sessions) -> dict[str, str]:
    async with sessions() as session:
        rows = await session.execute(select(HandledEvent.event_id, HandledEvent.outcome))
        return dict(rows.all())


async def test_a_flood_is_answered_up_to_the_budget_and_told_once(sessions, lippe):
    """40 commands at once: 30 answered, 10 marked throttled without reply, one notice.

    `handle` says True for the first throttled one too, as it stored the notice to send."""
    pipeline = make_pipeline(sessions)
    standing = Standing(lippe, False)
    stored = [await pipeline.handle(_burst_inv(i), standing) for i in range(40)]
    assert stored == [True] * 31 + [False] * 9
    outcomes = await _outcomes(sessions)
    assert [outcomes[f"$burst{i}"] for i in range(40)] == ["answered"] * 30 + ["throttled"] * 10
    rows = await pending_replies(sessions)
    replies = [r for r in rows if r.key.startswith("reply:")]
    assert {r.key for r in replies} == {f"reply:!lippe:localhost:$burst{i}" for i in range(30)}
    [notice] = [r for r in rows if not r.key.startswith("reply:")]
    assert notice.key == "slowdown:!lippe:localhost:@erika:localhost:$burst30"
    assert notice.room_id == "!lippe:localhost"
    assert notice.content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$burst30"}}
    assert notice.content["msgtype"] == "m.notice"
    assert notice.content["m.mentions"] == {}
    assert notice.content["body"] == (
        "@erika:localhost, das waren zu viele Befehle in kurzer Zeit. Ab 10:01\u00a0Uhr "
        "beantworte ich Ihre Befehle wieder; was Sie bis dahin schicken, bleibt unbeantwortet "
        "– bitte schicken Sie es danach noch einmal."
    )


async def test_direct_chat_commands_share_the_users_budget(sessions, lippe):
    """20 commands in the room and 20 in a direct chat: the 31st overall is throttled."""
    pipeline = make_pipeline(sessions)
    standing = Standing(lippe, False)
    for i in range(20):
        await pipeline.handle(_burst_inv(i), standing)
    direct = [
        await pipeline.handle(_burst_inv(i, room="!dm:localhost"), standing) for i in range(20, 40)
    ]
    assert direct == [True] * 11 + [False] * 9  # 10 answers, then the notice
    [notice] = [r for r in await pending_replies(sessions) if r.key.startswith("slowdown:")]
    assert notice.room_id == "!dm:localhost"


async def test_a_restart_in_a_flood_neither_answers_the_rest_nor_tells_again(sessions, lippe):
    """A new pipeline (as after a restart) rebuilds the limit from the handled marks."""
    standing = Standing(lippe, False)
    first = make_pipeline(sessions)
    for i in range(35):
        await first.handle(_burst_inv(i), standing)
    again = make_pipeline(sessions)
    assert [await again.handle(_burst_inv(i), standing) for i in range(35, 60)] == [False] * 25
    outcomes = await _outcomes(sessions)
    assert sum(o == "answered" for o in outcomes.values()) == 30
    assert sum(o == "throttled" for o in outcomes.values()) == 30
    notices = [r for r in await pending_replies(sessions) if r.key.startswith("slowdown:")]
    assert len(notices) == 1
