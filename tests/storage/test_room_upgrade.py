"""A network follows its upgraded room: the move is kept, pending posts go along."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage import deliveries, networks
from tests.storage.support import T0

OLD = "!alt:kommunen-owl.test"
NEW = "!neu:kommunen-owl.test"
NEWER = "!neuer:kommunen-owl.test"


async def _lippe(session: AsyncSession, room_id: str) -> int:
    record = await networks.sync_network(
        session,
        key="lippe",
        room_id=room_id,
        name="IKZ Lippe",
        timezone="Europe/Berlin",
        language="de",
        holiday_region="NW",
        created_at=T0,
    )
    return record.id


async def _post(
    session: AsyncSession, key: str, network_id: int, content: dict | None = None
) -> None:
    await deliveries.enqueue(
        session,
        key=key,
        room_id=OLD,
        kind="reminder",
        due_at=T0,
        content=content or {"body": "Bald geht es los"},
        network_id=network_id,
        created_at=T0,
    )


async def test_moved_network_keeps_its_id_and_takes_pending_posts_along(
    session: AsyncSession,
) -> None:
    """Pending posts move to the new room; a sent one stays in the room it was sent to."""
    network_id = await _lippe(session, OLD)
    await _post(session, "post:sent", network_id)
    await deliveries.mark_sent(session, "post:sent", event_id="$gesendet", sent_at=T0)
    await _post(session, "post:pending", network_id)

    moved = await networks.move_network(session, network_id, old_room_id=OLD, new_room_id=NEW)

    assert moved == 1
    assert (await networks.network_by_room(session, NEW)).id == network_id
    assert await networks.network_by_room(session, OLD) is None
    assert (await deliveries.get(session, "post:pending")).room_id == NEW
    assert (await deliveries.get(session, "post:sent")).room_id == OLD


async def test_pending_reactions_and_edits_of_old_room_events_do_not_move(
    session: AsyncSession,
) -> None:
    """The bot's ✅ under a post of the old room, and an edit of it, cannot go to the new room
    (Synapse refuses relations across rooms, and the failing row would hold back the new
    room's posts): they are skipped, the plain post moves."""
    network_id = await _lippe(session, OLD)
    relates = {"rel_type": "m.annotation", "event_id": "$agenda", "key": "✅"}
    await _post(session, "post:react:yes", network_id, {"m.relates_to": relates})
    edit = {"body": "* neu", "m.relates_to": {"rel_type": "m.replace", "event_id": "$agenda"}}
    await _post(session, "post:edit:1", network_id, edit)
    await _post(session, "post:reminder", network_id)

    moved = await networks.move_network(session, network_id, old_room_id=OLD, new_room_id=NEW)

    assert moved == 1
    assert (await deliveries.get(session, "post:reminder")).room_id == NEW
    for key in ("post:react:yes", "post:edit:1"):
        row = await deliveries.get(session, key)
        assert (row.state, row.room_id) == (deliveries.SKIPPED, OLD)


async def test_config_naming_the_old_room_keeps_the_network_in_the_newest_room(
    session: AsyncSession,
) -> None:
    """After two upgrades, a start with the first room id in the config stays in the newest."""
    network_id = await _lippe(session, OLD)
    await networks.move_network(session, network_id, old_room_id=OLD, new_room_id=NEW)
    await networks.move_network(session, network_id, old_room_id=NEW, new_room_id=NEWER)

    assert await _lippe(session, OLD) == network_id
    assert (await networks.network_by_room(session, NEWER)).id == network_id
    assert await networks.recorded_upgrades(session) == {OLD: NEW, NEW: NEWER}


def test_upgrade_loop_ends() -> None:
    """A recorded loop of upgrades (never made by Synapse) cannot hang the start."""
    assert networks.replacement_of(OLD, {OLD: NEW, NEW: OLD}) == NEW
