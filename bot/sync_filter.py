"""What the bot asks the homeserver to send it: uploaded once per start, named by its id.

Left out, because the bot never acts on them:
- its own timeline events (its replies, posts and reactions): each would otherwise wake a
  sync of its own after every reply. After a reply the sync loop asks once without waiting
  instead, so its next long-poll starts past the reply (`SyncLoop._next_wait`). Its own
  state events are left out too: a room it joins still comes with its full state, but its
  own leave never comes back, so the bot forgets a room it leaves itself (bot.sync).
- ephemeral events (typing notices, read receipts): every member reading a reply would wake
  the bot.
- presence.

Sending the filter's id instead of its JSON also spares building and parsing the long query
string of every sync. After a failed sync the filter is uploaded again, so a homeserver that
lost it (restored from a backup) does not fail every sync from then on.
"""

from __future__ import annotations

from typing import Any

from nio import AsyncClient, UploadFilterResponse

TIMELINE_LIMIT = 100
"""Events per room and sync; a longer gap is read back with `/messages` (bot.sync)."""


def room_filter(own_id: str) -> dict[str, Any]:
    """The `RoomFilter` part: timelines without the bot's own events, no ephemeral events."""
    return {
        "timeline": {"limit": TIMELINE_LIMIT, "not_senders": [own_id]},
        "ephemeral": {"not_types": ["*"]},
    }


async def upload(client: AsyncClient) -> str:
    """The id of the bot's sync filter on the homeserver; raises ConnectionError if refused."""
    response = await client.upload_filter(
        room=room_filter(client.user_id), presence={"not_types": ["*"]}
    )
    if not isinstance(response, UploadFilterResponse):
        raise ConnectionError(f"filter upload failed: {getattr(response, 'message', response)}")
    return response.filter_id
