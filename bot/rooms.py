"""Which room serves which network, now: the one place that maps rooms and networks.

A network starts in the room its config names, or in the room that replaced it (storage
keeps the upgrades the bot followed). When a network room is upgraded (`m.room.tombstone`),
`move` points every part of the bot at the replacement at once: the sync loop, membership
and moderator checks, reactions, the scheduler and the post sources all read the live
mappings held here, never a copy of the config.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.config import NetworkConfig
from storage.records import NetworkRecord


class NetworkRooms:
    """Live mappings room id → network (config and record) and network id → both."""

    def __init__(
        self,
        networks: Iterable[tuple[NetworkConfig, NetworkRecord]],
        replaced: Iterable[str] = (),
    ) -> None:
        self.configs: dict[str, NetworkConfig] = {}
        """Room id → the network's configuration, its `room_id` the room it is served in."""
        self.records: dict[str, NetworkRecord] = {}
        """Room id → the stored network."""
        self.ids: dict[str, int] = {}
        """Room id → network id."""
        self.by_id: dict[int, tuple[NetworkRecord, NetworkConfig]] = {}
        """Network id → its record and configuration (what the post planners read)."""
        self.replaced: set[str] = set(replaced)
        """Upgraded rooms the bot followed: no network room, and no direct chat either."""
        for config, record in networks:
            self._put(replace(config, room_id=record.room_id), record)

    def record(self, network_id: int) -> NetworkRecord | None:
        """The stored network with this id, as served now; None if no such network is configured."""
        entry = self.by_id.get(network_id)
        return None if entry is None else entry[0]

    def move(self, old_room_id: str, new_room_id: str) -> NetworkConfig:
        """Serve the network of `old_room_id` in `new_room_id` from now on; returns it."""
        config = replace(self.configs.pop(old_room_id), room_id=new_room_id)
        record = replace(self.records.pop(old_room_id), room_id=new_room_id)
        del self.ids[old_room_id]
        self._put(config, record)
        self.replaced.add(old_room_id)
        return config

    def _put(self, config: NetworkConfig, record: NetworkRecord) -> None:
        self.configs[record.room_id] = config
        self.records[record.room_id] = record
        self.ids[record.room_id] = record.id
        self.by_id[record.id] = (record, config)
