"""Post settings: every kind on by default, switched per network."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import post_settings
from storage.models import PostSetting
from tests.storage.support import T0, add_network

KINDS = ("agenda_call", "agenda", "reminder", "followup")
ANNA = "@anna:example.org"


async def test_kinds_without_a_setting_are_enabled(session: AsyncSession) -> None:
    """A network that never switched anything gets every kind it asks about enabled."""
    network = await add_network(session)
    assert await post_settings.enabled_kinds(session, network.id, KINDS) == dict.fromkeys(
        KINDS, True
    )
    assert await post_settings.enabled_kinds(session, network.id, []) == {}


async def test_set_enabled_switches_one_kind_for_one_network(session: AsyncSession) -> None:
    """Switching off the reminder in one network leaves other kinds and networks on."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    await post_settings.set_enabled(
        session, network_id=lippe.id, kind="reminder", enabled=False, updated_by=ANNA, updated_at=T0
    )
    assert await post_settings.enabled_kinds(session, lippe.id, KINDS) == {
        "agenda_call": True,
        "agenda": True,
        "reminder": False,
        "followup": True,
    }
    assert await post_settings.enabled_kinds(session, herford.id, ["reminder"]) == {
        "reminder": True
    }
    assert await post_settings.switched_off(session) == {lippe.id: {"reminder"}}


async def test_set_enabled_again_replaces_the_setting(session: AsyncSession) -> None:
    """Switching a kind back on updates the one row instead of adding a second."""
    network = await add_network(session)
    for enabled, minutes in ((False, 0), (True, 5)):
        await post_settings.set_enabled(
            session,
            network_id=network.id,
            kind="followup",
            enabled=enabled,
            updated_by=ANNA,
            updated_at=T0 + timedelta(minutes=minutes),
        )
    assert await post_settings.enabled_kinds(session, network.id, ["followup"]) == {
        "followup": True
    }
    assert await post_settings.switched_off(session) == {}
    row = await session.scalar(select(PostSetting))
    assert row is not None and row.updated_at == T0 + timedelta(minutes=5)
    assert await session.scalar(select(func.count()).select_from(PostSetting)) == 1
