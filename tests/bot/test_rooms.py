"""One live mapping of rooms and networks: a move is seen by every holder at once."""

from __future__ import annotations

from bot.config import NetworkConfig
from bot.rooms import NetworkRooms
from storage.records import NetworkRecord

OLD = "!alt:kommunen-owl.test"
NEW = "!neu:kommunen-owl.test"
HERFORD = "!herford:kommunen-owl.test"


def _network(id_: int, key: str, room_id: str) -> tuple[NetworkConfig, NetworkRecord]:
    config = NetworkConfig(key=key, room_id=room_id, name=f"IKZ {key}")
    record = NetworkRecord(
        id=id_,
        key=key,
        room_id=room_id,
        name=f"IKZ {key}",
        timezone="Europe/Berlin",
        language="de",
        holiday_region="DE-NW",
    )
    return config, record


def test_move_points_every_view_at_the_new_room_and_leaves_others_alone() -> None:
    """After a move the views held by sync, reactions and scheduler name the new room only."""
    rooms = NetworkRooms([_network(1, "lippe", OLD), _network(2, "herford", HERFORD)])
    configs, records, ids, by_id = rooms.configs, rooms.records, rooms.ids, rooms.by_id

    moved = rooms.move(OLD, NEW)

    assert moved.room_id == NEW and moved.key == "lippe"
    assert set(configs) == set(records) == set(ids) == {NEW, HERFORD}
    assert ids[NEW] == 1 and records[NEW].room_id == NEW
    assert by_id[1][0].room_id == NEW and by_id[1][1].room_id == NEW
    assert by_id[2][0].room_id == HERFORD
    assert rooms.replaced == {OLD}


def test_config_with_an_upgraded_room_is_served_in_the_stored_room() -> None:
    """A config still naming the old room is served where storage says the network is."""
    config, _ = _network(1, "lippe", OLD)
    _, record = _network(1, "lippe", NEW)
    rooms = NetworkRooms([(config, record)], replaced=[OLD])
    assert rooms.configs[NEW].room_id == NEW and OLD not in rooms.configs
