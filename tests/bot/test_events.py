"""From a Matrix event to an invocation: what counts as a command and what it says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nio import RoomMessageText

from bot.events import to_invocation

ROOM = "!lippe:localhost"


def _event(content: dict) -> RoomMessageText:
    return RoomMessageText.from_dict(
        {
            "type": "m.room.message",
            "event_id": "$e1",
            "sender": "@max:localhost",
            "origin_server_ts": 1_796_000_000_000,
            "content": content,
        }
    )


BOT = "@ikz-bot:localhost"


def _text(content: dict) -> str | None:
    inv = to_invocation(
        _event(content), ROOM, is_direct=False, clock_shift=timedelta(0), own_id=BOT
    )
    return None if inv is None else inv.text


def test_a_command_addressed_to_the_bot_by_pill_is_the_command():
    """Element's mention pill before a command (`ikz-bot: !hilfe`) leaves the command."""
    content = {
        "msgtype": "m.text",
        "body": "ikz-bot: !hilfe treffen",
        "format": "org.matrix.custom.html",
        "formatted_body": f'<a href="https://matrix.to/#/{BOT}">ikz-bot</a>: !hilfe treffen',
    }
    assert _text(content) == "!hilfe treffen"


def test_a_typed_address_to_the_bot_is_dropped_too():
    """`@ikz-bot:localhost, !treffen` typed without a pill works the same."""
    assert _text({"msgtype": "m.text", "body": f"{BOT}, !treffen"}) == "!treffen"


def test_an_address_to_someone_else_stays():
    """A message to another person, or to a longer id, is left as it is: no command."""
    others = ("@max:localhost: !hilfe", f"{BOT}.example: !hilfe")
    assert [_text({"msgtype": "m.text", "body": body}) for body in others] == list(others)


def test_pill_display_name_becomes_the_matrix_id():
    """A pill picked in Element arrives as its user id, whatever display name it shows."""
    content = {
        "msgtype": "m.text",
        "body": "!aufgabe übergeben 3 Erika Musterfrau",
        "format": "org.matrix.custom.html",
        "formatted_body": '!aufgabe übergeben 3 <a href="https://matrix.to/#/@erika:localhost">'
        "Erika Musterfrau</a>",
    }
    assert _text(content) == "!aufgabe übergeben 3 @erika:localhost"


def test_plain_text_without_pills_is_unchanged():
    """Ordinary HTML (bold, links to web pages) does not alter the command text."""
    content = {
        "msgtype": "m.text",
        "body": "!agenda neu Serviceportal https://example.org",
        "format": "org.matrix.custom.html",
        "formatted_body": '!agenda neu <b>Serviceportal</b> <a href="https://example.org">x</a>',
    }
    assert _text(content) == "!agenda neu Serviceportal https://example.org"


def test_notices_and_edits_are_not_commands():
    """Bots' notices and edited messages never run a command (again)."""
    assert _text({"msgtype": "m.notice", "body": "!hilfe"}) is None
    edit = {
        "msgtype": "m.text",
        "body": "* !hilfe",
        "m.relates_to": {"rel_type": "m.replace", "event_id": "$old"},
    }
    assert _text(edit) is None


def test_reply_fallback_is_dropped_and_time_is_on_the_bot_clock():
    """Quoted lines of a reply are removed; the send time is shifted onto the bot's clock."""
    event = _event({"msgtype": "m.text", "body": "> <@erika:localhost> Hallo\n\n!zusage"})
    inv = to_invocation(event, ROOM, is_direct=False, clock_shift=timedelta(days=7))
    assert inv is not None and inv.text == "!zusage"
    assert inv.sent_at == datetime.fromtimestamp(1_796_000_000, UTC) + timedelta(days=7)
