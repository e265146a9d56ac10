"""Texts of the personal links (`!treffen abo`, `!netzwerk seite`) and of the overview page."""

from commands.texts import Plural

DE = {
    # `!treffen abo`
    "links.calendar.intro": (
        "Ihr persönliches Kalender-Abo für {network}. Ihr Kalender holt die Treffen von dort "
        "und bekommt Verschiebungen und Absagen von selbst mit."
    ),
    "links.calendar.how": (
        "Outlook: Kalender hinzufügen → Aus dem Internet, die Adresse einfügen. Thunderbird: "
        "Neuer Kalender → Im Netzwerk. Apple und andere öffnen den webcal-Link direkt:"
    ),
    "links.calendar.exists": (
        "Sie haben seit {since} ein Kalender-Abo für {network}. Die Adresse kann ich nicht "
        "noch einmal zeigen, weil ich nur einen Fingerabdruck davon speichere."
    ),
    "links.calendar.deleted": (
        "Ihr Kalender-Abo für {network} ist beendet; die alte Adresse liefert ab sofort nichts "
        "mehr. Ihr Kalender zeigt die Treffen nicht mehr an, sobald er das nächste Mal nachsieht."
    ),
    "links.calendar.none": "Sie haben kein Kalender-Abo für {network}. Anlegen: {example}",
    # `!netzwerk seite`
    "links.page.intro": (
        "Ihr persönlicher Link zur Übersichtsseite von {network}: nächstes Treffen mit "
        "Tagesordnung und Zusagen, Arbeitspakete, offene Aufgaben. Nur zum Lesen, ohne "
        "Kontaktdaten."
    ),
    "links.page.exists": (
        "Sie haben seit {since} einen Link zur Übersichtsseite von {network}. Den Link kann "
        "ich nicht noch einmal zeigen, weil ich nur einen Fingerabdruck davon speichere."
    ),
    "links.page.deleted": "Ihr Link zur Übersichtsseite von {network} gilt ab sofort nicht mehr.",
    "links.page.none": (
        "Sie haben keinen Link zur Übersichtsseite von {network}. Anlegen: {example}"
    ),
    # both
    "links.personal": (
        "Der Link ist persönlich: Wer ihn kennt, sieht, was Mitglieder des Netzwerks sehen. Er "
        "gilt, solange Sie Mitglied des Netzwerkraums sind."
    ),
    "links.renew": "Neuer Link (der alte gilt dann nicht mehr):",
    "links.delete": "Beenden:",
    "links.unknown": "„{text}“ verstehe ich bei {command} nicht. Möglich sind: {choices}.",
    "links.unavailable": (
        "Persönliche Links gibt es auf diesem Server nicht: Der Betrieb hat keine öffentliche "
        "Adresse für mich eingerichtet ([http] public_url in der Konfiguration)."
    ),
    "links.sent_directly": (
        "Persönliche Links schicke ich nur im Direktchat: Ich habe Ihnen eine Direktnachricht "
        "geschickt (bitte die Einladung annehmen)."
    ),
    "links.revoked_with_contact": (
        "Ihre persönlichen Links (Kalender-Abo, Übersichtsseite) gelten ebenfalls nicht mehr."
    ),
    # `!meine-daten`
    "links.personal_data_title": "Persönliche Links",
    "links.personal_data.calendar": (
        "Kalender-Abo seit {since} (gespeichert ist nur ein Fingerabdruck des Links)"
    ),
    "links.personal_data.page": (
        "Link zur Übersichtsseite seit {since} (gespeichert ist nur ein Fingerabdruck des Links)"
    ),
    # the overview page
    "page.title": "Übersicht {network}",
    "page.as_of": "Stand: {at}",
    "page.next_meetup": "Nächstes Treffen",
    "page.no_meetup": "Zurzeit ist kein Treffen geplant.",
    "page.answers": "Antworten nach Kommune",
    "page.municipality": "Kommune",
    "page.no_municipality": "ohne Eintrag im Verzeichnis",
    "page.no_answers": "Noch keine Antworten.",
    "page.work_packages": "Arbeitspakete",
    "page.package": "Arbeitspaket",
    "page.lead": "Federführung",
    "page.status": "Status",
    "page.no_work_packages": "Noch keine Arbeitspakete.",
    "page.actions": "Offene Aufgaben",
    "page.overdue": "Überfällige Aufgaben",
    "page.action": "Aufgabe",
    "page.owner": "Verantwortlich",
    "page.due": "Frist",
    "page.no_actions": "Keine offenen Aufgaben.",
    "page.no_overdue": "Keine überfälligen Aufgaben.",
    "page.more": Plural("… und 1\u00a0weitere Aufgabe", "… und {count}\u00a0weitere Aufgaben"),
    "page.footer": "Nur zum Lesen. Ändern im Matrix-Raum des Netzwerks, z.\u202fB. mit {command}.",
}

