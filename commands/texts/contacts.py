"""Texts of the contact directory (`!kontakt`, `!kontakte`), `!meine-daten` and the CSV
import/export on the command line."""

from commands.texts import Plural

DE = {
    "contacts.label.name": "Name",
    "contacts.label.role": "Rolle",
    "contacts.label.municipality": "Kommune",
    "contacts.label.email": "E-Mail",
    "contacts.label.phone": "Telefon",
    "contacts.label.topics": "Themen",
    "contacts.label.deputy": "Vertretung",
    "contacts.label.matrix": "Matrix",
    "contacts.no_name_yet": "(noch ohne Namen)",
    "contacts.draft_missing": (
        "Ihr Eintrag ist noch nicht im Verzeichnis sichtbar, es fehlt noch: {missing}. So geht es:"
    ),
    "contacts.too_long": "Der Wert ist {length}\u00a0Zeichen lang, erlaubt sind höchstens {limit}.",
    "contacts.required": "Name und Kommune sind Pflicht und können nicht geleert werden.",
    "contacts.bad_name": "„{value}“ ist kein Name.",
    "contacts.bad_email": "„{value}“ ist keine gültige E-Mail-Adresse.",
    "contacts.bad_matrix_id": "„{value}“ ist keine Matrix-ID (Form: @name:server.de).",
    "contacts.too_many_topics": Plural(
        "Das ist 1\u00a0Thema, höchstens {limit} passen in einen Eintrag.",
        "Das sind {count}\u00a0Themen, höchstens {limit} passen in einen Eintrag.",
    ),
    "contacts.bad_phone": (
        "„{value}“ ist keine Telefonnummer. Bitte mit Vorwahl, z.\u202fB. 05231 1234, "
        "05231/1234-56 oder +49 5231 1234."
    ),
    "contacts.unknown_municipality": (
        "„{value}“ gehört nicht zu den Kommunen dieses Netzwerks. Möglich sind: {names}."
    ),
    "contacts.ambiguous_municipality": "„{value}“ passt zu mehreren Kommunen: {names}.",
    "contacts.pairs_expected": (
        "„{text}“ verstehe ich nicht; nach dem Namen folgen Angaben als feld:wert, "
        "z.\u202fB. kommune:Lemgo rolle:CDO."
    ),
    "contacts.field_twice": "Das Feld „{field}“ steht zweimal im Befehl.",
    "contacts.no_hits": (
        "Zu „{query}“ habe ich niemanden im Kontaktverzeichnis gefunden. Suchen Sie nach Name, "
        "Kommune, Rolle oder Thema, z.\u202fB. {example}, oder sehen Sie alle mit {directory}."
    ),
    "contacts.more_hits": Plural(
        "… und weitere. Gezeigt ist der beste Treffer; "
        "ein weiteres Wort (z.\u202fB. die Kommune) grenzt die Suche ein.",
        "… und weitere. Gezeigt sind die {count}\u00a0besten Treffer; "
        "ein weiteres Wort (z.\u202fB. die Kommune) grenzt die Suche ein.",
    ),
    "contacts.vcf_query_missing": (
        "Wessen Kontakt soll in die Datei? Geben Sie eine Suche an, z.\u202fB. {example}"
    ),
    "contacts.vcf_intro": Plural(
        "Kontakt als vCard: {names}.", "{count}\u00a0Kontakte als vCard: {names}."
    ),
    "contacts.vcf_more": Plural("Und ein weiterer.", "Und {count}\u00a0weitere."),
    "contacts.vcf_directory": Plural(
        "Das Kontaktverzeichnis von {network} als vCard-Datei (1\u00a0Eintrag), "
        "z.\u202fB. zum Import in Outlook oder Thunderbird.",
        "Das Kontaktverzeichnis von {network} als vCard-Datei ({count}\u00a0Einträge), "
        "z.\u202fB. zum Import in Outlook oder Thunderbird.",
    ),
    "contacts.municipality_empty": "Für {municipality} ist noch niemand eingetragen. Eintragen:",
    "contacts.municipality_heading": "Ansprechpersonen in {municipality}:",
    "contacts.directory_heading": "Kontaktverzeichnis {network} (Einträge: {count})",
    "contacts.without_contact": "Noch ohne Kontakt:",
    "contacts.all_covered": "Für jede Kommune des Netzwerks ist jemand eingetragen.",
    "contacts.directory_footer": "Einzelheiten und Suche:",
    "contacts.directory_empty": (
        "Im Kontaktverzeichnis steht noch niemand. Tragen Sie sich ein: {example}"
    ),
    "contacts.help_fields": (
        "Felder: name, rolle, kommune, email, telefon, themen (mit Komma getrennt), vertretung. "
        "Ein Feld leeren: {prefix}kontakt ich telefon - . Ihr Eintrag erscheint im Verzeichnis, "
        "sobald Name und Kommune gesetzt sind."
    ),
    "contacts.help_moderators": (
        "Die Moderation pflegt alle Einträge: mit Matrix-ID oder Namen in Anführungszeichen "
        '(z.\u202fB. {prefix}kontakt "Max Mustermann" telefon 05261 213-0), neu mit '
        '{prefix}kontakt neu "Max Mustermann" kommune:Lemgo rolle:CDO, löschen mit '
        '{prefix}kontakt löschen "Max Mustermann".'
    ),
    "contacts.retention": (
        "Datenschutz: Einträge bleiben gespeichert, bis die Person selbst ({prefix}kontakt "
        "löschen) oder die Moderation sie löscht. Änderungen werden ohne Inhalte protokolliert "
        "(welches Feld, wer, wann). Was ich über Sie gespeichert habe, zeigt {prefix}meine-daten "
        "im Direktchat mit mir."
    ),
    "contacts.no_own_entry": (
        "Sie stehen noch nicht im Kontaktverzeichnis. Eintragen geht in zwei Schritten:"
    ),
    "contacts.fields_hint": "Weitere Felder: {fields}.",
    "contacts.own_heading": "Ihr Eintrag im Kontaktverzeichnis:",
    "contacts.change_hint": "Ändern:",
    "contacts.delete_hint": "Löschen:",
    "contacts.new_needs_municipality": (
        "Ein neuer Eintrag braucht einen Namen und die Kommune. Beispiel: {example}"
    ),
    "contacts.created": "Der Eintrag ist angelegt:",
    "contacts.nothing_to_delete": (
        "Sie haben keinen Eintrag im Kontaktverzeichnis, es gibt nichts zu löschen. "
        "(Eintragen: {example})"
    ),
    "contacts.deleted_own": (
        "Ihr Eintrag ist gelöscht. Im Änderungsprotokoll bleibt nur „ein Eintrag wurde "
        "gelöscht“ stehen, ohne Ihre Daten."
    ),
    "contacts.deleted": (
        "Der Eintrag von {name} ist gelöscht. Im Änderungsprotokoll bleibt nur „ein Eintrag "
        "wurde gelöscht“ stehen, ohne die Daten."
    ),
    "contacts.no_entry_for": "Zu „{target}“ gibt es keinen Eintrag. Suchen: {example}",
    "contacts.ambiguous_name": (
        "„{target}“ gibt es mehrmals: {candidates}. Bitte die Matrix-ID nehmen oder die Kommune "
        "in Klammern anhängen, z.\u202fB. „Max Mustermann (Lemgo)“."
    ),
    "contacts.not_yours": (
        "Einträge anderer Personen können nur Moderatorinnen und Moderatoren ändern und "
        "löschen; bitten Sie die Person selbst oder die Moderation darum. "
        "Ihren eigenen Eintrag ändern Sie so: {example}"
    ),
    "contacts.own_matrix_id": (
        "Die Matrix-ID Ihres Eintrags ist die, mit der Sie schreiben; sie lässt sich nicht ändern."
    ),
    "contacts.unknown_field": (
        "„{word}“ ist kein Feld des Eintrags. Möglich sind: {fields}. Beispiel: {example}"
    ),
    "contacts.value_missing": "Es fehlt der neue Wert für {field}. Beispiel: {example}",
    "contacts.invalid_value": "{field}: {problem} Nichts wurde geändert. Beispiel: {example}",
    "contacts.matrix_id_taken": (
        "{matrix_id} hat schon einen Eintrag; eine Person steht nur einmal im Verzeichnis."
    ),
    "contacts.duplicate": (
        "{name} ({municipality}) steht schon im Verzeichnis. Ändern statt neu anlegen: {example}"
    ),
    "contacts.saved": "Gespeichert ({field}).",
    "contacts.name_from_display": "Als Namen habe ich Ihren Anzeigenamen eingetragen; ändern:",
    "personal.title": "Was ich über {user} gespeichert habe (Netzwerk {network})",
    "personal.nothing": "Nichts gespeichert.",
    "personal.direct_chat": "Ihr Direktchat mit mir gilt für das Netzwerk {network}.",
    "personal.contact_title": "Eintrag im Kontaktverzeichnis",
    "personal.created": "angelegt: {at}",
    "personal.updated": "zuletzt geändert: {at}",
    "personal.consent": "selbst eingetragen bzw. bestätigt: {at}",
    "personal.no_consent": "von der Moderation oder per Import eingetragen, nicht selbst bestätigt",
    "personal.changes_title": "Änderungsprotokoll (nur Feld, wer, wann – keine Inhalte)",
    "personal.change_created_own": "Ihr Eintrag wurde angelegt (von {by})",
    "personal.change_updated_own": "{field} Ihres Eintrags geändert (von {by})",
    "personal.change_deleted_own": "Ihr Eintrag wurde gelöscht (von {by})",
    "personal.change_created": "Sie haben einen Eintrag angelegt",
    "personal.change_updated": "Sie haben {field} eines Eintrags geändert",
    "personal.change_deleted": "Sie haben einen Eintrag gelöscht",
    "personal.meetups_title": (
        "Treffen: Zusagen, Tagesordnungspunkte, Beschlüsse, angelegte Treffen"
    ),
    "personal.answer_yes": "Zusage",
    "personal.answer_no": "Absage",
    "personal.answer_maybe": "vielleicht",
    "personal.kind_rsvp": "{day}: {text}",
    "personal.kind_agenda_item": "{day}: Tagesordnungspunkt „{text}“",
    "personal.kind_decision": "{day}: Beschluss eingetragen „{text}“",
    "personal.kind_meetup": "{day}: Treffen angelegt „{text}“",
    "personal.kind_series": "Serie von Treffen angelegt „{text}“",
    "personal.commands_title": "Bearbeitete Befehle",
    "personal.commands": Plural(
        "1\u00a0Befehl von Ihnen, am {first}. Gespeichert sind nur Zeitpunkt und Ergebnis, "
        "damit kein Befehl doppelt beantwortet wird, nicht der Text.",
        "{count}\u00a0Befehle von Ihnen, vom {first} bis {last}. Gespeichert sind nur "
        "Zeitpunkt und Ergebnis, damit kein Befehl doppelt beantwortet wird, nicht der Text.",
    ),
    "personal.footer": "Ihren Eintrag im Kontaktverzeichnis löschen:",
    "personal.sent_directly": (
        "Ihre Daten zeige ich nur im Direktchat: Ich habe Ihnen eine Direktnachricht "
        "geschickt (bitte die Einladung annehmen)."
    ),
    "personal.work_title": "Aufgaben und Arbeitspakete (als verantwortlich oder anlegend)",
    "personal.kind_action": "Aufgabe\u00a0{number}: {text}",
    "personal.kind_workpackage": "Arbeitspaket {number}: {text}",
    "personal.history_title": "Verlauf von Aufgaben und Arbeitspaketen (von Ihnen oder über Sie)",
    "personal.kind_item_change": "Aufgabe\u00a0{number}: {field} geändert",
    "personal.kind_package_change": "Arbeitspaket {number}: {field} geändert",
    "personal.settings_title": "Einstellungen der Beiträge (zuletzt von Ihnen geändert)",
    "personal.post_setting_on": "{kind} eingeschaltet",
    "personal.post_setting_off": "{kind} ausgeschaltet",
    "contacts.cli.unknown_network": (
        "Das Netzwerk „{network}“ steht nicht in der Konfiguration ({known})."
    ),
    "contacts.cli.unreadable": "{path}: Die Datei lässt sich nicht lesen ({error}).",
    "contacts.cli.not_text": (
        "{path}: Die Datei ist weder UTF-8 noch Windows-1252. Bitte als „CSV UTF-8“ speichern."
    ),
    "contacts.cli.empty": "{path}: Die Datei ist leer.",
    "contacts.cli.unknown_column": ("Spalte „{column}“ kenne ich nicht. Möglich sind: {columns}."),
    "contacts.cli.missing_column": "Es fehlt die Spalte „{column}“.",
    "contacts.cli.twice_column": "Die Spalte „{column}“ kommt zweimal vor.",
    "contacts.cli.line": "Zeile {line}: {problem}",
    "contacts.cli.cell": "{column}: {problem}",
    "contacts.cli.too_many_cells": "mehr Zellen als Spalten",
    "contacts.cli.same_person": "dieselbe Person wie Zeile {other}",
    "contacts.cli.problems": Plural(
        "{path}: 1\u00a0Problem gefunden, nichts importiert. "
        "Mit --skip-invalid werden nur die gültigen Zeilen importiert.",
        "{path}: {count}\u00a0Probleme gefunden, nichts importiert. "
        "Mit --skip-invalid werden nur die gültigen Zeilen importiert.",
    ),
    "contacts.cli.skipped": Plural(
        "1\u00a0ungültige Zeile übersprungen.", "{count}\u00a0ungültige Zeilen übersprungen."
    ),
    "contacts.cli.imported": (
        "{path}: {created} neu, {updated} aktualisiert, {unchanged} unverändert "
        "(Netzwerk {network})."
    ),
    "contacts.cli.exported": Plural(
        "1\u00a0Eintrag nach {path} exportiert.", "{count}\u00a0Einträge nach {path} exportiert."
    ),
}

