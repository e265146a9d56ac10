"""`ikz-bot contacts import|export` with fixture CSV files, against the configured database."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.contacts_cli import decode, separator
from storage import contacts, networks
from storage.db import create_engine, session_factory
from storage.records import ContactRecord

FIXTURES = Path(__file__).parent / "fixtures" / "contacts"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Two networks (lippe, musterland), the database under tmp_path/data."""
    return Path(shutil.copy(FIXTURES / "config.toml", tmp_path / "config.toml"))


def load(config_file: Path, name: str, *extra: str, network: str = "lippe") -> int:
    """`ikz-bot contacts import <fixture> --network … --config …`."""
    return main(
        ["contacts", "import", str(FIXTURES / name), "--network", network, "--config",
         str(config_file), *extra]
    )  # fmt: skip


def directory(config_file: Path, network: str = "lippe") -> list[ContactRecord]:
    """The network's complete entries as stored in the configured database."""

    async def read() -> list[ContactRecord]:
        engine = create_engine(f"sqlite+aiosqlite:///{config_file.parent}/data/ikz-bot.sqlite3")
        try:
            async with session_factory(engine)() as session:
                found = {n.key: n for n in await networks.list_networks(session)}
                if network not in found:
                    return []
                return await contacts.directory(session, found[network].id)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def by_name(config_file: Path, network: str = "lippe") -> dict[str, ContactRecord]:
    """The stored entries keyed by name."""
    return {record.name or "": record for record in directory(config_file, network)}


def test_valid_file_is_imported(config_file, capsys):
    """A UTF-8 file with `;` and German headers: every row becomes an entry, values cleaned."""
    assert load(config_file, "valid.csv") == 0
    assert "5 neu, 0 aktualisiert, 0 unverändert" in capsys.readouterr().out
    people = by_name(config_file)
    assert set(people) == {
        "Erika Musterfrau",
        "Max Mustermann",
        "Jana Beispiel",
        "Lukas Müller",
        "Anna Straßburger",
    }
    erika = people["Erika Musterfrau"]
    assert (erika.municipality, erika.matrix_id, erika.deputy) == (
        "Lemgo",
        "@erika:lippe.example",
        "Max Mustermann",
    )
    assert erika.topics == ("OZG", "Serviceportal")
    assert people["Max Mustermann"].phone == "05231 977-123"
    assert people["Lukas Müller"].topics == ("Informationssicherheit", "KI")
    assert people["Jana Beispiel"].municipality == "Horn-Bad Meinberg"
    assert erika.consent_at is None  # an import is not the person's own consent


def test_reimport_updates_instead_of_duplicating(config_file, capsys):
    """The same file again changes nothing; a changed file updates the same entries."""
    assert load(config_file, "valid.csv") == 0
    first = by_name(config_file)
    assert load(config_file, "valid.csv") == 0
    assert "0 neu, 0 aktualisiert, 5 unverändert" in capsys.readouterr().out
    assert load(config_file, "updated.csv") == 0
    assert "0 neu, 3 aktualisiert, 2 unverändert" in capsys.readouterr().out
    people = by_name(config_file)
    assert len(people) == 5
    assert {r.id for r in people.values()} == {r.id for r in first.values()}
    assert people["Erika Musterfrau"].phone == "05261 213-99"  # matched by Matrix id
    assert people["Jana Beispiel"].email == "jana.neu@horn-badmeinberg.example"  # by name
    assert people["Anna Straßburger"].role == "Bürgermeisterbüro"


def test_comma_file_with_bom_and_english_headers(config_file, capsys):
    """`,`-separated UTF-8 with BOM and English column names is read as well."""
    assert load(config_file, "valid.csv") == 0
    assert load(config_file, "comma-english.csv") == 0
    assert "1 neu, 1 aktualisiert, 0 unverändert" in capsys.readouterr().out
    people = by_name(config_file)
    assert people["Paul Probst"].topics == ("Open Data",)
    assert people["Erika Musterfrau"].deputy is None  # the file's empty cell clears it


def test_malformed_rows_are_all_reported_and_nothing_is_imported(config_file, capsys):
    """Every bad row is reported with its line number; exit 2 and no entry is written."""
    assert load(config_file, "malformed.csv") == 2
    err = capsys.readouterr().err
    for line, problem in [
        (2, "keine gültige E-Mail-Adresse"),
        (3, "keine Telefonnummer"),
        (4, "„Bielefeld“ gehört nicht zu den Kommunen"),
        (5, "Name: Name und Kommune sind Pflicht"),
        (7, "„max“ ist keine Matrix-ID"),
    ]:
        assert f"Zeile {line}: " in err and problem in err
    assert "Zeile 6" not in err
    assert "5\u00a0Probleme gefunden, nichts importiert" in err
    assert directory(config_file) == []


