"""Texts shared by the meet-up, agenda, RSVP and minutes commands."""

DE = {
    "meetup.none_planned": (
        "Es ist kein Treffen geplant. Die Moderation legt eines an, z.\u202fB. "
        "{prefix}treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org/ikz"
    ),
    "meetup.none_on_day": "Am {day} ist kein Treffen geplant.",
    "meetup.none_on_day_nearest": (
        "Am {day} ist kein Treffen geplant. Das nächstgelegene ist am {nearest}: {example}"
    ),
    "meetup.where": "Ort:",
    "meetup.minutes": "{minutes}\u00a0min",
    "agenda.empty": "Noch keine Themen auf der Tagesordnung.",
    "rsvp.label.yes": "Zusagen",
    "rsvp.label.maybe": "Vielleicht",
    "rsvp.label.no": "Absagen",
}

EN = {
    "meetup.none_planned": (
        "No meet-up is planned. Moderators can set one up, e.g. "
        "{prefix}meetup series every 2nd tuesday 10:00-11:30 https://meet.example.org/ikz"
    ),
    "meetup.none_on_day": "There is no meet-up on {day}.",
    "meetup.none_on_day_nearest": (
        "There is no meet-up on {day}. The nearest one is on {nearest}: {example}"
    ),
    "meetup.where": "Place:",
    "meetup.minutes": "{minutes}\u00a0min",
    "agenda.empty": "No topics on the agenda yet.",
    "rsvp.label.yes": "Yes",
    "rsvp.label.maybe": "Maybe",
    "rsvp.label.no": "No",
}
