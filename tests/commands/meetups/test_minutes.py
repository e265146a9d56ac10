"""`!beschluss` / `!decision` and `!protokoll` / `!minutes`.

The minutes (chat message and Markdown file) are compared with golden files in
tests/commands/golden/. After an intended change of the look, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/commands/meetups/test_minutes.py

and review the diff like any other change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from commands.catalogue import t
from commands.rendering import render
from commands.router import route
from storage import agenda, decisions
from storage.models import Decision
from storage.records import MeetupRecord
from tests.commands.golden import check_golden
from tests.commands.meetups.support import BERLIN, add_item, add_meetup, answer
from tests.commands.meetups.support import DEC_8 as DECEMBER
from tests.commands.support import DISPLAY_NAMES, ERIKA, NOW, REGISTRY, invocation, run
from tests.commands.support import say as said

MAX = "@max_mustermann:localhost"
DURING = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
"""Half an hour into the December meet-up (10:30 in Berlin)."""
AFTER = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
"""Two days after the December meet-up."""


async def decision_rows(session) -> int:
    return await session.scalar(select(func.count()).select_from(Decision))


async def stored_texts(session, meetup: MeetupRecord) -> list[str]:
    return [d.text for d in await decisions.decisions(session, meetup.network_id, meetup.id)]


async def december_meeting(session, make_ctx, lippe, december, language: str = "de") -> None:
    """A full meet-up: answers, three items (one deferred), two decisions."""
    await answer(session, december, ERIKA, "yes")
    await answer(session, december, MAX, "yes")
    await answer(session, december, "@anna:localhost", "no")
    await answer(session, december, "@ben:localhost", "maybe")
    await add_item(session, december, "Serviceportal: Stand & nächste Schritte", ERIKA, 20)
    await add_item(session, december, "E-Akte <Pilot> in *Lemgo*", MAX)
    await add_item(session, december, "Breitband_Ausbau [Stand] #3", ERIKA, 15)
    await said(make_ctx, lippe, "!agenda vertagen 2", sender=MAX, now=DURING, language=language)
    await said(
        make_ctx, lippe, "!beschluss Das Netzwerk beschafft *gemeinsam* ein RIS.", now=DURING
    )
    await said(make_ctx, lippe, "!decision Nächstes Treffen in Präsenz in Detmold.", now=DURING)


# --- decisions ----------------------------------------------------------------------------


async def test_decision_at_the_running_meetup(session, make_ctx, lippe, december, january):
    """During a meet-up a decision is recorded there and confirmed with its number and date."""
    text = await said(make_ctx, lippe, "!beschluss Wir nutzen  gemeinsam\nein RIS.", now=DURING)
    assert text == (
        "Beschluss\u00a01 zum Treffen am Di., 8.\u00a0Dez.\u00a02026 festgehalten: „Wir nutzen "
        "gemeinsam ein RIS.“"
    )
    text = await said(make_ctx, lippe, "!beschluss Zweiter Beschluss", now=DURING)
    assert text.startswith("Beschluss\u00a02 zum Treffen am Di., 8.\u00a0Dez.\u00a02026")
    assert await stored_texts(session, december) == [
        "Wir nutzen gemeinsam ein RIS.",
        "Zweiter Beschluss",
    ]


async def test_decision_after_the_meetup_goes_to_the_last_one(
    session, make_ctx, lippe, december, january
):
    """Between meet-ups a decision belongs to the last one, not the next."""
    await said(make_ctx, lippe, "!decision Nachtrag", now=AFTER)
    assert await stored_texts(session, december) == ["Nachtrag"]
    assert await stored_texts(session, january) == []


async def test_decision_before_any_meetup(session, make_ctx, lippe, december):
    """Before the first meet-up has begun nothing is stored and the reply says why."""
    text = await said(make_ctx, lippe, "!beschluss Etwas")
    assert text == (
        "Es hat noch kein Treffen begonnen, zu dem ich einen Beschluss festhalten könnte. "
        "Beschlüsse gehören zum laufenden oder letzten Treffen; das nächste zeigt !treffen"
    )
    assert await decision_rows(session) == 0


async def test_empty_decision_is_a_usage_error(session, make_ctx, lippe, december):
    """`!beschluss` alone shows an example and the usage, and stores nothing."""
    text = await said(make_ctx, lippe, "!beschluss   ", now=DURING)
    assert text.startswith("Es fehlt der Text des Beschlusses. Beispiel: !beschluss Das Netzwerk")
    assert "• `!beschluss <text>`" in text
    assert await decision_rows(session) == 0


async def test_too_long_decision_changes_nothing(session, make_ctx, lippe, december):
    """1001 characters are refused with the count and the limit; 1000 are stored."""
    text = await said(make_ctx, lippe, "!beschluss " + "x" * 1001, now=DURING)
    assert text.startswith("Der Beschluss ist 1001\u00a0Zeichen lang, erlaubt sind höchstens 1000.")
    assert await decision_rows(session) == 0
    text = await said(make_ctx, lippe, "!beschluss " + "x" * 1000, now=DURING)
    assert text.endswith("„" + "x" * 119 + "…“")
    assert await decision_rows(session) == 1


async def test_decision_in_english(session, make_ctx, lippe, december):
    """English networks get the English confirmation and examples."""
    text = await said(make_ctx, lippe, "!decision Shared RIS", now=DURING, language="en")
    assert (
        text
        == "Decision\u00a01 recorded for the meet-up on Tue, 8\u00a0Dec\u00a02026: “Shared RIS”"
    )
    text = await said(make_ctx, lippe, "!decision", now=DURING, language="en")
    assert text.startswith("The text of the decision is missing. Example: !decision The network")


async def test_decision_outside_a_network(make_ctx):
    """Without a network the reply says where to ask."""
    text = await said(make_ctx, None, "!beschluss Etwas")
    assert text.startswith("Dieser Raum gehört zu keinem Netzwerk.")


# --- minutes ------------------------------------------------------------------------------


async def test_minutes_golden_german(session, make_ctx, lippe, december, january):
    """Attendees, agenda with the deferred item marked, numbered decisions (golden files)."""
    await december_meeting(session, make_ctx, lippe, december)
    reply = (await run(make_ctx, lippe, "!protokoll", now=AFTER, display_names=DISPLAY_NAMES)).reply
    check_golden("minutes_de_message.txt", render(reply).plain + "\n")
    (file,) = reply.files
    assert (file.filename, file.mimetype) == ("protokoll-2026-12-08.md", "text/markdown")
    check_golden("minutes_de.md", file.data.decode("utf-8"))


async def test_minutes_golden_english(session, make_ctx, lippe, december, january):
    """English networks get English minutes and an English file name (golden file)."""
    await december_meeting(session, make_ctx, lippe, december, language="en")
    reply = (await run(make_ctx, lippe, "!minutes", now=AFTER, language="en")).reply
    (file,) = reply.files
    assert file.filename == "minutes-2026-12-08.md"
    check_golden("minutes_en.md", file.data.decode("utf-8"))


async def test_deferred_item_without_its_copy_is_still_marked(session, make_ctx, lippe, december):
    """An item deferred to a meet-up out of sight is marked deferred without a date."""
    await add_item(session, december, "Weit weg", ERIKA)
    far = await add_meetup(session, lippe, datetime(2027, 12, 14, 10, 0, tzinfo=BERLIN))
    for week in range(1, 8):
        await add_meetup(session, lippe, DECEMBER + timedelta(weeks=week))
    (item,) = await agenda.items(session, lippe.id, december.id)
    await agenda.defer_item(session, lippe.id, item.id, to_meetup_id=far.id, at=NOW)
    text = await said(make_ctx, lippe, "!protokoll 8.12.2026", now=AFTER)
    assert "• 1. Weit weg – erika (vertagt)" in text


async def test_empty_minutes(session, make_ctx, lippe, december):
    """A meet-up without answers, items or decisions says so in each section."""
    reply = (await run(make_ctx, lippe, "!protokoll", now=AFTER)).reply
    text = render(reply).plain
    assert "Zugesagt (0): Niemand hat zugesagt." in text
    assert "Es standen keine Themen auf der Tagesordnung." in text
    assert "Beschlüsse (0)\n\nKeine Beschlüsse festgehalten." in text
    markdown = reply.files[0].data.decode("utf-8")
    assert "## Zugesagt (0)\n\nNiemand hat zugesagt.\n" in markdown


async def test_minutes_before_any_meetup(make_ctx, lippe, december):
    """Before the first meet-up the reply says there are no minutes yet."""
    text = await said(make_ctx, lippe, "!protokoll")
    assert text.startswith("Es hat noch kein Treffen stattgefunden, zu dem es ein Protokoll gäbe.")


async def test_minutes_of_a_day_without_year_look_back(session, make_ctx, lippe, december):
    """`!protokoll 8.12.` after that day means the past 8 December, not next year's."""
    await answer(session, december, ERIKA, "yes")
    text = await said(make_ctx, lippe, "!protokoll 8.12.", now=AFTER)
    assert "Datum: Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr" in text
    assert "Zugesagt (1): erika" in text


