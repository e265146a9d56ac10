"""Golden files for what people see: `!aufgaben`, `!ap <nr>` and minutes with action items.

The files live in tests/commands/golden/ (`action_*`, `workpackage_*`). After an intended
change of the look, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/commands/actions/test_actions_golden.py

and review the diff like any other change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from commands.rendering import render
from storage import actions, meetups
from tests.commands.actions.support import JANA, add_contact
from tests.commands.golden import check_golden
from tests.commands.support import ERIKA, MAX, NOW, run, say


async def _network_at_work(session, make_ctx, lippe) -> None:
    """Two packages, items overdue, due today, later, undated, done; two directory entries."""
    await add_contact(session, lippe, ERIKA, "Erika Musterfrau", "Bad Salzuflen")
    await add_contact(session, lippe, MAX, "Max Mustermann", "Lemgo")
    await say(
        make_ctx,
        lippe,
        f'!ap neu "Einheitliches Serviceportal" lead:Bad Salzuflen {ERIKA} {MAX} #ozg',
    )
    await say(make_ctx, lippe, "!ap neu E-Akte <Pilot> lead:Lemgo #e-akte", sender=MAX)
    for line, sender in (
        ("!aufgabe neu Formular-Katalog abstimmen bis 15.12. ap:1", ERIKA),
        (f"!aufgabe neu Schnittstelle zum Portal testen {MAX} bis heute ap:1", ERIKA),
        ("!aufgabe neu Ausschreibung *E-Akte* vorbereiten bis 1.12. ap:2 #vergabe", MAX),
        (f"!aufgabe neu Rückmeldung der Kämmerei einholen {JANA}", MAX),
        ("!aufgabe neu Altes Protokoll prüfen bis 30.11.", ERIKA),
    ):
        await say(make_ctx, lippe, line, sender=sender)
    await say(make_ctx, lippe, "!aufgabe erledigt 5")
    later = NOW + timedelta(days=12)  # Friday, 4 Dec 2026: item 3 is overdue, 2 long overdue
    await say(make_ctx, lippe, "!ap status 1 läuft", now=later)
    return later


async def test_action_list_german(session, make_ctx, lippe):
    """The rendered `!aufgaben` matches action_list_de.txt."""
    later = await _network_at_work(session, make_ctx, lippe)
    plain = await say(make_ctx, lippe, "!aufgaben", now=later)
    check_golden("action_list_de.txt", plain + "\n")


async def test_action_list_english(session, make_ctx, lippe):
    """The rendered `!actions overdue` of an English network matches action_list_en.txt."""
    later = await _network_at_work(session, make_ctx, lippe)
    plain = await say(make_ctx, lippe, "!actions overdue", now=later, language="en")
    check_golden("action_list_en.txt", plain + "\n")


async def test_action_detail_german(session, make_ctx, lippe):
    """The rendered `!aufgabe 1` matches action_show_de.txt."""
    later = await _network_at_work(session, make_ctx, lippe)
    await say(make_ctx, lippe, "!aufgabe frist 1 18.12.", now=later)
    plain = await say(make_ctx, lippe, "!aufgabe 1", now=later)
    check_golden("action_show_de.txt", plain + "\n")


async def test_workpackage_detail_german(session, make_ctx, lippe):
    """The rendered `!ap 1` matches workpackage_show_de.txt."""
    later = await _network_at_work(session, make_ctx, lippe)
    await say(make_ctx, lippe, "!ap verantwortlich 1 -@max:localhost", now=later)
    plain = await say(make_ctx, lippe, "!ap 1", now=later)
    check_golden("workpackage_show_de.txt", plain + "\n")


async def test_workpackage_list_german(session, make_ctx, lippe):
    """The rendered `!ap` matches workpackage_list_de.txt."""
    later = await _network_at_work(session, make_ctx, lippe)
    plain = await say(make_ctx, lippe, "!ap", now=later)
    check_golden("workpackage_list_de.txt", plain + "\n")


async def test_minutes_list_the_items_of_the_meetup(session, make_ctx, lippe):
    """Items created during a meet-up appear in its minutes (message and Markdown file)."""
    start = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    await meetups.create_meetup(
        session,
        network_id=lippe.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        title="Monatstreffen",
        location="https://meet.example.org/ikz-lippe",
        created_by=ERIKA,
        created_at=NOW,
    )
    await say(make_ctx, lippe, "!aufgabe neu Vorher erledigen")
    during = start + timedelta(minutes=30)
    await say(make_ctx, lippe, "!ap neu Serviceportal_Relaunch", now=during)
    await say(
        make_ctx, lippe, "!aufgabe neu Formular-Katalog [Entwurf] bis 15.12. ap:1", now=during
    )
    await say(make_ctx, lippe, f"!aufgabe neu 12. Sitzung vorbereiten {MAX}", now=during)
    await say(make_ctx, lippe, "!aufgabe erledigt 3", sender=MAX, now=during)
    after = start + timedelta(days=2)
    routed = await run(make_ctx, lippe, "!protokoll", now=after)
    message = render(routed.reply).plain
    assert "Vorher erledigen" not in message
    (file,) = routed.reply.files
    check_golden("action_minutes_de.md", file.data.decode("utf-8"))
    tail = message.split("Aufgaben (2)", 1)[1]
    assert tail.startswith(
        "\n\n• Nr.\u00a02: Formular-Katalog [Entwurf] – erika – "
        "bis Di., 15.\u00a0Dez.\u00a02026 – AP\u00a01"
        "\n• Nr.\u00a03: 12. Sitzung vorbereiten – max – erledigt\n\n"
    )
    assert await actions.numbers(session, lippe.id) == [1, 2, 3]
    assert (await actions.get_item(session, lippe.id, 2)).due_on == date(2026, 12, 15)
