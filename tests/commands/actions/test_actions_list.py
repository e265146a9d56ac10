"""`!aufgaben` / `!actions`: the list and every filter, combined, cut, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from commands.rendering import render
from storage import actions
from tests.commands.actions.support import JANA, add_contact, add_item, add_package, snapshot
from tests.commands.support import ERIKA, MAX, NOW, rendered, run, say


@pytest.fixture
async def items(session, lippe):
    """Erika's overdue and later items, Max's item in a package, a done item of Jana."""
    package = await add_package(session, lippe, "Einheitliches Serviceportal", topics=["ozg"])
    await add_item(session, lippe, "Formular-Katalog abstimmen", due_on=date(2026, 11, 20))
    await add_item(session, lippe, "Bericht schreiben", due_on=date(2026, 12, 15), topics=("rpa",))
    await add_item(session, lippe, "Schnittstelle testen", owner=MAX, work_package_id=package.id)
    done = await add_item(session, lippe, "Altlast", owner=JANA, due_on=date(2026, 11, 1))
    await actions.mark_done(session, lippe.id, done.number, by=JANA, at=NOW)


async def test_default_list_shows_open_items_by_due_date(make_ctx, lippe, items):
    """`!aufgaben`: open items, soonest first, undated last, people as plain text."""
    out = await rendered(make_ctx, lippe, "!aufgaben")
    assert out.plain == (
        "Offene Aufgaben (3):\n\n"
        "• 1. Formular-Katalog abstimmen – erika – überfällig seit Fr., "
        "20.\u00a0Nov.\u00a02026\n"
        "• 2. Bericht schreiben – erika – bis Di., 15.\u00a0Dez.\u00a02026\n"
        "• 3. Schnittstelle testen – max – AP\u00a01\n\n"
        "Einzelheiten: `!aufgabe 1`"
    )
    assert out.mentions == ()


@pytest.mark.parametrize(
    ("line", "numbers"),
    [
        ("!aufgaben offen", [1, 2, 3]),
        ("!aufgaben meine", [1, 2]),
        ("!actions mine", [1, 2]),
        ("!aufgaben überfällig", [1]),
        ("!aufgaben ueberfaellig", [1]),
        ("!aufgaben erledigt", [4]),
        ("!aufgaben alle", [4, 1, 2, 3]),
        ("!aufgaben @max:localhost", [3]),
        ("!aufgaben @max", [3]),
        ("!aufgaben #rpa", [2]),
        ("!aufgaben #OZG", [3]),
        ("!aufgaben ap:1", [3]),
        ("!aufgaben meine #rpa", [2]),
        ("!aufgaben überfällig @max:localhost", []),
    ],
)
async def test_filters(make_ctx, lippe, items, line, numbers):
    """Each filter (and combinations) shows exactly the matching items."""
    plain = await say(make_ctx, lippe, line)
    shown = [int(row[2:].split(".")[0]) for row in plain.splitlines() if row.startswith("• ")]
    assert shown == numbers


async def test_topic_filter_includes_items_of_tagged_work_packages(make_ctx, lippe, items):
    """`#ozg` finds the item of the package tagged #ozg, though the item has no tag."""
    plain = await say(make_ctx, lippe, "!aufgaben #ozg")
    assert plain.startswith("Offene Aufgaben – #ozg (1):")


async def test_municipality_filter_uses_the_contact_directory(session, make_ctx, lippe, items):
    """`!aufgaben bad salzuflen` lists the items of people listed there in the directory."""
    await add_contact(session, lippe, ERIKA, "Erika Musterfrau", "Bad Salzuflen")
    await add_contact(session, lippe, MAX, "Max Mustermann", "Lemgo")
    plain = await say(make_ctx, lippe, "!aufgaben bad salzuflen")
    assert plain.startswith("Offene Aufgaben – aus Bad Salzuflen (2):")
    assert "• 1. Formular-Katalog abstimmen – Erika Musterfrau (Bad Salzuflen) –" in plain
    plain = await say(make_ctx, lippe, "!aufgaben Lemgo")
    assert "• 3. Schnittstelle testen – Max Mustermann (Lemgo) – AP\u00a01" in plain


