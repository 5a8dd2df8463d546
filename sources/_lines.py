"""Recognisers for single lines and blocks: datelines, bylines, names, headings, chrome (private).

Used by :mod:`sources._parse` (article structure) and by the readers' layout (which lines never belong to a
wrapped paragraph). Chrome patterns are data: ``sources/boilerplate.toml``.
"""
from __future__ import annotations

import importlib
import re
import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sources._datadir import cleared_on_change, data_file
from sources._dates import MONTH_OR_ABBREVIATION_PATTERN as _MONTH_RE
from sources._dates import month_number
from sources._errors import Problem, SourcesDataError
from sources._tomlfile import array_lines, compile_problem, key_line, read_toml, unknown_keys
from sources.readers import Block

_re_parser: Any = importlib.import_module("re._parser")  # the regex parser (private; Python >= 3.11)

_WEEKDAY_RE = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY = re.compile(rf"\b{_WEEKDAY_RE}\b", re.IGNORECASE)
_THIS_YEAR = date.today().year
_DATE_LINE_PATTERNS = (
    re.compile(rf"(?i:(?:{_WEEKDAY_RE},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE}),?\s+(?P<y>\d{{4}})(?:\s+\d{{1,2}}:\d{{2}})?)"),
    re.compile(rf"(?i:(?:{_WEEKDAY_RE},?\s+)?(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?:\s+\d{{1,2}}:\d{{2}})?)"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"),
    re.compile(rf"(?i:(?P<m>{_MONTH_RE}),?\s+(?P<y>\d{{4}}))"),
)
# Two-digit years, only in forms whose order is certain (see :func:`_century` for the century): a month name
# with an apostrophe year ("10 Jan.'17", "Jan. 10, '17", "May '17"), dotted day.month.yy ("10.01.17", the
# order used in the regions the sources come from), slashed a/b/yy read like a/b/yyyy. Tried only on a line
# that has such a year (:data:`_SHORT_YEAR_HINT`), after the four-digit forms.
_SHORT_YEAR_PATTERNS = (
    re.compile(rf"(?i:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE}),?\s*['’‘](?P<yy>\d{{2}})\b)"),
    re.compile(rf"(?i:(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*['’‘](?P<yy>\d{{2}})\b)"),
    re.compile(rf"(?i:(?P<m>{_MONTH_RE})\s*['’‘](?P<yy>\d{{2}})\b)"),
    re.compile(r"(?<![\d.])(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<yy>\d{2})(?![\d.])"),
    re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<yy>\d{2})(?![\d/])"),
)
_SHORT_YEAR_HINT = re.compile(r"['’‘]\d{2}\b|\d\.\d{2}\b|\d/\d{2}\b")
# A date without its year ("Dec. 20", "10 Jan."): never a publication date, but a line made of one and a place
# or a time ("Baku, Azerbaijan, Dec. 20", "10 Jan. 16:00 (UTC+3 MSK)") is a dateline, not a headline.
_NO_YEAR_AFTER = r"(?![\w'’‘])(?!\s*,?\s*['’‘]?\d{2}(?:\d{2})?(?![\d:]))"
_YEARLESS = re.compile(rf"(?i:(?<![\w'’‘])(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_RE}|{_MONTH_RE}\s+\d{{1,2}}"
                       rf"(?:st|nd|rd|th)?){_NO_YEAR_AFTER})")
# "Published: 3 March 2024 | Updated: 5 March 2024": the publication date wins over a later update.
_PUBLISHED = re.compile(r"(?i)\b(?:first\s+)?(?:published|posted)\b")
_UPDATED = re.compile(r"(?i)\b(?:last\s+)?(?:updated|modified|edited)\b")
# Words a dateline may carry beside the date: "Published: 5 March 2025, 14:32 GMT | Politics".
_DATE_NOISE = re.compile(
    r"(?i)\b(?:published|updated|last updated|posted|modified|date|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|cet|cest|est|edt|"
    r"bst|msk|azt|amt|get|time|local)\b|\d{1,2}:\d{2}(?::\d{2})?|[+-]\d{1,2}(?::?\d{2})?|[|·•,:/()\[\]–—>»›-]")
