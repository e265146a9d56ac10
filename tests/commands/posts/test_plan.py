"""When a meet-up's posts fall due: the usual offsets, and the short-notice rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from commands.posts.plan import PostKind, PostTimes, plan_posts
from storage.records import MeetupRecord

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN)  # Tue 8 Dec 2026, 10:00–11:30
CALL = datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
AGENDA = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
REMINDER = datetime(2026, 12, 8, 9, 0, tzinfo=BERLIN)
FOLLOWUP = datetime(2026, 12, 8, 12, 0, tzinfo=BERLIN)


def meetup(timed_at: datetime) -> MeetupRecord:
    """The December meet-up, created (or moved to its time) at `timed_at`."""
    return MeetupRecord(
        id=7,
        network_id=1,
        series_id=None,
        original_start=None,
        starts_at=START.astimezone(UTC),
        ends_at=(START + timedelta(minutes=90)).astimezone(UTC),
        title="Monatstreffen",
        location=None,
        status="scheduled",
        updated_at=timed_at.astimezone(UTC),
    )


def due(timed_at: datetime) -> dict[PostKind, datetime]:
    """Kind → due time of the planned posts."""
    planned = plan_posts(meetup(timed_at), PostTimes(), BERLIN, list(PostKind))
    return {post.kind: post.due_at for post in planned}


def test_a_meetup_set_up_weeks_ahead_gets_every_post_at_its_usual_time():
    """Created on 20 Nov: call a week before, agenda a day before, reminder, follow-up."""
    assert due(datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN)) == {
        PostKind.AGENDA_CALL: CALL,
        PostKind.AGENDA: AGENDA,
        PostKind.REMINDER: REMINDER,
        PostKind.FOLLOWUP: FOLLOWUP,
    }


def test_three_days_ahead_the_call_goes_out_at_once_and_the_rest_on_time():
    """Created on Saturday 5 Dec: the call is due at creation (its deadline, Monday's agenda,
    is ahead), so it is never late; the other posts keep their times."""
    created = datetime(2026, 12, 5, 16, 30, tzinfo=BERLIN)
    assert due(created) == {
        PostKind.AGENDA_CALL: created,
        PostKind.AGENDA: AGENDA,
        PostKind.REMINDER: REMINDER,
        PostKind.FOLLOWUP: FOLLOWUP,
    }


@pytest.mark.parametrize(
    ("created", "call_sent"),
    [
        (AGENDA - timedelta(hours=1), True),  # an hour to send in topics: enough
        (AGENDA - timedelta(minutes=59), False),  # less: the agenda alone
        (AGENDA + timedelta(hours=2), False),  # the deadline has passed
    ],
)
def test_the_call_is_skipped_when_its_deadline_is_too_close(created, call_sent):
    """The call at short notice needs an hour before its deadline, else only the agenda."""
    assert (PostKind.AGENDA_CALL in due(created)) is call_sent


def test_the_evening_before_the_call_is_skipped_and_the_agenda_goes_out_at_once():
    """Created the evening before: no call with a deadline in the past; the agenda at once."""
    created = datetime(2026, 12, 7, 19, 0, tzinfo=BERLIN)
    assert due(created) == {
        PostKind.AGENDA: created,
        PostKind.REMINDER: REMINDER,
        PostKind.FOLLOWUP: FOLLOWUP,
    }


def test_half_an_hour_ahead_agenda_and_reminder_go_out_at_once():
    """Created at 09:30 for 10:00: agenda and reminder at once, the follow-up on time."""
    created = datetime(2026, 12, 8, 9, 30, tzinfo=BERLIN)
    assert due(created) == {
        PostKind.AGENDA: created,
        PostKind.REMINDER: created,
        PostKind.FOLLOWUP: FOLLOWUP,
    }


def test_a_meetup_entered_after_it_took_place_gets_no_posts():
    """Entered at 12:30, after the 11:30 end: no follow-up thanks, nothing before it."""
    assert due(datetime(2026, 12, 8, 12, 30, tzinfo=BERLIN)) == {}
