"""Texts of the flood limit (bot/flood.py): the one notice a flooding user gets."""

DE = {
    "flood.slow_down": (
        "{user}, das waren zu viele Befehle in kurzer Zeit. Ab {time} beantworte ich Ihre "
        "Befehle wieder; was Sie bis dahin schicken, bleibt unbeantwortet – bitte schicken "
        "Sie es danach noch einmal."
    ),
}

EN = {
    "flood.slow_down": (
        "{user}, that was too many commands in a short time. I will answer your commands "
        "again from {time}; anything you send until then stays unanswered – please send it "
        "again afterwards."
    ),
}
