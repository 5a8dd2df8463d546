"""Split the blocks of one document into raw articles, passages and a fate for every line.

Private to :mod:`sources.ingest`; the blocks come from :mod:`sources.readers` (one reader per format). The rules are those of the scraped analyst sites (see the README's
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

from sources.readers import Block, Document
from sources.readers.layout import Line, split_lines  # noqa: F401  (split_lines is re-exported)

MAX_PASSAGE_CHARS = 100_000
HEADER_PARAGRAPH_CHARS = 120
BODY_PARAGRAPH_CHARS = 200

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_RE = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + "|" + "|".join(
    m[:3].capitalize() + r"\.?" for m in _MONTHS if m != "may") + "|Sept\\.?)"
_WEEKDAY_RE = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_LINE_PATTERNS = (
    re.compile(rf"(?i:(?:{_WEEKDAY_RE},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE}),?\s+(?P<y>\d{{4}})(?:\s+\d{{1,2}}:\d{{2}})?)"),
    re.compile(rf"(?i:(?:{_WEEKDAY_RE},?\s+)?(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?:\s+\d{{1,2}}:\d{{2}})?)"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"),
    re.compile(rf"(?i:(?P<m>{_MONTH_RE}),?\s+(?P<y>\d{{4}}))"),
)
# Words a dateline may carry beside the date: "Published: 5 March 2025, 14:32 GMT | Politics".
_DATE_NOISE = re.compile(
    r"(?i)\b(?:published|updated|last updated|posted|modified|date|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|cet|cest|est|edt|"
    r"bst|msk|azt|amt|get|time|local)\b|\d{1,2}:\d{2}(?::\d{2})?|[+-]\d{1,2}(?::?\d{2})?|[|·•,:/()\[\]–—-]")
_BYLINE = re.compile(r"(?:(?:Written|Posted|Reported|Words|Text|Story)\s+)?(?:By|by|BY)\s*:?\s+(?P<names>[^\s].{1,120})"
                     r"|(?:Authors?|AUTHORS?|Author\(s\))\s*:\s*(?P<names2>[^\s].{1,120})")
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


def _iso(m: re.Match[str]) -> str | None:
    """ISO date of a date match; ``a/b/yyyy`` is read month-first or day-first only when unambiguous;
    a month and year alone give ``YYYY-MM``."""
    groups = m.groupdict()
    if "a" in groups:
        a, b = int(m.group("a")), int(m.group("b"))
        if (a <= 12) == (b <= 12):
            return None
        mo, d = (a, b) if b > 12 else (b, a)
        try:
            return date(int(m.group("y")), mo, d).isoformat()
        except ValueError:
            return None
    month = m.group("m").rstrip(".").lower()
    if "d" not in groups:
        return f"{int(m.group('y')):04d}-{next(i for n, i in _MONTHS.items() if n.startswith(month)):02d}"
    mo = int(month) if month.isdigit() else next(i for name, i in _MONTHS.items() if name.startswith(month))
    try:
        return date(int(m.group("y")), mo, int(m.group("d"))).isoformat()
    except ValueError:
        return None


def parse_date_line(text: str) -> tuple[str, str] | None:
    """Return ``(iso, precision)`` if the line is a publication dateline, else None.

    A dateline is a date with at most a short label, a time and separators beside it
    ("Politics | 5 March 2025, 14:32", "Published: Mar 5, 2025 - 09:10 GMT").
    """
    s = text.strip()
    if len(s) > 100:
        return None
    for pat in _DATE_LINE_PATTERNS:
        m = pat.fullmatch(s) or pat.search(s)
        if not m:
            continue
        iso = _iso(m)
        if iso is None:
            return None
        precision = "day" if len(iso) == 10 else "month"
        rest = _DATE_NOISE.sub(" ", s[:m.start()] + " " + s[m.end():])
        rest = re.sub(rf"\b{_WEEKDAY_RE}\b", " ", rest, flags=re.IGNORECASE).split()
        if len(rest) <= 3 and sum(len(w) for w in rest) <= 30:
            return iso, precision
        return None
    return None


def split_authors(names: str) -> list[str]:
    """Split a byline's names on commas, ``and`` and ``&``; trailing non-name parts (an outlet, a role)
    are dropped when at least one part reads as a name."""
    names = re.split(r"\s+[|·•—–]\s+|\.\s+(?=[A-Z])|\s+(?:for|of|at|in)\s+(?=(?:the\s+)?[A-Z])", names.strip())[0]
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
    letters = [c for c in s if c.isalpha()]
    return (len(letters) >= 4 and len(s) <= 160 and all(c.isupper() for c in letters)
            and " " in s and _LABEL.fullmatch(s) is None)


def _ends_sentence(s: str) -> bool:
    return s.endswith(_TERMINAL)


def _chrome(text: str) -> ChromePattern | None:
    if len(text) > 2000:  # chrome is short; do not run every pattern over a huge line
        return None
    for pat in chrome_patterns():
        if pat.regex.fullmatch(text):
            return pat
    return None


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
    names = split_authors(m.group("names") or m.group("names2"))
    if not names:
        return None
    if s.startswith("by") and not any(looks_like_name(n) for n in names):
        return None
    return names


def starts_own_block(text: str) -> bool:
    """True for a line that never belongs to a wrapped paragraph: a dateline, byline, heading, footnote,
    section label, bio marker or a short chrome line (used by :func:`sources.readers.layout.plain_blocks`)."""
    s = text.strip()
    return bool(parse_date_line(s) or byline_names(s) or _BIO.fullmatch(s) or _FOOTNOTE.fullmatch(s)
                or _LABEL.match(s) or _MD_TITLE.fullmatch(s) or _MD_HEADING.fullmatch(s) or is_heading(s)
                or (len(s) <= 60 and _chrome(s)))


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _caps_repeats(blocks: list[Block]) -> set[int]:
    """Indices of all-capitals blocks that repeat a nearby block's words in mixed case (a headline twice)."""
    out: set[int] = set()
    for i, b in enumerate(blocks):
        if len(b.text) > 300 or not _is_caps(b.text):
            continue
        n = _norm(b.text)
        for j in range(max(0, i - 4), min(len(blocks), i + 5)):
            if j != i and not _is_caps(blocks[j].text) and _norm(blocks[j].text) == n:
                out.add(i)
    return out


