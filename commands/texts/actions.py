"""Texts of `!aufgabe`, `!aufgaben`, `!wer`, the history lines and the action posts."""

from commands.texts import Plural

DE = {
    "actions.too_many_open": (
        "Dieses Netzwerk hat schon {limit} offene Aufgaben – mehr nehme ich nicht an. "
        "Bitte zuerst erledigte Aufgaben als erledigt markieren."
    ),
    # creating and reading what was typed
    "actions.title_missing": "Es fehlt der Titel. Beispiel: {example}",
    "actions.title_too_long": (
        "Der Titel ist {length}\u00a0Zeichen lang, erlaubt sind höchstens {limit}. "
        "Bitte kürzer fassen, z.\u202fB. {example}"
    ),
    "actions.too_many_topics": "Höchstens {limit}\u00a0Themen (#thema) bitte. Beispiel: {example}",
    "actions.package_invalid": (
        "„{text}“ verstehe ich nicht als Arbeitspaket; gemeint ist z.\u202fB. ap:3. "
        "Beispiel: {example}"
    ),
    "actions.person_invalid": (
        "„{text}“ ist keine Matrix-ID. Bitte die vollständige ID angeben, z.\u202fB. {example}"
    ),
    "actions.person_unknown": (
        "Wen meinen Sie mit {text}? Ich sehe nur den Text, nicht die Mitglieder des Raums. "
        "Bitte die vollständige Matrix-ID angeben, z.\u202fB. {example}"
    ),
    "actions.person_ambiguous": (
        "{text} passt auf mehrere Personen: {candidates}. Bitte die vollständige Matrix-ID "
        "angeben, z.\u202fB. {example}"
    ),
    "actions.one_owner": (
        "Eine Aufgabe hat genau eine verantwortliche Person; genannt waren {people}. "
        "Bitte je Person eine Aufgabe anlegen, z.\u202fB. {example}"
    ),
    "actions.due_unreadable": (
        "„{text}“ verstehe ich nicht als Frist. Mit Frist z.\u202fB.: {with_date} – "
        "oder, wenn „bis“ zum Titel gehört, den Titel in Anführungszeichen: {quoted}"
    ),
    "actions.due_twice": (
        "Eine Aufgabe hat eine Frist; „{text}“ wäre eine zweite. Bitte nur eine angeben, "
        "z.\u202fB. {example}"
    ),
    "actions.due_past": (
        "Die Frist {day} liegt in der Vergangenheit. Bitte ein Datum ab heute angeben, "
        "z.\u202fB. {example}"
    ),
    "actions.created": "Aufgabe\u00a0{number} angelegt: „{title}“",
    "actions.at_running_meetup": "Beim laufenden Treffen festgehalten; sie steht im Protokoll.",
    "actions.done_hint": "Erledigt melden:",
    # numbers and rights
    "actions.unknown_verb": (
        "„{text}“ verstehe ich bei {command} weder als Unterbefehl noch als Nummer. "
        "Möglich sind: {verbs}. Eine neue Aufgabe legt z.\u202fB. {example} an."
    ),
    "actions.number_missing": "Es fehlt die Nummer der Aufgabe. Beispiel: {example}",
    "actions.not_a_number": "„{text}“ ist keine Aufgabennummer. Beispiel: {example}",
    "actions.no_item": (
        "Eine Aufgabe\u00a0{number} gibt es hier nicht. Nächstliegende Nummern: {numbers}. "
        "Beispiel: {example}"
    ),
    "actions.no_items": "Hier gibt es noch keine Aufgaben. Eine neue legen Sie so an: {example}",
    "actions.not_allowed": (
        "Aufgabe\u00a0{number} liegt bei {owner}, angelegt hat sie {creator}. Ändern können sie "
        "nur diese beiden und die Moderation. Bitten Sie eine dieser Personen darum; sie "
        "schreibt dann {example}"
    ),
    "actions.is_done": (
        "Aufgabe\u00a0{number} ist schon erledigt. Wenn noch etwas fehlt, öffnen Sie sie wieder: "
        "{example}"
    ),
    # showing one
    "actions.detail_title": "Aufgabe\u00a0{number}: {title}",
    "actions.owner": "Verantwortlich:",
    "actions.status": "Status:",
    "actions.due": "Frist:",
    "actions.package": "Arbeitspaket:",
    "actions.topics": "Themen:",
    "actions.created_by": "Angelegt am {day} von {who}",
    "actions.at_meetup": "beim Treffen am {day}",
    "actions.done_on": "am {day}",
    "actions.overdue_mark": "(überfällig)",
    "actions.change_hint": "Ändern:",
    "actions.status.open": "offen",
    "actions.status.done": "erledigt",
    "actions.due_on": "bis {day}",
    "actions.due_today": "heute fällig",
    "actions.overdue": "überfällig seit {day}",
    # changing
    "actions.done": "Aufgabe\u00a0{number} „{title}“ ist erledigt. Danke!",
    "actions.already_done": (
        "Aufgabe\u00a0{number} „{title}“ war schon erledigt. Wieder öffnen: {example}"
    ),
    "actions.reopened": "Aufgabe\u00a0{number} „{title}“ ist wieder offen.",
    "actions.already_open": (
        "Aufgabe\u00a0{number} „{title}“ ist noch offen, Sie müssen sie nicht wieder öffnen."
    ),
    "actions.handed_over": "Aufgabe\u00a0{number} „{title}“ liegt jetzt bei",
    "actions.handover_missing": "Es fehlt, an wen die Aufgabe geht. Beispiel: {example}",
    "actions.handover_one": (
        "Eine Aufgabe geht an genau eine Person, als Matrix-ID; „{text}“ ist das nicht. "
        "Beispiel: {example}"
    ),
    "actions.handover_same": "Aufgabe\u00a0{number} liegt schon bei {owner}.",
    "actions.due_missing": (
        "Es fehlt die neue Frist (oder „keine“, um sie zu streichen). Beispiel: {example}"
    ),
    "actions.due_set": "Neue Frist für Aufgabe\u00a0{number} „{title}“: {day}.",
    "actions.due_cleared": "Aufgabe\u00a0{number} „{title}“ hat jetzt keine Frist mehr.",
    "actions.history_title": "Verlauf von Aufgabe\u00a0{number} „{title}“:",
    "actions.history_cut": Plural(
        "(1\u00a0Eintrag dazwischen ausgelassen.)",
        "({count}\u00a0Einträge dazwischen ausgelassen.)",
    ),
    # the list
    "actions.list_open": "Offene Aufgaben",
    "actions.list_done": "Erledigte Aufgaben",
    "actions.list_all": "Alle Aufgaben",
    "actions.list_heading": "{what} ({count}):",
    "actions.list_none": "Es gibt keine offenen Aufgaben. Eine neue legen Sie so an: {example}",
    "actions.list_empty": "Zu diesen Filtern habe ich keine Aufgaben gefunden: {filters}.",
    "actions.list_municipality_note": (
        "Kommunen ordne ich über das Kontaktverzeichnis zu: Es zählen Personen, die dort mit "
        "ihrer Matrix-ID eingetragen sind."
    ),
    "actions.list_more": Plural(
        "… und eine weitere. Eingrenzen:", "… und {count}\u00a0weitere. Eingrenzen:"
    ),
    "actions.list_details": "Einzelheiten:",
    "actions.filter_mine": "meine",
    "actions.filter_overdue": "überfällig",
    "actions.filter_done": "erledigt",
    "actions.filter_all": "offen und erledigt",
    "actions.filter_person": "von {person}",
    "actions.filter_municipality": "aus {municipality}",
    "actions.filter_unknown": (
        "„{text}“ ist weder ein Filter noch eine Kommune dieses Netzwerks. Filter: {filters}, "
        "@person:server, #thema, ap:3. Beispiel: {example}"
    ),
    "actions.minutes_heading": "Aufgaben ({count})",
    "actions.minutes_none": "Keine Aufgaben vergeben.",
    # history lines
    "history.created": "angelegt",
    "history.none": "keine",
    "history.status": "Status {old} → {new}",
    "history.owner": "übergeben von {old} an {new}",
    "history.due_on": "Frist {old} → {new}",
    "history.lead": "Federführung {old} → {new}",
    "history.owner_added": "{new} ist jetzt verantwortlich",
    "history.owner_removed": "{old} ist nicht mehr verantwortlich",
    "history.topics": "Themen {old} → {new}",
    # !wer
    "who.query_missing": "Wonach soll ich suchen? Beispiel: {example}",
    "who.heading": "Wer macht „{query}“?",
    "who.item": "Aufgabe\u00a0{number}",
    "who.more": Plural(
        "… und ein weiterer Treffer. Ein genaueres Stichwort grenzt die Suche ein.",
        "… und {count}\u00a0weitere Treffer. Ein genaueres Stichwort grenzt die Suche ein.",
    ),
    "who.none": "Zu „{query}“ habe ich kein Arbeitspaket und keine Aufgabe gefunden.",
    "who.see": "Alle zeigen",
    "who.contacts": "Personen:",
    # scheduled posts
    "action_posts.due_title": "Heute fällig, {day} ({count}):",
    "action_posts.due_done": "Erledigt?",
    "action_posts.due_move": "Mehr Zeit nötig?",
    "action_posts.digest_title": "Überfällige Aufgaben ({count}), Stand {day}:",
    "action_posts.digest_none": "Keine – alles im Plan.",
    "action_posts.digest_more": Plural("… und eine weitere:", "… und {count}\u00a0weitere:"),
    "action_posts.digest_hint": "Erledigt oder neue Frist:",
    "action_posts.agenda_heading": "Offene Aufgaben, fällig bis zum Treffen ({count}):",
}

