"""How one action item looks, rendered from plain records without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from commands.actions.people import Person
from commands.actions.views import ItemDetail, detail_blocks
from commands.rendering import render
from commands.reply import Reply
from storage.records import ActionItemRecord, MeetupRecord, WorkPackageRecord
from tests.commands.golden import check_golden

BERLIN = ZoneInfo("Europe/Berlin")
CREATED = datetime(2026, 11, 10, 9, 30, tzinfo=UTC)
ERIKA = Person("@erika:lippe.de", "Erika Musterfrau", "Lemgo", "erika@lemgo.de", "05261 1234")
MAX = Person("@max:lippe.de", "Max Mustermann", "Detmold")


def item(**changes: object) -> ActionItemRecord:
    values: dict = dict(
        id=7,
        network_id=1,
        number=3,
        title="Formular-Katalog abstimmen",
        owner=ERIKA.user_id,
        created_by=MAX.user_id,
        due_on=date(2026, 12, 1),
        status="open",
        work_package_id=2,
        work_package_number=1,
        meetup_id=5,
        topics=("ozg",),
        created_at=CREATED,
        updated_at=CREATED,
        done_at=None,
    )
    return ActionItemRecord(**(values | changes))


PACKAGE = WorkPackageRecord(
    id=2,
    network_id=1,
    number=1,
    title="Einheitliches Serviceportal",
    lead_municipality_id=None,
    lead="Bad Salzuflen",
    owners=(ERIKA.user_id,),
    topics=("ozg",),
    status="running",
    created_by=MAX.user_id,
    created_at=CREATED,
    updated_at=CREATED,
)
MEETUP = MeetupRecord(
    id=5,
    network_id=1,
    series_id=None,
    original_start=None,
    starts_at=CREATED,
    ends_at=CREATED,
    title="Monatstreffen",
    location=None,
    status="scheduled",
    updated_at=CREATED,
)


def shown(detail: ItemDetail, language: str = "de", today: date = date(2026, 12, 6)) -> str:
    return render(Reply.of(*detail_blocks(detail, language, BERLIN, today))).plain


def test_an_overdue_item_with_package_and_meetup_looks_as_in_the_golden_file():
    """Owner with how to reach them, overdue mark, package, topics, created at which meet-up."""
    detail = ItemDetail(item(), ERIKA, MAX, PACKAGE, MEETUP)
    check_golden("action_detail_de.txt", shown(detail) + "\n")


def test_a_done_item_says_when_and_is_not_overdue():
    """A done item shows the day it was done; a past due date is then no longer overdue."""
    done = item(status="done", done_at=datetime(2026, 12, 2, 15, 0, tzinfo=UTC))
    text = shown(ItemDetail(done, ERIKA, MAX, None, None), "en")
    assert "2\u00a0Dec\u00a02026" in text and "overdue" not in text.lower()
    assert "Einheitliches Serviceportal" not in text


def test_the_owner_is_a_pill_and_the_creator_is_not():
    """Looking at an item is about its owner: only the owner is shown as a pill (a look at
    an item notifies nobody: the reply is no attention reply)."""
    blocks = detail_blocks(ItemDetail(item(), ERIKA, MAX, None, None), "de", BERLIN, date.today())
    html = render(Reply.of(*blocks)).html
    assert f"https://matrix.to/#/{ERIKA.user_id}" in html
    assert f"https://matrix.to/#/{MAX.user_id}" not in html
