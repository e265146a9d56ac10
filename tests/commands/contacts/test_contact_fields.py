"""Checking typed contact values: phone numbers the German way, e-mail, Matrix ids, topics,
municipalities, `feld:wert` pairs, and telling an edit from a search."""

from __future__ import annotations

import pytest

from commands.contacts.admin import edit_target
from commands.contacts.fields import (
    clean,
    clean_email,
    clean_phone,
    field_of,
    match_municipality,
    parse_pairs,
    phone_uri,
)
from commands.errors import CommandError
from storage.bundled import bundled_municipalities
from storage.records import MunicipalityRecord

LIPPE = tuple(
    MunicipalityRecord(id=i, network_id=1, name=name, kind=kind)
    for i, (name, kind) in enumerate(bundled_municipalities("lippe"), start=1)
)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("05231 1234", "05231 1234"),
        ("05231/1234", "05231 1234"),
        ("05231/1234-56", "05231 1234-56"),
        ("05231 / 1234 - 56", "05231 1234-56"),
        ("(05231) 1234", "05231 1234"),
        ("05231 12-34-56", "05231 1234-56"),
        ("0 52 31 / 12 34", "05231 1234"),
        ("0171-1234567", "0171 1234567"),
        ("0171 1234567", "0171 1234567"),
        ("052311234", "052311234"),
        ("+49 5231 1234", "+49 5231 1234"),
        ("+49 (0) 5231 1234-56", "+49 5231 1234-56"),
        ("+49 (0)5231/1234", "+49 5231 1234"),
        ("0049 5231 1234", "+49 5231 1234"),
        ("+49-5231-1234", "+49 5231 1234"),
        ("+4952311234", "+49 52311234"),
        ("+31 20 123 4567", "+31 20 1234567"),
        ("05231.1234", "05231 1234"),
    ],
)
def test_phone_numbers_are_shown_in_one_form(typed: str, shown: str) -> None:
    """German ways of writing a number end up with the area code apart and `-` for extensions."""
    assert clean_phone(typed) == shown


@pytest.mark.parametrize(
    "typed",
    ["1234", "5231 1234", "0", "0123", "05231 1234-", "05231 1234-123456", "abc", "05231 ext 12",
     "+49 05231 1234", "0049 (0) ", "++49 5231 1234", "0123456789012345678", "+ 5231"],
)  # fmt: skip
def test_bad_phone_numbers_are_refused(typed: str) -> None:
    """Numbers without area code, letters, or impossible lengths are refused."""
    with pytest.raises(CommandError) as refused:
        clean_phone(typed)
    assert refused.value.key == "contacts.bad_phone"


def test_phone_uri_is_international() -> None:
    """vCards get tel: URIs with +49 instead of the leading 0."""
    assert phone_uri("05231 1234-56") == "tel:+49-5231-1234-56"
    assert phone_uri("+31 20 1234567") == "tel:+31-20-1234567"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("erika@lemgo.de", "erika@lemgo.de"),
        ("Erika.Musterfrau@Lemgo.DE", "Erika.Musterfrau@lemgo.de"),
        ("mailto:erika@lemgo.de", "erika@lemgo.de"),
        ("<erika@lemgo.de>", "erika@lemgo.de"),
        ("buergerbuero@städte.example", "buergerbuero@städte.example"),
    ],
)
def test_email_addresses_are_cleaned(typed: str, stored: str) -> None:
    """Copied addresses lose `mailto:` and brackets; the domain is lower-cased."""
    assert clean_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["erika", "erika@lemgo", "erika@@lemgo.de", "er ika@lemgo.de", "a..b@lemgo.de", "@x.de"],
)
def test_bad_email_addresses_are_refused(typed: str) -> None:
    """Addresses without domain, with two @ or spaces are refused."""
    with pytest.raises(CommandError) as refused:
        clean_email(typed)
    assert refused.value.key == "contacts.bad_email"