_PIECE_SEP = re.compile(r"\s*[|·•]\s*|\s+[>»›]\s+")
_LABEL_PIECE = re.compile(r"[^\W\d_][\w&'’.-]*(?:\s+[^\W\d_][\w&'’.-]*)?")  # "World", "Middle East"
_BYLINE = re.compile(r"(?:(?:Written|Posted|Reported|Words|Text|Story)\s+)?(?:By|by|BY)\s*:?\s+(?P<names>[^\s].{1,120})"
                     r"|(?:Authors?|AUTHORS?|Author\(s\))\s*:\s*(?P<names2>[^\s].{1,120})"
                     r"|(?:Authors?|AUTHORS?)\s+(?P<names3>[^\s].{1,120})")
_BIO = re.compile(r"AUTHOR[’'`]?S?\s+BIO\b.*", re.IGNORECASE)
_LABEL = re.compile(r"(?P<label>[A-Z]{6,})\s*:(?:\s+|$)")
_FOOTNOTE = re.compile(r"\[(?P<n>\d{1,3})\]\s*\S.*")
_MD_TITLE = re.compile(r"#\s+(?P<title>\S.*)")
_MD_HEADING = re.compile(r"#{2,6}\s+(?P<heading>\S.*)")
_TERMINAL = tuple(".!?:;…\"”’)]")
_SENTENCE_END = tuple(".!…\"”")
_NAME_TOKEN = re.compile(r"(?:[A-Z][\w'’\-]*\.?|(?:[A-Z]\.)+)")
_NAME_PARTICLES = {"de", "van", "von", "der", "al", "bin", "el", "da", "di", "du", "la", "le", "e"}


@dataclass(frozen=True, slots=True)
class ChromePattern:
    """One boilerplate pattern; ``width``: the shortest and longest text it can match."""

    regex: re.Pattern[str]
    reason: str
    kind: str | None
    width: tuple[int, int] = (0, sys.maxsize)


@cleared_on_change
@lru_cache(maxsize=4)
def chrome_patterns(path: str | None = None) -> tuple[ChromePattern, ...]:
    """Load the boilerplate patterns (``sources/boilerplate.toml`` unless ``path`` is given).

    Raises
    ------
    SourcesDataError
        Carrying every problem of :func:`validate_boilerplate`.
    """
    p = Path(path) if path else data_file("sources/boilerplate.toml")
    if problems := validate_boilerplate(p):
        raise SourcesDataError(problems)
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    return tuple(ChromePattern(rx, d["reason"], d.get("kind"), _width(rx))
                 for d in data.get("pattern", []) for rx in (re.compile(d["regex"]),))


_KINDS = (None, "ends_article", "opens_chrome")


def validate_boilerplate(path: str | Path | None = None) -> list[Problem]:
    """Every problem of a boilerplate file (TOML that parses; every ``[[pattern]]`` a regex that compiles, a
    non-empty reason, a known kind, no unknown key), at the line of its ``[[pattern]]``; [] when usable."""
    p = Path(path) if path else data_file("sources/boilerplate.toml")
    data, raw, problems = read_toml(p, "boilerplate rules")
    if data is None:
        return problems
    problems += unknown_keys(data, ("pattern",), p, None, "boilerplate rules")
    entries = data.get("pattern", [])
    if not isinstance(entries, list):
        return [*problems, Problem(str(p), key_line(raw, "pattern"),
                                   "`pattern` must be an array of [[pattern]] tables")]
    lines = array_lines(raw, "pattern")
    for n, d in enumerate(entries, start=1):
        line, what = lines[n - 1] if n <= len(lines) else None, f"pattern {n}"
        if not isinstance(d, dict):
            problems.append(Problem(str(p), line, f"{what}: must be a table"))
            continue
        if not isinstance(d.get("regex"), str) or not isinstance(d.get("reason"), str) or not d["reason"].strip():
            problems.append(Problem(str(p), line, f"{what}: needs a string `regex` and a non-empty `reason`"))
        elif bad := compile_problem(d["regex"], 0, p, key_line(raw, "regex", line) or line, what):
            problems.append(bad)
        if d.get("kind") not in _KINDS:
            problems.append(Problem(str(p), line,
                                    f"{what}: unknown kind {d.get('kind')!r} (one of ends_article, opens_chrome)"))
        problems += unknown_keys(d, ("regex", "reason", "kind"), p, line, what)
    return problems


def check_boilerplate(path: str | Path | None = None) -> list[str]:
    """:func:`validate_boilerplate` as ``path:line: pattern N: problem`` lines."""
    return [str(x) for x in validate_boilerplate(path)]


