"""Texts of the flood limit (bot/flood.py): the one notice a flooding user gets."""

DE = {
    "flood.slow_down": (
        "{user}, das sind zu viele Befehle auf einmal. Ich beantworte Ihre Befehle ab {time} "
        "wieder; die übrigen bis dahin lasse ich aus."
    ),
}

EN = {
    "flood.slow_down": (
        "{user}, that is too many commands at once. I will answer your commands again from "
        "{time}; I am skipping the others until then."
    ),
}
