"""Texts of `!ap` / `!workpackage`."""

from commands.texts import Plural

DE = {
    "workpackages.too_many": (
        "Dieses Netzwerk hat schon {limit} Arbeitspakete – mehr nehme ich nicht an. "
        "Bitte wenden Sie sich an den Betrieb des Bots."
    ),
    "workpackages.short": "AP\u00a0{number}",
    "workpackages.lead_short": "Federführung {lead}",
    "workpackages.open_count": "offene Aufgaben: {count}",
    "workpackages.nobody": "niemand eingetragen",
    # list
    "workpackages.list_heading": "Arbeitspakete ({count}):",
    "workpackages.list_heading_topic": "Arbeitspakete zum Thema #{topic} ({count}):",
    "workpackages.list_filter": (
        "„{text}“ verstehe ich hier nicht; die Liste lässt sich mit „alle“ oder einem #thema "
        "aufrufen. Beispiel: {example}"
    ),
    "workpackages.list_more": Plural(
        "… und ein weiteres. Eingrenzen mit einem Thema, z.\u202fB.",
        "… und {count}\u00a0weitere. Eingrenzen mit einem Thema, z.\u202fB.",
    ),
    "workpackages.none": "Noch keine Arbeitspakete. Ein neues legen Sie so an: {example}",
    "workpackages.none_match": "Dazu habe ich keine Arbeitspakete gefunden.",
    "workpackages.done_hidden": "Abgeschlossene ({count}) zeigt",
    "workpackages.details": "Einzelheiten:",
    # create
    "workpackages.created": "AP\u00a0{number} angelegt: „{title}“",
    "workpackages.add_item": "Eine Aufgabe dazu:",
    "workpackages.too_many_owners": (
        "Höchstens {limit} Verantwortliche je Arbeitspaket. Beispiel: {example}"
    ),
    "workpackages.lead_missing": "Es fehlt die federführende Kommune. Beispiel: {example}",
    "workpackages.lead_unknown": (
        "„{text}“ ist keine Kommune dieses Netzwerks (z.\u202fB. {names}). Beispiel: {example}"
    ),
    # detail
    "workpackages.detail_title": "AP\u00a0{number}: {title}",
    "workpackages.status": "Status:",
    "workpackages.lead": "Federführung:",
    "workpackages.owners": "Verantwortlich:",
    "workpackages.topics": "Themen:",
    "workpackages.items": "Aufgaben ({open} offen, {done} erledigt)",
    "workpackages.items_more": Plural("… und eine weitere:", "… und {count}\u00a0weitere:"),
    "workpackages.no_items": "Noch keine. Eine neue:",
    "workpackages.history": "Verlauf",
    "workpackages.history_cut": "(Ältere Einträge: {count}.)",
    # numbers and rights
    "workpackages.unknown_verb": (
        "„{text}“ verstehe ich bei {command} weder als Unterbefehl noch als Nummer. "
        "Möglich sind: {verbs}. Ein neues Arbeitspaket legt z.\u202fB. {example} an."
    ),
    "workpackages.number_missing": "Es fehlt die Nummer des Arbeitspakets. Beispiel: {example}",
    "workpackages.not_a_number": "„{text}“ ist keine AP-Nummer. Beispiel: {example}",
    "workpackages.no_package": (
        "Ein AP\u00a0{number} gibt es hier nicht. Nächstliegende Nummern: {numbers}. "
        "Beispiel: {example}"
    ),
    "workpackages.no_packages": (
        "Hier gibt es noch keine Arbeitspakete. Ein neues legen Sie so an: {example}"
    ),
    "workpackages.not_allowed": (
        "AP\u00a0{number} können nur seine Verantwortlichen ({owners}) und die Moderation "
        "ändern. Bitten Sie eine dieser Personen darum; sie schreibt dann {example}"
    ),
    # changing
    "workpackages.status_missing": "Es fehlt der neue Status: {statuses}. Beispiel: {example}",
    "workpackages.status_unknown": (
        "„{text}“ ist kein Status. Möglich sind: {statuses}. Beispiel: {example}"
    ),
    "workpackages.status_set": "AP\u00a0{number} „{title}“: Status {status}.",
    "workpackages.lead_set": "AP\u00a0{number} „{title}“: Federführung {lead}.",
    "workpackages.owner_missing": (
        "Wer kommt dazu, wer geht? +@name:server fügt hinzu, -@name:server nimmt heraus. "
        "Beispiel: {example}"
    ),
    "workpackages.owner_token": (
        "„{text}“ verstehe ich nicht: Personen bitte als +@name:server oder -@name:server. "
        "Beispiel: {example}"
    ),
    "workpackages.owners_empty": (
        "AP\u00a0{number} braucht mindestens eine verantwortliche Person. Nehmen Sie zuerst "
        "jemanden dazu, z.\u202fB. {example}"
    ),
    "workpackages.owners_set": "AP\u00a0{number} „{title}“: Verantwortlich sind jetzt {owners}.",
    "workpackages.topics_missing": (
        "Es fehlen die Themen (#thema), oder „keine“ zum Leeren. Beispiel: {example}"
    ),
    "workpackages.topic_token": (
        "„{text}“ ist kein Thema; Themen beginnen mit #. Beispiel: {example}"
    ),
    "workpackages.topics_set": "AP\u00a0{number} „{title}“: Themen {topics}.",
}

