"""Texts of `!agenda` / `!tagesordnung`: showing, adding, removing, moving, deferring items."""

DE = {
    "agenda.full": (
        "Die Tagesordnung am {day} hat schon {limit} Punkte – mehr nehme ich nicht an. "
        "Bitte einen Punkt entfernen oder auf ein späteres Treffen verschieben."
    ),
    "agenda.heading": "Tagesordnung für",
    "agenda.add_hint": "Thema hinzufügen:",
    "agenda.added": "TOP {number} „{title}“{duration} steht auf der Tagesordnung für {day}.",
    "agenda.removed": "TOP {number} „{title}“ ist von der Tagesordnung für {day} entfernt.",
    "agenda.moved": "„{title}“ ist jetzt TOP {number}. Neue Reihenfolge für {day}:",
    "agenda.deferred": (
        "TOP {number} „{title}“ ist auf das Treffen am {day} vertagt (dort TOP {new_number})."
    ),
    "agenda.unknown_verb": (
        "„{text}“ verstehe ich bei {command} weder als Unterbefehl noch als Datum."
    ),
    "agenda.title_missing": "Es fehlt das Thema. Beispiel: {example}",
    "agenda.title_too_long": (
        "Das Thema ist {length} Zeichen lang, erlaubt sind höchstens {limit}. "
        "Bitte kürzer fassen, z. B. {example}"
    ),
    "agenda.duration_invalid": (
        "„{text}“ ist keine mögliche Dauer: erlaubt sind 1 bis {limit} Minuten. Beispiel: {example}"
    ),
    "agenda.number_missing": "Es fehlt die Nummer des Tagesordnungspunkts. Beispiel: {example}",
    "agenda.not_a_number": "„{text}“ ist keine TOP-Nummer. Beispiel: {example}",
    "agenda.position_missing": "Es fehlt die neue Stelle. Beispiel: {example}",
    "agenda.no_item": (
        "Auf der Tagesordnung für {day} gibt es kein TOP {number}. "
        "Vorhanden: {numbers}. Beispiel: {example}"
    ),
    "agenda.no_items": (
        "Auf der Tagesordnung für {day} steht noch nichts. Ein Thema kommt so dazu: {example}"
    ),
    "agenda.not_owner_remove": (
        "TOP {number} hat {owner} eingebracht; entfernen können es nur {owner} und die "
        "Moderation. Bitten Sie sie darum; sie schreiben dann {example}"
    ),
    "agenda.not_owner_defer": (
        "TOP {number} hat {owner} eingebracht; vertagen können es nur {owner} und die "
        "Moderation. Bitten Sie sie darum; sie schreiben dann {example}"
    ),
    "agenda.moderators_only_move": (
        "Die Reihenfolge ändern nur Moderatorinnen und Moderatoren. "
        "Schlagen Sie sie im Raum vor; die Moderation schreibt dann z. B. {example}"
    ),
    "agenda.meetup_over": (
        "Das Treffen am {day} ist schon vorbei; neue Themen gehören auf ein kommendes Treffen, "
        "z. B. {example}"
    ),
    "agenda.no_later_meetup": (
        "Nach dem Treffen am {day} ist noch keines geplant, auf das TOP {number} vertagt werden "
        "könnte. Die Moderation legt eines an, z. B. {example}"
    ),
}

EN = {
    "agenda.full": (
        "The agenda on {day} already has {limit} items – I take no more. "
        "Please remove an item or move one to a later meet-up."
    ),
    "agenda.heading": "Agenda for",
    "agenda.add_hint": "Add a topic:",
    "agenda.added": "Item {number} “{title}”{duration} is on the agenda for {day}.",
    "agenda.removed": "Item {number} “{title}” is removed from the agenda for {day}.",
    "agenda.moved": "“{title}” is now item {number}. New order for {day}:",
    "agenda.deferred": (
        "Item {number} “{title}” is deferred to the meet-up on {day} (item {new_number} there)."
    ),
    "agenda.unknown_verb": "I understand “{text}” after {command} neither as a verb nor as a date.",
    "agenda.title_missing": "The topic is missing. Example: {example}",
    "agenda.title_too_long": (
        "The topic has {length} characters, at most {limit} are allowed. "
        "Please shorten it, e.g. {example}"
    ),
    "agenda.duration_invalid": (
        "“{text}” is not a possible duration: 1 to {limit} minutes are allowed. Example: {example}"
    ),
    "agenda.number_missing": "The number of the agenda item is missing. Example: {example}",
    "agenda.not_a_number": "“{text}” is not an item number. Example: {example}",
    "agenda.position_missing": "The new position is missing. Example: {example}",
    "agenda.no_item": (
        "The agenda for {day} has no item {number}. Existing: {numbers}. Example: {example}"
    ),
    "agenda.no_items": "The agenda for {day} is still empty. Add a topic like this: {example}",
    "agenda.not_owner_remove": (
        "Item {number} was added by {owner}; only {owner} and the moderators can remove it. "
        "Ask them to; they then write {example}"
    ),
    "agenda.not_owner_defer": (
        "Item {number} was added by {owner}; only {owner} and the moderators can defer it. "
        "Ask them to; they then write {example}"
    ),
    "agenda.moderators_only_move": (
        "Only moderators change the order. Suggest it in the room; a moderator then "
        "writes e.g. {example}"
    ),
    "agenda.meetup_over": (
        "The meet-up on {day} is over; new topics belong on a coming meet-up, e.g. {example}"
    ),
    "agenda.no_later_meetup": (
        "No meet-up is planned after the one on {day}, so item {number} cannot be deferred. "
        "A moderator can set one up, e.g. {example}"
    ),
}
