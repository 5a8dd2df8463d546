"""Split the decoded text of one file into raw articles, passages and a fate for every line.

Private to :mod:`sources.ingest`. The rules are those of the scraped analyst sites (see the README's
"Corpus conventions"): a date line or a ``By <Author>`` byline opens the header of the article *after*
it, ``AUTHOR'S BIO`` closes an article, ``BACKGROUND:``-style labels open a paragraph and name its
section, all-caps lines are section headings, ``[n] …`` lines are footnotes, and short lines without
sentence punctuation inside an article are image captions.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

MAX_PASSAGE_CHARS = 100_000
HEADER_PARAGRAPH_CHARS = 120
BODY_PARAGRAPH_CHARS = 200

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_RE = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_WEEKDAY_RE = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_LINE_PATTERNS = (
    re.compile(rf"(?:{_WEEKDAY_RE},?\s+)?(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_RE})\s+(?P<y>\d{{4}})(?:\s+\d{{1,2}}:\d{{2}})?"),
    re.compile(rf"(?:{_WEEKDAY_RE},?\s+)?(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?:\s+\d{{1,2}}:\d{{2}})?"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
)
_BYLINE = re.compile(r"(?:By|by|BY)\s+(?P<names>[^\s].{1,120})")
_BIO = re.compile(r"AUTHOR[’'`]?S?\s+BIO\b.*", re.IGNORECASE)
_LABEL = re.compile(r"(?P<label>[A-Z]{6,})\s*:(?:\s+|$)")
_FOOTNOTE = re.compile(r"\[(?P<n>\d{1,3})\]\s*\S.*")
_MD_TITLE = re.compile(r"#\s+(?P<title>\S.*)")
_MD_HEADING = re.compile(r"#{2,6}\s+(?P<heading>\S.*)")
_TERMINAL = tuple(".!?:;…\"”’)]")
_SENTENCE_END = tuple(".!…\"”")
_NAME_TOKEN = re.compile(r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.)")
_NAME_PARTICLES = {"de", "van", "von", "der", "al", "bin", "el", "da", "di", "du", "la", "le", "e"}


@dataclass(frozen=True, slots=True)
class ChromePattern:
    regex: re.Pattern[str]
    reason: str
    kind: str | None


@lru_cache(maxsize=4)
def chrome_patterns(path: str | None = None) -> tuple[ChromePattern, ...]:
    """Load the boilerplate patterns (``sources/boilerplate.toml`` unless ``path`` is given)."""
    p = Path(path) if path else Path(__file__).with_name("boilerplate.toml")
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    return tuple(ChromePattern(re.compile(d["regex"]), d["reason"], d.get("kind"))
                 for d in data.get("pattern", []))


@dataclass(slots=True)
class Line:
    no: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class RawPassage:
    text: str
    line: int
    start: int
    end: int
    kind: str
    section: str | None


@dataclass(slots=True)
class RawArticle:
    file: str
    ordinal: int
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    passages: list[RawPassage] = field(default_factory=list)
    fates: dict[int, tuple[str, str]] = field(default_factory=dict)
    first_line: int = 0
    last_line: int = 0
    flags: list[str] = field(default_factory=list)

    def note(self, line: int, fate: str, reason: str) -> None:
        self.fates[line] = (fate, reason)
        self.first_line = min(self.first_line or line, line)
        self.last_line = max(self.last_line, line)


@dataclass(slots=True)
class ParsedFile:
    articles: list[RawArticle]
    outside: dict[int, tuple[str, str]]
    warnings: list[str]


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines with their character offsets (line breaks excluded)."""
    lines: list[Line] = []
    pos = 0
    for no, m in enumerate(re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text), start=1):
        raw = m.group(0)
        if not raw and m.start() >= len(text):
            break
        body = raw.rstrip("\r\n")
        lines.append(Line(no, pos, pos + len(body), body))
        pos = m.end()
        if pos >= len(text):
            break
    return lines


def parse_date_line(text: str) -> tuple[str, str] | None:
    """Return ``(iso, "day")`` if the whole line is a publication date, else None."""
    s = text.strip()
    for pat in _DATE_LINE_PATTERNS:
        m = pat.fullmatch(s)
        if m:
            month = m.group("m")
            mo = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                return date(int(m.group("y")), mo, int(m.group("d"))).isoformat(), "day"
            except ValueError:
                return None
    return None


