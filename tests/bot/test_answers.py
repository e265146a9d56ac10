"""Answers served again from memory (bot/answers.py): only while they still hold.

Each test asks the real pipeline twice or more and checks what the member reads: the same
answer while nothing changed, the new one as soon as stored data, the day or the meet-up's
state changed, whoever wrote.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.metrics import Metrics
from bot.pipeline import CommandPipeline, Standing
from commands.registry import Command, Registry
from commands.reply import Reply
from commands.table import default_registry
from storage import actions, deliveries
from tests.bot.support import BERLIN_MEETUP, FakeClock, command, pending_replies

ERIKA = "@erika:localhost"


def _pipeline(
    sessions, clock, registry: Registry | None = None, metrics: Metrics | None = None
) -> CommandPipeline:
    return CommandPipeline(
        sessions,
        registry or default_registry(),
        prefix="!",
        catch_up=timedelta(minutes=15),
        now=clock,
        metrics=metrics,
    )


class Asker:
    """Erika asking one pipeline, each time as a new event; returns the answer's text."""

    def __init__(self, pipeline: CommandPipeline, clock: FakeClock, standing: Standing) -> None:
        self._pipeline, self._clock, self.standing = pipeline, clock, standing
        self._number = 0

    async def ask(self, sessions, text: str) -> str:
        self._number += 1
        inv = replace(command(text), event_id=f"$ask{self._number}", sent_at=self._clock())
        assert await self._pipeline.handle(inv, self.standing)
        async with sessions() as session:
            row = await deliveries.get(session, f"reply:{inv.room_id}:{inv.event_id}")
        assert row is not None
        return row.content["body"]


async def _add_item(sessions, network_id: int, title: str, due_on: date | None = None) -> None:
    """An item stored outside the pipeline, as the scheduler or another process would."""
    async with sessions() as session, session.begin():
        await actions.create_item(
            session,
            network_id=network_id,
            title=title,
            owner=ERIKA,
            created_by=ERIKA,
            created_at=datetime(2026, 12, 1, tzinfo=UTC),
            due_on=due_on,
        )


def _counting(handler_reply) -> tuple[Registry, list[int]]:
    """`!probe`, declared reusable, its handler calls counted."""
    calls: list[int] = []

    async def probe(inv, ctx, args):
        calls.append(1)
        return await handler_reply(inv, ctx)

    declared = Command(
        "probe", "probe", {"de": "", "en": ""}, {"de": ("",), "en": ("",)}, reusable=True
    )
    return Registry([declared.bind(probe)]), calls


async def test_a_repeated_question_is_answered_alike_without_working_it_out_again(sessions, lippe):
    """The second `!probe` gets the same answer, and its handler does not run again."""

    async def listing(inv, ctx):
        found = await actions.items(ctx.session, lippe.id)
        return Reply.text(", ".join(item.title for item in found) or "keine")

    registry, calls = _counting(listing)
    await _add_item(sessions, lippe.id, "Formular-Katalog abstimmen")
    clock, metrics = FakeClock(BERLIN_MEETUP), Metrics()
    asker = Asker(_pipeline(sessions, clock, registry, metrics), clock, Standing(lippe, False))
    first = await asker.ask(sessions, "!probe")
    assert await asker.ask(sessions, "!probe") == first == "Formular-Katalog abstimmen"
    assert len(calls) == 1
    assert len(await pending_replies(sessions)) == 2  # both answered, each once
    assert "ikz_bot_answers_reused_total 1.0" in metrics.exposition().decode()


async def test_a_change_by_a_command_shows_in_the_next_answer(sessions, lippe):
    """`!aufgaben`, `!aufgabe neu …`, `!aufgaben`: the new item is listed at once."""
    clock = FakeClock(BERLIN_MEETUP)
    asker = Asker(_pipeline(sessions, clock), clock, Standing(lippe, False))
    before = await asker.ask(sessions, "!aufgaben")
    await asker.ask(sessions, "!aufgabe neu E-Akte Pilot auswerten")
    after = await asker.ask(sessions, "!aufgaben")
    assert "E-Akte Pilot auswerten" not in before
    assert "E-Akte Pilot auswerten" in after


async def test_a_change_written_elsewhere_shows_in_the_next_answer(sessions, lippe):
    """An item stored by another writer (the scheduler, `ikz-bot contacts import` in its own
    process) changes the data mark in the database, so the next `!aufgaben` lists it."""
    clock = FakeClock(BERLIN_MEETUP)
    asker = Asker(_pipeline(sessions, clock), clock, Standing(lippe, False))
    await _add_item(sessions, lippe.id, "Serviceportal: Formulare prüfen")
    assert "Formulare prüfen" in await asker.ask(sessions, "!aufgaben")
    await _add_item(sessions, lippe.id, "OZG-Leistungen zählen")
    again = await asker.ask(sessions, "!aufgaben")
    assert "Formulare prüfen" in again and "OZG-Leistungen zählen" in again


