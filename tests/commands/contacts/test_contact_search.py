"""`!kontakt <suche>` as people type it: umlauts or not, ß or ss, with or without hyphens,
with typos, half words, any word order. One table, run through the router."""

from __future__ import annotations

import pytest

from storage.records import NetworkRecord
from tests.commands.contacts.support import add_contact, plain

PEOPLE = (
    ("Erika Musterfrau", "Lemgo", "CDO", ("OZG", "Serviceportal")),
    ("Max Mustermann", "Detmold", "Digitalisierungsbeauftragter", ("E-Akte", "DMS")),
    ("Jürgen Müller", "Horn-Bad Meinberg", "IT-Leitung", ("Breitband",)),
    ("Paul Mueller", "Lage", "Referent", ("Open Data",)),
    ("Anna Straßburger", "Schieder-Schwalenberg", "Bürgermeisterbüro", ("Smart City",)),
    ("Käthe Übel", "Lügde", "Digitalisierungsbeauftragte", ("Öffentlichkeitsarbeit",)),
    ("Sören Weiß", "Leopoldshöhe", "IT", ("Informationssicherheit",)),
    ("Jana Beispiel", "Kreis Lippe", "Leitung Digitalisierung", ("KI", "Registermodernisierung")),
    ("Lukas Groß", "Bad Salzuflen", "CDO", ("Glasfaser",)),
    ("Sophie Sonnenschein", "Oerlinghausen", "IT-Sicherheit", ("Informationssicherheit",)),
    ("Tim Beispiel", "Extertal", "CDO", ("Bürgerkonto",)),
)
NAMES = tuple(person[0] for person in PEOPLE)

CASES = [
    # umlauts typed, transcribed or left out
    ("müller", {"Jürgen Müller", "Paul Mueller"}),
    ("mueller", {"Jürgen Müller", "Paul Mueller"}),
    ("muller", {"Jürgen Müller", "Paul Mueller"}),
    ("luegde", {"Käthe Übel"}),
    ("lugde", {"Käthe Übel"}),
    ("leopoldshoehe", {"Sören Weiß"}),
    ("oeffentlichkeitsarbeit", {"Käthe Übel"}),
    ("buergermeister", {"Anna Straßburger"}),
    # ß and ss
    ("weiss", {"Sören Weiß"}),
    ("strassburger", {"Anna Straßburger"}),
    ("Straßburger", {"Anna Straßburger"}),
    ("gross", {"Lukas Groß"}),
    # hyphens, spaces, run together
    ("horn bad meinberg", {"Jürgen Müller"}),
    ("Horn-Bad Meinberg", {"Jürgen Müller"}),
    ("hornbadmeinberg", {"Jürgen Müller"}),
    ("schieder schwalenberg", {"Anna Straßburger"}),
    ("e-akte", {"Max Mustermann"}),
    ("eakte", {"Max Mustermann"}),
    ("E Akte", {"Max Mustermann"}),
    # typos
    ("Lemgoo", {"Erika Musterfrau"}),
    ("detmlod", {"Max Mustermann"}),
    ("max musterman", {"Max Mustermann"}),
    ("informationsicherheit", {"Sören Weiß", "Sophie Sonnenschein"}),
    ("Strasburger", {"Anna Straßburger"}),
    # partial words
    ("serv", {"Erika Musterfrau"}),
    ("Schieder", {"Anna Straßburger"}),
    ("sonnen", {"Sophie Sonnenschein"}),
    ("kreis", {"Jana Beispiel"}),
    ("register", {"Jana Beispiel"}),
    # word order and several words narrowing down
    ("Serviceportal Lemgo", {"Erika Musterfrau"}),
    ("lemgo serviceportal", {"Erika Musterfrau"}),
    ("Musterfrau Erika", {"Erika Musterfrau"}),
    ("cdo", {"Erika Musterfrau", "Lukas Groß", "Tim Beispiel"}),
    ("cdo lemgo", {"Erika Musterfrau"}),
    ("bad salzuflen", {"Lukas Groß"}),
    ("beispiel extertal", {"Tim Beispiel"}),
    ("digitalisierungsbeauftragte", {"Max Mustermann", "Käthe Übel"}),
]


@pytest.fixture
async def directory(session, lippe: NetworkRecord) -> NetworkRecord:
    """Eleven fictional people across the Lippe municipalities."""
    for name, municipality, role, topics in PEOPLE:
        await add_contact(session, lippe, name, municipality, role=role, topics=topics)
    return lippe


@pytest.mark.parametrize(("query", "expected"), CASES)
async def test_search_finds_what_people_mean(make_ctx, directory, query, expected):
    """The reply to `!kontakt <query>` shows exactly the expected people."""
    out = await plain(make_ctx, directory, f"!kontakt {query}")
    shown = {name for name in NAMES if name in out}
    assert shown == expected, out


async def test_best_match_comes_first(make_ctx, directory):
    """An exact name beats a partial match elsewhere: `Beispiel` lists both, full name first."""
    out = await plain(make_ctx, directory, "!kontakt tim beispiel")
    assert out.startswith("Tim Beispiel")
    out = await plain(make_ctx, directory, "!kontakt beispiel")
    assert out.index("Jana Beispiel") < out.index("Tim Beispiel")  # equal score: name order


async def test_no_hit_says_how_to_search(make_ctx, directory):
    """A query matching no one gets a message with a working example and the directory command."""
    out = await plain(make_ctx, directory, "!kontakt dörentrup")
    assert "niemanden" in out
    assert "!kontakt Lemgo" in out and "!kontakte" in out


async def test_search_in_english(make_ctx, directory):
    """An English network gets English labels and messages; the search is the same."""
    out = await plain(make_ctx, directory, "!contact muller", language="en")
    assert "Jürgen Müller" in out and "Paul Mueller" in out
    out = await plain(make_ctx, directory, "!contact nobody", language="en")
    assert "I found no one" in out
