"""Dates, once (private): month names, ISO parsing with one contract, and the days a partial date covers.

Every module that names months (the date annotator, the dateline and byline parser, citations, role names,
BibTeX, the synthetic corpus) or reads an ISO date from a user, a data file or the index uses this module,
so "2025-02" means the same days everywhere.

An ISO date here is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (year, month or day precision) naming a day
that exists; surrounding whitespace is ignored.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

#: Month names in English, January first.
MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                           "September", "October", "November", "December")
#: Three-letter abbreviations, ``Jan`` first (BibTeX month macros are these in lower case).
MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(m[:3] for m in MONTHS)
#: Regex alternation of the full month names (capitalised, as prose writes them).
MONTH_PATTERN = "|".join(MONTHS)
#: Regex alternation of full names, abbreviations with an optional dot ("Mar.", "Sept.").
MONTH_OR_ABBREVIATION_PATTERN = "(?:" + "|".join(MONTHS) + "|" + "|".join(
    a + r"\.?" for a in MONTH_ABBREVIATIONS if a != "May") + r"|Sept\.?)"

_MONTH_NUMBERS = {**{m.lower(): i for i, m in enumerate(MONTHS, 1)},
                  **{a.lower(): i for i, a in enumerate(MONTH_ABBREVIATIONS, 1)}, "sept": 9}
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PRECISIONS = ("year", "month", "day")


def month_number(name: str) -> int | None:
    """1–12 for a month's name or abbreviation in any case (``"Sept."`` → 9), None for anything else."""
    return _MONTH_NUMBERS.get(name.strip().rstrip(".").lower())


def parse_iso_date(value: str) -> tuple[str, str]:
    """Validate an ISO date of any precision; return it trimmed, with its precision (year, month or day).

    Raises
    ------
    ValueError
        If ``value`` is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or names no real day (2025-02-30).
    """
    text = str(value).strip()
    m = _ISO.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = m.groups()
    try:
        dt.date(int(y), int(mo or 1), int(d or 1))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    return text, "day" if d else "month" if mo else "year"


def iso_or_none(value: str | None) -> str | None:
    """The trimmed ISO date, or None when ``value`` is empty or not one (:func:`parse_iso_date` without the error)."""
    if value is None:
        return None
    try:
        return parse_iso_date(value)[0]
    except ValueError:
        return None


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO date covers (``2024-02`` → 1 and 29 February 2024).

    Raises
    ------
    ValueError
        As :func:`parse_iso_date`.
    """
    text, precision = parse_iso_date(value)
    parts = [int(p) for p in text.split("-")]
    if precision == "day":
        day = dt.date(*parts)
        return day, day
    if precision == "month":
        y, mo = parts
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """:func:`date_bounds` as ISO days; ``(None, None)`` for no date or one that is not ISO (an open bound)."""
    if not value:
        return None, None
    try:
        first, last = date_bounds(value)
    except ValueError:
        return None, None
    return first.isoformat(), last.isoformat()


def format_day(day: dt.date) -> str:
    """``5 June 2025`` (English month names whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_iso(value: str) -> str:
    """An ISO date in words at its precision: ``5 June 2025``, ``June 2025``, ``2025``.

    Raises
    ------
    ValueError
        As :func:`parse_iso_date`.
    """
    text, precision = parse_iso_date(value)
    first = date_bounds(text)[0]
    if precision == "day":
        return format_day(first)
    return f"{MONTHS[first.month - 1]} {first.year}" if precision == "month" else str(first.year)