EN = {
    "workpackages.too_many": (
        "This network already has {limit} work packages – I take no more. "
        "Please ask whoever runs the bot."
    ),
    "workpackages.short": "WP\u00a0{number}",
    "workpackages.lead_short": "lead {lead}",
    "workpackages.open_count": "open action items: {count}",
    "workpackages.nobody": "nobody listed",
    # list
    "workpackages.list_heading": "Work packages ({count}):",
    "workpackages.list_heading_topic": "Work packages about #{topic} ({count}):",
    "workpackages.list_filter": (
        "I don't understand “{text}” here; the list takes “all” or a #topic. Example: {example}"
    ),
    "workpackages.list_more": Plural(
        "… and one more. Narrow down with a topic, e.g.",
        "… and {count}\u00a0more. Narrow down with a topic, e.g.",
    ),
    "workpackages.none": "No work packages yet. Create one like this: {example}",
    "workpackages.none_match": "I found no work packages for this.",
    "workpackages.done_hidden": "Finished ones ({count}):",
    "workpackages.details": "Details:",
    # create
    "workpackages.created": "WP\u00a0{number} created: “{title}”",
    "workpackages.add_item": "Add an action item:",
    "workpackages.too_many_owners": ("At most {limit} owners per work package. Example: {example}"),
    "workpackages.lead_missing": "The lead municipality is missing. Example: {example}",
    "workpackages.lead_unknown": (
        "“{text}” is no municipality of this network (e.g. {names}). Example: {example}"
    ),
    # detail
    "workpackages.detail_title": "WP\u00a0{number}: {title}",
    "workpackages.status": "Status:",
    "workpackages.lead": "Lead:",
    "workpackages.owners": "Owners:",
    "workpackages.topics": "Topics:",
    "workpackages.items": "Action items ({open} open, {done} done)",
    "workpackages.items_more": Plural("… and one more:", "… and {count}\u00a0more:"),
    "workpackages.no_items": "None yet. Add one:",
    "workpackages.history": "History",
    "workpackages.history_cut": "(Older entries: {count}.)",
    # numbers and rights
    "workpackages.unknown_verb": (
        "I understand “{text}” after {command} neither as a verb nor as a number. "
        "Possible: {verbs}. A new work package is created with e.g. {example}"
    ),
    "workpackages.number_missing": "The work package number is missing. Example: {example}",
    "workpackages.not_a_number": "“{text}” is not a work package number. Example: {example}",
    "workpackages.no_package": (
        "There is no WP\u00a0{number} here. Nearest numbers: {numbers}. Example: {example}"
    ),
    "workpackages.no_packages": "There are no work packages yet. Create one like this: {example}",
    "workpackages.not_allowed": (
        "Only the owners of WP\u00a0{number} ({owners}) and the moderators can change it. "
        "Ask one of them; they write {example}"
    ),
    # changing
    "workpackages.status_missing": "The new status is missing: {statuses}. Example: {example}",
    "workpackages.status_unknown": (
        "“{text}” is not a status. Possible: {statuses}. Example: {example}"
    ),
    "workpackages.status_set": "WP\u00a0{number} “{title}”: status {status}.",
    "workpackages.lead_set": "WP\u00a0{number} “{title}”: lead {lead}.",
    "workpackages.owner_missing": (
        "Who joins, who leaves? +@name:server adds, -@name:server removes. Example: {example}"
    ),
    "workpackages.owner_token": (
        "I don't understand “{text}”: write people as +@name:server or -@name:server. "
        "Example: {example}"
    ),
    "workpackages.owners_empty": (
        "WP\u00a0{number} needs at least one owner. Add someone first, e.g. {example}"
    ),
    "workpackages.owners_set": "WP\u00a0{number} “{title}”: owners are now {owners}.",
    "workpackages.topics_missing": (
        "The topics (#topic) are missing, or “none” to clear them. Example: {example}"
    ),
    "workpackages.topic_token": "“{text}” is no topic; topics start with #. Example: {example}",
    "workpackages.topics_set": "WP\u00a0{number} “{title}”: topics {topics}.",
}
