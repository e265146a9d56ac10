"""What every command family needs of its context: the asker's network and its zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.context import Context
from commands.errors import CommandError
from storage.records import NetworkRecord


def network_of(ctx: Context) -> NetworkRecord:
    """The asker's network; the family commands make no sense outside one.

    A person in several networks who has not chosen one for their direct chat is asked to.
    """
    if ctx.network is None:
        if len(ctx.member_of) > 1:
            raise choose_network_first(ctx)
        raise CommandError("network.none")
    return ctx.network


def choose_network_first(ctx: Context) -> CommandError:
    """The question to a person in several networks: which one their direct chat is about."""
    command = ctx.prefix + ("network" if ctx.language == "en" else "netzwerk")
    return CommandError(
        "network.choose",
        choices=network_choices(ctx.member_of),
        example=f"{command} {ctx.member_of[0].key}",
    )


def network_choices(networks: tuple[NetworkRecord, ...]) -> str:
    """The networks to choose from, as the word to type and the name: `herford (IKZ Herford)`."""
    return ", ".join(f"{net.key} ({net.name})" for net in networks)


def zone(network: NetworkRecord) -> ZoneInfo:
    """The network's time zone, in which dates and times are typed and shown."""
    return ZoneInfo(network.timezone)