def _century(yy: str) -> int | None:
    """The year of a two-digit year, or None when it cannot be told.

    A web article is from 1991 (the web's first year) or later and not from the future, so ``91``–``99``
    are the 1990s and ``00`` up to this year's two digits are the 2000s; anything between (``'60``: 1960,
    before any web page, or 2060, not yet) is refused rather than guessed.
    """
    n = int(yy)
    if n >= 91:
        return 1900 + n
    return 2000 + n if n <= _THIS_YEAR % 100 else None


def _iso(m: re.Match[str]) -> str | None:
    """ISO date of a date match; ``a/b/yyyy`` is read month-first or day-first only when unambiguous;
    a month and year alone give ``YYYY-MM``; a two-digit year goes through :func:`_century`."""
    groups = m.groupdict()
    year = _century(m.group("yy")) if "yy" in groups else int(m.group("y"))
    if year is None:
        return None
    if "a" in groups:
        a, b = int(m.group("a")), int(m.group("b"))
        if (a <= 12) == (b <= 12):
            return None
        mo, d = (a, b) if b > 12 else (b, a)
        try:
            return date(year, mo, d).isoformat()
        except ValueError:
            return None
    month = m.group("m").rstrip(".").lower()
    if "d" not in groups:
        return f"{year:04d}-{month_number(month):02d}"
    mon = int(month) if month.isdigit() else month_number(month)
    if mon is None:
        return None
    try:
        return date(year, mon, int(m.group("d"))).isoformat()
    except (ValueError, TypeError):
        return None


def parse_date_line(text: str) -> tuple[str, str] | None:
    """Return ``(iso, precision)`` if the line is a publication dateline, else None.

    A dateline is a date with at most a short label, a time and separators beside it
    ("Politics | 5 March 2025, 14:32", "Published: Mar 5, 2025 - 09:10 GMT"); pieces of site chrome
    beside it ("| Share: Facebook X", "· 3 min read") are set aside first. A line giving a publication and an
    update date gives the publication date whatever their order.
    """
    found = _parse_date_line(text)
    return None if found is _REFUSED else found


def dateline(text: str) -> tuple[tuple[str, str] | None, bool]:
    """``(date, shaped)``: :func:`parse_date_line`'s date, and whether the line is a dateline at all (one
    with a date, or :func:`date_shaped`); one reading of the line for both."""
    found = _parse_date_line(text)
    if found is _REFUSED:
        return None, True
    return found, found is not None or _yearless_line(text.strip())


def _parse_date_line(text: str) -> tuple[str, str] | None:
    """:func:`parse_date_line`, or :data:`_REFUSED` for a dateline whose date cannot be read one way only."""
    found = _date_line(text)
    if found is None and len(text) <= 300:
        pieces = _pieces(text)
        keep = [p for p in pieces if not _whole_chrome(p)]
        if keep and len(keep) < len(pieces):
            found = _date_line(" | ".join(keep))
    if found and found is not _REFUSED and _UPDATED.search(text) and (pub := _PUBLISHED.search(text)):
        upd = _UPDATED.search(text, pub.end())
        segment = text[pub.start():upd.start() if upd else len(text)]
        again = _date_line(segment)
        found = again if again and again is not _REFUSED else found
    return found


def date_label(text: str) -> str | None:
    """``"updated"`` for a dateline that gives only an update date ("Updated: 5 March 2024"),
    ``"published"`` for one labelled as the publication date, else None."""
    if _PUBLISHED.search(text):
        return "published"
    return "updated" if _UPDATED.search(text) else None


def date_shaped(text: str) -> bool:
    """True for a line shaped like a dateline whose date cannot be used: a date that cannot be read one way
    only ("03/04/2024", "10/01/17", "10 Jan.'60") or one without a year, beside a place or a time ("Baku,
    Azerbaijan, Dec. 20", "10 Jan. 16:00 (UTC+3 MSK)"). Such a line is never a headline nor a paragraph."""
    return _parse_date_line(text) is _REFUSED or _yearless_line(text.strip())


def _yearless_line(s: str) -> bool:
    if len(s) > 100 or not any(c.isdigit() for c in s) or not (m := _YEARLESS.search(s)):
        return False
    rest = _rest_words(s, m)
    return len(rest) <= 3 and all(w[0].isupper() for w in rest)


_REFUSED: tuple[str, str] = ("refused", "")  # the one object: compared with ``is``


def _rest_words(s: str, m: re.Match[str]) -> list[str]:
    rest = _DATE_NOISE.sub(" ", s[:m.start()] + " " + s[m.end():])
    return _WEEKDAY.sub(" ", rest).split()