def test_skip_invalid_imports_the_valid_rows(config_file, capsys):
    """With --skip-invalid the valid row is imported and the others are still reported."""
    assert load(config_file, "malformed.csv", "--skip-invalid") == 0
    captured = capsys.readouterr()
    assert "5\u00a0ungültige Zeilen übersprungen" in captured.err
    assert "Zeile 4:" in captured.err
    assert "1 neu" in captured.out
    assert list(by_name(config_file)) == ["Paul Probst"]


def test_windows_1252_file_with_umlauts(config_file, capsys):
    """A file saved by German Excel (Windows-1252) keeps its umlauts and ß."""
    data = (FIXTURES / "windows-1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert load(config_file, "windows-1252.csv") == 0
    people = by_name(config_file)
    assert set(people) == {"Jürgen Größe", "Käthe Übel", "Sören Weiß"}
    assert people["Jürgen Größe"].municipality == "Dörentrup"
    assert people["Jürgen Größe"].topics == ("Straßenbeleuchtung", "Bürgerservice")
    assert people["Käthe Übel"].municipality == "Lügde"


def test_the_same_person_twice_in_one_file_is_a_problem(config_file, capsys):
    """Two rows with one Matrix id are reported, not merged silently."""
    assert load(config_file, "same-person.csv") == 2
    assert "Zeile 3: dieselbe Person wie Zeile 2" in capsys.readouterr().err
    assert directory(config_file) == []


def test_header_problems_stop_the_import(config_file, tmp_path, capsys):
    """An unknown column or a missing name/municipality column is reported; exit 2."""
    bad = tmp_path / "bad.csv"
    bad.write_text("Name;Hobby\nErika Musterfrau;Segeln\n", encoding="utf-8")
    rc = main(["contacts", "import", str(bad), "--network", "lippe", "--config", str(config_file)])
    assert rc == 2
    err = capsys.readouterr().err
    assert "Spalte „Hobby“ kenne ich nicht" in err
    assert "Es fehlt die Spalte „Kommune“" in err


def test_unreadable_input_exits_2(config_file, tmp_path, capsys):
    """A missing file, an empty file, bytes that are no text, an unknown network: exit 2."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"Name;Kommune\n\x81\x8d\x8f\x90\x9d\n")
    base = ["--network", "lippe", "--config", str(config_file)]
    assert main(["contacts", "import", str(tmp_path / "nope.csv"), *base]) == 2
    assert main(["contacts", "import", str(empty), *base]) == 2
    assert main(["contacts", "import", str(binary), *base]) == 2
    assert load(config_file, "valid.csv", network="nope") == 2
    err = capsys.readouterr().err
    assert "nope.csv" in err and "leer" in err and "Windows-1252" in err and "„nope“" in err


def test_networks_stay_apart(config_file, capsys):
    """Importing into one network leaves the other empty; its municipalities are its own."""
    assert load(config_file, "valid.csv") == 0
    assert directory(config_file, "musterland") == []
    assert load(config_file, "valid.csv", network="musterland") == 2
    assert "is not one of this network's municipalities" in capsys.readouterr().err


def test_export_round_trip(config_file, tmp_path, capsys):
    """Export writes UTF-8 with BOM and `;`; importing it into a fresh database gives the same."""
    assert load(config_file, "valid.csv") == 0
    assert load(config_file, "windows-1252.csv") == 0
    out = tmp_path / "export.csv"
    assert main(["contacts", "export", "--network", "lippe", "--output", str(out),
                 "--config", str(config_file)]) == 0  # fmt: skip
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfName;Kommune;Rolle;E-Mail;Telefon;Matrix;Themen;")
    assert b"\r\n" in data
    text = data.decode("utf-8-sig")
    assert "'@erika:lippe.example" in text and "'+49 5234 201-0" in text  # shown as text
    assert "8\u00a0Einträge nach" in capsys.readouterr().err

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    other = Path(shutil.copy(FIXTURES / "config.toml", fresh / "config.toml"))
    rc = main(["contacts", "import", str(out), "--network", "lippe", "--config", str(other)])
    assert rc == 0

    def comparable(records: list[ContactRecord]) -> list[tuple]:
        return [
            (r.name, r.municipality, r.role, r.email, r.phone, r.matrix_id, r.topics, r.deputy)
            for r in records
        ]

    assert comparable(directory(other)) == comparable(directory(config_file))


def test_export_to_standard_output(config_file, capsys):
    """Without --output the CSV goes to standard output (for pipes)."""
    assert load(config_file, "valid.csv") == 0
    capsys.readouterr()
    assert main(["contacts", "export", "--network", "lippe", "--config", str(config_file)]) == 0
    assert "Erika Musterfrau;Lemgo;CDO;" in capsys.readouterr().out


def test_encoding_and_separator_detection():
    """UTF-8 (with or without BOM) wins over Windows-1252; `;` wins a tie."""
    assert decode("Müller".encode()) == "Müller"
    assert decode(b"\xef\xbb\xbfM\xc3\xbcller") == "Müller"
    assert decode("Müller".encode("cp1252")) == "Müller"
    assert separator("Name;Kommune;Rolle") == ";"
    assert separator("Name,Municipality") == ","
    assert separator("Name") == ";"