async def test_municipality_without_directory_entries_explains(make_ctx, lippe, items):
    """A municipality nobody in the directory belongs to gives an empty list and why."""
    assert await say(make_ctx, lippe, "!aufgaben Lügde") == (
        "Zu diesen Filtern habe ich keine Aufgaben gefunden: aus Lügde.\n\n"
        "Kommunen ordne ich über das Kontaktverzeichnis zu: Es zählen Personen, die dort mit "
        "ihrer Matrix-ID eingetragen sind."
    )


async def test_unknown_filter_is_a_usage_error(session, make_ctx, lippe, items):
    """A word that is no filter and no municipality is explained with the filters."""
    before = await snapshot(session)
    plain = await say(make_ctx, lippe, "!aufgaben dringend")
    assert plain.startswith(
        "„dringend“ ist weder ein Filter noch eine Kommune dieses Netzwerks. Filter: meine, "
        "überfällig, erledigt, alle, @person:server, #thema, ap:3. Beispiel: !aufgaben überfällig"
    )
    assert await snapshot(session) == before


async def test_bad_package_filter_and_unknown_person(make_ctx, lippe, items):
    """`ap:x` and an unknown bare name are explained."""
    assert "„ap:x“ verstehe ich nicht als Arbeitspaket" in await say(
        make_ctx, lippe, "!aufgaben ap:x"
    )
    assert (await say(make_ctx, lippe, "!aufgaben @olaf")).startswith("Wen meinen Sie mit @olaf?")
    assert (await say(make_ctx, lippe, "!aufgaben ap:5")).startswith(
        "Ein AP\u00a05 gibt es hier nicht."
    )


async def test_empty_network_explains_how_to_start(make_ctx, lippe):
    """Without items the list says how to create one."""
    assert (await say(make_ctx, lippe, "!aufgaben")).startswith(
        "Es gibt keine offenen Aufgaben. Eine neue legen Sie so an: !aufgabe neu "
    )


async def test_aufgabe_without_arguments_is_the_list(make_ctx, lippe, items):
    """`!aufgabe` alone and `!aufgabe liste` show the same as `!aufgaben`."""
    expected = await say(make_ctx, lippe, "!aufgaben")
    assert await say(make_ctx, lippe, "!aufgabe") == expected
    assert await say(make_ctx, lippe, "!aufgabe liste") == expected


async def test_long_list_is_cut_with_count_and_filters(session, make_ctx, lippe):
    """25 items show 20, the number left out and how to narrow the list; nobody is pinged."""
    for number in range(25):
        await add_item(session, lippe, f"Punkt {number + 1}", owner=MAX)
    out = await rendered(make_ctx, lippe, "!aufgaben")
    lines = [row for row in out.plain.splitlines() if row.startswith("• ")]
    assert len(lines) == 20
    assert out.plain.startswith("Offene Aufgaben (25):")
    assert (
        "… und 5\u00a0weitere. Eingrenzen: `!aufgaben meine` · `!aufgaben überfällig` · "
        "`!aufgaben #ozg` · `!aufgaben ap:3` · `!aufgaben Lemgo`"
    ) in out.plain
    assert out.mentions == ()


async def test_english_list(make_ctx, lippe, items):
    """English networks get English headings and due texts."""
    plain = await say(make_ctx, lippe, "!actions overdue", language="en")
    assert plain == (
        "Open action items – overdue (1):\n\n"
        "• 1. Formular-Katalog abstimmen – erika – overdue since Fri, "
        "20\u00a0Nov\u00a02026\n\n"
        "Details: `!action 1`"
    )


async def test_list_reads_only(session, make_ctx, lippe, items):
    """Listing keeps nothing: the router may commit, but no row changed."""
    before = await snapshot(session)
    routed = await run(make_ctx, lippe, "!aufgaben alle")
    assert render(routed.reply).plain
    assert await snapshot(session) == before
