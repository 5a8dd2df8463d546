"""Dated mentions: full, month-year, year and relative dates resolved against the article date."""
from __future__ import annotations

from sources.dates import dates_in_text
from sources.models import Article

ART = Article("x", "t", (), None, "2025-11-06", "day", None, None, ())


def found(text: str, art: Article | None = ART) -> list[tuple[str, str, str]]:
    return [(d.date, d.precision, d.text) for d in dates_in_text(text, art)]


def test_full_dates():
    assert found("On 13 March 2025 and August 8, 2025 and 06.09.2023.") == [
        ("2025-03-13", "day", "13 March 2025"), ("2025-08-08", "day", "August 8, 2025"),
        ("2023-09-06", "day", "06.09.2023")]


def test_month_year_and_year():
    assert found("In April 2025, after the 2018 agreement") == [("2025-04", "month", "April 2025"),
                                                                ("2018", "year", "2018")]


def test_relative_months_resolve_against_the_article_date():
    got = found("In April, and on October 9, and in December")
    assert got == [("2025-04", "month", "In April"), ("2025-10-09", "day", "October 9"),
                   ("2024-12", "month", "in December")]


def test_this_next_last_and_seasons():
    got = dict((t, d) for d, _, t in found("this April; last fall; last year; next month"))
    assert got == {"this April": "2025-04", "last fall": "2024-09/2024-11", "last year": "2024",
                   "next month": "2025-12"}


def test_relative_dates_need_an_article_date():
    assert found("In April", None) == []
    assert found("In April 2025", None) == [("2025-04", "month", "In April 2025")[0:2] + ("April 2025",)]


def test_numbers_that_are_not_years():
    assert found("$2,600 million and 1500 troops and 12345") == []
