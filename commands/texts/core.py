"""Texts of the core: router, help, rendering, the network command."""

from commands.texts import Plural

DE = {
    "router.unknown": "Den Befehl {command} kenne ich nicht.",
    "router.did_you_mean": "Meinten Sie {suggestion}?",
    "router.see_help": "Alle Befehle zeigt {help}.",
    "router.usage": "So geht es:",
    "edit.not_again": (
        "Bearbeitete Befehle führe ich nicht noch einmal aus – bitte senden Sie "
        "„{command}“ als neue Nachricht."
    ),
    "router.crash": (
        "Das hat leider nicht geklappt: Bei diesem Befehl ist bei mir ein Fehler aufgetreten, "
        "es wurde nichts geändert. Bitte versuchen Sie es später noch einmal; klappt es dann "
        "wieder nicht, sagen Sie bitte der Moderation Bescheid."
    ),
    "router.too_long": (
        "Die Nachricht ist zu lang ({length}\u00a0Zeichen). Befehle dürfen höchstens "
        "{limit}\u00a0Zeichen haben."
    ),
    "render.cut": "[… gekürzt – bitte die Suche eingrenzen]",
    "help.title": "Alle Befehle",
    "help.footer": "Mehr zu einem Befehl: {example}",
    "help.unknown_topic": (
        "Den Befehl {topic} kenne ich nicht, deshalb kann ich ihn nicht erklären."
    ),
    "help.usage": "So geht es:",
    "help.aliases": "Auch: {aliases}",
    "help.moderators_only": "Nur für Moderatorinnen und Moderatoren.",
    "help.moderators_only_subs": "Nur für Moderatorinnen und Moderatoren: {commands}.",
    "network.title": "Netzwerk {name}",
    "network.municipalities": Plural("1\u00a0Kommune:", "{count}\u00a0Kommunen:"),
    "network.no_municipalities": "Für dieses Netzwerk sind noch keine Kommunen hinterlegt.",
    "network.you_moderate": "Sie sind hier Moderatorin bzw. Moderator.",
    "network.you_member": "Sie sind hier Mitglied.",
    "network.none": (
        "Dieser Raum gehört zu keinem Netzwerk. Schreiben Sie mir im Raum Ihres "
        "Netzwerks oder als Mitglied eines Netzwerks direkt."
    ),
    "args.unexpected": (
        "Nach {command} erwarte ich nichts weiter, Sie haben aber „{extra}“ angehängt."
    ),
    "network.choose": (
        "Sie gehören zu mehreren Netzwerken: {choices}. Für welches soll dieser Direktchat "
        "gelten? Wählen Sie zum Beispiel mit {example}."
    ),
    "network.chosen": "Dieser Direktchat gilt jetzt für das Netzwerk {name}.",
    "network.dm_current": "Dieser Direktchat gilt für das Netzwerk {name}.",
    "network.dm_choices": "Wechseln mit {command} und einem von: {choices}",
    "network.unknown_choice": "Ein Netzwerk „{name}“ haben Sie nicht. Zur Wahl: {choices}",
    "network.choose_in_direct_chat": (
        "Das Netzwerk wählen Sie im Direktchat mit mir; dieser Raum ist das Netzwerk {name}."
    ),
    "direct.group_leave": (
        "Ich antworte nur im Raum eines Netzwerks oder im Direktchat zu zweit, "
        "darum verlasse ich diese Gruppe."
    ),
}

EN = {
    "router.unknown": "I don't know the command {command}.",
    "router.did_you_mean": "Did you mean {suggestion}?",
    "router.see_help": "{help} lists all commands.",
    "router.usage": "Usage:",
    "edit.not_again": (
        "I don't run edited commands again – please send “{command}” as a new message."
    ),
    "router.crash": (
        "Sorry, that did not work: something went wrong on my side with this command, and "
        "nothing was changed. Please try again later; if it fails again, please tell a "
        "moderator."
    ),
    "router.too_long": (
        "The message is too long ({length}\u00a0characters). Commands may have at most "
        "{limit}\u00a0characters."
    ),
    "render.cut": "[… shortened – please narrow your search]",
    "help.title": "All commands",
    "help.footer": "More about one command: {example}",
    "help.unknown_topic": "I don't know the command {topic}, so I cannot explain it.",
    "help.usage": "Usage:",
    "help.aliases": "Also: {aliases}",
    "help.moderators_only": "For moderators only.",
    "help.moderators_only_subs": "For moderators only: {commands}.",
    "network.title": "Network {name}",
    "network.municipalities": Plural("1\u00a0municipality:", "{count}\u00a0municipalities:"),
    "network.no_municipalities": "No municipalities are stored for this network yet.",
    "network.you_moderate": "You are a moderator here.",
    "network.you_member": "You are a member here.",
    "network.none": (
        "This room belongs to no network. Write to me in your network's room, or "
        "directly as a member of a network."
    ),
    "args.unexpected": "{command} takes nothing more here, but you added “{extra}”.",
    "network.choose": (
        "You belong to several networks: {choices}. Which one should this direct chat be "
        "about? Choose, for example, with {example}."
    ),
    "network.chosen": "This direct chat is now about the network {name}.",
    "network.dm_current": "This direct chat is about the network {name}.",
    "network.dm_choices": "Switch with {command} and one of: {choices}",
    "network.unknown_choice": "You have no network “{name}”. To choose from: {choices}",
    "network.choose_in_direct_chat": (
        "You choose the network in a direct chat with me; this room is the network {name}."
    ),
    "direct.group_leave": (
        "I only answer in a network's room or in a one-to-one direct chat, "
        "so I am leaving this group."
    ),
}