EN = {
    "contacts.label.name": "Name",
    "contacts.label.role": "Role",
    "contacts.label.municipality": "Municipality",
    "contacts.label.email": "E-mail",
    "contacts.label.phone": "Phone",
    "contacts.label.topics": "Topics",
    "contacts.label.deputy": "Deputy",
    "contacts.label.matrix": "Matrix",
    "contacts.no_name_yet": "(no name yet)",
    "contacts.draft_missing": (
        "Your entry is not visible in the directory yet; still missing: {missing}. Like this:"
    ),
    "contacts.too_long": "The value is {length}\u00a0characters long; at most {limit} are allowed.",
    "contacts.required": "Name and municipality are required and cannot be cleared.",
    "contacts.bad_name": "“{value}” is not a name.",
    "contacts.bad_email": "“{value}” is not a valid e-mail address.",
    "contacts.bad_matrix_id": "“{value}” is not a Matrix id (form: @name:server.org).",
    "contacts.too_many_topics": Plural(
        "That is 1\u00a0topic; at most {limit} fit in one entry.",
        "That is {count}\u00a0topics; at most {limit} fit in one entry.",
    ),
    "contacts.bad_phone": (
        "“{value}” is not a phone number. Please include the area code, e.g. 05231 1234, "
        "05231/1234-56 or +49 5231 1234."
    ),
    "contacts.unknown_municipality": (
        "“{value}” is not one of this network's municipalities. Possible: {names}."
    ),
    "contacts.ambiguous_municipality": "“{value}” fits several municipalities: {names}.",
    "contacts.pairs_expected": (
        "I don't understand “{text}”; after the name come details as field:value, "
        "e.g. municipality:Lemgo role:CDO."
    ),
    "contacts.field_twice": "The field “{field}” appears twice in the command.",
    "contacts.no_hits": (
        "I found no one for “{query}” in the contact directory. Search by name, municipality, "
        "role or topic, e.g. {example}, or see everyone with {directory}."
    ),
    "contacts.more_hits": Plural(
        "… and more. Shown is the best match; "
        "another word (e.g. the municipality) narrows the search.",
        "… and more. Shown are the {count}\u00a0best matches; "
        "another word (e.g. the municipality) narrows the search.",
    ),
    "contacts.vcf_query_missing": (
        "Whose contact should go in the file? Add a search, e.g. {example}"
    ),
    "contacts.vcf_intro": Plural(
        "Contact as vCard: {names}.", "{count}\u00a0contacts as vCard: {names}."
    ),
    "contacts.vcf_more": Plural("And one more.", "And {count}\u00a0more."),
    "contacts.vcf_directory": Plural(
        "The contact directory of {network} as a vCard file (1\u00a0entry), "
        "e.g. to import into Outlook or Thunderbird.",
        "The contact directory of {network} as a vCard file ({count}\u00a0entries), "
        "e.g. to import into Outlook or Thunderbird.",
    ),
    "contacts.municipality_empty": "No one is listed for {municipality} yet. Add yourself:",
    "contacts.municipality_heading": "Contact persons in {municipality}:",
    "contacts.directory_heading": "Contact directory {network} (entries: {count})",
    "contacts.without_contact": "No contact yet:",
    "contacts.all_covered": "Every municipality of the network has someone listed.",
    "contacts.directory_footer": "Details and search:",
    "contacts.directory_empty": "The contact directory is still empty. Add yourself: {example}",
    "contacts.help_fields": (
        "Fields: name, role, municipality, email, phone, topics (comma-separated), deputy. "
        "Clear a field: {prefix}contact me phone - . Your entry appears in the directory once "
        "name and municipality are set."
    ),
    "contacts.help_moderators": (
        "Moderators maintain all entries: by Matrix id or by name in quotes "
        '(e.g. {prefix}contact "Max Mustermann" phone 05261 213-0), new ones with '
        '{prefix}contact new "Max Mustermann" municipality:Lemgo role:CDO, deleted with '
        '{prefix}contact delete "Max Mustermann".'
    ),
    "contacts.retention": (
        "Data protection: entries are kept until the person ({prefix}contact delete) or a "
        "moderator deletes them. Changes are logged without their content (which field, who, "
        "when). {prefix}my-data, in a direct chat with me, shows what I have stored about you."
    ),
    "contacts.no_own_entry": "You are not in the contact directory yet. It takes two steps:",
    "contacts.fields_hint": "More fields: {fields}.",
    "contacts.own_heading": "Your entry in the contact directory:",
    "contacts.change_hint": "Change:",
    "contacts.delete_hint": "Delete:",
    "contacts.new_needs_municipality": (
        "A new entry needs a name and the municipality. Example: {example}"
    ),
    "contacts.created": "The entry is created:",
    "contacts.nothing_to_delete": (
        "You have no entry in the contact directory; there is nothing to delete. "
        "(Add one: {example})"
    ),
    "contacts.deleted_own": (
        "Your entry is deleted. The change log keeps only “an entry was deleted”, "
        "without your data."
    ),
    "contacts.deleted": (
        "The entry of {name} is deleted. The change log keeps only “an entry was deleted”, "
        "without the data."
    ),
    "contacts.no_entry_for": "There is no entry for “{target}”. Search: {example}",
    "contacts.ambiguous_name": (
        "There are several “{target}”: {candidates}. Please use the Matrix id or add the "
        "municipality in brackets, e.g. “Max Mustermann (Lemgo)”."
    ),
    "contacts.not_yours": (
        "Only moderators can change or delete other people's entries; please ask the person "
        "or a moderator. You change your own entry like this: {example}"
    ),
    "contacts.own_matrix_id": (
        "Your entry's Matrix id is the one you write from; it cannot be changed."
    ),
    "contacts.unknown_field": (
        "“{word}” is not a field of the entry. Possible: {fields}. Example: {example}"
    ),
    "contacts.value_missing": "The new value for {field} is missing. Example: {example}",
    "contacts.invalid_value": "{field}: {problem} Nothing was changed. Example: {example}",
    "contacts.matrix_id_taken": ("{matrix_id} already has an entry; a person is listed only once."),
    "contacts.duplicate": (
        "{name} ({municipality}) is already listed. Change it instead of adding it: {example}"
    ),
    "contacts.saved": "Saved ({field}).",
    "contacts.name_from_display": "I entered your display name as your name; to change it:",
    "personal.title": "What I have stored about {user} (network {network})",
    "personal.nothing": "Nothing stored.",
    "personal.direct_chat": "Your direct chat with me is about the network {network}.",
    "personal.contact_title": "Entry in the contact directory",
    "personal.created": "created: {at}",
    "personal.updated": "last changed: {at}",
    "personal.consent": "entered or confirmed by you: {at}",
    "personal.no_consent": "entered by a moderator or an import, not confirmed by you",
    "personal.changes_title": "Change log (field, who, when only – no content)",
    "personal.change_created_own": "your entry was created (by {by})",
    "personal.change_updated_own": "{field} of your entry changed (by {by})",
    "personal.change_deleted_own": "your entry was deleted (by {by})",
    "personal.change_created": "you created an entry",
    "personal.change_updated": "you changed {field} of an entry",
    "personal.change_deleted": "you deleted an entry",
    "personal.meetups_title": "Meet-ups: answers, agenda items, decisions, meet-ups created",
    "personal.answer_yes": "yes",
    "personal.answer_no": "no",
    "personal.answer_maybe": "maybe",
    "personal.kind_rsvp": "{day}: {text}",
    "personal.kind_agenda_item": "{day}: agenda item “{text}”",
    "personal.kind_decision": "{day}: decision recorded “{text}”",
    "personal.kind_meetup": "{day}: meet-up created “{text}”",
    "personal.kind_series": "meet-up series created “{text}”",
    "personal.commands_title": "Handled commands",
    "personal.commands": Plural(
        "1\u00a0command from you, on {first}. Only time and outcome are kept, "
        "so no command is answered twice – not the text.",
        "{count}\u00a0commands from you, from {first} to {last}. Only time and outcome are "
        "kept, so no command is answered twice – not the text.",
    ),
    "personal.footer": "Delete your entry in the contact directory:",
    "personal.sent_directly": (
        "I show your data only in a direct chat: I have sent you a direct message "
        "(please accept the invitation)."
    ),
    "personal.work_title": "Action items and work packages (as owner or creator)",
    "personal.kind_action": "Action item\u00a0{number}: {text}",
    "personal.kind_workpackage": "Work package {number}: {text}",
    "personal.history_title": "History of action items and work packages (by you or about you)",
    "personal.kind_item_change": "Action item\u00a0{number}: {field} changed",
    "personal.kind_package_change": "Work package {number}: {field} changed",
    "personal.settings_title": "Post settings (last changed by you)",
    "personal.post_setting_on": "{kind} switched on",
    "personal.post_setting_off": "{kind} switched off",
    "contacts.cli.unknown_network": "The network “{network}” is not in the config ({known}).",
    "contacts.cli.unreadable": "{path}: cannot read the file ({error}).",
    "contacts.cli.not_text": "{path}: neither UTF-8 nor Windows-1252 – please save as “CSV UTF-8”.",
    "contacts.cli.empty": "{path}: the file is empty.",
    "contacts.cli.unknown_column": "I don't know the column “{column}”. Possible: {columns}.",
    "contacts.cli.missing_column": "The column “{column}” is missing.",
    "contacts.cli.twice_column": "The column “{column}” appears twice.",
    "contacts.cli.line": "line {line}: {problem}",
    "contacts.cli.cell": "{column}: {problem}",
    "contacts.cli.too_many_cells": "more cells than columns",
    "contacts.cli.same_person": "the same person as line {other}",
    "contacts.cli.problems": Plural(
        "{path}: 1\u00a0problem found; nothing imported. "
        "With --skip-invalid only the valid lines are imported.",
        "{path}: {count}\u00a0problems found; nothing imported. "
        "With --skip-invalid only the valid lines are imported.",
    ),
    "contacts.cli.skipped": Plural(
        "1\u00a0invalid line skipped.", "{count}\u00a0invalid lines skipped."
    ),
    "contacts.cli.imported": (
        "{path}: {created} new, {updated} updated, {unchanged} unchanged (network {network})."
    ),
    "contacts.cli.exported": Plural(
        "1\u00a0entry exported to {path}.", "{count}\u00a0entries exported to {path}."
    ),
}
