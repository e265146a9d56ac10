"""Texts of `!beschluss` / `!decision` and `!protokoll` / `!minutes`."""

DE = {
    "decision.saved": "Beschluss\u00a0{number} zum Treffen am {day} festgehalten: „{text}“",
    "decision.text_missing": "Es fehlt der Text des Beschlusses. Beispiel: {example}",
    "decision.too_long": (
        "Der Beschluss ist {length}\u00a0Zeichen lang, erlaubt sind höchstens {limit}. "
        "Bitte kürzer fassen oder auf mehrere Beschlüsse aufteilen, z.\u202fB. {example}"
    ),
    "decision.no_meetup": (
        "Es hat noch kein Treffen begonnen, zu dem ich einen Beschluss festhalten könnte. "
        "Beschlüsse gehören zum laufenden oder letzten Treffen; das nächste zeigt {example}"
    ),
    "minutes.title": "Protokoll",
    "minutes.date": "Datum",
    "minutes.place": "Ort",
    "minutes.network": "Netzwerk",
    "minutes.attendees": "Zugesagt ({count})",
    "minutes.item_number": "Nr.\u00a0{number}:",
    "minutes.no_attendees": "Niemand hat zugesagt.",
    "minutes.agenda": "Tagesordnung",
    "minutes.no_agenda": "Es standen keine Themen auf der Tagesordnung.",
    "minutes.deferred_to": "vertagt auf {day}",
    "minutes.deferred": "vertagt",
    "minutes.decisions": "Beschlüsse ({count})",
    "minutes.no_decisions": "Keine Beschlüsse festgehalten.",
    "minutes.file_note": "Das Protokoll hängt als Markdown-Datei an: {filename}",
    "minutes.filename": "protokoll-{day}.md",
    "minutes.none": (
        "Es hat noch kein Treffen stattgefunden, zu dem es ein Protokoll gäbe. "
        "Das nächste Treffen zeigt {example}"
    ),
    "minutes.not_started": (
        "Das Treffen am {day} hat noch nicht begonnen; sein Protokoll gibt es ab Beginn. "
        "Das Protokoll des letzten Treffens zeigt {example}"
    ),
}

EN = {
    "decision.saved": "Decision\u00a0{number} recorded for the meet-up on {day}: “{text}”",
    "decision.text_missing": "The text of the decision is missing. Example: {example}",
    "decision.too_long": (
        "The decision has {length}\u00a0characters, at most {limit} are allowed. "
        "Please shorten it or split it into several decisions, e.g. {example}"
    ),
    "decision.no_meetup": (
        "No meet-up has started yet that I could record a decision for. Decisions belong "
        "to the running or last meet-up; {example} shows the next one."
    ),
    "minutes.title": "Minutes",
    "minutes.date": "Date",
    "minutes.place": "Place",
    "minutes.network": "Network",
    "minutes.attendees": "Confirmed ({count})",
    "minutes.item_number": "No.\u00a0{number}:",
    "minutes.no_attendees": "Nobody said yes.",
    "minutes.agenda": "Agenda",
    "minutes.no_agenda": "There were no topics on the agenda.",
    "minutes.deferred_to": "deferred to {day}",
    "minutes.deferred": "deferred",
    "minutes.decisions": "Decisions ({count})",
    "minutes.no_decisions": "No decisions recorded.",
    "minutes.file_note": "The minutes are attached as a Markdown file: {filename}",
    "minutes.filename": "minutes-{day}.md",
    "minutes.none": (
        "No meet-up has taken place yet, so there are no minutes. {example} shows the next one."
    ),
    "minutes.not_started": (
        "The meet-up on {day} has not started yet; its minutes exist from its start. "
        "{example} shows the minutes of the last meet-up."
    ),
}
