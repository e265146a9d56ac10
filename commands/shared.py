"""What every command family needs of its context: the asker's network and its zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.context import Context
from commands.errors import CommandError
from storage.records import NetworkRecord


def network_of(ctx: Context) -> NetworkRecord:
    """The asker's network; the family commands make no sense outside one."""
    if ctx.network is None:
        raise CommandError("network.none")
    return ctx.network


def zone(network: NetworkRecord) -> ZoneInfo:
    """The network's time zone, in which dates and times are typed and shown."""
    return ZoneInfo(network.timezone)
