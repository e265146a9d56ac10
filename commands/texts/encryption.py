"""Texts of undecryptable messages (bot/undecryptable.py): the one notice a sender gets."""

DE = {
    "encryption.unreadable": "Ich konnte Ihre verschlüsselte Nachricht nicht lesen. {reason}",
    "encryption.missing": (
        "Der Schlüssel dazu ist bei mir nicht angekommen, auch nicht auf Nachfrage. Bitte "
        "senden Sie die Nachricht noch einmal."
    ),
    "encryption.unverified": (
        "Ihre App gibt Schlüssel nur an verifizierte Geräte weiter und hält mein Gerät nicht "
        "für verifiziert. Bitte geben Sie den Betreibern des Bots Bescheid."
    ),
    "encryption.blocked": (
        "Ihre App hat mein Gerät gesperrt. Heben Sie die Sperre in den Sitzungen des Bots auf "
        "und senden Sie die Nachricht noch einmal."
    ),
}

EN = {
    "encryption.unreadable": "I could not read your encrypted message. {reason}",
    "encryption.missing": (
        "Its key did not reach me, not even when I asked for it. Please send the message again."
    ),
    "encryption.unverified": (
        "Your app shares keys only with verified devices and does not consider mine verified. "
        "Please tell the bot's operators."
    ),
    "encryption.blocked": (
        "Your app has blocked my device. Unblock it in the bot's sessions and send the message "
        "again."
    ),
}