EN = {
    "links.calendar.intro": (
        "Your personal calendar subscription for {network}. Your calendar fetches the meet-ups "
        "from there and learns of moves and cancellations by itself."
    ),
    "links.calendar.how": (
        "Outlook: Add calendar → From Internet, paste the address. Thunderbird: New Calendar → "
        "On the Network. Apple and others open the webcal link directly:"
    ),
    "links.calendar.exists": (
        "You have had a calendar subscription for {network} since {since}. I cannot show the "
        "address again, because I keep only a fingerprint of it."
    ),
    "links.calendar.deleted": (
        "Your calendar subscription for {network} has ended; the old address delivers nothing "
        "from now on. Your calendar drops the meet-ups the next time it checks."
    ),
    "links.calendar.none": "You have no calendar subscription for {network}. Subscribe: {example}",
    "links.page.intro": (
        "Your personal link to the overview page of {network}: the next meet-up with agenda and "
        "answers, work packages, open action items. Read-only, without contact details."
    ),
    "links.page.exists": (
        "You have had a link to the overview page of {network} since {since}. I cannot show "
        "the link again, because I keep only a fingerprint of it."
    ),
    "links.page.deleted": "Your link to the overview page of {network} no longer works.",
    "links.page.none": "You have no link to the overview page of {network}. Create one: {example}",
    "links.personal": (
        "The link is personal: whoever knows it sees what members of the network see. It works "
        "as long as you are a member of the network's room."
    ),
    "links.renew": "New link (the old one stops working):",
    "links.delete": "End it:",
    "links.unknown": "I do not understand “{text}” after {command}. Possible: {choices}.",
    "links.unavailable": (
        "This server offers no personal links: its operators set up no public address for me "
        "([http] public_url in the configuration)."
    ),
    "links.sent_directly": (
        "I send personal links only in a direct chat: I have sent you a direct message "
        "(please accept the invitation)."
    ),
    "links.revoked_with_contact": (
        "Your personal links (calendar subscription, overview page) no longer work either."
    ),
    "links.personal_data_title": "Personal links",
    "links.personal_data.calendar": (
        "Calendar subscription since {since} (only a fingerprint of the link is stored)"
    ),
    "links.personal_data.page": (
        "Link to the overview page since {since} (only a fingerprint of the link is stored)"
    ),
    "page.title": "Overview {network}",
    "page.as_of": "As of {at}",
    "page.next_meetup": "Next meet-up",
    "page.no_meetup": "No meet-up is planned at the moment.",
    "page.answers": "Answers by municipality",
    "page.municipality": "Municipality",
    "page.no_municipality": "no directory entry",
    "page.no_answers": "No answers yet.",
    "page.work_packages": "Work packages",
    "page.package": "Work package",
    "page.lead": "Lead",
    "page.status": "Status",
    "page.no_work_packages": "No work packages yet.",
    "page.actions": "Open action items",
    "page.overdue": "Overdue action items",
    "page.action": "Action item",
    "page.owner": "Owner",
    "page.due": "Due",
    "page.no_actions": "No open action items.",
    "page.no_overdue": "No overdue action items.",
    "page.more": Plural("… and 1\u00a0more item", "… and {count}\u00a0more items"),
    "page.footer": "Read-only. Change things in the network's Matrix room, e.g. with {command}.",
}