async def test_minutes_of_a_future_meetup(session, make_ctx, lippe, december, january):
    """A meet-up that has not begun has no minutes yet; the reply says how to see the last."""
    text = await said(make_ctx, lippe, "!protokoll 12.1.", now=AFTER)
    assert text == (
        "Das Treffen am Di., 12.\u00a0Jan.\u00a02027 hat noch nicht begonnen; sein Protokoll "
        "gibt es ab "
        "Beginn. Das Protokoll des letzten Treffens zeigt !protokoll"
    )


async def test_minutes_of_a_day_without_meetup(make_ctx, lippe, december):
    """A day without a meet-up is named."""
    text = await said(make_ctx, lippe, "!protokoll 1.12.2026", now=AFTER)
    assert text == "Am Di., 1.\u00a0Dez.\u00a02026 ist kein Treffen geplant."


async def test_minutes_show_only_this_networks_data(session, make_ctx, lippe, december, owl):
    """Another network's decision at the same time never appears in these minutes."""
    await add_meetup(session, owl, DECEMBER)
    await said(make_ctx, owl, "!beschluss Nur OWL", now=DURING)
    await said(make_ctx, lippe, "!beschluss Nur Lippe", now=DURING)
    text = await said(make_ctx, lippe, "!protokoll", now=AFTER)
    assert "1. Nur Lippe" in text and "Nur OWL" not in text


# --- property -----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=1100
) | st.sampled_from(["", "   ", "@room", "x" * 1001, "<b>fett</b>", "`code`"])


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rest=_TEXT)
async def test_random_decision_stores_one_row_or_none(session, make_ctx, lippe, december, rest):
    """Any text after `!beschluss` gives a reply and stores one decision, or none with an error."""
    before = await decision_rows(session)
    routed = await route(invocation(f"!beschluss {rest}"), make_ctx(lippe, now=DURING), REGISTRY)
    assert routed is not None
    text = render(routed.reply).plain
    assert t("de", "router.crash") not in text
    assert await decision_rows(session) - before == (1 if routed.keep_changes else 0)
    assert routed.keep_changes == text.startswith("Beschluss\u00a0")
