"""Texts of `!treffen` / `!meetup` and of the scheduler's posts about a meet-up."""

from commands.texts import Plural

DE = {
    # refusals and input errors
    "meetups.moderators_only": (
        "{command} können nur Moderatorinnen und Moderatoren dieses Netzwerks verwenden: wer "
        "im Raum Moderationsrechte hat oder in meiner Konfiguration dafür eingetragen ist. "
        "Bitten Sie jemanden aus der Moderation, {command} für Sie zu schreiben. Alle Treffen "
        "sehen Sie mit {example}"
    ),
    "meetups.unknown_verb": (
        "„{text}“ verstehe ich bei {command} weder als Unterbefehl noch als Datum. "
        "Möglich sind: {verbs}."
    ),
    "meetups.list_count": (
        "„{text}“ ist keine Anzahl. Bitte eine Zahl von 1 bis {limit} angeben, z.\u202fB. {example}"
    ),
    "meetups.series_missing": (
        "Es fehlt die Wiederholung mit Uhrzeit. Beispiel: {example} – beenden mit „serie beenden“."
    ),
    "meetups.whole_minutes": (
        "„{text}“: Eine Serie beginnt und endet zu vollen Minuten, bitte ohne Sekunden. "
        "Beispiel: {example}"
    ),
    "meetups.no_series": "Es gibt keine laufende Serie, die ich beenden könnte. Anlegen: {example}",
    "meetups.new_missing": "Es fehlen Datum und Uhrzeit des Treffens. Beispiel: {example}",
    "meetups.new_needs_time": (
        "Für das Treffen am {day} fehlt die Uhrzeit (z.\u202fB. 14:00 oder 14:00-15:30). "
        "Beispiel: {example}"
    ),
    "meetups.in_past": (
        "{when} liegt in der Vergangenheit. Bitte einen späteren Zeitpunkt angeben, "
        "z.\u202fB. {example}"
    ),
    "meetups.title_too_long": (
        "Der Titel ist {length}\u00a0Zeichen lang, erlaubt sind höchstens {limit}. "
        "Beispiel: {example}"
    ),
    "meetups.location_too_long": (
        "Ort bzw. Link sind {length}\u00a0Zeichen lang, erlaubt sind höchstens {limit}. "
        "Beispiel: {example}"
    ),
    "meetups.cancel_missing": (
        "Es fehlt das Datum des Treffens, das entfallen soll. Beispiel: {example}"
    ),
    "meetups.over": "Das Treffen am {day} ist schon vorbei. Ein kommendes absagen: {example}",
    "meetups.already_cancelled": (
        "Das Treffen am {day} entfällt bereits. Ein anderes Treffen: {example}"
    ),
    "meetups.span_heading": "Treffen vom {first} bis {last} ({count}):",
    "meetups.span_none": (
        "Vom {first} bis {last} ist kein Treffen geplant. Alle kommenden Termine: {example}"
    ),
    "meetups.none_on_day": (
        "Am {day} ist kein Treffen geplant. Alle Treffen zeigt {list}; Beispiel: {example}"
    ),
    "meetups.none_at_time": (
        "Am {day} beginnt zu dieser Uhrzeit kein Treffen (an diesem Tag: {times}). "
        "Beispiel: {example}"
    ),
    "meetups.move_missing": (
        "Bitte das bisherige und das neue Datum angeben, getrennt durch „auf“. Beispiel: {example}"
    ),
    "meetups.move_started": (
        "Das Treffen am {day} hat schon begonnen und lässt sich nicht mehr verschieben. "
        "Ein kommendes verschieben: {example}"
    ),
    "meetups.move_same": "Das Treffen liegt schon zu dieser Zeit. Beispiel: {example}",
    "meetups.posts_usage": (
        "„{text}“: Bitte eine Art von Beitrag und „an“ oder „aus“ angeben, z.\u202fB. {example}"
    ),
    "meetups.posts_unknown_kind": (
        "„{text}“ ist keine Art von Beitrag. Möglich sind: {kinds} oder alle. Beispiel: {example}"
    ),
    # showing meet-ups
    "meetups.label_next": "Nächstes Treffen:",
    "meetups.label_running": "Läuft gerade:",
    "meetups.label_cancelled": "Entfällt:",
    "meetups.label_day": "Treffen:",
    "meetups.agenda": "Tagesordnung",
    "meetups.moved_from": "Verschoben, ursprünglich {before}.",
    "meetups.rsvp_hint_start": "Zu- oder absagen mit",
    "meetups.rsvp_hint_end": (
        "– oder mit ✅ / ❌ / ❔ auf meinen Beitrag mit der Tagesordnung reagieren."
    ),
    "meetups.see_list": "Alle Treffen:",
    "meetups.see_ics": "Kalenderdatei:",
    "meetups.see_one": "Einzelheiten zum nächsten Treffen:",
    "meetups.list_heading": "Kommende Treffen ({count}):",
    "meetups.mark_cancelled": " – entfällt",
    "meetups.mark_moved": " – verschoben, ursprünglich {before}",
    "meetups.holiday": "Achtung: {day} ist ein Feiertag ({name}).",
    "meetups.holiday_proposal": "Vorschlag für den nächsten Werktag:",
    # changing the schedule
    "meetups.series_created": "Neue Serie: {series}",
    "meetups.title": "Titel: {title}",
    "meetups.next_dates": "Die nächsten Treffen:",
    "meetups.series_no_dates": Plural(
        "Morgen liegt kein Treffen dieser Serie.",
        "In den nächsten {count}\u00a0Tagen liegt kein Treffen dieser Serie.",
    ),
    "meetups.series_ended": (
        "Die bisherige Serie ({series}) ist beendet. Entfernte künftige Termine ohne Themen, "
        "Zusagen oder Beschlüsse: {removed}."
    ),
    "meetups.series_kept": (
        "Künftige Termine der bisherigen Serie, die schon Themen, Zusagen oder Beschlüsse "
        "haben, bleiben bestehen ({count}; absagen z.\u202fB. mit {example}):"
    ),
    "meetups.series_double": (
        "Achtung: An diesen Tagen gibt es jetzt zwei Treffen, ein bisheriges und eines der "
        "neuen Serie: {days}. Bitte prüfen und eines absagen."
    ),
    "meetups.series_restart": "Eine neue Serie legen Sie so an:",
    "meetups.created": "Neues Treffen:",
    "meetups.cancelled": "Entfällt:",
    "meetups.cancel_kept": (
        "Ich poste dazu keinen Aufruf für Themen, keine Tagesordnung und keine Erinnerung mehr; "
        "meine schon gesendeten Beiträge dazu beginnen jetzt mit „Entfällt.“ Tagesordnung und "
        "Zusagen bleiben gespeichert."
    ),
    "meetups.moved": "Verschoben von {before} auf",
    "meetups.move_kept": (
        "Tagesordnung und Zusagen bleiben erhalten; Aufruf für Themen, Tagesordnung und "
        "Erinnerung poste ich passend zum neuen Termin, und meine schon gesendeten Beiträge "
        "nennen ihn."
    ),
    # calendar file
    "meetups.ics_intro": "Die Treffen von {name} als Kalenderdatei:",
    "meetups.ics_series": "Serie: {series} – mit Absagen und Verschiebungen.",
    "meetups.ics_import": (
        "Die Datei lässt sich in Outlook und Thunderbird importieren; nach Änderungen einfach "
        "neu abrufen und wieder importieren."
    ),
    "meetups.ics.description": "Tagesordnung und Zusagen: {command} im Matrix-Raum des Netzwerks.",
    # plan and kinds of posts
    "meetups.plan_heading": "Meine geplanten Beiträge:",
    "meetups.plan_nothing": "Zurzeit sind keine Beiträge geplant.",
    "meetups.plan_switched_off": "Ausgeschaltet: {kinds}. Einschalten z.\u202fB. mit",
    "meetups.state.planned": "geplant",
    "meetups.state.due": "fällig, wird gleich gesendet",
    "meetups.state.missed": "verpasst, entfällt",
    "meetups.state.pending": "wird gesendet",
    "meetups.state.sent": "gesendet",
    "meetups.state.skipped": "entfallen",
    "meetups.state.failed": "fehlgeschlagen",
    "meetups.kind.agenda_call": "Aufruf für Themen",
    "meetups.kind.agenda": "Tagesordnung",
    "meetups.kind.reminder": "Erinnerung",
    "meetups.kind.followup": "Nachbereitung",
    "meetups.posts_heading": "Meine Beiträge zu jedem Treffen:",
    "meetups.posts_hint": "Umschalten z.\u202fB. mit",
    "meetups.switch_on": "an",
    "meetups.switch_off": "aus",
    "meetups.posts_on": "Eingeschaltet: {kinds}. Ich poste diese Beiträge wieder.",
    "meetups.posts_off": "Ausgeschaltet: {kinds}. Ich poste diese Beiträge nicht mehr.",
    # the scheduler's posts
    "posts.late": (
        "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar war."
    ),
    "meetups.post.call_title": "Aufruf: Themen für das Treffen am {day}",
    "meetups.post.call_ask": "Bitte reichen Sie Themen bis {deadline} ein mit",
    "meetups.post.call_ask_end": "(gern mit Dauer, z.\u202fB. „20\u00a0min“).",
    "meetups.post.call_so_far": "Bisher auf der Tagesordnung:",
    "meetups.post.agenda_title": "Tagesordnung für das Treffen am {day}",
    "meetups.post.reminder_in": Plural(
        "In einer Minute: {title}", "In {count}\u00a0Minuten: {title}"
    ),
    "meetups.post.reminder_soon": "Gleich geht es los: {title}",
    "meetups.post.reminder_coming": "Bald geht es los: {title}",
    "meetups.post.followup_title": "Danke für die Teilnahme am Treffen am {day} ({title})!",
    "meetups.post.followup_minutes": "Protokoll:",
    "meetups.post.followup_decision": "Beschlüsse festhalten:",
    "meetups.post.react": (
        "Reagieren Sie mit ✅ (komme), ❌ (komme nicht) oder ❔ (vielleicht) auf diese "
        "Nachricht, um zu- oder abzusagen."
    ),
    "meetups.post.cancelled": "Entfällt.",
    "meetups.post.moved": "Verschoben auf {when}",
}

