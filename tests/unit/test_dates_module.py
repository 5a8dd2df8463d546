"""``sources._dates``: one contract for ISO dates, the days a partial date covers, month names."""
from __future__ import annotations

import datetime as dt

import pytest

from sources._dates import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    date_bounds,
    date_range,
    format_iso,
    iso_or_none,
    month_number,
    parse_iso_date,
)


@pytest.mark.parametrize("value, expected", [("2025", ("2025", "year")), ("2025-08", ("2025-08", "month")),
                                             (" 2024-02-29 ", ("2024-02-29", "day"))])
def test_parse_iso_date_returns_the_trimmed_date_and_its_precision(value, expected):
    assert parse_iso_date(value) == expected
    assert iso_or_none(value) == expected[0]


@pytest.mark.parametrize("value", ["2025-02-29", "2025-13", "2025-00", "25", "2025-8", "2025/08", "2025-08-08T10:00",
                                   "", "August 2025"])
def test_parse_iso_date_refuses_what_is_not_a_real_iso_date(value):
    with pytest.raises(ValueError, match="not"):
        parse_iso_date(value)
    assert iso_or_none(value) is None
    assert date_range(value) == (None, None)


def test_date_bounds_cover_the_precision():
    assert date_bounds("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert date_bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_bounds("2023-02") == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))
    assert date_bounds("2024-12") == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert date_bounds("2024-05-28") == (dt.date(2024, 5, 28),) * 2
    assert date_range("2024-04") == ("2024-04-01", "2024-04-30")
    assert date_range(None) == (None, None)


def test_month_names_and_numbers():
    assert len(MONTHS) == 12 and MONTHS[0] == "January" and MONTH_ABBREVIATIONS[8] == "Sep"
    assert [month_number(m) for m in ("january", "Feb", "Sept.", "SEPTEMBER", "dec")] == [1, 2, 9, 9, 12]
    assert month_number("Smarch") is None
    assert [format_iso(v) for v in ("2025-06-05", "2025-06", "2025")] == ["5 June 2025", "June 2025", "2025"]