async def test_an_item_due_today_turns_overdue_at_midnight(sessions, lippe):
    """Asked at 23:59 and again at 00:01 (Berlin) with nothing changed: the second answer
    marks the item due that day as overdue."""
    await _add_item(sessions, lippe.id, "Haushaltsmittel melden", due_on=date(2026, 12, 8))
    clock = FakeClock(datetime(2026, 12, 8, 22, 59, tzinfo=UTC))  # 23:59 in Berlin
    asker = Asker(_pipeline(sessions, clock), clock, Standing(lippe, False))
    late_evening = await asker.ask(sessions, "!aufgaben")
    assert await asker.ask(sessions, "!aufgaben") == late_evening
    clock.now += timedelta(minutes=2)
    after_midnight = await asker.ask(sessions, "!aufgaben")
    assert "überfällig" not in late_evening
    assert "überfällig" in after_midnight


async def test_the_next_meetup_shows_as_running_once_it_started(sessions, setup):
    """`!treffen` at 9:59 says "Nächstes Treffen", at 10:01 "Läuft gerade", after its end
    that no other is planned: no data changed, only the clock."""
    nets, _meetup = setup
    [(lippe, _config)] = nets.values()
    clock = FakeClock(BERLIN_MEETUP - timedelta(minutes=1))
    asker = Asker(_pipeline(sessions, clock), clock, Standing(lippe, False))
    assert (await asker.ask(sessions, "!treffen")).startswith("Nächstes Treffen:")
    assert (await asker.ask(sessions, "!treffen")).startswith("Nächstes Treffen:")
    clock.now = BERLIN_MEETUP + timedelta(minutes=1)
    assert (await asker.ask(sessions, "!treffen")).startswith("Läuft gerade:")
    clock.now = BERLIN_MEETUP + timedelta(minutes=91)
    assert (await asker.ask(sessions, "!treffen")).startswith("Es ist kein Treffen geplant")


async def test_a_handler_that_read_the_clock_is_asked_every_time(sessions, lippe):
    """An answer built from a plain read of the time is never served again."""

    async def clock_text(inv, ctx):
        return Reply.text(ctx.now().isoformat())

    registry, calls = _counting(clock_text)
    clock = FakeClock(BERLIN_MEETUP)
    asker = Asker(_pipeline(sessions, clock, registry), clock, Standing(lippe, False))
    first = await asker.ask(sessions, "!probe")
    clock.now += timedelta(seconds=1)
    assert await asker.ask(sessions, "!probe") != first
    assert len(calls) == 2


async def test_another_display_name_is_a_new_answer(sessions, lippe):
    """What the room state adds to an answer (display names) is part of what it holds for."""

    async def named(inv, ctx):
        return Reply.text(ctx.display_names.get(ERIKA, ERIKA))

    registry, _calls = _counting(named)
    clock = FakeClock(BERLIN_MEETUP)
    asker = Asker(_pipeline(sessions, clock, registry), clock, Standing(lippe, False))
    asker.standing = Standing(lippe, False, display_names={ERIKA: "Erika Musterfrau"})
    assert await asker.ask(sessions, "!probe") == "Erika Musterfrau"
    asker.standing = Standing(lippe, False, display_names={ERIKA: "Erika M. (Lemgo)"})
    assert await asker.ask(sessions, "!probe") == "Erika M. (Lemgo)"


async def test_an_answer_given_in_a_direct_chat_is_not_served_in_the_room(sessions, lippe):
    """Where the question was asked is part of what an answer holds for: what a direct
    chat may show never reaches the group room from memory."""

    async def where(inv, ctx):
        return Reply.text("im Direktchat" if inv.is_direct else "im Raum")

    registry, calls = _counting(where)
    pipeline = _pipeline(sessions, FakeClock(BERLIN_MEETUP), registry)
    for number, room in enumerate(("!dm:localhost", "!lippe:localhost")):
        inv = replace(
            command("!probe"),
            event_id=f"$where{number}",
            room_id=room,
            is_direct=room == "!dm:localhost",
            sent_at=BERLIN_MEETUP,
        )
        assert await pipeline.handle(inv, Standing(lippe, False))
    bodies = {row.room_id: row.content["body"] for row in await pending_replies(sessions)}
    assert bodies == {"!dm:localhost": "im Direktchat", "!lippe:localhost": "im Raum"}
    assert len(calls) == 2
