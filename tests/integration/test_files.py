"""Files the bot sends (.ics, minutes) arrive as real uploads, encrypted in encrypted rooms."""

from __future__ import annotations

import pytest
from icalendar import Calendar
from nio import MemoryDownloadResponse, RoomMessage
from nio.crypto.attachments import decrypt_attachment

from demo.chat import Member, in_reply_to
from tests.integration.support import lippe

SERIES = "!treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org/ikz-lippe"


async def _file_reply(member: Member, room: str, command_id: str) -> RoomMessage:
    """The m.file event that answers `command_id` (it follows the text reply)."""

    def files() -> list[RoomMessage]:
        return [
            e
            for e in member.received[room]
            if in_reply_to(e) == command_id and e.source["content"].get("msgtype") == "m.file"
        ]

    await member.wait_until(lambda: bool(files()))
    return files()[0]


async def _download(member: Member, content: dict) -> bytes:
    info = content.get("file") or {"url": content["url"]}
    response = await member.client.download(mxc=info["url"])
    assert isinstance(response, MemoryDownloadResponse), response
    if "file" not in content:
        return response.body
    return decrypt_attachment(response.body, info["key"]["k"], info["hashes"]["sha256"], info["iv"])


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_calendar_file_arrives_and_imports(erika, start_bot, bot_account, encrypted):
    """`!treffen ics` uploads a calendar with the series' RRULE (encrypted in encrypted rooms)."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]], encrypted=encrypted)
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    await erika.ask(room, SERIES, timeout=45)
    command = await erika.say(room, "!treffen ics")
    event = await _file_reply(erika, room, command)
    content = event.source["content"]
    assert content["body"] == "ikz-treffen.ics"
    assert ("file" in content) is encrypted and ("url" in content) is not encrypted
    calendar = Calendar.from_ical(await _download(erika, content))
    [series] = [c for c in calendar.walk("VEVENT") if "RRULE" in c]
    assert series["RRULE"]["FREQ"] == ["MONTHLY"] and series["RRULE"]["BYDAY"] == ["2TU"]
    assert "meet.example.org/ikz-lippe" in str(series.get("LOCATION", "")) + str(
        series.get("URL", "")
    )