class _FileParser:
    """One pass over the blocks of one document; see the module docstring for the rules."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.file = doc.path
        self.single = doc.single_article
        self.headerless = doc.format == "html"
        self.blocks = list(doc.blocks)
        self.caps_repeat = _caps_repeats(self.blocks)
        # "BACKGROUND:"-style labels name sections only in a document that uses several of them; a lone
        # "ISLAMABAD:" is a dateline that belongs to its paragraph.
        self.labels = len({m.group("label") for b in self.blocks if (m := _LABEL.match(b.text))}) >= 2
        self.articles: list[RawArticle] = []
        self.outside: dict[int, tuple[str, str]] = {}
        self.warnings: list[str] = []
        self.current: RawArticle | None = None
        self.pending: list[Block] = []
        self.by_line: dict[int, Block] = {b.line: b for b in self.blocks}
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

    @staticmethod
    def _mark(art: RawArticle, b: Block, fate: str, reason: str) -> None:
        for no in range(b.line, b.last_line + 1):
            art.note(no, fate, reason)

    def _apply_header(self, art: RawArticle) -> None:
        """Turn the pending short blocks before a lead paragraph into title, authors and date."""
        leftovers: list[Block] = []
        for b in self.pending:
            s = b.text.strip()
            parsed = parse_date_line(s)
            names = byline_names(s)
            md = _MD_TITLE.fullmatch(s)
            if parsed and not art.date:
                art.date, art.date_precision = parsed
                self._mark(art, b, "kept", "header: publication date")
            elif names and not art.authors:
                art.authors = names
                self._mark(art, b, "kept", "header: byline")
            elif (md or b.kind == "title") and not art.title:
                art.title = md.group("title").strip() if md else s
                self._mark(art, b, "kept", "header: title")
            else:
                leftovers.append(b)
        # The author line without "By" is the name-like line nearest the lead paragraph, printed below
        # the headline (a name-like line above a several-word line is a site or section name).
        if not art.authors:
            for i, b in reversed(list(enumerate(leftovers))):
                if len(b.text.split()) >= 3 and not looks_like_name(b.text):
                    break
                if looks_like_name(b.text):
                    art.authors = [b.text.strip()]
                    self._mark(art, b, "kept", "header: author line")
                    leftovers.remove(b)
                    break
        if not art.title and leftovers:
            # The headline: the line nearest the lead that reads as one (several words), else the nearest.
            b = next((x for x in reversed(leftovers) if len(x.text.split()) >= 3), leftovers[-1])
            leftovers.remove(b)
            art.title = b.text.strip()
            self._mark(art, b, "kept", "header: title")
        for b in leftovers:
            self._mark(art, b, "boilerplate", "site chrome: unrecognised header line")
        if not (art.title or art.authors or art.date):
            art.flags.append("no header: title, author and date unknown")
        self.pending = []

    def orphan_pending(self, reason: str) -> None:
        for b in self.pending:
            for no in range(b.line, b.last_line + 1):
                self.outside[no] = ("boilerplate", reason)
        self.pending = []

    # -- block handling -----------------------------------------------------
    def note(self, b: Block, fate: str, reason: str) -> None:
        for no in range(b.line, b.last_line + 1):
            if self.current is not None:
                self.current.note(no, fate, reason)
            else:
                self.outside[no] = (fate, reason)

    def add_passage(self, b: Block, kind: str, offset: int = 0) -> None:
        assert self.current is not None
        text = b.text[offset:].lstrip()
        start = b.start
        if offset:
            start = b.start + offset
            raw = self.doc.text
            while start < b.end and raw[start].isspace():
                start += 1
        if len(text) > MAX_PASSAGE_CHARS:
            self._mark(self.current, b, "other", f"skipped: line of {len(text):,} characters is longer than "
                                                 f"{MAX_PASSAGE_CHARS:,} (not a paragraph)")
            self.warnings.append(f"{self.file}:{b.line}: skipped a {len(text):,}-character line (too long for a passage)")
            return
        if kind != "footnote":
            if not any(p.kind != "footnote" for p in self.current.passages):
                kind = "lead"
            elif self.section and self.section.upper().startswith("CONCLU"):
                kind = "conclusion"
        self.current.passages.append(RawPassage(text, b.line, start, b.end, kind, self.section))
        self._mark(self.current, b, "kept", f"passage ({kind})")

    def _trailing_caption(self) -> Block | None:
        """The current article's last non-blank block, if it was taken for a caption (a title in disguise)."""
        art = self.current
        assert art is not None
        for no in sorted(art.fates, reverse=True):
            fate, reason = art.fates[no]
            if reason == "blank line":
                continue
            if reason.startswith("image caption: short line") and no in self.by_line or (
                    reason.startswith("image caption: short line") and self._block_ending(no)):
                b = self.by_line.get(no) or self._block_ending(no)
                for n in range(b.line, b.last_line + 1):
                    art.fates.pop(n, None)
                art.last_line = max((n for n in art.fates), default=art.first_line)
                return b
            return None
        return None

    def _block_ending(self, no: int) -> Block | None:
        return next((b for b in self.blocks if b.last_line == no), None)

    def run(self) -> ParsedFile:
        starts = self.by_line
        lines = split_lines(self.doc.text)
        index = {id(b): i for i, b in enumerate(self.blocks)}
        if self.headerless and self.blocks:
            self.open_article()
        no = 1
        while no <= len(lines):
            if no in self.doc.line_fates:
                self.outside[no] = self.doc.line_fates[no]
                no += 1
            elif no in starts:
                b = starts[no]
                if index[id(b)] in self.caps_repeat:
                    self.note(b, "boilerplate", "site chrome: headline repeated in capitals")
                else:
                    self.step(b)
                no = b.last_line + 1
            else:
                blank = not lines[no - 1].text.strip()
                fake = Block(no, no, lines[no - 1].start, lines[no - 1].end, "")
                self.note(fake, "other", "blank line" if blank else "markup line (not article text)")
                no += 1
        if self.pending and not self.articles:
            # No article structure at all: keep the text as one article of unknown metadata.
            blocks, self.pending = self.pending, []
            art = self.open_article()
            art.flags.append("no article structure: every line kept as a passage")
            for b in blocks:
                self.add_passage(b, "body")
        elif self.pending:
            self.orphan_pending("site chrome: short lines after the last article")
        return ParsedFile(self.articles, self.outside, self.warnings)

    def _markup(self, b: Block) -> bool:
        """Markdown blocks that are not prose: rules, raw HTML, images."""
        if b.kind == "rule":
            self.note(b, "other", "Markdown horizontal rule")
        elif b.kind == "html":
            self.note(b, "boilerplate", "raw HTML block in Markdown")
        elif b.kind == "image":
            self.note(b, "boilerplate", "image caption: Markdown image")
        elif b.kind == "running":
            self.note(b, "boilerplate", "PDF running header/footer or page number")
        else:
            return False
        return True

    def _header_line(self, b: Block, s: str) -> bool:
        """A dateline, byline or title line: opens the header of the next article (unless single)."""
        if not (parse_date_line(s) or byline_names(s) and len(s) <= 80 or _MD_TITLE.fullmatch(s) or b.kind == "title"):
            return False
        if self.current is not None and self.current.passages and not self.single:
            title = self._trailing_caption()
            self.close()
            if title is not None:  # the short line just before the byline was the next article's title
                self.pending.append(title)
        if self.current is None:
            self.chrome_block = False
            self.pending.append(b)
        elif not self._late_header(self.current, b, s):
            self.note(b, "kept", "header line inside article")
        return True

    def _late_header(self, art: RawArticle, b: Block, s: str) -> bool:
        """In a one-article document, a dateline or byline right after a teaser or kicker (within the
        first few passages) still gives the date or author the header lacked."""
        if not self.single or len(art.passages) > 3:
            return False
        parsed, names = parse_date_line(s), byline_names(s)
        if parsed and not art.date:
            art.date, art.date_precision = parsed
            self._mark(art, b, "kept", "header: publication date")
        elif names and not art.authors:
            art.authors = names
            self._mark(art, b, "kept", "header: byline")
        else:
            return False
        return True

    def _chrome_line(self, b: Block, s: str) -> bool:
        chrome = _chrome(s)
        if chrome is None:
            if self.current is not None and self.current.title and _norm(s) == _norm(self.current.title):
                self.note(b, "boilerplate", "site chrome: headline repeated")
                return True
            return False
        if chrome.kind == "ends_article" and not self.single:
            self.orphan_pending("site chrome before 'Published in'")
            self.note(b, "boilerplate", chrome.reason)
            self.close()
            self.chrome_block = False
        elif chrome.kind == "opens_chrome" and not self.single:
            self.note(b, "boilerplate", chrome.reason)
            self.close()
            self.chrome_block = True
        else:
            self.note(b, "boilerplate", chrome.reason)
        return True

    def step(self, b: Block) -> None:
        s = b.text.strip()
        if self._markup(b) or self._chrome_line(b, s):
            return
        if not s:
            self.note(b, "other", "empty block")
            return
        if _BIO.fullmatch(s):
            self.note(b, "kept", "author bio (closes the article)")
            if not self.single:
                self.close()
            return
        if self._header_line(b, s):
            return
        if self.chrome_block:
            self.note(b, "boilerplate", "site chrome: inside a 'Read next' / 'Visit also' block")
            return
        if _FOOTNOTE.fullmatch(s):
            if self.current is None and self.articles and not self.pending:
                self.current = self.articles[-1]
            if self.current is None:
                self.open_article()
            self.add_passage(b, "footnote")
            return
        if self._label(b, s) or self._heading(b, s):
            return
        self._text(b, s)

    def _label(self, b: Block, s: str) -> bool:
        label = _LABEL.match(s) if self.labels else None
        if not label or is_heading(s) or b.kind != "text":
            return False
        if self.current is None:
            self.open_article()
        self.section = label.group("label")
        if not s[label.end():]:
            self._mark(self.current, b, "kept", f"section label {label.group('label')}")  # type: ignore[arg-type]
            return True
        self.add_passage(b, "body", b.text.index(s) + label.end())
        return True

    def _heading(self, b: Block, s: str) -> bool:
        md_heading = _MD_HEADING.fullmatch(s)
        if not (md_heading or b.kind == "heading" or (b.kind == "text" and is_heading(s))):
            return False
        explicit = md_heading or b.kind == "heading"
        if self.current is None and not self.articles and not self.pending and not explicit \
                and not self._header_follows(b):
            # A file that opens on a heading: the article has no header of its own (unless a dateline or
            # byline follows it closely: then it is a masthead or headline above that header).
            self.open_article()
        if self.current is None:
            self.pending.append(b)
            return True
        self.section = (md_heading.group("heading") if md_heading else s).strip()
        self._mark(self.current, b, "kept", "section heading")
        return True

    def _header_follows(self, b: Block, within: int = 3) -> bool:
        i = self.blocks.index(b)
        return any(parse_date_line(x.text) or byline_names(x.text) for x in self.blocks[i + 1:i + 1 + within])

    def _text(self, b: Block, s: str) -> None:
        structural = b.kind in ("item", "quote", "table", "code")
        if self.current is None:
            if len(s) < 2 * HEADER_PARAGRAPH_CHARS and not structural and self._header_follows(b, 1):
                self.pending.append(b)  # the line right above a dateline or byline is a headline
            elif len(s) >= HEADER_PARAGRAPH_CHARS or (s.endswith(_SENTENCE_END) and len(s.split()) >= 6):
                self.open_article()
                self.add_passage(b, "body")
            else:
                self.pending.append(b)
            return
        if structural or _ends_sentence(s) or len(s) >= BODY_PARAGRAPH_CHARS:
            self.add_passage(b, "body")
        else:
            self._mark(self.current, b, "boilerplate", "image caption: short line without sentence punctuation")


def parse_document(doc: Document) -> ParsedFile:
    """Parse one document's blocks into raw articles and line fates."""
    return _FileParser(doc).run()


def parse_text(file: str, text: str) -> ParsedFile:
    """Parse plain text (as a ``.txt`` file would be read) into raw articles and line fates."""
    from sources.readers.layout import plain_blocks

    blocks = tuple(plain_blocks(text, starts_own_block))
    return parse_document(Document(file, "txt", text, blocks, "", len(text)))
