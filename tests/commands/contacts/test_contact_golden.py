"""Golden files for the contact directory: a vCard (escaping, folding, CRLF) and the rendered
`!kontakt` and `!kontakte` replies.

The files are tests/commands/golden/contact_*. After an intended change of the look,
regenerate them with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/commands/contacts/test_contact_golden.py`
and review the diff.
"""

from __future__ import annotations

from commands.contacts import vcard
from commands.rendering import render
from tests.commands.contacts.support import ERIKA, MAX, add_contact, run
from tests.commands.golden import check_golden


async def _two_people(session, lippe):
    """Erika with values that need escaping and folding; Max with the bare minimum."""
    erika = await add_contact(
        session,
        lippe,
        "Erika Müller-Straßburger",
        "Horn-Bad Meinberg",
        role="Leitung; Digitalisierung, IT\\Organisation",
        email="erika.mueller@horn-badmeinberg.example",
        phone="05234 201-0",
        matrix_id=ERIKA,
        topics=("OZG", "Serviceportal", "Informationssicherheit", "Öffentlichkeitsarbeit", "KI"),
        deputy=MAX,
    )
    await add_contact(session, lippe, "Max Mustermann", "Detmold", matrix_id=MAX)
    return erika


async def test_vcard_golden(make_ctx, lippe, session):
    """`!kontakt vcf` writes contact_erika.vcf byte for byte (RFC 6350 escaping and folding)."""
    await _two_people(session, lippe)
    routed = await run(make_ctx, lippe, "!kontakt vcf müller straßburger")
    (attachment,) = routed.reply.files
    assert attachment.filename == "erika-mueller-strassburger.vcf"
    check_golden("contact_erika.vcf", attachment.data)


async def test_vcard_lines_are_folded_within_75_octets(make_ctx, lippe, session):
    """No physical line is longer than 75 octets and no UTF-8 character is split."""
    record = await _two_people(session, lippe)
    data = vcard.card(record, "de").encode("utf-8")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "TITLE:Leitung\\; Digitalisierung\\, IT\\\\Organisation\r\n" in unfolded
    topics = "CATEGORIES:OZG,Serviceportal,Informationssicherheit,Öffentlichkeitsarbeit,KI"
    assert topics in unfolded


async def test_search_reply_golden(make_ctx, lippe, session):
    """The rendered `!kontakt horn` reply matches contact_search_de.txt."""
    await _two_people(session, lippe)
    routed = await run(make_ctx, lippe, "!kontakt horn")
    check_golden("contact_search_de.txt", render(routed.reply).plain.encode())


async def test_directory_reply_golden(make_ctx, lippe, session):
    """The rendered `!kontakte` reply matches contact_directory_de.txt."""
    await _two_people(session, lippe)
    routed = await run(make_ctx, lippe, "!kontakte")
    check_golden("contact_directory_de.txt", render(routed.reply).plain.encode())
