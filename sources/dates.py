"""Find dated mentions in passage text and normalise them (day, month, season or year precision).

Relative expressions ("in April", "on October 9", "last fall", "this month", "last year") are resolved
against the article's publication date: a bare month means its latest occurrence on or before the
article's date, unless "this"/"next" says otherwise.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from sources._dates import MONTH_PATTERN, MONTHS, date_range, month_number
from sources._prefilter import anchored_finditer, run_start
from sources.models import Article, DatedMention, Passage

_M = rf"(?P<month>{MONTH_PATTERN})"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_YEAR = r"(?P<year>(?:19|20)\d{2})"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M},?\s+{_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,\s*{_YEAR}\b")),
    # "(?<!\w..)" after "19"/"20" is "\b" before it, written so the regex starts with a literal (fast scan)
    ("iso", re.compile(r"(?P<year>(?:19|20)(?<!\w..)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})\b")),
    ("dotted", re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.\s?(?P<year>(?:19|20)?\d{2})(?![\d])")),
    ("season_year", re.compile(rf"\b(?P<season>[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn|[Ww]inter)"
                               rf"(?:\s+of)?\s+{_YEAR}\b")),
    ("my", re.compile(rf"\b{_M}(?:\s+of)?,?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)")),
    ("dm", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\b")),
    ("rel_season", re.compile(r"\b(?P<rel>last|this|next|past)\s+(?P<season>spring|summer|fall|autumn|winter)\b",
                              re.IGNORECASE)),
    ("rel_period", re.compile(r"\b(?P<rel>last|this|next|past)\s+(?P<unit>month|year)\b", re.IGNORECASE)),
    ("month", re.compile(r"(?:\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate|[Mm]id-?)\s*|"
                         r"\b(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Oo]n|[Dd]uring|[Ff]rom|[Tt]o)\s+(?:(?:early|late|mid-?)\s*)?)"
                         r"(?P<month>" + MONTH_PATTERN + r")\b")),
    # no digit, currency sign, dot, comma or dash just before the year (checked after "19"/"20", as above)
    ("year", re.compile(r"(?P<year>(?:19|20)(?<![\d$€£.,-]\d\d)\d{2})(?![\d%,.]\d|\d|-\d)")),
)


def _anchor(article: Article | None) -> date | None:
    if article is None or not article.date:
        return None
    end = date_range(article.date)[1]
    return date.fromisoformat(end) if end else None


def _month_before(anchor: date, month: int, rel: str | None) -> int:
    """The year of ``month`` relative to ``anchor``: latest on/before it, or per this/next/last."""
    rel = (rel or "").lower()
    if rel == "this":
        return anchor.year
    if rel == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if rel == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _season_span(season: str, year: int) -> str:
    a, b = _SEASONS[season.lower()]
    end_year = year + 1 if b < a else year
    return f"{year}-{a:02d}/{end_year}-{b:02d}"


def _resolve(kind: str, m: re.Match[str], anchor: date | None) -> tuple[str, str, str | None] | None:
    g = m.groupdict()
    month = month_number(g["month"]) if g.get("month") else None
    try:
        if kind in ("dmy", "mdy"):
            return date(int(g["year"]), month, int(g["day"])).isoformat(), "day", None  # type: ignore[arg-type]
        if kind in ("iso", "dotted"):
            y = int(g["year"])
            y = y + 2000 if y < 100 else y
            return date(y, int(g["mon"]), int(g["day"])).isoformat(), "day", None
        if kind == "my":
            return f"{int(g['year']):04d}-{month:02d}", "month", None
        if kind == "season_year":
            return _season_span(g["season"], int(g["year"])), "season", None
        if kind == "year":
            return g["year"], "year", None
    except ValueError:
        return None
    if anchor is None:
        return None
    how = f"resolved against the article date {anchor.isoformat()}"
    if kind in ("md", "dm"):
        y = _month_before(anchor, month, None)  # type: ignore[arg-type]
        try:
            return date(y, month, int(g["day"])).isoformat(), "day", how  # type: ignore[arg-type]
        except ValueError:
            return None
    if kind == "month":
        y = _month_before(anchor, month, g.get("rel"))  # type: ignore[arg-type]
        return f"{y}-{month:02d}", "month", how
    if kind == "rel_period":
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[g["rel"].lower()]
        if g["unit"].lower() == "year":
            return str(anchor.year + shift), "year", how
        mi = anchor.year * 12 + anchor.month - 1 + shift
        return f"{mi // 12}-{mi % 12 + 1:02d}", "month", how
    if kind == "rel_season":
        start_m = _SEASONS[g["season"].lower()][0]
        rel = g["rel"].lower()
        year = anchor.year if start_m <= anchor.month else anchor.year - 1
        if rel in ("last", "past"):
            year -= 1 if start_m <= anchor.month <= start_m + 2 else 0
        elif rel == "next":
            year += 1
        return _season_span(g["season"], year), "season", how
    return None


# What a pattern cannot match without: a month name (case as written), a season word, "month"/"year" (any
# case). A passage lacking it skips that pattern (same result, a fraction of the regex scans).
_MONTH_NAMES = MONTHS
_SEASON_WORDS = ("spring", "summer", "fall", "autumn", "winter")
_DOTTED = re.compile(r"\d\.\d")  # what the dotted pattern holds; this regex scans fast
_NEEDS: dict[str, str] = {"dotted": "dotted", "dmy": "month", "mdy": "month", "my": "month", "md": "month",
                          "dm": "month",
                          "month": "month", "season_year": "season", "rel_season": "season", "rel_period": "period"}


_MONTH_WORD = re.compile("|".join(_MONTH_NAMES))  # one search, not a substring test per month (3x faster)


def _present(text: str) -> dict[str, bool]:
    low = text.casefold()  # what re.IGNORECASE equates ("ſ" is "s")
    return {"month": bool(_MONTH_WORD.search(text)), "season": any(w in low for w in _SEASON_WORDS),
            "period": "month" in low or "year" in low, "dotted": bool(_DOTTED.search(text))}


_SPACE = re.compile(r"\s*")  # a run of whitespace (see run_start)


def _month_starts(kind: str, text: str, months: list[int]) -> list[int]:
    """Every offset where a match of a month pattern can start, from the offsets of the month names.

    ``mdy``/``my``/``md`` start at the month; ``dmy``/``dm`` at a day of one or two digits, with an optional
    ordinal suffix, whitespace and an optional "of" between it and the month; ``month`` at a word of two to
    six letters (a relative word or a preposition) before the month, with an optional early/late/mid between.
    """
    if kind in ("mdy", "my", "md"):
        return months
    rev = text[::-1]
    out: set[int] = set()
    for q in months:
        e = run_start(_SPACE, rev, q)
        if kind in ("dmy", "dm"):
            ends = [e] if e < q else []
            if ends and text[e - 2:e].lower() == "of" and (e2 := run_start(_SPACE, rev, e - 2)) < e - 2:
                ends.append(e2)
            out.update(x - k for x in ends for k in range(1, 5) if x - k >= 0)
        else:  # month: "<rel>\s*<month>" or "<prep>\s+[(early|late|mid-?)\s*]<month>"
            ends = [e] + [e2 for k in (3, 4, 5) if e - k >= 0 and (e2 := run_start(_SPACE, rev, e - k)) < e - k]
            out.update(x - k for x in ends for k in range(2, 7) if x - k >= 0)
    return sorted(out)


_MONTH_KINDS = frozenset({"dmy", "mdy", "my", "md", "dm", "month"})


def _matches(kind: str, pat: re.Pattern[str], text: str, months: list[int]) -> list[re.Match[str]]:
    """``list(pat.finditer(text))``; the month patterns are tried only where a match can start."""
    if kind not in _MONTH_KINDS:
        return list(pat.finditer(text))
    return anchored_finditer(pat, text, _month_starts(kind, text, months))


def dates_in_text(text: str, article: Article | None = None) -> list[DatedMention]:
    """Every date expression in ``text``, normalised; relative ones need the article's date."""
    anchor = _anchor(article)
    taken = [False] * len(text)
    found: list[DatedMention] = []
    present = _present(text)
    months = [m.start() for m in _MONTH_WORD.finditer(text)] if present["month"] else []
    for kind, pat in _PATTERNS:
        if not present.get(_NEEDS.get(kind, ""), True):
            continue
        for m in _matches(kind, pat, text, months):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            resolved = _resolve(kind, m, anchor)
            if resolved is None:
                continue
            value, precision, how = resolved
            taken[s:e] = [True] * (e - s)
            found.append(DatedMention(value, precision, m.group(0), s, e, how))
    return sorted(found, key=lambda d: d.start)


def annotate_dates(passages: Iterable[Passage], articles: Mapping[str, Article]
                   ) -> dict[str, tuple[DatedMention, ...]]:
    """Dated mentions per passage id."""
    out: dict[str, tuple[DatedMention, ...]] = {}
    for p in passages:
        found = dates_in_text(p.text, articles.get(p.article_id))
        if found:
            out[p.id] = tuple(found)
    return out
