"""`!wer` / `!who`: who owns a topic, found despite typos, umlauts, ß, hyphens, word order."""

from __future__ import annotations

import pytest

from commands.parsing.fuzzy import MAX_QUERY_WORDS, match_name, query_words, skeleton
from storage import networks
from tests.commands.actions.support import JANA, add_contact, add_item, add_package
from tests.commands.support import ERIKA, MAX, rendered, say


@pytest.fixture
async def data(session, lippe):
    """Four work packages and five items with umlauts, ß, hyphens and compounds."""
    found = {m.name: m.id for m in await networks.list_municipalities(session, lippe.id)}
    portal = await add_package(
        session,
        lippe,
        "Einheitliches Serviceportal",
        topics=["ozg"],
        lead_municipality_id=found["Bad Salzuflen"],
    )
    await add_package(
        session,
        lippe,
        "E-Akte Einführung",
        owners=[MAX],
        topics=["dms"],
        lead_municipality_id=found["Lemgo"],
    )
    await add_package(
        session,
        lippe,
        "Breitbandausbau Gewerbegebiete",
        owners=[JANA],
        lead_municipality_id=found["Horn-Bad Meinberg"],
    )
    await add_package(
        session, lippe, "Straßenbeleuchtung smart steuern", lead_municipality_id=found["Detmold"]
    )
    await add_item(session, lippe, "Formular-Katalog abstimmen", work_package_id=portal.id)
    await add_item(session, lippe, "Ratsinformationssystem ausschreiben", owner=MAX)
    await add_item(session, lippe, "Größenordnung der Förderung klären", owner=JANA)
    await add_item(session, lippe, "Schülerbeförderung digitalisieren", owner=MAX)
    await add_item(session, lippe, "Online-Zugangsgesetz Reifegrad 3", topics=("ozg",))


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Foermularkatalog", "Aufgabe\u00a01 Formular-Katalog abstimmen"),
        ("Formularkatalog", "Aufgabe\u00a01 Formular-Katalog abstimmen"),
        ("formular katalog", "Aufgabe\u00a01 Formular-Katalog abstimmen"),
        ("katalog formular", "Aufgabe\u00a01 Formular-Katalog abstimmen"),
        ("Fromular", "Aufgabe\u00a01 Formular-Katalog abstimmen"),
        ("serviceportal", "AP\u00a01 Einheitliches Serviceportal"),
        ("Servicportal", "AP\u00a01 Einheitliches Serviceportal"),
        ("portal", "AP\u00a01 Einheitliches Serviceportal"),
        ("wer macht das Serviceportal?", "AP\u00a01 Einheitliches Serviceportal"),
        ("e-akte", "AP\u00a02 E-Akte Einführung"),
        ("eakte", "AP\u00a02 E-Akte Einführung"),
        ("E Akte", "AP\u00a02 E-Akte Einführung"),
        ("Einfuehrung E-Akte", "AP\u00a02 E-Akte Einführung"),
        ("Strassenbeleuchtung", "AP\u00a04 Straßenbeleuchtung smart steuern"),
        ("Straßenbeleuchtung", "AP\u00a04 Straßenbeleuchtung smart steuern"),
        ("strasenbeleuchtung", "AP\u00a04 Straßenbeleuchtung smart steuern"),
        ("Groessenordnung", "Aufgabe\u00a03 Größenordnung der Förderung klären"),
        ("Grösenordnung", "Aufgabe\u00a03 Größenordnung der Förderung klären"),
        ("Förderung", "Aufgabe\u00a03 Größenordnung der Förderung klären"),
        ("Schuelerbefoerderung", "Aufgabe\u00a04 Schülerbeförderung digitalisieren"),
        ("Schulerbeforderung", "Aufgabe\u00a04 Schülerbeförderung digitalisieren"),
        ("beförderung schüler", "Aufgabe\u00a04 Schülerbeförderung digitalisieren"),
        ("Ratsinfo", "Aufgabe\u00a02 Ratsinformationssystem ausschreiben"),
        ("Rats-Informationssystem", "Aufgabe\u00a02 Ratsinformationssystem ausschreiben"),
        ("Zugangsgesetz", "Aufgabe\u00a05 Online-Zugangsgesetz Reifegrad 3"),
        ("OZG", "AP\u00a01 Einheitliches Serviceportal"),
        ("Breitband", "AP\u00a03 Breitbandausbau Gewerbegebiete"),
        ("Gewerbegebiet", "AP\u00a03 Breitbandausbau Gewerbegebiete"),
        ("bad salzuflen", "AP\u00a01 Einheitliches Serviceportal"),
        ("lemgo", "AP\u00a02 E-Akte Einführung"),
        ("xyzzy", None),
        ("Portal Lemgo", None),
    ],
)
async def test_fuzzy_search(make_ctx, lippe, data, query, first):
    """The best match comes first; unrelated words (or one word that fits nothing) find nothing."""
    plain = await say(make_ctx, lippe, f"!wer {query}")
    if first is None:
        assert plain.startswith("Zu „")
        assert "habe ich kein Arbeitspaket und keine Aufgabe gefunden." in plain
        return
    lines = [row[2:] for row in plain.splitlines() if row.startswith("• ")]
    assert lines[0].startswith(first), plain