def test_other_fields() -> None:
    """Matrix ids are checked, topics split and de-duplicated, `-` clears, long values refused."""
    assert clean("matrix", "@erika:lippe.de") == "@erika:lippe.de"
    assert clean("deputy", "@max:lippe.de:8448") == "@max:lippe.de:8448"
    assert clean("deputy", "Max  Mustermann") == "Max Mustermann"
    assert clean("topics", "OZG, Serviceportal;ozg, ") == ("OZG", "Serviceportal")
    assert clean("topics", "-") == ()
    assert clean("phone", "") is None
    for field, value, key in [
        ("matrix", "erika", "contacts.bad_matrix_id"),
        ("deputy", "@max", "contacts.bad_matrix_id"),
        ("name", "-", "contacts.required"),
        ("name", "1234", "contacts.bad_name"),
        ("role", "x" * 201, "contacts.too_long"),
    ]:
        with pytest.raises(CommandError) as refused:
            clean(field, value)
        assert refused.value.key == key


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Lemgo", "Lemgo"),
        ("lemgoo", "Lemgo"),
        ("horn bad meinberg", "Horn-Bad Meinberg"),
        ("Horn", "Horn-Bad Meinberg"),
        ("luegde", "Lügde"),
        ("Doerentrup", "Dörentrup"),
        ("Kreis", "Kreis Lippe"),
        ("lippe", "Kreis Lippe"),
        ("bad salz", "Bad Salzuflen"),
        ("Schwalenberg", "Schieder-Schwalenberg"),
        ("Oerlinghusen", "Oerlinghausen"),
    ],
)
def test_municipality_is_found_the_way_people_type_it(typed: str, name: str) -> None:
    """Exact, start, part or one typo: the one municipality meant is found."""
    assert match_municipality(typed, LIPPE).name == name


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Bielefeld", "contacts.unknown_municipality"),
        ("", "contacts.unknown_municipality"),
        ("sch", "contacts.ambiguous_municipality"),
        ("la", "contacts.unknown_municipality"),
    ],
)
def test_unknown_or_ambiguous_municipality_is_refused(typed: str, key: str) -> None:
    """No match or several matches are refused with the names to choose from."""
    with pytest.raises(CommandError) as refused:
        match_municipality(typed, LIPPE)
    assert refused.value.key == key
    assert "Lemgo" in str(refused.value.params["names"]) or key.endswith("ambiguous_municipality")


def test_pairs_run_to_the_next_field() -> None:
    """Values may contain spaces, colons and URLs; a field word with a colon starts the next."""
    assert parse_pairs(
        "Kommune: Horn-Bad Meinberg rolle:CDO der Stadt matrix:@erika:lippe.de "
        "E-Mail:erika@horn.example themen:OZG, https://ozg.example"
    ) == {
        "municipality": "Horn-Bad Meinberg",
        "role": "CDO der Stadt",
        "matrix": "@erika:lippe.de",
        "email": "erika@horn.example",
        "topics": "OZG, https://ozg.example",
    }
    assert parse_pairs("") == {}
    for text, key in [
        ("Lemgo rolle:CDO", "contacts.pairs_expected"),
        ("nur text", "contacts.pairs_expected"),
        ("rolle:a Rolle:b", "contacts.field_twice"),
    ]:
        with pytest.raises(CommandError) as refused:
            parse_pairs(text)
        assert refused.value.key == key


def test_field_words_in_both_languages() -> None:
    """German, English and common variants name the same field."""
    assert {field_of(w) for w in ("Telefon", "phone", "Tel", "telefon:")} == {"phone"}
    assert {field_of(w) for w in ("E-Mail", "email", "mail")} == {"email"}
    assert {field_of(w) for w in ("Kommune", "municipality", "Gemeinde")} == {"municipality"}
    assert field_of("hobby") is None


@pytest.mark.parametrize(
    ("args", "target"),
    [
        ("@max:lippe.de telefon 05231 1234", ("@max:lippe.de", "telefon 05231 1234")),
        ('"Max Mustermann" rolle CDO', ("Max Mustermann", "rolle CDO")),
        ("„Max Mustermann (Lage)“ phone 1", ("Max Mustermann (Lage)", "phone 1")),
        ("Max Mustermann telefon 05231 1234", None),
        ("@max:lippe.de", None),
        ('"Max Mustermann"', None),
        ("@max:lippe.de lemgo", None),
    ],
)
def test_edit_or_search(args: str, target: tuple[str, str] | None) -> None:
    """Only a Matrix id or a quoted name followed by a field word is an edit."""
    assert edit_target(args) == target
