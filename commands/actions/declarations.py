"""`!aufgabe`, `!aufgaben` and `!wer` as declared: names, usage, sub-commands.

Handlers are bound in `item.py`, `listing.py` and `who.py`; every command text the family
shows is built from these declarations (`ACTION.text(ctx, "done", "3")`).
"""

from __future__ import annotations

from commands.registry import Command, Sub

_NUMBER = {"de": ("<nr>",), "en": ("<no>",)}

ACTION = Command(
    name="aufgabe",
    english="action",
    aliases=("todo",),
    summary={
        "de": "legt Aufgaben an, zeigt, erledigt und übergibt sie, ändert Fristen, zeigt den "
        "Verlauf",
        "en": "creates, shows, finishes and hands over action items, changes due dates, shows "
        "the history",
    },
    usage=_NUMBER,
    needs_network=True,
    subs=(
        Sub(
            "new",
            {"de": "neu", "en": "new"},
            usage={
                "de": ("<Titel> [@person:server] [bis <datum>] [ap:<nr>] [#thema]",),
                "en": ("<title> [@person:server] [by <date>] [wp:<no>] [#topic]",),
            },
            aliases=("add", "anlegen"),
            changes_plan=True,  # a due date brings a due-day post
        ),
        Sub(
            "done",
            {"de": "erledigt", "en": "done"},
            usage=_NUMBER,
            aliases=("fertig", "erledigen", "close"),
            changes_plan=True,
        ),
        Sub(
            "reopen",
            {"de": "wieder öffnen", "en": "reopen"},
            usage=_NUMBER,
            aliases=("öffnen", "oeffne", "wiedereroeffnen"),
            changes_plan=True,
        ),
        Sub(
            "handover",
            {"de": "übergeben", "en": "handover"},
            usage={"de": ("<nr> @person:server",), "en": ("<no> @person:server",)},
            aliases=("uebergabe", "zuweisen", "assign"),
        ),
        Sub(
            "due",
            {"de": "frist", "en": "due"},
            usage={"de": ("<nr> <datum|keine>",), "en": ("<no> <date|none>",)},
            aliases=("deadline",),
            changes_plan=True,
        ),
        Sub(
            "history",
            {"de": "verlauf", "en": "history"},
            usage=_NUMBER,
            aliases=("historie", "log"),
        ),
        Sub("list", {"de": "liste", "en": "list"}),
    ),
)

ACTIONS = Command(
    name="aufgaben",
    english="actions",
    aliases=("todos",),
    summary={
        "de": "zeigt die offenen Aufgaben des Netzwerks, gefiltert nach Person, Kommune, Thema, "
        "Frist",
        "en": "shows the network's open action items, filtered by person, municipality, topic, "
        "due date",
    },
    usage={
        "de": (
            "",
            "meine",
            "überfällig",
            "erledigt",
            "alle",
            "@person:server",
            "<kommune>",
            "#thema",
            "ap:<nr>",
        ),
        "en": (
            "",
            "mine",
            "overdue",
            "done",
            "all",
            "@person:server",
            "<municipality>",
            "#topic",
            "wp:<no>",
        ),
    },
    reusable=True,
)

WHO = Command(
    name="wer",
    english="who",
    aliases=("zuständig", "zustaendig"),
    summary={
        "de": "sucht, wer für ein Thema zuständig ist: in Arbeitspaketen und Aufgaben, "
        "auch mit Tippfehlern",
        "en": "finds who owns a topic: in work packages and action items, typos forgiven",
    },
    usage={"de": ("<stichwort>",), "en": ("<keyword>",)},
    reusable=True,
)
