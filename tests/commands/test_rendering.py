"""Rendering replies into Matrix bodies: escaping, pills, links, @room and length."""

from __future__ import annotations

import json

import pytest

from commands.rendering import MAX_BODIES_BYTES, MAX_BODY_CHARS, render
from commands.reply import Bold, BulletList, Code, Link, Mention, Paragraph, Reply


def test_script_tags_are_escaped_in_html_and_kept_as_text_in_plain():
    """User text with <script> is shown literally, never as markup."""
    out = render(Reply.text("<script>alert(1)</script>"))
    assert "<script>" not in out.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out.html
    assert out.plain == "<script>alert(1)</script>"


def test_user_supplied_anchor_is_not_a_link():
    """An <a href> typed by a user stays text; only Link parts become anchors."""
    out = render(Reply.text('<a href="https://evil.example">klick</a>'))
    assert "<a " not in out.html
    assert "&lt;a href=&quot;https://evil.example&quot;&gt;" in out.html


def test_at_room_is_defused_in_both_bodies():
    """'@room' from user text cannot notify the room: a word joiner breaks it."""
    out = render(Reply.of(Paragraph(("Hallo @room und @ROOM",)), BulletList((("@room",),))))
    assert "@room" not in out.plain.lower()
    assert "@room" not in out.html.lower()
    assert "@\u2060room" in out.plain and "@\u2060ROOM" in out.plain


def test_at_room_inside_words_like_email_is_left_alone():
    """Only the word '@room' is changed, not '@roommate' or an address."""
    out = render(Reply.text("kontakt@roomservice.de"))
    assert out.plain == "kontakt@roomservice.de"


def test_mention_becomes_pill_and_is_listed_in_mentions():
    """A Mention in a reply meant to reach people is a matrix.to pill listed in m.mentions."""
    erika = Mention("@erika:lippe.example", "Erika Musterfrau")
    out = render(Reply.text("Frage an ", erika, ".", attention=True))
    assert '<a href="https://matrix.to/#/@erika:lippe.example">Erika Musterfrau</a>' in out.html
    assert out.plain == "Frage an Erika Musterfrau."
    assert out.mentions == ("@erika:lippe.example",)


def test_a_plain_answer_shows_the_pill_but_mentions_nobody():
    """Without attention the pill is shown, yet m.mentions stays empty: an answer pings nobody."""
    out = render(Reply.text("Frage an ", Mention("@erika:lippe.example", "Erika"), "."))
    assert '<a href="https://matrix.to/#/@erika:lippe.example">Erika</a>' in out.html
    assert out.mentions == ()


def test_same_mention_twice_is_listed_once():
    """m.mentions lists each person once."""
    m = Mention("@erika:lippe.example", "Erika")
    assert render(Reply.text(m, " und ", m, attention=True)).mentions == ("@erika:lippe.example",)


def test_a_pill_that_must_not_notify_stays_out_of_mentions():
    """In a reply meant to reach someone, a pill with notify=False is shown but not mentioned."""
    shown = Mention("@max:lippe.example", "Max", notify=False)
    meant = Mention("@erika:lippe.example", "Erika")
    assert render(Reply.text(shown, " an ", meant, attention=True)).mentions == (meant.user_id,)


def test_a_cut_reply_keeps_its_mentions():
    """A reply shortened to fit still mentions the people in what is kept."""
    long = Reply.of(
        Paragraph(("Für ", Mention("@erika:lippe.example", "Erika"))),
        Paragraph(("x" * (MAX_BODY_CHARS + 10),)),
        attention=True,
    )
    out = render(long)
    assert out.plain.endswith("[…]") and out.mentions == ("@erika:lippe.example",)


def test_only_http_links_become_anchors():
    """javascript: and other schemes are rendered as text."""
    ok = render(Reply.text(Link("https://meet.example.org/ikz", "Videokonferenz")))
    bad = render(Reply.text(Link("javascript:alert(1)", "klick")))
    assert '<a href="https://meet.example.org/ikz">Videokonferenz</a>' in ok.html
    assert ok.plain == "Videokonferenz (https://meet.example.org/ikz)"
    assert "<a " not in bad.html and "javascript:alert(1)" in bad.html


def test_code_and_bold_render_in_both_bodies():
    """Code is backticked in plain text and <code> in HTML; bold is <strong>."""
    out = render(Reply.text(Bold("Titel"), " ", Code("!hilfe")))
    assert out.plain == "Titel `!hilfe`"
    assert out.html == "<p><strong>Titel</strong> <code>!hilfe</code></p>"


def test_lists_render_as_bullets_and_ul():
    """A BulletList is '• ' lines in plain text and <ul><li> in HTML."""
    out = render(Reply.of(BulletList((("Lemgo",), ("Detmold",)))))
    assert out.plain == "• Lemgo\n• Detmold"
    assert out.html == "<ul><li>Lemgo</li><li>Detmold</li></ul>"


def test_very_long_list_is_cut_with_a_note():
    """A list too long for one message is shortened and says so."""
    items = tuple((f"Eintrag {i} " + "x" * 80,) for i in range(1000))
    out = render(Reply.of(Paragraph(("Liste",)), BulletList(items)), cut_note="[gekürzt]")
    assert len(out.plain) <= MAX_BODY_CHARS
    assert out.plain.startswith("Liste\n\n• Eintrag 0 ")
    assert out.plain.endswith("[gekürzt]")
    assert "Eintrag 999" not in out.plain


def test_very_long_paragraph_is_cut_with_a_note():
    """A single enormous paragraph is cut to the limit, never sent whole."""
    out = render(Reply.text("a" * 100_000), cut_note="[gekürzt]")
    assert len(out.plain) <= MAX_BODY_CHARS
    assert out.plain.endswith("[gekürzt]")


def test_newlines_in_text_become_line_breaks_in_html():
    """Multi-line text keeps its lines in HTML."""
    assert render(Reply.text("a\nb")).html == "<p>a<br>b</p>"


@pytest.mark.parametrize("text", ["😀" * 150, '"<&>' * 40, "\x01" * 150])
def test_a_long_reply_fits_in_one_matrix_event_in_bytes(text):
    """Emoji, escaped quotes and control characters count in bytes; the reply stays sendable."""
    items = tuple((f"{i}. {text}",) for i in range(400))
    for reply in (Reply.of(Paragraph(("Liste",)), BulletList(items)), Reply.text(text * 100)):
        out = render(reply, cut_note="[gekürzt]")
        bodies = json.dumps([out.plain, out.html], ensure_ascii=False)
        assert len(bodies.encode()) <= MAX_BODIES_BYTES
        assert out.plain.endswith("[gekürzt]")
        assert len(out.plain) > 1000
