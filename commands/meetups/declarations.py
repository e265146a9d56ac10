"""The meet-up commands as declared: `!treffen`, `!agenda`, the RSVPs, `!beschluss`,
`!protokoll` — names, usage, sub-commands, who may use them, what re-plans posts.

Handlers are bound in `meetup.py`, `agenda.py`, `rsvp.py` and `minutes.py`; every command
text the family shows is built from these declarations (`MEETUP.text(ctx, "list")`).
"""

from __future__ import annotations

from commands.registry import Command, Refusal, Sub

_DAY = {"de": ("<datum>",), "en": ("<date>",)}
_OPTIONAL_DAY = {"de": ("[datum]",), "en": ("[date]",)}
_BARE = {"de": ("",), "en": ("",)}

MEETUP = Command(
    name="treffen",
    english="meetup",
    aliases=("termin", "termine", "sitzung", "kalender"),
    summary={
        "de": (
            "zeigt das nächste Treffen, alle Treffen, die Kalenderdatei und das Kalender-Abo; "
            "die Moderation plant, sagt ab und verschiebt"
        ),
        "en": (
            "shows the next meet-up, all meet-ups, a calendar file and a calendar subscription; "
            "moderators schedule, cancel and move"
        ),
    },
    usage={"de": ("", "<datum>"), "en": ("", "<date>")},
    needs_network=True,  # outside a network no verb makes sense; said before anything else
    refusal=Refusal("meetups.moderators_only", example="list"),
    reusable=True,
    subs=(
        Sub(
            "list",
            {"de": "liste", "en": "list"},
            usage={"de": ("[anzahl]",), "en": ("[count]",)},
            aliases=("termine",),
        ),
        Sub(
            "series",
            {"de": "serie", "en": "series"},
            usage={
                "de": ("<wiederholung> <uhrzeit[-ende]> [link oder ort]", "beenden"),
                "en": ("<repetition> <time[-end]> [link or place]", "end"),
            },
            aliases=("serien",),
            moderators_only=True,
            changes_plan=True,
        ),
        Sub(
            "new",
            {"de": "neu", "en": "new"},
            usage={
                "de": ("<datum> <uhrzeit[-ende]> [titel] [link]",),
                "en": ("<date> <time[-end]> [title] [link]",),
            },
            moderators_only=True,
            changes_plan=True,
        ),
        Sub(
            "cancel",
            {"de": "absagen", "en": "cancel"},
            usage=_DAY,
            moderators_only=True,
            changes_plan=True,
        ),
        Sub(
            "move",
            {"de": "verschieben", "en": "move"},
            usage={
                "de": ("<datum> auf <datum> [uhrzeit[-ende]]",),
                "en": ("<date> to <date> [time[-end]]",),
            },
            moderators_only=True,
            changes_plan=True,
        ),
        Sub(
            "ics",
            {"de": "kalender", "en": "ics"},
            usage=_BARE,
            aliases=("ics", "calendar", "ical"),
        ),
        Sub(
            "subscribe",
            {"de": "abo", "en": "subscribe"},
            usage={"de": ("", "neu", "löschen"), "en": ("", "new", "delete")},
            aliases=("abonnieren", "abonnement", "feed", "subscription"),
        ),
        Sub("plan", {"de": "plan", "en": "plan"}, usage=_BARE, moderators_only=True),
        Sub(
            "posts",
            {"de": "beiträge", "en": "posts"},
            usage={
                "de": ("[aufruf|tagesordnung|erinnerung|nachbereitung|alle an|aus]",),
                "en": ("[call|agenda|reminder|followup|all on|off]",),
            },
            aliases=("posts",),
            moderators_only=True,
            changes_plan=True,
            only_with_arguments=True,
        ),
    ),
)

AGENDA = Command(
    name="agenda",
    english="agenda",
    aliases=("tagesordnung",),
    summary={
        "de": "zeigt die Tagesordnung des nächsten Treffens; Themen hinzufügen, entfernen, "
        "umstellen, vertagen",
        "en": "shows the next meet-up's agenda; add, remove, reorder and defer topics",
    },
    usage=_OPTIONAL_DAY,
    refusal=Refusal("agenda.moderators_only_move", example="move"),
    reusable=True,
    subs=(
        Sub(
            "new",
            {"de": "neu", "en": "new"},
            usage={
                "de": ("<Thema> [20 min]", "für <datum>: <Thema> [20 min]"),
                "en": ("<topic> [20 min]", "for <date>: <topic> [20 min]"),
            },
            aliases=("add",),
            changes_posts=True,  # the sent call for topics and agenda list the topics
        ),
        Sub(
            "remove",
            {"de": "entfernen", "en": "remove"},
            usage={"de": ("<nr> [datum]",), "en": ("<no> [date]",)},
            changes_posts=True,
        ),
        Sub(
            "move",
            {"de": "verschieben", "en": "move"},
            usage={"de": ("<nr> <neue nr> [datum]",), "en": ("<no> <new no> [date]",)},
            example={"de": "3 1", "en": "3 1"},
            moderators_only=True,  # the order is the meeting's plan, not one member's
            changes_posts=True,
        ),
        Sub(
            "defer",
            {"de": "vertagen", "en": "defer"},
            usage={"de": ("<nr> [datum]",), "en": ("<no> [date]",)},
            changes_posts=True,
        ),
    ),
)


def _answer(name: str, english: str, de: str, en: str, aliases: tuple[str, ...] = ()) -> Command:
    return Command(
        name=name,
        english=english,
        aliases=aliases,
        summary={"de": de, "en": en},
        usage=_OPTIONAL_DAY,
        changes_posts=True,  # the sent agenda shows the answers
    )


YES = _answer(
    "zusage",
    "yes",
    "sagt für das nächste (oder ein bestimmtes) Treffen zu",
    "says yes to the next (or a given) meet-up",
    ("ja",),
)
NO = _answer(
    "absage",
    "no",
    "sagt für das nächste (oder ein bestimmtes) Treffen ab",
    "says no to the next (or a given) meet-up",
    ("nein",),
)
MAYBE = _answer(
    "vielleicht",
    "maybe",
    "antwortet „vielleicht“ für das nächste (oder ein bestimmtes) Treffen",
    "says maybe to the next (or a given) meet-up",
)
RSVP = Command(
    name="rsvp",
    english="rsvp",
    summary={
        "de": "antwortet ja, nein oder vielleicht für das nächste (oder ein bestimmtes) Treffen",
        "en": "answers yes, no or maybe for the next (or a given) meet-up",
    },
    usage={"de": ("ja|nein|vielleicht [datum]",), "en": ("yes|no|maybe [date]",)},
    changes_posts=True,
)

DECISION = Command(
    name="beschluss",
    english="decision",
    summary={
        "de": "hält einen Beschluss des laufenden oder letzten Treffens fest",
        "en": "records a decision of the running or last meet-up",
    },
    usage={"de": ("<text>",), "en": ("<text>",)},
)

MINUTES = Command(
    name="protokoll",
    english="minutes",
    summary={
        "de": "zeigt das Protokoll des letzten (oder eines bestimmten) Treffens, "
        "auch als Markdown-Datei",
        "en": "shows the minutes of the last (or a given) meet-up, also as a Markdown file",
    },
    usage=_OPTIONAL_DAY,
)