EN = {
    # refusals and input errors
    "meetups.moderators_only": (
        "Only this network's moderators can use {command}: those with moderator rights in "
        "the room, or listed for it in my configuration. Please ask a moderator to write "
        "{command} for you. Everyone can see all meet-ups with {example}"
    ),
    "meetups.unknown_verb": (
        "I understand “{text}” after {command} neither as a verb nor as a date. "
        "Possible are: {verbs}."
    ),
    "meetups.list_count": (
        "“{text}” is not a count. Please give a number from 1 to {limit}, e.g. {example}"
    ),
    "meetups.series_missing": (
        "The repetition with a time is missing. Example: {example} – end it with “series end”."
    ),
    "meetups.whole_minutes": (
        "“{text}”: a series starts and ends on whole minutes, please leave out seconds. "
        "Example: {example}"
    ),
    "meetups.no_series": "There is no running series to end. Set one up: {example}",
    "meetups.new_missing": "The meet-up's date and time are missing. Example: {example}",
    "meetups.new_needs_time": (
        "The meet-up on {day} needs a time (e.g. 14:00 or 14:00-15:30). Example: {example}"
    ),
    "meetups.in_past": "{when} is in the past. Please pick a later time, e.g. {example}",
    "meetups.title_too_long": (
        "The title has {length}\u00a0characters, at most {limit} are allowed. Example: {example}"
    ),
    "meetups.location_too_long": (
        "The place or link has {length}\u00a0characters, at most {limit} are allowed. "
        "Example: {example}"
    ),
    "meetups.cancel_missing": "The date of the meet-up to cancel is missing. Example: {example}",
    "meetups.over": "The meet-up on {day} is over already. Cancel a coming one: {example}",
    "meetups.already_cancelled": (
        "The meet-up on {day} is cancelled already. Another meet-up: {example}"
    ),
    "meetups.span_heading": "Meet-ups from {first} to {last} ({count}):",
    "meetups.span_none": (
        "No meet-up is planned from {first} to {last}. All upcoming dates: {example}"
    ),
    "meetups.none_on_day": (
        "There is no meet-up on {day}. {list} shows all meet-ups; example: {example}"
    ),
    "meetups.none_at_time": (
        "No meet-up starts at that time on {day} (that day: {times}). Example: {example}"
    ),
    "meetups.move_missing": (
        "Please give the current and the new date, separated by “to”. Example: {example}"
    ),
    "meetups.move_started": (
        "The meet-up on {day} has started and can no longer be moved. Move a coming one: {example}"
    ),
    "meetups.move_same": "The meet-up is at that time already. Example: {example}",
    "meetups.posts_usage": (
        "“{text}”: please give a kind of post and “on” or “off”, e.g. {example}"
    ),
    "meetups.posts_unknown_kind": (
        "“{text}” is not a kind of post. Possible are: {kinds} or all. Example: {example}"
    ),
    # showing meet-ups
    "meetups.label_next": "Next meet-up:",
    "meetups.label_running": "Running now:",
    "meetups.label_cancelled": "Cancelled:",
    "meetups.label_day": "Meet-up:",
    "meetups.agenda": "Agenda",
    "meetups.moved_from": "Moved, originally {before}.",
    "meetups.rsvp_hint_start": "Answer with",
    "meetups.rsvp_hint_end": "– or react with ✅ / ❌ / ❔ to my post with the agenda.",
    "meetups.see_list": "All meet-ups:",
    "meetups.see_ics": "Calendar file:",
    "meetups.see_one": "Details of the next meet-up:",
    "meetups.list_heading": "Coming meet-ups ({count}):",
    "meetups.mark_cancelled": " – cancelled",
    "meetups.mark_moved": " – moved, originally {before}",
    "meetups.holiday": "Note: {day} is a public holiday ({name}).",
    "meetups.holiday_proposal": "Suggestion for the next working day:",
    # changing the schedule
    "meetups.series_created": "New series: {series}",
    "meetups.title": "Title: {title}",
    "meetups.next_dates": "The next meet-ups:",
    "meetups.series_no_dates": Plural(
        "This series has no meet-up tomorrow.",
        "This series has no meet-up in the next {count}\u00a0days.",
    ),
    "meetups.series_ended": (
        "The previous series ({series}) has ended. Future dates without topics, answers or "
        "decisions removed: {removed}."
    ),
    "meetups.series_kept": (
        "Future dates of the previous series that already have topics, answers or "
        "decisions stay ({count}; cancel e.g. with {example}):"
    ),
    "meetups.series_double": (
        "Note: these days now have two meet-ups, a previous one and one of the new series: "
        "{days}. Please check and cancel one."
    ),
    "meetups.series_restart": "Set up a new series like this:",
    "meetups.created": "New meet-up:",
    "meetups.cancelled": "Cancelled:",
    "meetups.cancel_kept": (
        "I post no call for topics, agenda or reminder for it any more; my posts already sent "
        "about it now begin with “Cancelled.” Agenda and answers stay stored."
    ),
    "meetups.moved": "Moved from {before} to",
    "meetups.move_kept": (
        "Agenda and answers are kept; I post the call for topics, agenda and reminder to fit "
        "the new date, and my posts already sent name it."
    ),
    # calendar file
    "meetups.ics_intro": "The meet-ups of {name} as a calendar file:",
    "meetups.ics_series": "Series: {series} – with cancellations and moves.",
    "meetups.ics_import": (
        "Outlook and Thunderbird can import the file; after changes, simply fetch and import "
        "it again."
    ),
    "meetups.ics.description": "Agenda and answers: {command} in the network's Matrix room.",
    # plan and kinds of posts
    "meetups.plan_heading": "My planned posts:",
    "meetups.plan_nothing": "No posts are planned at the moment.",
    "meetups.plan_switched_off": "Switched off: {kinds}. Switch on e.g. with",
    "meetups.state.planned": "planned",
    "meetups.state.due": "due, about to be sent",
    "meetups.state.missed": "missed, will be skipped",
    "meetups.state.pending": "being sent",
    "meetups.state.sent": "sent",
    "meetups.state.skipped": "skipped",
    "meetups.state.failed": "failed",
    "meetups.kind.agenda_call": "Call for topics",
    "meetups.kind.agenda": "Agenda",
    "meetups.kind.reminder": "Reminder",
    "meetups.kind.followup": "Follow-up",
    "meetups.posts_heading": "My posts for every meet-up:",
    "meetups.posts_hint": "Switch e.g. with",
    "meetups.switch_on": "on",
    "meetups.switch_off": "off",
    "meetups.posts_on": "Switched on: {kinds}. I post these again.",
    "meetups.posts_off": "Switched off: {kinds}. I no longer post these.",
    # the scheduler's posts
    "posts.late": (
        "This message comes later than planned because I could not be reached for a while."
    ),
    "meetups.post.call_title": "Call for topics for the meet-up on {day}",
    "meetups.post.call_ask": "Please add your topics by {deadline} with",
    "meetups.post.call_ask_end": "(a duration such as “20\u00a0min” is welcome).",
    "meetups.post.call_so_far": "On the agenda so far:",
    "meetups.post.agenda_title": "Agenda for the meet-up on {day}",
    "meetups.post.reminder_in": Plural(
        "In one minute: {title}", "In {count}\u00a0minutes: {title}"
    ),
    "meetups.post.reminder_soon": "Starting now: {title}",
    "meetups.post.reminder_coming": "Coming up: {title}",
    "meetups.post.followup_title": "Thank you for joining the meet-up on {day} ({title})!",
    "meetups.post.followup_minutes": "Minutes:",
    "meetups.post.followup_decision": "Record decisions:",
    "meetups.post.react": (
        "React to this message with ✅ (coming), ❌ (not coming) or ❔ (maybe) to answer."
    ),
    "meetups.post.cancelled": "Cancelled.",
    "meetups.post.moved": "Moved to {when}",
}
