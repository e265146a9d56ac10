"""The Matrix contents the sender makes of a reply: who it notifies, and edits of posts."""

from __future__ import annotations

from bot.sender import edit_content, reply_events
from commands.reply import FileAttachment, Mention, Reply

MAX = Mention("@max:localhost", "Max Mustermann")


def test_an_answer_is_a_notice_that_mentions_nobody():
    """An ordinary answer is an m.notice with empty m.mentions, even with a pill in it."""
    [event] = reply_events(Reply.text("Verantwortlich: ", MAX), language="de")
    content = event.content
    assert content["msgtype"] == "m.notice"
    assert content["m.mentions"] == {}
    assert 'href="https://matrix.to/#/@max:localhost"' in content["formatted_body"]


def test_a_reply_meant_to_reach_someone_is_text_with_intentional_mentions():
    """A reply with attention is an m.text whose m.mentions names exactly its pills."""
    reply = Reply.text("Aufgabe 1 ist jetzt bei ", MAX, ".", attention=True)
    [event] = reply_events(reply, language="de", in_reply_to="$cmd")
    content = event.content
    assert content["msgtype"] == "m.text"
    assert content["m.mentions"] == {"user_ids": ["@max:localhost"]}
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$cmd"}}


def test_files_after_a_message_mention_nobody():
    """A file sent after a message meant to reach someone pings nobody a second time."""
    ics = FileAttachment("treffen.ics", "text/calendar", b"BEGIN:VCALENDAR")
    reply = Reply.of(*Reply.text(MAX).blocks, files=(ics,), attention=True)
    message, file = (event.content for event in reply_events(reply, language="de"))
    assert message["m.mentions"] == {"user_ids": ["@max:localhost"]}
    assert (file["msgtype"], file["m.mentions"]) == ("m.file", {})


def test_an_edit_replaces_the_post_with_a_fallback_body_and_pings_nobody():
    """m.replace of the post: the new text in m.new_content, `* ` before the fallback body."""
    reply = Reply.text("Tagesordnung: Serviceportal, ", MAX)
    [event] = reply_events(reply, language="de")
    message = event.content
    edit = edit_content(message, replaces="$agenda")
    assert edit["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$agenda"}
    assert edit["m.new_content"] == {
        "msgtype": "m.notice",
        "body": message["body"],
        "format": "org.matrix.custom.html",
        "formatted_body": message["formatted_body"],
        "m.mentions": {},
    }
    assert edit["body"] == "* Tagesordnung: Serviceportal, Max Mustermann"
    assert edit["formatted_body"] == "* " + message["formatted_body"]
    assert edit["msgtype"] == "m.notice" and edit["m.mentions"] == {}
