"""Reading what people type: dates, recurrences, public holidays, fuzzy names."""
