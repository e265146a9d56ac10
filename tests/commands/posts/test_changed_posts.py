"""A cancelled or moved meet-up's sent posts and its announcement, rendered from records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from commands.meetups.common import Answers
from commands.posts.meetup import MeetupPostData, render_changed, render_news
from commands.posts.plan import PostKind, is_near, occurrence_of, post_key
from commands.rendering import render
from storage.records import AgendaItemRecord, MeetupRecord, NetworkRecord, RsvpRecord
from tests.commands.golden import check_golden

START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)  # Tue 8 Dec 2026, 10:00 in Lemgo
NEW_START = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)  # Tue 12 Jan 2027, 10:00


def _network(language: str = "de") -> NetworkRecord:
    return NetworkRecord(
        id=1,
        key="lippe",
        room_id="!lippe:localhost",
        name="IKZ Digitalisierung Lippe",
        timezone="Europe/Berlin",
        language=language,
        holiday_region="DE-NW",
    )


def _meetup(start: datetime = START, status: str = "scheduled") -> MeetupRecord:
    return MeetupRecord(
        id=5,
        network_id=1,
        series_id=None,
        original_start=None,
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        title="Monatstreffen",
        location="https://meet.example.org/ikz-lippe",
        status=status,
        updated_at=START - timedelta(days=30),
    )


def _data(language: str = "de") -> MeetupPostData:
    """The agenda post's records at its old time: one topic, one answer."""
    topic = AgendaItemRecord(
        id=1,
        network_id=1,
        meetup_id=5,
        position=1,
        title="Serviceportal: Stand",
        duration_minutes=20,
        owner="@erika:localhost",
        status="open",
        carried_from_id=None,
        created_at=START - timedelta(days=3),
    )
    answer = RsvpRecord(5, 1, "@max:localhost", "yes", "command", None, START - timedelta(days=1))
    return MeetupPostData(_network(language), _meetup(), [topic], Answers([answer], {}))


def _plain(reply) -> str:
    return render(reply).plain + "\n"


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_moved_meetups_agenda_post_begins_with_its_new_time(language):
    """First line `Verschoben auf Di., 12. Jan. 2027, 10:00 Uhr`, then the post as it was
    for its old time, still asking for answers (they count for the moved meet-up)."""
    moved = _meetup(NEW_START)
    reply = render_changed(_data(language), PostKind.AGENDA, False, moved_to=moved)
    check_golden(f"meetup_agenda_post_moved_{language}.txt", _plain(reply))


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_cancelled_meetups_agenda_post_says_so_first_and_asks_for_no_answers(language):
    """First line `Entfällt.` / `Cancelled.`; the invitation to react is gone."""
    reply = render_changed(_data(language), PostKind.AGENDA, False, moved_to=None)
    check_golden(f"meetup_agenda_post_cancelled_{language}.txt", _plain(reply))


def test_the_moved_note_is_the_first_line_in_bold():
    """The note leads the message in bold, in plain text and HTML alike."""
    moved = _meetup(NEW_START)
    rendered = render(render_changed(_data(), PostKind.AGENDA_CALL, False, moved_to=moved))
    first_line = rendered.plain.split("\n")[0]
    assert first_line == "Verschoben auf Di., 12.\u00a0Jan.\u00a02027, 10:00\u00a0Uhr"
    assert rendered.html.startswith("<p><strong>Verschoben auf Di., 12.")


def test_a_late_reminder_keeps_its_late_note_after_the_cancelled_note():
    """A post that went out late still says so, below the change."""
    plain = render(render_changed(_data(), PostKind.REMINDER, True, moved_to=None)).plain
    first, second = plain.split("\n\n")[:2]
    assert first == "Entfällt."
    assert second.startswith("Diese Nachricht kommt später als geplant")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_announcement_of_a_move_names_old_and_new_time(language):
    """Old and new time with the title, and where; no pills, so it pings nobody."""
    reply = render_news(_network(language), _meetup(), _meetup(NEW_START))
    assert not reply.attention and not render(reply).mentions
    check_golden(f"meetup_news_moved_{language}.txt", _plain(reply))


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_announcement_of_a_cancellation_is_one_line(language):
    """`Entfällt: Di., 8. Dez. 2026, 10:00–11:30 Uhr – Monatstreffen`."""
    reply = render_news(_network(language), _meetup(), None)
    expected = {
        "de": "Entfällt: Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr – Monatstreffen",
        "en": "Cancelled: Tue, 8\u00a0Dec\u00a02026, 10:00–11:30 – Monatstreffen",
    }
    assert render(reply).plain == expected[language]


def test_a_post_key_gives_back_its_occurrence():
    """`occurrence_of` reads the old time of a moved meet-up's sent post from its key."""
    assert occurrence_of(post_key(5, START, PostKind.AGENDA)) == START


@pytest.mark.parametrize(
    ("days_ahead", "near"), [(0.5, True), (6.9, True), (7, False), (30, False)]
)
def test_changes_of_meetups_under_a_week_away_are_announced(days_ahead, near):
    """Less than a week between the change and the meet-up: announced; a week or more: not."""
    changed_at = START - timedelta(days=days_ahead)
    assert is_near(changed_at, START) is near


def test_a_move_from_far_to_near_is_announced():
    """The nearer of the old and the new time decides."""
    changed_at = START - timedelta(days=30)
    assert is_near(changed_at, START, changed_at + timedelta(days=2))
    assert not is_near(changed_at, START, START + timedelta(days=30))
