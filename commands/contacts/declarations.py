"""The contact directory's commands as declared: `!kontakt`, `!kontakte`, `!meine-daten`.

Handlers are bound in `contact.py` and `personal_data.py`; every command text the family
shows is built from these declarations (`CONTACT.text(ctx, "me", "telefon", …)`).
"""

from __future__ import annotations

from commands.registry import Command, Refusal, Sub

CONTACT = Command(
    name="kontakt",
    english="contact",
    summary={
        "de": "sucht Ansprechpersonen (Name, Kommune, Rolle, Thema); pflegt den eigenen Eintrag",
        "en": "finds contact persons (name, municipality, role, topic); edits your own entry",
    },
    usage={
        "de": ("<suche>", '<@person|"Name"> <feld> <wert>'),
        "en": ("<query>", '<@person|"Name"> <field> <value>'),
    },
    needs_network=True,  # contact details only within a network, before anything is parsed
    refusal=Refusal("contacts.not_yours", example="me"),
    reusable=True,  # a search; the edits it also takes write, and are never reused
    help_keys=("contacts.help_fields", "contacts.help_moderators", "contacts.retention"),
    subs=(
        Sub(
            "me",
            {"de": "ich", "en": "me"},
            usage={
                "de": ("", "<feld> <wert>", "<feld> -"),
                "en": ("", "<field> <value>", "<field> -"),
            },
            aliases=("mich",),
            example={"de": "telefon 05261 213-0", "en": "phone 05261 213-0"},
        ),
        Sub(
            "vcf",
            {"de": "vcf", "en": "vcf"},
            usage={"de": ("[suche]",), "en": ("[query]",)},
            aliases=("vcard", "visitenkarte"),
        ),
        Sub(
            "delete",
            {"de": "löschen", "en": "delete"},
            usage={"de": ("", '<@person|"Name">'), "en": ("", '<@person|"Name">')},
            aliases=("loschen", "entfernen", "remove"),
        ),
        Sub(
            "new",
            {"de": "neu", "en": "new"},
            usage={
                "de": (
                    '"<Name>" kommune:<Kommune> [rolle:…] [email:…] [telefon:…] '
                    "[matrix:@…] [themen:…] [vertretung:…]",
                ),
                "en": (
                    '"<Name>" municipality:<municipality> [role:…] [email:…] [phone:…] '
                    "[matrix:@…] [topics:…] [deputy:…]",
                ),
            },
            aliases=("add",),
            moderators_only=True,
        ),
    ),
)

CONTACTS = Command(
    name="kontakte",
    english="contacts",
    summary={
        "de": "zeigt das Kontaktverzeichnis nach Kommunen und wer noch fehlt; auch als vCard-Datei",
        "en": "shows the contact directory by municipality and who is missing; also as a vCard "
        "file",
    },
    usage={"de": ("", "<kommune>", "vcf"), "en": ("", "<municipality>", "vcf")},
    help_keys=("contacts.retention",),
)

MY_DATA = Command(
    name="meine-daten",
    english="my-data",
    summary={
        "de": "zeigt Ihnen im Direktchat alles, was ich über Sie gespeichert habe",
        "en": "shows you, in a direct chat, everything I have stored about you",
    },
    usage={"de": ("",), "en": ("",)},
    aliases=("meinedaten", "mydata"),
    help_keys=("contacts.retention",),
)