def split_authors(names: str) -> list[str]:
    """Split a byline's names on commas, ``and`` and ``&``."""
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", names.strip())
    return [p.strip() for p in parts if p.strip()]


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
    letters = [c for c in s if c.isalpha()]
    return (len(letters) >= 4 and len(s) <= 160 and all(c.isupper() for c in letters)
            and " " in s and _LABEL.fullmatch(s) is None)


def _ends_sentence(s: str) -> bool:
    return s.endswith(_TERMINAL)


def _chrome(text: str) -> ChromePattern | None:
    for pat in chrome_patterns():
        if pat.regex.fullmatch(text):
            return pat
    return None


class _FileParser:
    """One pass over the lines of one file; see the module docstring for the rules."""

    def __init__(self, file: str, lines: list[Line]) -> None:
        self.file = file
        self.lines = lines
        self.articles: list[RawArticle] = []
        self.outside: dict[int, tuple[str, str]] = {}
        self.warnings: list[str] = []
        self.current: RawArticle | None = None
        self.pending: list[Line] = []
        self.section: str | None = None
        self.chrome_block = False

    # -- article lifecycle -------------------------------------------------
    def close(self) -> None:
        self.current = None
        self.section = None

    def open_article(self) -> RawArticle:
        art = RawArticle(self.file, len(self.articles))
        self.articles.append(art)
        self._apply_header(art)
        self.current = art
        self.section = None
        return art

    def _apply_header(self, art: RawArticle) -> None:
        """Turn the pending short lines before a lead paragraph into title, authors and date."""
        leftovers: list[Line] = []
        for ln in self.pending:
            s = ln.text.strip()
            parsed = parse_date_line(s)
            by = _BYLINE.fullmatch(s)
            md = _MD_TITLE.fullmatch(s)
            if parsed and not art.date:
                art.date, art.date_precision = parsed
                art.note(ln.no, "kept", "header: publication date")
            elif by and not art.authors:
                art.authors = split_authors(by.group("names"))
                art.note(ln.no, "kept", "header: byline")
            elif md and not art.title:
                art.title = md.group("title").strip()
                art.note(ln.no, "kept", "header: title")
            else:
                leftovers.append(ln)
        # The author line without "By" is the name-like line nearest the lead paragraph.
        if not art.authors:
            for ln in reversed(leftovers):
                if looks_like_name(ln.text):
                    art.authors = [ln.text.strip()]
                    art.note(ln.no, "kept", "header: author line")
                    leftovers.remove(ln)
                    break
        if not art.title and leftovers:
            ln = leftovers.pop()
            art.title = ln.text.strip()
            art.note(ln.no, "kept", "header: title")
        for ln in leftovers:
            art.note(ln.no, "boilerplate", "site chrome: unrecognised header line")
        if not (art.title or art.authors or art.date):
            art.flags.append("no header: title, author and date unknown")
        self.pending = []

    def orphan_pending(self, reason: str) -> None:
        for ln in self.pending:
            self.outside[ln.no] = ("boilerplate", reason)
        self.pending = []

    # -- line handling ------------------------------------------------------
    def note(self, ln: Line, fate: str, reason: str) -> None:
        if self.current is not None:
            self.current.note(ln.no, fate, reason)
        else:
            self.outside[ln.no] = (fate, reason)

    def add_passage(self, ln: Line, kind: str, offset: int = 0) -> None:
        assert self.current is not None
        raw = ln.text
        lead_ws = len(raw) - len(raw.lstrip())
        start = ln.start + max(offset, lead_ws)
        text = raw[max(offset, lead_ws):].rstrip()
        if len(text) > MAX_PASSAGE_CHARS:
            self.current.note(ln.no, "other", f"skipped: line of {len(text):,} characters is longer than "
                                              f"{MAX_PASSAGE_CHARS:,} (not a paragraph)")
            self.warnings.append(f"{self.file}:{ln.no}: skipped a {len(text):,}-character line (too long for a passage)")
            return
        if kind != "footnote":
            if not any(p.kind != "footnote" for p in self.current.passages):
                kind = "lead"
            elif self.section and self.section.upper().startswith("CONCLU"):
                kind = "conclusion"
        self.current.passages.append(RawPassage(text, ln.no, start, start + len(text), kind, self.section))
        self.current.note(ln.no, "kept", f"passage ({kind})")

    def _trailing_caption(self) -> Line | None:
        """The current article's last non-blank line, if it was taken for a caption (a title in disguise)."""
        art = self.current
        assert art is not None
        for no in sorted(art.fates, reverse=True):
            fate, reason = art.fates[no]
            if reason == "blank line":
                continue
            if reason.startswith("image caption: short line"):
                del art.fates[no]
                art.last_line = max((n for n in art.fates), default=art.first_line)
                return self.lines[no - 1]
            return None
        return None

    def run(self) -> ParsedFile:
        for ln in self.lines:
            self.step(ln)
        if self.pending and not self.articles:
            # No article structure at all: keep the text as one article of unknown metadata.
            lines, self.pending = self.pending, []
            art = self.open_article()
            art.flags.append("no article structure: every line kept as a passage")
            for ln in lines:
                self.add_passage(ln, "body")
        elif self.pending:
            self.orphan_pending("site chrome: short lines after the last article")
        return ParsedFile(self.articles, self.outside, self.warnings)

    def step(self, ln: Line) -> None:  # noqa: C901 - one rule per branch, in priority order
        s = ln.text.strip()
        if not s:
            self.note(ln, "other", "blank line")
            return
        chrome = _chrome(s)
        if chrome:
            if chrome.kind == "ends_article":
                self.orphan_pending("site chrome before 'Published in'")
                self.note(ln, "boilerplate", chrome.reason)
                self.close()
                self.chrome_block = False
                return
            if chrome.kind == "opens_chrome":
                self.note(ln, "boilerplate", chrome.reason)
                self.close()
                self.chrome_block = True
                return
            self.note(ln, "boilerplate", chrome.reason)
            return
        if _BIO.fullmatch(s):
            self.note(ln, "kept", "author bio (closes the article)")
            self.close()
            return
        if parse_date_line(s) or _BYLINE.fullmatch(s) and len(s) <= 80 or _MD_TITLE.fullmatch(s):
            if self.current is not None and self.current.passages:
                title = self._trailing_caption()
                self.close()
                if title is not None:  # the short line just before the byline was the next article's title
                    self.pending.append(title)
            if self.current is None:
                self.chrome_block = False
                self.pending.append(ln)
            else:
                self.note(ln, "kept", "header line inside article")
            return
        if self.chrome_block:
            self.outside[ln.no] = ("boilerplate", "site chrome: inside a 'Read next' / 'Visit also' block")
            return
        foot = _FOOTNOTE.fullmatch(s)
        if foot:
            if self.current is None and self.articles and not self.pending:
                self.current = self.articles[-1]
            if self.current is None:
                self.open_article()
            self.add_passage(ln, "footnote")
            return
        label = _LABEL.match(s)
        if label and not is_heading(s):
            rest = s[label.end():]
            if not rest:
                if self.current is None:
                    self.open_article()
                self.section = label.group("label")
                self.current.note(ln.no, "kept", f"section label {label.group('label')}")  # type: ignore[union-attr]
                return
            if self.current is None:
                self.open_article()
            self.section = label.group("label")
            offset = ln.text.index(s) + label.end()
            self.add_passage(ln, "body", offset)
            return
        md_heading = _MD_HEADING.fullmatch(s)
        if md_heading or is_heading(s):
            if self.current is None and not self.articles and not self.pending and not md_heading:
                # A file that opens on a heading: the article has no header of its own.
                self.open_article()
            if self.current is None:
                self.pending.append(ln)
                return
            self.section = (md_heading.group("heading") if md_heading else s).strip()
            self.current.note(ln.no, "kept", "section heading")
            return
        if self.current is None:
            if len(s) >= HEADER_PARAGRAPH_CHARS or (s.endswith(_SENTENCE_END) and len(s.split()) >= 6):
                self.open_article()
                self.add_passage(ln, "body")
            else:
                self.pending.append(ln)
            return
        if _ends_sentence(s) or len(s) >= BODY_PARAGRAPH_CHARS:
            self.add_passage(ln, "body")
        else:
            self.current.note(ln.no, "boilerplate", "image caption: short line without sentence punctuation")


def parse_text(file: str, text: str) -> ParsedFile:
    """Parse the decoded text of one file into raw articles and line fates."""
    return _FileParser(file, split_lines(text)).run()
