"""`!ap` / `!workpackage` as declared: names, usage, sub-commands.

Handlers are bound in `package.py`; every command text about packages is built from this
declaration (`WORKPACKAGE.text(ctx, "status", "3", "läuft")`).
"""

from __future__ import annotations

from commands.registry import Command, Sub

WORKPACKAGE = Command(
    name="ap",
    english="workpackage",
    aliases=("arbeitspaket", "arbeitspakete", "workpackages"),
    summary={
        "de": "zeigt Arbeitspakete mit Federführung, Verantwortlichen, Themen, Status und "
        "Aufgaben; legt sie an und ändert sie",
        "en": "shows work packages with lead municipality, owners, topics, status and action "
        "items; creates and changes them",
    },
    usage={"de": ("[alle|#thema]", "<nr>"), "en": ("[all|#topic]", "<no>")},
    needs_network=True,
    subs=(
        Sub(
            "new",
            {"de": "neu", "en": "new"},
            usage={
                "de": ('"<Titel>" [federführung:<kommune>] [@person:server …] [#thema …]',),
                "en": ('"<title>" [lead:<municipality>] [@person:server …] [#topic …]',),
            },
            aliases=("add", "anlegen"),
        ),
        Sub("list", {"de": "liste", "en": "list"}),
        Sub(
            "status",
            {"de": "status", "en": "status"},
            usage={
                "de": ("<nr> geplant|läuft|pausiert|abgeschlossen",),
                "en": ("<no> planned|running|paused|done",),
            },
        ),
        Sub(
            "lead",
            {"de": "federführung", "en": "lead"},
            usage={"de": ("<nr> <kommune|keine>",), "en": ("<no> <municipality|none>",)},
            aliases=("ff",),
        ),
        Sub(
            "owner",
            {"de": "verantwortlich", "en": "owner"},
            usage={
                "de": ("<nr> +@person:server -@person:server",),
                "en": ("<no> +@person:server -@person:server",),
            },
            aliases=("verantwortliche", "owners"),
        ),
        Sub(
            "topics",
            {"de": "themen", "en": "topics"},
            usage={"de": ("<nr> #thema … | keine",), "en": ("<no> #topic … | none",)},
            aliases=("thema", "topic", "tags"),
        ),
    ),
)
