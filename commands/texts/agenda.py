"""Texts of `!agenda` / `!tagesordnung`: showing, adding, removing, moving, deferring items."""

DE = {
    "agenda.full": (
        "Die Tagesordnung am {day} hat schon {limit} Punkte – mehr nehme ich nicht an. "
        "Bitte einen Punkt entfernen oder auf ein späteres Treffen verschieben."
    ),
    "agenda.heading": "Tagesordnung für",
    "agenda.add_hint": "Thema hinzufügen:",
    "agenda.added": "TOP\u00a0{number} „{title}“{duration} steht auf der Tagesordnung für {day}.",
    "agenda.removed": "TOP\u00a0{number} „{title}“ ist von der Tagesordnung für {day} entfernt.",
    "agenda.moved": "„{title}“ ist jetzt TOP\u00a0{number}. Neue Reihenfolge für {day}:",
    "agenda.deferred": (
        "TOP\u00a0{number} „{title}“ ist auf das Treffen am {day} vertagt "
        "(dort TOP\u00a0{new_number})."
    ),
    "agenda.unknown_verb": (
        "„{text}“ verstehe ich bei {command} weder als Unterbefehl noch als Datum."
    ),
    "agenda.title_missing": "Es fehlt das Thema. Beispiel: {example}",
    "agenda.title_too_long": (
        "Das Thema ist {length}\u00a0Zeichen lang, erlaubt sind höchstens {limit}. "
        "Bitte kürzer fassen, z.\u202fB. {example}"
    ),
    "agenda.duration_invalid": (
        "„{text}“ ist keine mögliche Dauer. Erlaubt sind 1 bis {limit}\u00a0Minuten. "
        "Beispiel: {example}"
    ),
    "agenda.number_missing": "Es fehlt die Nummer des Tagesordnungspunkts. Beispiel: {example}",
    "agenda.not_a_number": "„{text}“ ist keine TOP-Nummer. Beispiel: {example}",
    "agenda.position_missing": "Es fehlt die neue Stelle. Beispiel: {example}",
    "agenda.no_item": (
        "Auf der Tagesordnung für {day} gibt es keinen TOP\u00a0{number}. "
        "Vorhanden: {numbers}. Beispiel: {example}"
    ),
    "agenda.no_items": (
        "Auf der Tagesordnung für {day} steht noch nichts. Ein Thema kommt so dazu: {example}"
    ),
    "agenda.not_owner_remove": (
        "TOP\u00a0{number} hat {owner} eingebracht; entfernen können ihn nur {owner} und die "
        "Moderation. Bitten Sie {owner} oder die Moderation darum; dafür schreiben sie {example}"
    ),
    "agenda.not_owner_defer": (
        "TOP\u00a0{number} hat {owner} eingebracht; vertagen können ihn nur {owner} und die "
        "Moderation. Bitten Sie {owner} oder die Moderation darum; dafür schreiben sie {example}"
    ),
    "agenda.moderators_only_move": (
        "Die Reihenfolge der Tagesordnung können nur Moderatorinnen und Moderatoren ändern. "
        "Schlagen Sie die neue Reihenfolge im Raum vor; die Moderation schreibt dann "
        "z.\u202fB. {example}"
    ),
    "agenda.meetup_over": (
        "Das Treffen am {day} ist schon vorbei; neue Themen gehören auf ein kommendes Treffen, "
        "z.\u202fB. {example}"
    ),
    "agenda.no_later_meetup": (
        "Nach dem Treffen am {day} ist noch keines geplant, auf das TOP\u00a0{number} "
        "vertagt werden könnte. Die Moderation legt eines an, z.\u202fB. {example}"
    ),
}

EN = {
    "agenda.full": (
        "The agenda on {day} already has {limit} items – I take no more. "
        "Please remove an item or move one to a later meet-up."
    ),
    "agenda.heading": "Agenda for",
    "agenda.add_hint": "Add a topic:",
    "agenda.added": "Item\u00a0{number} “{title}”{duration} is on the agenda for {day}.",
    "agenda.removed": "Item\u00a0{number} “{title}” is removed from the agenda for {day}.",
    "agenda.moved": "“{title}” is now item\u00a0{number}. New order for {day}:",
    "agenda.deferred": (
        "Item\u00a0{number} “{title}” is deferred to the meet-up on {day} "
        "(item\u00a0{new_number} there)."
    ),
    "agenda.unknown_verb": "I understand “{text}” after {command} neither as a verb nor as a date.",
    "agenda.title_missing": "The topic is missing. Example: {example}",
    "agenda.title_too_long": (
        "The topic has {length}\u00a0characters, at most {limit} are allowed. "
        "Please shorten it, e.g. {example}"
    ),
    "agenda.duration_invalid": (
        "“{text}” is not a possible duration. 1 to {limit}\u00a0minutes are allowed. "
        "Example: {example}"
    ),
    "agenda.number_missing": "The number of the agenda item is missing. Example: {example}",
    "agenda.not_a_number": "“{text}” is not an item number. Example: {example}",
    "agenda.position_missing": "The new position is missing. Example: {example}",
    "agenda.no_item": (
        "The agenda for {day} has no item\u00a0{number}. Existing: {numbers}. Example: {example}"
    ),
    "agenda.no_items": "The agenda for {day} is still empty. Add a topic like this: {example}",
    "agenda.not_owner_remove": (
        "Item\u00a0{number} was added by {owner}; only {owner} and the moderators can remove it. "
        "Ask {owner} or a moderator; they write {example}"
    ),
    "agenda.not_owner_defer": (
        "Item\u00a0{number} was added by {owner}; only {owner} and the moderators can defer it. "
        "Ask {owner} or a moderator; they write {example}"
    ),
    "agenda.moderators_only_move": (
        "Only moderators can change the order of the agenda. Suggest the new order in the "
        "room; a moderator then writes e.g. {example}"
    ),
    "agenda.meetup_over": (
        "The meet-up on {day} is over; new topics belong on a coming meet-up, e.g. {example}"
    ),
    "agenda.no_later_meetup": (
        "No meet-up is planned after the one on {day}, so item\u00a0{number} cannot be deferred. "
        "A moderator can set one up, e.g. {example}"
    ),
}
