"""From a Matrix event to an invocation: what counts as a command and what it says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nio import RoomMessageText

from bot.events import to_invocation

ROOM = "!lippe:localhost"


READ_AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _event(content: dict, unsigned: dict | None = None) -> RoomMessageText:
    return RoomMessageText.from_dict(
        {
            "type": "m.room.message",
            "event_id": "$e1",
            "sender": "@max:localhost",
            "origin_server_ts": 1_796_000_000_000,
            "content": content,
            **({"unsigned": unsigned} if unsigned is not None else {}),
        }
    )


BOT = "@ikz-bot:localhost"


def _text(content: dict) -> str | None:
    inv = to_invocation(_event(content), ROOM, is_direct=False, read_at=READ_AT, own_id=BOT)
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


def test_notices_are_not_commands():
    """Bots' notices never run a command."""
    assert _text({"msgtype": "m.notice", "body": "!hilfe"}) is None


def test_an_edit_is_its_new_text_naming_the_edited_event():
    """An edit (`m.replace`) reads as the text in `m.new_content`, pills resolved there, and
    names the event it edits; the `* ` fallback body is not the command."""
    edit = {
        "msgtype": "m.text",
        "body": "* !aufgabe übergeben 3 Erika Musterfrau",
        "m.new_content": {
            "msgtype": "m.text",
            "body": "!aufgabe übergeben 3 Erika Musterfrau",
            "format": "org.matrix.custom.html",
            "formatted_body": (
                '!aufgabe übergeben 3 <a href="https://matrix.to/#/@erika:localhost">'
                "Erika Musterfrau</a>"
            ),
        },
        "m.relates_to": {"rel_type": "m.replace", "event_id": "$old"},
    }
    inv = to_invocation(_event(edit), ROOM, is_direct=False, read_at=READ_AT, own_id=BOT)
    assert inv is not None
    assert (inv.text, inv.replaces) == ("!aufgabe übergeben 3 @erika:localhost", "$old")


def test_an_edit_without_new_text_or_into_a_notice_is_nothing():
    """An edit lacking `m.new_content`, or turning the message into a notice, is ignored."""
    relation = {"m.relates_to": {"rel_type": "m.replace", "event_id": "$old"}}
    assert _text({"msgtype": "m.text", "body": "* !hilfe", **relation}) is None
    notice = {"msgtype": "m.notice", "body": "!hilfe"}
    assert (
        _text({"msgtype": "m.text", "body": "* !hilfe", "m.new_content": notice, **relation})
        is None
    )


def test_reply_fallback_is_dropped_and_time_is_the_bots_receive_time():
    """Quoted lines of a reply are removed; the time is when our homeserver got it, by the
    bot's clock (read time minus the age), whatever the sender's timestamp claims."""
    event = _event(
        {"msgtype": "m.text", "body": "> <@erika:localhost> Hallo\n\n!zusage"}, {"age": 90_000}
    )
    inv = to_invocation(event, ROOM, is_direct=False, read_at=READ_AT)
    assert inv is not None and inv.text == "!zusage"
    assert inv.sent_at == READ_AT - timedelta(seconds=90)


def test_an_event_without_age_counts_as_just_received():
    """No age from the homeserver: the bot's read time, never the sender's claimed time."""
    for unsigned in (None, {}, {"age": -5000}, {"age": "1"}):
        inv = to_invocation(
            _event({"msgtype": "m.text", "body": "!hilfe"}, unsigned),
            ROOM,
            is_direct=False,
            read_at=READ_AT,
        )
        assert inv is not None and inv.sent_at == READ_AT


def test_a_link_is_a_pill_only_when_it_points_to_a_matrix_user_id():
    """Links to matrix.to that are not a user id (no server, spaces, a room) keep the text."""
    for target in (
        "@erika",
        "@erika:localhost%20!kontakt%20l%C3%B6schen",
        "!room:localhost",
        "@erika:localhost/$event",
    ):
        content = {
            "msgtype": "m.text",
            "body": "!aufgabe übergeben 3 Erika",
            "format": "org.matrix.custom.html",
            "formatted_body": f'!aufgabe übergeben 3 <a href="https://matrix.to/#/{target}">'
            "Erika</a>",
        }
        assert _text(content) == "!aufgabe übergeben 3 Erika", target