async def test_ozg_finds_packages_and_items_tagged_with_it(make_ctx, lippe, data):
    """A topic finds the tagged package and the tagged item, the package first."""
    plain = await say(make_ctx, lippe, "!wer #ozg")
    assert plain == (
        "Wer macht „#ozg“?\n\n"
        "• AP\u00a01 Einheitliches Serviceportal (geplant): erika – "
        "Federführung Bad Salzuflen\n"
        "• Aufgabe\u00a05 Online-Zugangsgesetz Reifegrad 3 (offen): erika"
    )


async def test_owners_with_municipality_and_contact_and_no_pings(session, make_ctx, lippe, data):
    """Owners with a directory entry show name, municipality and e-mail; nobody is notified."""
    await add_contact(session, lippe, ERIKA, "Erika Musterfrau", "Bad Salzuflen")
    out = await rendered(make_ctx, lippe, "!wer formularkatalog")
    assert out.plain == (
        "Wer macht „formularkatalog“?\n\n"
        "• Aufgabe\u00a01 Formular-Katalog abstimmen (offen): Erika Musterfrau (Bad Salzuflen, "
        "erika@bad-salzuflen.de) – AP\u00a01"
    )
    assert out.mentions == ()


async def test_empty_query_is_a_usage_error(make_ctx, lippe):
    """`!wer` alone asks what to look for, with an example."""
    plain = await say(make_ctx, lippe, "!wer  ")
    assert plain.startswith("Wonach soll ich suchen? Beispiel: !wer Serviceportal")
    plain = await say(make_ctx, lippe, "!who", language="en")
    assert plain.startswith("What shall I look for? Example: !who Serviceportal")


async def test_many_matches_are_cut(session, make_ctx, lippe):
    """More than ten matches show ten and say how many more."""
    for number in range(12):
        await add_item(session, lippe, f"Serviceportal Teil {number + 1}")
    plain = await say(make_ctx, lippe, "!wer serviceportal")
    assert len([row for row in plain.splitlines() if row.startswith("• ")]) == 10
    assert plain.endswith(
        "… und 2\u00a0weitere Treffer. Ein genaueres Stichwort grenzt die Suche ein."
    )


async def test_english_reply(make_ctx, lippe, data):
    """English networks get English lines."""
    plain = await say(make_ctx, lippe, "!who e-akte", language="en")
    assert plain == (
        "Who does “e-akte”?\n\n• WP\u00a02 E-Akte Einführung (planned): max – lead Lemgo"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Größe", "Groesse"),
        ("Straße", "Strasse"),
        ("Müller", "Muller"),
        ("Foermular", "Formular"),
    ],
)
def test_skeletons_agree(a, b):
    """Spellings people mix up reduce to the same skeleton."""
    assert skeleton(a) == skeleton(b)


def test_query_words_drop_filler_and_join_hyphens():
    """Filler words go, hyphenated words stay one, only filler is kept as is."""
    assert query_words("Wer macht das E-Akte-Projekt?") == [skeleton("eakteprojekt")]
    assert query_words("wer das") == ["wer", "das"]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("bad salzuflen", "Bad Salzuflen"),
        ("Horn Bad Meinberg", "Horn-Bad Meinberg"),
        ("Horn", "Horn-Bad Meinberg"),
        ("Luegde", "Lügde"),
        ("Leopoldshoehe", "Leopoldshöhe"),
        ("Detmlod", "Detmold"),
        ("Bad", None),
        ("Lage", "Lage"),
        ("Paderborn", None),
    ],
)
def test_municipality_names(typed, name):
    """Municipalities are found in any spelling; ambiguous and unknown ones are not."""
    names = [
        "Bad Salzuflen",
        "Horn-Bad Meinberg",
        "Lügde",
        "Leopoldshöhe",
        "Detmold",
        "Lage",
        "Lemgo",
    ]
    assert match_name(typed, names) == name


def test_query_words_are_distinct_and_bounded():
    """Repeated words count once, and a huge query is cut to the first few distinct words."""
    assert query_words("Serviceportal serviceportal SERVICEPORTAL") == [skeleton("serviceportal")]
    huge = " ".join(f"portal{i}" for i in range(800))[:4000]
    assert query_words(huge) == [skeleton(f"portal{i}") for i in range(MAX_QUERY_WORDS)]
