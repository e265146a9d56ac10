"""Texts of date, time and recurrence parsing: what was wrong, and an example that works."""

DE = {
    "dates.missing": "Hier fehlt ein Datum, z.\u202fB. {example}.",
    "dates.unparseable": (
        "„{text}“ verstehe ich nicht als Datum. Beispiele: {example}, 12.12., "
        "morgen 14\u00a0Uhr, nächsten Dienstag, Fr 9:30, in 2\u00a0Wochen."
    ),
    "dates.invalid": (
        "„{text}“ gibt es nicht im Kalender bzw. auf der Uhr. "
        "Bitte Tag, Monat und Uhrzeit prüfen, z.\u202fB. {example}."
    ),
    "dates.implausible": (
        "„{text}“ liegt mehr als fünf Jahre entfernt – vermutlich ein Tippfehler. "
        "Beispiel: {example}."
    ),
    "dates.ambiguous": (
        "„{text}“ ist mehrdeutig (Tag oder Monat zuerst?). "
        "Bitte Tag.Monat.Jahr schreiben, z.\u202fB. {example}."
    ),
    "dates.weekday_mismatch": (
        "„{text}“: Wochentag und Datum passen nicht zusammen. "
        "Bitte prüfen oder nur das Datum angeben, z.\u202fB. {example}."
    ),
    "dates.end_before_start": (
        "„{text}“: Das Ende liegt nicht nach dem Beginn. Beispiel: {example}."
    ),
    "dates.date_only": (
        "„{text}“: Hier brauche ich nur ein Datum ohne Uhrzeit, z.\u202fB. {example}."
    ),
    "dates.past_ask": (
        "„{text}“ liegt in der Vergangenheit – meinten Sie {suggestion}? "
        "Dann bitte mit Jahr schreiben."
    ),
    "dates.deadline_month": (
        "„{text}“ ist ein ganzer Monat. Als Frist bitte einen Tag nennen, "
        "z.\u202fB. {last} (Monatsende) oder {first} (Monatsanfang)."
    ),
    "dates.clock_words": (
        "„{text}“: Uhrzeiten in Worten lese ich nicht sicher. Bitte mit Ziffern, "
        "z.\u202fB. {example}."
    ),
    "series.unknown": (
        "„{text}“ verstehe ich nicht als Wiederholung. Beispiele: "
        "jeden 2. Dienstag {example}, jeden letzten Freitag {example}, "
        "monatlich am 15. {example}, alle 2\u00a0Wochen donnerstags {example}."
    ),
    "series.no_time": ("Bei „{text}“ fehlt die Uhrzeit. Beispiel: {example}"),
    "series.weekly": "jeden {weekday}",
    "series.every_n_weeks": "alle {n}\u00a0Wochen am {weekday}",
    "series.nth_weekday": "jeden {nth}. {weekday} im Monat",
    "series.last_weekday": "jeden letzten {weekday} im Monat",
    "series.second_last_weekday": "jeden vorletzten {weekday} im Monat",
    "series.monthday": "monatlich am {day}.",
    "series.skips_months": "(entfällt in Monaten ohne diesen Tag)",
    "series.raw": "nach der Regel {rrule}",
}

EN = {
    "dates.missing": "A date is missing here, e.g. {example}.",
    "dates.unparseable": (
        "I don't understand “{text}” as a date. Examples: {example}, 12.12., "
        "tomorrow 2\u00a0pm, next Tuesday, Fri 9:30, in 2\u00a0weeks."
    ),
    "dates.invalid": (
        "“{text}” does not exist on the calendar or the clock. "
        "Please check day, month and time, e.g. {example}."
    ),
    "dates.implausible": (
        "“{text}” is more than five years away – probably a typo. Example: {example}."
    ),
    "dates.ambiguous": (
        "“{text}” is ambiguous (day or month first?). Please write day.month.year, e.g. {example}."
    ),
    "dates.weekday_mismatch": (
        "“{text}”: the weekday does not match the date. "
        "Please check, or give only the date, e.g. {example}."
    ),
    "dates.end_before_start": "“{text}”: the end is not after the start. Example: {example}.",
    "dates.date_only": "“{text}”: only a date without a time is needed here, e.g. {example}.",
    "dates.past_ask": (
        "“{text}” lies in the past – did you mean {suggestion}? Then please add the year."
    ),
    "dates.deadline_month": (
        "“{text}” is a whole month. Please name a day as the deadline, "
        "e.g. {last} (end of the month) or {first} (start of the month)."
    ),
    "dates.clock_words": (
        "“{text}”: I don't read times in words reliably. Please use digits, e.g. {example}."
    ),
    "series.unknown": (
        "I don't understand “{text}” as a repetition. Examples: "
        "every 2nd tuesday {example}, every last friday {example}, "
        "monthly on the 15th {example}, every 2\u00a0weeks on thursday {example}."
    ),
    "series.no_time": "“{text}” lacks a time. Example: {example}",
    "series.weekly": "every {weekday}",
    "series.every_n_weeks": "every {n}\u00a0weeks on {weekday}",
    "series.nth_weekday": "every {nth} {weekday} of the month",
    "series.last_weekday": "every last {weekday} of the month",
    "series.second_last_weekday": "every second-to-last {weekday} of the month",
    "series.monthday": "monthly on the {day}",
    "series.skips_months": "(skipped in months without that day)",
    "series.raw": "by the rule {rrule}",
}