def _date_line(text: str) -> tuple[str, str] | None:
    """The date of a dateline, :data:`_REFUSED` for a dateline whose date is unreadable, else None."""
    s = text.strip()
    if len(s) > 100:
        return None
    for pat in _DATE_LINE_PATTERNS:
        m = pat.fullmatch(s) or pat.search(s)
        if m:
            return _dated(s, m)
    if _SHORT_YEAR_HINT.search(s):
        for pat in _SHORT_YEAR_PATTERNS:
            m = pat.search(s)
            if m:
                return _dated(s, m)
    return None


def _dated(s: str, m: re.Match[str]) -> tuple[str, str] | None:
    rest = _rest_words(s, m)
    if len(rest) > 3 or sum(len(w) for w in rest) > 30:
        return None
    if "d" not in m.groupdict() and any(w[0].islower() for w in rest):
        return None  # a month and year beside lower-case words is a caption ("The port, May 2023"), no dateline
    iso = _iso(m)
    if iso is None:
        return _REFUSED
    return iso, "day" if len(iso) == 10 else "month"


def date_in_pieces(text: str) -> tuple[str, str] | None:
    """The date of the first piece of a ``·``/``|``-joined line that is a dateline
    ("by Ann One · June 8, 2023"), else None."""
    pieces = _pieces(text)
    if len(pieces) < 2:
        return None
    return next((found for p in pieces if (found := _date_line(p)) and found is not _REFUSED), None)


def _pieces(text: str) -> list[str]:
    """The pieces of a line of page furniture joined by ``|`` ``·`` ``•`` ``>`` ``»`` ``›``."""
    return [p.strip() for p in _PIECE_SEP.split(text.strip()) if p.strip()]


# A news agency's dateline opening the lead: "Baku/03.02.22/Turan: …", "TBILISI, 14.11.2024 (Agency) – …".
_LEAD_DATELINE = re.compile(r"[A-Z][A-Za-z .'-]{1,30}\s*[/,]\s*(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2}|\d{4})\b")


# The same with the month in words and a four-digit year, closed by a dash or colon: "KAVRAN, MAY 3 2024,
# (Lake Wire) — …", "3 May 2024 (Lake Wire) - …". Without the dash it is a sentence that opens on a date.
_LEAD_WORD_DATE = re.compile(
    rf"(?:[A-Z][A-Za-z .'-]{{1,30}},\s*)?"
    rf"(?i:(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_RE})|(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}}))"
    r",?\s+(?P<y>\d{4}),?\s*(?:\([^()]{1,40}\)\s*)?[-–—:]")


def lead_dateline(text: str) -> tuple[str, str] | None:
    """The date of an agency dateline at the very start of a lead paragraph (a two-digit year through
    :func:`_century`; a month in words needs a four-digit year and a dash or colon after the date)."""
    m = _LEAD_DATELINE.match(text)
    if not m:
        w = _LEAD_WORD_DATE.match(text)
        if not w or (mon := month_number((w.group("m") or w.group("m2")).rstrip(".").lower())) is None:
            return None
        try:
            return date(int(w.group("y")), mon, int(w.group("d") or w.group("d2"))).isoformat(), "day"
        except ValueError:
            return None
    year = int(m.group("y")) if len(m.group("y")) == 4 else _century(m.group("y"))
    if year is None:
        return None
    try:
        return date(year, int(m.group("m")), int(m.group("d"))).isoformat(), "day"
    except ValueError:
        return None


# Where a byline's names end: a separator, a full stop that is not an initial's ("C.K. Daly" stays whole),
# "for/of/at/in" before a capital (an outlet, a role).
_NAMES_END = re.compile(r"\s+[|·•—–]\s+|(?<!\b[A-Z])\.\s+(?=[A-Z])|\s+(?:for|of|at|in)\s+(?=(?:the\s+)?[A-Z])")


def split_authors(names: str) -> list[str]:
    """Split a byline's names on commas, ``and`` and ``&``; trailing non-name parts (an outlet, a role)
    are dropped when at least one part reads as a name."""
    names = _NAMES_END.split(names.strip())[0]
    parts = [p.strip(" .") for p in re.split(r"\s*(?:,|&|\band\b)\s*", names.strip()) if p.strip(" .")]
    named = [p for p in parts if looks_like_name(p) or looks_like_name(p.title())]
    return named or parts


