"""Personal links: random tokens stored only as hashes, one per person, network and kind."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage import subscriptions
from storage.subscriptions import CALENDAR, PAGE
from tests.storage.support import T0, add_network

ERIKA = "@erika:example.org"
MAX = "@max:example.org"


async def test_a_token_finds_its_holder_and_only_its_hash_is_stored(session):
    """The link leads to Erika's row; the database holds the SHA-256, not the token."""
    lippe = await add_network(session)
    token = await subscriptions.issue(session, lippe.id, ERIKA, CALENDAR, at=T0)
    assert len(token) >= 43  # 256 random bits in URL-safe base64
    found = await subscriptions.holder(session, token, CALENDAR)
    assert found is not None and (found.user_id, found.network_id) == (ERIKA, lippe.id)
    stored = (await session.execute(text("SELECT token_hash FROM subscriptions"))).scalars().all()
    assert stored == [subscriptions.token_hash(token)] and token not in stored


async def test_a_new_token_replaces_the_old_one_at_once(session):
    """After `abo neu` the old link finds nobody, the new one finds Erika."""
    lippe = await add_network(session)
    old = await subscriptions.issue(session, lippe.id, ERIKA, CALENDAR, at=T0)
    new = await subscriptions.issue(session, lippe.id, ERIKA, CALENDAR, at=T0)
    assert new != old
    assert await subscriptions.holder(session, old, CALENDAR) is None
    assert await subscriptions.holder(session, new, CALENDAR) is not None


async def test_kinds_do_not_open_each_other(session):
    """A calendar token is no page token; both can exist side by side."""
    lippe = await add_network(session)
    feed = await subscriptions.issue(session, lippe.id, ERIKA, CALENDAR, at=T0)
    page = await subscriptions.issue(session, lippe.id, ERIKA, PAGE, at=T0)
    assert await subscriptions.holder(session, feed, PAGE) is None
    assert await subscriptions.holder(session, page, CALENDAR) is None
    assert [s.kind for s in await subscriptions.of_person(session, lippe.id, ERIKA)] == [
        CALENDAR,
        PAGE,
    ]


async def test_revoke_ends_one_kind_or_all_and_only_the_persons(session):
    """Revoking Erika's calendar link leaves her page link and Max's calendar link alone."""
    lippe = await add_network(session)
    feed = await subscriptions.issue(session, lippe.id, ERIKA, CALENDAR, at=T0)
    page = await subscriptions.issue(session, lippe.id, ERIKA, PAGE, at=T0)
    other = await subscriptions.issue(session, lippe.id, MAX, CALENDAR, at=T0)
    assert await subscriptions.revoke(session, lippe.id, ERIKA, CALENDAR) == 1
    assert await subscriptions.holder(session, feed, CALENDAR) is None
    assert await subscriptions.holder(session, page, PAGE) is not None
    assert await subscriptions.revoke(session, lippe.id, ERIKA) == 1
    assert await subscriptions.holder(session, page, PAGE) is None
    assert await subscriptions.holder(session, other, CALENDAR) is not None


async def test_links_are_per_network(session):
    """Erika's link in Lippe says nothing about Herford; revoking there leaves Lippe's."""
    lippe = await add_network(session)
    herford = await add_network(session, "herford")
    token = await subscriptions.issue(session, lippe.id, ERIKA, CALENDAR, at=T0)
    assert await subscriptions.revoke(session, herford.id, ERIKA) == 0
    assert (await subscriptions.holder(session, token, CALENDAR)).network_id == lippe.id


async def test_an_unknown_kind_is_refused(session):
    """A typo in code is a bug, not a silently unusable link."""
    lippe = await add_network(session)
    with pytest.raises(ValueError, match="kind"):
        await subscriptions.issue(session, lippe.id, ERIKA, "calender", at=T0)