EN = {
    "actions.too_many_open": (
        "This network already has {limit} open action items – I take no more. "
        "Please mark finished ones as done first."
    ),
    # creating and reading what was typed
    "actions.title_missing": "The title is missing. Example: {example}",
    "actions.title_too_long": (
        "The title has {length}\u00a0characters, at most {limit} are allowed. "
        "Please shorten it, e.g. {example}"
    ),
    "actions.too_many_topics": "At most {limit}\u00a0topics (#topic), please. Example: {example}",
    "actions.package_invalid": (
        "I don't understand “{text}” as a work package; write e.g. wp:3. Example: {example}"
    ),
    "actions.person_invalid": ("“{text}” is no Matrix id. Please give the full id, e.g. {example}"),
    "actions.person_unknown": (
        "Whom do you mean by {text}? I only see the text, not the room's members. "
        "Please give the full Matrix id, e.g. {example}"
    ),
    "actions.person_ambiguous": (
        "{text} fits several people: {candidates}. Please give the full Matrix id, e.g. {example}"
    ),
    "actions.one_owner": (
        "An action item has exactly one owner; you named {people}. "
        "Please create one item per person, e.g. {example}"
    ),
    "actions.due_unreadable": (
        "I don't understand “{text}” as a due date. With a due date e.g.: {with_date} – "
        "or, if the words belong to the title, put it in quotes: {quoted}"
    ),
    "actions.due_twice": (
        "An item has one due date; “{text}” would be a second. Please give only one, e.g. {example}"
    ),
    "actions.due_past": (
        "The due date {day} is in the past. Please give a date from today on, e.g. {example}"
    ),
    "actions.created": "Action item\u00a0{number} created: “{title}”",
    "actions.at_running_meetup": "Recorded at the running meet-up; it is in the minutes.",
    "actions.done_hint": "Report it done:",
    # numbers and rights
    "actions.unknown_verb": (
        "I understand “{text}” after {command} neither as a verb nor as a number. "
        "Possible: {verbs}. A new item is created with e.g. {example}"
    ),
    "actions.number_missing": "The number of the action item is missing. Example: {example}",
    "actions.not_a_number": "“{text}” is not an action item number. Example: {example}",
    "actions.no_item": (
        "There is no action item\u00a0{number} here. Nearest numbers: {numbers}. Example: {example}"
    ),
    "actions.no_items": "There are no action items yet. Create one like this: {example}",
    "actions.not_allowed": (
        "Action item\u00a0{number} is owned by {owner} and was created by {creator}. Only these "
        "two and the moderators can change it. Ask one of them; they write {example}"
    ),
    "actions.is_done": (
        "Action item\u00a0{number} is done already. If something is missing, reopen it: {example}"
    ),
    # showing one
    "actions.detail_title": "Action item\u00a0{number}: {title}",
    "actions.owner": "Owner:",
    "actions.status": "Status:",
    "actions.due": "Due:",
    "actions.package": "Work package:",
    "actions.topics": "Topics:",
    "actions.created_by": "Created on {day} by {who}",
    "actions.at_meetup": "at the meet-up on {day}",
    "actions.done_on": "on {day}",
    "actions.overdue_mark": "(overdue)",
    "actions.change_hint": "Change:",
    "actions.status.open": "open",
    "actions.status.done": "done",
    "actions.due_on": "due {day}",
    "actions.due_today": "due today",
    "actions.overdue": "overdue since {day}",
    # changing
    "actions.done": "Action item\u00a0{number} “{title}” is done. Thank you!",
    "actions.already_done": (
        "Action item\u00a0{number} “{title}” was done already. Reopen: {example}"
    ),
    "actions.reopened": "Action item\u00a0{number} “{title}” is open again.",
    "actions.already_open": (
        "Action item\u00a0{number} “{title}” is still open; there is no need to reopen it."
    ),
    "actions.handed_over": "Action item\u00a0{number} “{title}” is now owned by",
    "actions.handover_missing": "Who gets the item is missing. Example: {example}",
    "actions.handover_one": (
        "An item goes to exactly one person, as a Matrix id; “{text}” is not that. "
        "Example: {example}"
    ),
    "actions.handover_same": "Action item\u00a0{number} is owned by {owner} already.",
    "actions.due_missing": (
        "The new due date is missing (or “none” to remove it). Example: {example}"
    ),
    "actions.due_set": "New due date for action item\u00a0{number} “{title}”: {day}.",
    "actions.due_cleared": "Action item\u00a0{number} “{title}” has no due date any more.",
    "actions.history_title": "History of action item\u00a0{number} “{title}”:",
    "actions.history_cut": Plural(
        "(1\u00a0entry in between left out.)", "({count}\u00a0entries in between left out.)"
    ),
    # the list
    "actions.list_open": "Open action items",
    "actions.list_done": "Done action items",
    "actions.list_all": "All action items",
    "actions.list_heading": "{what} ({count}):",
    "actions.list_none": "There are no open action items. Create one like this: {example}",
    "actions.list_empty": "I found no action items for these filters: {filters}.",
    "actions.list_municipality_note": (
        "I match municipalities through the contact directory: people count who are listed "
        "there with their Matrix id."
    ),
    "actions.list_more": Plural(
        "… and one more. Narrow down:", "… and {count}\u00a0more. Narrow down:"
    ),
    "actions.list_details": "Details:",
    "actions.filter_mine": "mine",
    "actions.filter_overdue": "overdue",
    "actions.filter_done": "done",
    "actions.filter_all": "open and done",
    "actions.filter_person": "of {person}",
    "actions.filter_municipality": "from {municipality}",
    "actions.filter_unknown": (
        "“{text}” is neither a filter nor a municipality of this network. Filters: {filters}, "
        "@person:server, #topic, wp:3. Example: {example}"
    ),
    "actions.minutes_heading": "Action items ({count})",
    "actions.minutes_none": "No action items assigned.",
    # history lines
    "history.created": "created",
    "history.none": "none",
    "history.status": "status {old} → {new}",
    "history.owner": "handed over from {old} to {new}",
    "history.due_on": "due date {old} → {new}",
    "history.lead": "lead {old} → {new}",
    "history.owner_added": "{new} is now an owner",
    "history.owner_removed": "{old} is no longer an owner",
    "history.topics": "topics {old} → {new}",
    # !who
    "who.query_missing": "What shall I look for? Example: {example}",
    "who.heading": "Who does “{query}”?",
    "who.item": "Action item\u00a0{number}",
    "who.more": Plural(
        "… and one more match. A more specific keyword narrows the search.",
        "… and {count}\u00a0more matches. A more specific keyword narrows the search.",
    ),
    "who.none": "I found no work package and no action item about “{query}”.",
    "who.see": "Show all",
    "who.contacts": "People:",
    # scheduled posts
    "action_posts.due_title": "Due today, {day} ({count}):",
    "action_posts.due_done": "Done?",
    "action_posts.due_move": "Need more time?",
    "action_posts.digest_title": "Overdue action items ({count}) as of {day}:",
    "action_posts.digest_none": "None – everything on track.",
    "action_posts.digest_more": Plural("… and one more:", "… and {count}\u00a0more:"),
    "action_posts.digest_hint": "Done or new due date:",
    "action_posts.agenda_heading": "Open action items due by the meet-up ({count}):",
}
