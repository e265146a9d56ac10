"""Public holidays of a network's region and the next working day to propose instead."""

from __future__ import annotations

from datetime import date

import pytest

from commands.parsing.holidays import holiday_name, is_working_day, next_working_day


@pytest.mark.parametrize(
    ("day", "german", "english"),
    [
        (date(2026, 12, 25), "Erster Weihnachtstag", "Christmas Day"),
        (date(2027, 1, 1), "Neujahr", "New Year's Day"),
        (date(2027, 5, 6), "Christi Himmelfahrt", "Ascension Day"),
        (date(2027, 5, 27), "Fronleichnam", "Corpus Christi"),
        (date(2026, 11, 1), "Allerheiligen", "All Saints' Day"),
    ],
)
def test_nrw_holidays_are_named_in_both_languages(day, german, english):
    """NRW's holidays, including Fronleichnam and Allerheiligen, have German and English names."""
    assert holiday_name(day, "DE-NW", "de") == german
    assert holiday_name(day, "DE-NW", "en") == english


def test_ordinary_days_and_other_states_have_no_holiday():
    """Christmas Eve is no public holiday; Fronleichnam is none in Niedersachsen."""
    assert holiday_name(date(2026, 12, 24), "DE-NW", "de") is None
    assert holiday_name(date(2027, 5, 27), "DE-NI", "de") is None


def test_unknown_language_falls_back_to_german_names():
    """A network language the bot does not speak gets the German name."""
    assert holiday_name(date(2026, 12, 25), "DE-NW", "fr") == "Erster Weihnachtstag"


@pytest.mark.parametrize(
    ("day", "proposal"),
    [
        (date(2026, 12, 25), date(2026, 12, 28)),  # Friday → Monday after the weekend
        (date(2027, 5, 6), date(2027, 5, 7)),  # Ascension Thursday → Friday
        (date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday → Tuesday after Easter Monday
        (date(2026, 12, 31), date(2027, 1, 4)),  # New Year's Day, then the weekend
    ],
)
def test_next_working_day_skips_weekends_and_holidays(day, proposal):
    """The proposal is the first Monday-to-Friday after the day that is not a holiday."""
    assert next_working_day(day, "DE-NW") == proposal


def test_working_days_are_weekdays_without_holiday():
    """Weekends and holidays are not working days, an ordinary Tuesday is."""
    assert is_working_day(date(2026, 12, 8), "DE-NW")
    assert not is_working_day(date(2026, 12, 26), "DE-NW")
    assert not is_working_day(date(2026, 12, 27), "DE-NW")
