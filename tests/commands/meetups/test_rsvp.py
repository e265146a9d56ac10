"""`!zusage` / `!absage` / `!vielleicht` and `!rsvp`: one current answer per person."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage import meetups, rsvps
from storage.models import Rsvp
from storage.records import MeetupRecord
from tests.commands.contacts.support import add_contact
from tests.commands.meetups.support import DEC_8 as DECEMBER
from tests.commands.meetups.support import add_meetup
from tests.commands.support import ERIKA, MAX, NOW, say


async def rsvp_rows(session) -> int:
    return await session.scalar(select(func.count()).select_from(Rsvp))


async def answers(session, meetup: MeetupRecord) -> dict[str, str]:
    found = await rsvps.answers(session, meetup.network_id, meetup.id)
    return {a.user_id: f"{a.answer}/{a.source}" for a in found}


async def test_yes_for_the_next_meetup(session, make_ctx, lippe, december, january):
    """`!zusage` records yes for the next meet-up and shows the counts."""
    plain = await say(make_ctx, lippe, "!zusage")
    assert plain == (
        "Notiert: Zusage für Di., 8.\u00a0Dez.\u00a02026 – Monatstreffen.\n\n"
        "Zusagen (1): erika; Vielleicht (0); Absagen (0)"
    )
    assert await answers(session, december) == {ERIKA: "yes/command"}
    assert await answers(session, january) == {}


async def test_changed_answer_replaces_the_old_one(session, make_ctx, lippe, december):
    """Saying no after yes leaves one answer, no, and names the earlier one."""
    await say(make_ctx, lippe, "!zusage")
    await say(make_ctx, lippe, "!zusage", sender=MAX)
    plain = await say(make_ctx, lippe, "!absage")
    assert plain.startswith(
        "Notiert: Absage für Di., 8.\u00a0Dez.\u00a02026 – Monatstreffen (vorher: Zusage)."
    )
    assert plain.endswith("Zusagen (1): max; Vielleicht (0); Absagen (1): erika")
    assert await answers(session, december) == {ERIKA: "no/command", MAX: "yes/command"}


async def test_command_replaces_an_answer_given_by_reaction(session, make_ctx, lippe, december):
    """An earlier ✅ reaction is replaced by a later `!vielleicht`."""
    await rsvps.set_answer(
        session,
        network_id=lippe.id,
        meetup_id=december.id,
        user_id=ERIKA,
        answer="yes",
        source="reaction",
        reaction_event_id="$reaction",
        updated_at=NOW,
    )
    await say(make_ctx, lippe, "!vielleicht")
    assert await answers(session, december) == {ERIKA: "maybe/command"}


async def test_same_answer_twice_is_one_row(session, make_ctx, lippe, december):
    """Repeating the answer keeps one row and says nothing about a change."""
    await say(make_ctx, lippe, "!zusage")
    plain = await say(make_ctx, lippe, "!zusage")
    assert "vorher" not in plain
    assert await rsvp_rows(session) == 1


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("!rsvp ja 12.1.", "yes"),
        ("!rsvp Nein für 12.1.", "no"),
        ("!rsvp maybe am 12.1.", "maybe"),
        ("!vielleicht 12.1.", "maybe"),
        ("!no 12.01.2027", "no"),
        ("!zusage für den 12.1.", "yes"),
        ("!zusage Di., 12.1.", "yes"),
        ("!absage den 12.1.", "no"),
        ("!absage 12.1. – bin im Urlaub", "no"),
        ("!absage 12.1. bin im Urlaub", "no"),
    ],
)
async def test_answer_for_a_given_day(session, make_ctx, lippe, december, january, text, answer):
    """A date picks the meet-up; both words and both languages work."""
    await say(make_ctx, lippe, text)
    assert await answers(session, january) == {ERIKA: f"{answer}/command"}
    assert await answers(session, december) == {}


async def test_english_reply(session, make_ctx, lippe, december):
    """English networks get English labels, German command names still work."""
    await say(make_ctx, lippe, "!yes", sender=MAX, language="en")
    plain = await say(make_ctx, lippe, "!absage", language="en")
    assert plain == (
        "Noted: no for Tue, 8\u00a0Dec\u00a02026 – Monatstreffen.\n\n"
        "Yes (1): max; Maybe (0); No (1): erika"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!rsvp", "Es fehlt die Antwort: ja, nein oder vielleicht. Beispiel: !rsvp ja 29.11.2026"),
        ("!rsvp egal", "„egal“ ist keine Antwort; möglich sind ja, nein und vielleicht."),
        ("!zusage 32.12.", "„32.12.“ gibt es nicht im Kalender"),
        ("!zusage 9.12. 10:00", "Hier brauche ich nur ein Datum ohne Uhrzeit"),
        (
            "!zusage 15.12.",
            "Am Di., 15.\u00a0Dez.\u00a02026 ist kein Treffen geplant. "
            "Das nächstgelegene ist am Di., 8.\u00a0Dez.\u00a02026: !zusage 8.12.2026",
        ),
        (
            "!absage bin krank",
            "„bin krank“ verstehe ich nicht als Datum eines Treffens. Für ein bestimmtes Treffen "
            "z.\u202fB. !absage 29.11.2026 – bin krank; als Anmerkung zum nächsten Treffen: "
            "!absage – bin krank",
        ),
    ],
)
async def test_bad_input_changes_nothing(session, make_ctx, lippe, december, text, message):
    """Missing or unknown answers and bad dates are explained; no answer is stored."""
    assert message in await say(make_ctx, lippe, text)
    assert await rsvp_rows(session) == 0


async def test_rsvp_usage_in_english(make_ctx, lippe, december):
    """The English usage error shows an English example and usage."""
    plain = await say(make_ctx, lippe, "!rsvp", language="en")
    assert "Example: !rsvp yes 29.11.2026" in plain
    assert "• `!rsvp yes|no|maybe [date]`" in plain


async def test_cancelled_meetup_is_named(session, make_ctx, lippe, december, january):
    """Answering for a cancelled meet-up says it is cancelled and stores nothing."""
    await meetups.cancel(session, lippe.id, january.id, at=NOW)
    plain = await say(make_ctx, lippe, "!zusage 12.1.")
    assert plain == (
        "Das Treffen am Di., 12.\u00a0Jan.\u00a02027 entfällt, dafür braucht es keine Antwort. "
        "Für das nächste Treffen: !zusage"
    )
    assert await rsvp_rows(session) == 0


async def test_next_meetup_skips_a_cancelled_one(session, make_ctx, lippe, december, january):
    """When the next meet-up is cancelled, `!zusage` goes to the one after."""
    await meetups.cancel(session, lippe.id, december.id, at=NOW)
    await say(make_ctx, lippe, "!zusage")
    assert await answers(session, january) == {ERIKA: "yes/command"}


async def test_no_meetup_planned(session, make_ctx, lippe):
    """Without a meet-up the reply says how one is set up."""
    assert (await say(make_ctx, lippe, "!zusage")).startswith("Es ist kein Treffen geplant.")
    assert await rsvp_rows(session) == 0


async def test_networks_do_not_see_each_others_answers(session, make_ctx, lippe, december, owl):
    """An answer in another network goes to its own meet-up and is not counted here."""
    owl_meetup = await add_meetup(session, owl, DECEMBER)
    await say(make_ctx, owl, "!zusage", sender=MAX)
    plain = await say(make_ctx, lippe, "!zusage")
    assert plain.endswith("Zusagen (1): erika; Vielleicht (0); Absagen (0)")
    assert await answers(session, owl_meetup) == {MAX: "yes/command"}


async def test_answers_name_people_with_their_municipality(session, make_ctx, lippe, december):
    """With directory entries, answers show name and municipality, sorted by municipality."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    await add_contact(session, lippe, "Max Mustermann", "Detmold", matrix_id=MAX)
    await say(make_ctx, lippe, "!zusage", sender=MAX)
    out = await say(make_ctx, lippe, "!zusage")
    assert "Zusagen (2): Max Mustermann (Detmold), Erika Musterfrau (Lemgo)" in out


async def test_comment_after_the_day_is_read_not_stored(session, make_ctx, lippe, december):
    """`!absage – bin im Urlaub` answers for the next meet-up and says the note is not kept."""
    plain = await say(make_ctx, lippe, "!absage – bin im Urlaub")
    assert plain.splitlines()[2] == (
        "Ihre Anmerkung „bin im Urlaub“ habe ich gelesen; gespeichert wird nur die Antwort."
    )
    assert await answers(session, december) == {ERIKA: "no/command"}
