"""What a handler may use besides the invocation: storage, clock, network and rights."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.posts.plan import PostTimes
from storage.records import NetworkRecord

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Context:
    """Per-invocation services; the bot builds one, tests build their own.

    The command table is not among them: a handler names other commands through their
    declarations, and only help reads the whole table (see `commands.help.with_help`).
    """

    session: AsyncSession
    network: NetworkRecord | None
    language: str
    prefix: str
    is_moderator: bool
    now: Clock
    posts: PostTimes = field(default_factory=PostTimes)
    member_of: tuple[NetworkRecord, ...] = ()
    """Every network the asker is a joined member of (a direct chat acts on `network` only)."""
    links_url: str | None = None
    """Where the bot's HTTP listener is reached from outside (`[http] public_url`), for
    personal links; None when the operator publishes none."""
    display_names: Mapping[str, str] = field(default_factory=dict)
    """Display names in the network's room by Matrix id, for naming people
    (`commands.names.name_of`)."""