def looks_like_name(text: str) -> bool:
    """True for a short line that reads as a person's name (2–5 capitalised tokens, no digits)."""
    s = text.strip()
    if not s or len(s) > 50 or any(ch.isdigit() for ch in s) or s.endswith(tuple("?!:;")):
        return False
    tokens = s.split()
    if not 2 <= len(tokens) <= 5:
        return False
    return all(_NAME_TOKEN.fullmatch(t) or t.lower() in _NAME_PARTICLES for t in tokens)


def is_heading(text: str) -> bool:
    """True for an all-caps section heading (at least two letters' worth of words, no lowercase)."""
    s = text.strip()
    if len(s) > 160 or " " not in s:  # the cheap tests first: most lines are long paragraphs
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and _LABEL.fullmatch(s) is None


def _ends_sentence(s: str) -> bool:
    return s.endswith(_TERMINAL)


def _whole_chrome(text: str) -> ChromePattern | None:
    if len(text) > 2000:  # chrome is short; do not run every pattern over a huge line
        return None
    n = len(text)
    for pat in chrome_patterns():
        if pat.width[0] <= n <= pat.width[1] and pat.regex.fullmatch(text):  # other lengths cannot match
            return pat
    return None


def _width(rx: re.Pattern[str]) -> tuple[int, int]:
    """The shortest and longest text ``rx`` can match, from the regex parser (most chrome patterns are
    bounded: a paragraph is then not run through them)."""
    try:
        return _re_parser.parse(rx.pattern, rx.flags).getwidth()
    except Exception:  # noqa: BLE001 - an unknown construct: no bounds, the regex always runs
        return 0, sys.maxsize


def _chrome(text: str) -> ChromePattern | None:
    """The boilerplate pattern a line is, or None. A line of pieces joined by ``|`` ``·`` ``>`` …
    ("17:41 | Share: Facebook X", "WORLD · 6 min read") is chrome when every piece is chrome or a one- or
    two-word label and at least one is chrome; a piece holding a date makes it a dateline, not chrome."""
    whole = _whole_chrome(text)
    if whole is not None or len(text) > 300:
        return whole
    pieces = _pieces(text)
    if len(pieces) < 2:
        return None
    found: ChromePattern | None = None
    for piece in pieces:
        if any(pat.search(piece) for pat in _DATE_LINE_PATTERNS):
            return None
        m = _whole_chrome(piece)
        if m is None and not _LABEL_PIECE.fullmatch(piece):
            return None
        found = found or m
    return found


def byline_names(text: str) -> list[str] | None:
    """The names of a byline line (``By Ann One and Bob Two``, ``Author: Ann One``), else None.

    A lower-case ``by`` (as at the start of a wrapped line) only counts when what follows reads as names.
    """
    s = text.strip()
    if len(s) > 120:
        return None
    m = _BYLINE.fullmatch(s)
    if not m:
        return None
    names = split_authors(m.group("names") or m.group("names2") or m.group("names3"))
    if not names:
        return None
    if s.startswith("by") and not any(looks_like_name(n) for n in names):
        return None
    if m.group("names3") and not all(looks_like_name(n) for n in names):
        return None  # "Authors A, B" without a colon: only when every part reads as a name
    return names


def starts_own_block(text: str) -> bool:
    """True for a line that never belongs to a wrapped paragraph: a dateline (also one whose date is unusable,
    see :func:`date_shaped`), byline, heading, footnote, section label, bio marker or a short chrome line
    (used by :func:`sources.readers.layout.plain_blocks`)."""
    s = text.strip()
    return bool(_parse_date_line(s) or byline_names(s) or _BIO.fullmatch(s) or _FOOTNOTE.fullmatch(s)
                or _LABEL.match(s) or _MD_TITLE.fullmatch(s) or _MD_HEADING.fullmatch(s) or is_heading(s)
                or ((len(s) <= 60 or not any(c.isalnum() for c in s)) and _chrome(s)) or _yearless_line(s))


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _caps_repeats(blocks: list[Block], only: range | None = None) -> set[int]:
    """Indices of all-capitals blocks that repeat a nearby block's words in mixed case (a headline twice);
    ``only``: look at these indices only."""
    out: set[int] = set()
    for i in only if only is not None else range(len(blocks)):
        b = blocks[i]
        if len(b.text) > 300 or not _is_caps(b.text):
            continue
        n = _norm(b.text)
        for j in range(max(0, i - 4), min(len(blocks), i + 5)):
            if j != i and not _is_caps(blocks[j].text) and _norm(blocks[j].text) == n:
                out.add(i)
    return out
