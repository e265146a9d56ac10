"""Texts of `!zusage`, `!absage`, `!vielleicht` and `!rsvp`."""

DE = {
    "rsvp.answer.yes": "Zusage",
    "rsvp.answer.no": "Absage",
    "rsvp.answer.maybe": "Vielleicht",
    "rsvp.saved": "Notiert: {answer} für {day} – {title}.",
    "rsvp.changed": "Notiert: {answer} für {day} – {title} (vorher: {before}).",
    "rsvp.answer_missing": "Es fehlt die Antwort: ja, nein oder vielleicht. Beispiel: {example}",
    "rsvp.answer_unknown": (
        "„{text}“ ist keine Antwort; möglich sind ja, nein und vielleicht. Beispiel: {example}"
    ),
    "rsvp.cancelled": (
        "Das Treffen am {day} entfällt, dafür braucht es keine Antwort. "
        "Für das nächste Treffen: {example}"
    ),
    "rsvp.comment_not_kept": (
        "Ihre Anmerkung „{comment}“ habe ich gelesen; gespeichert wird nur die Antwort."
    ),
    "rsvp.day_unreadable": (
        "„{text}“ verstehe ich nicht als Datum eines Treffens. Für ein bestimmtes Treffen "
        "z.\u202fB. {with_date}; als Anmerkung zum nächsten Treffen: {comment}"
    ),
}

EN = {
    "rsvp.answer.yes": "yes",
    "rsvp.answer.no": "no",
    "rsvp.answer.maybe": "maybe",
    "rsvp.saved": "Noted: {answer} for {day} – {title}.",
    "rsvp.changed": "Noted: {answer} for {day} – {title} (before: {before}).",
    "rsvp.answer_missing": "The answer is missing: yes, no or maybe. Example: {example}",
    "rsvp.answer_unknown": (
        "“{text}” is not an answer; possible are yes, no and maybe. Example: {example}"
    ),
    "rsvp.cancelled": (
        "The meet-up on {day} is cancelled, so no answer is needed. For the next meet-up: {example}"
    ),
    "rsvp.comment_not_kept": "I read your note “{comment}”; only the answer is stored.",
    "rsvp.day_unreadable": (
        "I don't understand “{text}” as the date of a meet-up. For a given meet-up e.g. "
        "{with_date}; as a note on the next meet-up: {comment}"
    ),
}
