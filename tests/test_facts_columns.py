"""Day ordinals from the raw values database drivers return (SQLite text, PostgreSQL objects)."""

from __future__ import annotations

import math
from datetime import date, datetime

from tools.facts import day_ordinals


def test_iso_text_dates_and_date_times_become_day_ordinals() -> None:
    values = day_ordinals(["2026-06-07", None, "2024-02-29 23:59:59.999999", "0001-01-01"])
    assert values[0] == date(2026, 6, 7).toordinal()
    assert math.isnan(values[1])
    # The day of a date-time is its date part: 23:59 stays on the 29th.
    assert values[2] == date(2024, 2, 29).toordinal()
    assert values[3] == 1


def test_date_and_datetime_objects_become_day_ordinals() -> None:
    values = day_ordinals([None, date(2026, 1, 1), datetime(2025, 12, 31, 23, 0)])
    assert math.isnan(values[0])
    assert list(values[1:]) == [date(2026, 1, 1).toordinal(), date(2025, 12, 31).toordinal()]


def test_a_column_of_nulls_is_all_nan() -> None:
    assert all(math.isnan(v) for v in day_ordinals([None, None]))
