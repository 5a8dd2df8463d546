"""Split the blocks of one document into raw articles, passages and a fate for every line.

Private to :mod:`sources.ingest`; the blocks come from :mod:`sources.readers` (one reader per format), the
line recognisers from :mod:`sources._lines`. The rules (see the README's "Corpus conventions"): a date line """ \
"""or a ``By <Author>`` byline opens the header of the article *after*
it, ``AUTHOR'S BIO`` closes an article, ``BACKGROUND:``-style labels open a paragraph and name its
section, all-caps lines are section headings, ``[n] …`` lines are footnotes, and short lines without
sentence punctuation inside an article are image captions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sources._header import (
    ends_sentence_proper,
    fits_headline,
    header_chrome,
    header_tail,
    job_title,
    name_line,
    name_with_role,
    quoted_speech,
    reads_as_headline,
    reads_as_sentence,
    same_line,
)
from sources._lines import (  # noqa: F401
    _BIO,
    _FOOTNOTE,
    _LABEL,
    _MD_HEADING,
    _MD_TITLE,
    _SENTENCE_END,
    _caps_repeats,
    _chrome,
    _ends_sentence,
    _norm,
    _pieces,
    byline_names,
    date_in_pieces,
    date_label,
    dateline,
    is_heading,
    lead_dateline,
    looks_like_name,
    parse_date_line,
    starts_own_block,
)
from sources.readers import Block, Document
from sources.readers.layout import (  # split_lines re-exported
    Line,
    blank_separated,
    ends_mid_phrase,
    flow,
    split_lines,
    wrap_width,
)

MAX_PASSAGE_CHARS = 100_000
HEADER_PARAGRAPH_CHARS = 120
HEADER_LINE_CHARS = 240  # a header block's lines are all this short (a title, a standfirst, a byline …)
BODY_PARAGRAPH_CHARS = 200


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



def _runs(blocks: list[Block]) -> dict[int, int]:
    """The header block (run of lines with no blank line between them) of each block, by ``id``."""
    out: dict[int, int] = {}
    run, prev = 0, None
    for b in blocks:
        if prev is not None and b.line != prev.last_line + 1:
            run += 1
        out[id(b)], prev = run, b
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
        self.by_last_line: dict[int, Block] = {b.last_line: b for b in self.blocks}
        self.position = {id(b): i for i, b in enumerate(self.blocks)}
        self.section: str | None = None
        self.chrome_block = False
        self.updated_only: set[int] = set()  # articles whose date so far is an update date
        self.wrapped_outside = False  # the file's lines outside a header block are hard-wrapped
        self.width: int | None | bool = False  # the file's wrap width (all lines), once asked; False: not yet
        self.separated = False  # blank lines separate the paragraphs (plain text): a header block is a run

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
        title_at = 0  # the line of the headline, once known
        date_at = 0  # the line the date was taken from
        other_dates: list[tuple[Block, tuple[str, str]]] = []
        runs = _runs(self.pending)
        prev: Block | None = None
        for b in self.pending:
            s = b.text.strip()
            if prev is not None and runs[id(b)] == runs[id(prev)] and same_line(s, prev.text):
                self._mark(art, b, "boilerplate", "site chrome: headline repeated")  # printed twice: once
                continue
            prev = b
            md = _MD_TITLE.fullmatch(s)
            (found, shaped), names = dateline(s), byline_names(s)
            had = art.date
            if self._byline_or_date(art, b, s, (found, names)):
                date_at = b.line if art.date != had else date_at
                continue
            if (md or b.kind == "title") and not art.title:
                art.title, title_at = md.group("title").strip() if md else s, b.line
                self._mark(art, b, "kept", "header: title")
            elif shaped:  # a dateline is never a headline
                self._mark(art, b, "kept", "header: another date line (not used)" if found else
                           "header: dateline without a usable date (no year, or read two ways)")
                if found and date_label(s) != "updated":
                    other_dates.append((b, found))
            elif names:
                self._mark(art, b, "kept", "header: another byline (not used)")
            else:
                leftovers.append(b)
        # The author line without "By" is the name line nearest the lead paragraph, printed below
        # the headline (a name-like line above a several-word line is a site or section name).
        if not art.authors:
            for _i, b in reversed(list(enumerate(leftovers))):
                if job_title(b.text) and not name_line(b.text) and not name_with_role(b.text):
                    continue  # "Senior Correspondent" under the name
                name = b.text.strip() if name_line(b.text) else name_with_role(b.text)
                if len(b.text.split()) >= 3 and not name:
                    break
                if name:
                    art.authors = [name]
                    self._mark(art, b, "kept", "header: author line")
                    leftovers.remove(b)
                    break
        if not art.title:
            title_at = self._choose_title(art, leftovers, runs)
        below = [(b, found) for b, found in other_dates if title_at and b.line > title_at]
        if title_at and date_at and date_at < title_at and below:
            # A date line above the headline (a site's date bar) gives way to the article's own date line
            # printed below it (with the byline, under the standfirst).
            b, found = below[0]
            art.date, art.date_precision = found
            self._mark(art, b, "kept", "header: publication date (below the headline)")
            for no in range(date_at, self.by_line[date_at].last_line + 1 if date_at in self.by_line else date_at + 1):
                art.note(no, "kept", "header: site date bar above the headline (not used)")
        for b in [x for x in leftovers if title_at and x.line > title_at and not header_chrome(x.text)
                  and (reads_as_sentence(x.text) or quoted_speech(x.text)
                       or runs[id(x)] == runs[id(self.by_line[title_at])] and fits_headline(x.text))]:
            leftovers.remove(b)  # a sentence below the headline, or a subtitle in its header block
            self._mark(art, b, "kept", "header: standfirst (not a passage)")
        for b in leftovers:
            self._mark(art, b, "boilerplate", "site chrome: header furniture (relative date, code, counter, credit)"
                       if header_chrome(b.text) else "site chrome: unrecognised header line")
        if not (art.title or art.authors or art.date):
            art.flags.append("no header: title, author and date unknown")
        self.pending = []

    def _choose_title(self, art: RawArticle, leftovers: list[Block], runs: dict[int, int]) -> int:
        """The headline: in the header block nearest the lead that has a line reading as one (not opening in
        lower case like an image slug or alt text; else any line that can be one, :func:`_fits_headline`),
        the top-most such line (a subtitle or standfirst follows the headline); no title rather than a
        sentence, a quoted remark, a masthead or page furniture. Returns its line (0: none)."""
        size: dict[int, int] = {}
        for x in self.pending:
            size[runs[id(x)]] = size.get(runs[id(x)], 0) + 1
        fits = [x for x in leftovers if fits_headline(x.text, size[runs[id(x)]] > 1)]
        pool = [x for x in fits if reads_as_headline(x.text)] or fits
        if not pool:
            return 0
        b = next(x for x in pool if runs[id(x)] == runs[id(pool[-1])])
        leftovers.remove(b)
        art.title = b.text.strip()
        self._mark(art, b, "kept", "header: title")
        return b.line

    def _split_header_block(self, b: Block, lines: list) -> bool:
        """Cut a block of several short lines, met where an article's header is read, into one block per
        line: in a header block every line is its own field (title, standfirst, byline, date, chrome), unless
        a line ends mid-phrase (a headline wrapped after "of" or a comma). Only in plain text whose other lines
        are not hard-wrapped (there the layout's joins stand; the header's own lines say nothing about the
        wrapping), and not for a block shaped like a wrapped paragraph (:meth:`_wrapped_paragraph`). True when
        ``b`` was replaced in :attr:`blocks`."""
        if self.doc.format != "txt" or b.kind != "text" or b.last_line == b.line or not self.separated:
            return False
        own = [ln for ln in lines[b.line - 1:b.last_line] if ln.text.strip()]
        if any(len(ln.text.strip()) > HEADER_LINE_CHARS for ln in own):
            return False
        if self.wrapped_outside or self._wrapped_paragraph(own, lines):
            return False  # once hard-wrapped without one header block, the file is (it stays so without another)
        hole = [Line(ln.no, ln.start, ln.start, "") for ln in lines[b.line - 1:b.last_line]]
        if wrap_width(lines[:b.line - 1] + hole + lines[b.last_line:]) is not None:
            self.wrapped_outside = True
            return False
        groups: list[list] = []
        for ln in own:
            if groups and ends_mid_phrase(groups[-1][-1].text):
                groups[-1].append(ln)
            else:
                groups.append([ln])
        if len(groups) < 2:
            return False
        raw = self.doc.text
        parts = []
        for g in groups:
            start = g[0].start + len(g[0].text) - len(g[0].text.lstrip())
            end = g[-1].start + len(g[-1].text.rstrip())
            parts.append(Block(g[0].no, g[-1].no, start, end, flow(raw[start:end]), b.kind, b.page))
        i = self.position[id(b)]
        self.blocks[i:i + 1] = parts
        k = len(parts)
        self.caps_repeat = {j if j < i else j + k - 1 for j in self.caps_repeat if j != i} \
            | _caps_repeats(self.blocks, range(i, i + k))
        self.position = {id(x): k for k, x in enumerate(self.blocks)}
        del self.by_line[b.line], self.by_last_line[b.last_line]
        for x in parts:
            self.by_line[x.line], self.by_last_line[x.last_line] = x, x
        return True

    def _wrapped_paragraph(self, own: list[Line], lines: list[Line]) -> bool:
        """Whether lines read as one hard-wrapped paragraph at the file's wrap width: none longer than the
        width, every line but the last full (its next word would not have fitted), the last ending a sentence."""
        if self.width is False:
            self.width = wrap_width(lines)
        width = self.width
        if not width or not ends_sentence_proper(own[-1].text.rstrip()) \
                or any(len(ln.text.rstrip()) > 1.1 * width for ln in own):
            return False
        return all(len(a.text.rstrip()) + 1 + len(c.text.split()[0]) > 0.9 * width for a, c in zip(own, own[1:]))

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
            self.warnings.append(f"{self.file}:{b.line}: skipped a {len(text):,}-character line "
                                 f"(too long for a passage)")
            return
        if kind != "footnote":
            if not any(p.kind != "footnote" for p in self.current.passages):
                kind = "lead"
                if not self.current.date and (found := lead_dateline(text)):
                    self.current.date, self.current.date_precision = found
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
            b = self.by_last_line.get(no)
            if b is None or not reason.startswith("image caption: short line"):
                return None
            for n in range(b.line, b.last_line + 1):
                art.fates.pop(n, None)
            art.last_line = max((n for n in art.fates), default=art.first_line)
            return b
        return None

    def run(self) -> ParsedFile:
        starts = self.by_line
        lines = split_lines(self.doc.text)
        self.separated = blank_separated(lines)
        if self.headerless and self.blocks:
            self.open_article()
        no = 1
        while no <= len(lines):
            if no in self.doc.line_fates:
                self.outside[no] = self.doc.line_fates[no]
                no += 1
            elif no in starts:
                b = starts[no]
                if self.current is None and not self.chrome_block and self._split_header_block(b, lines):
                    b = starts[no]
                if self.position[id(b)] in self.caps_repeat:
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
        return self._byline_or_date(art, b, s)

    def _byline_or_date(self, art: RawArticle, b: Block, s: str,
                        read: tuple[tuple[str, str] | None, list[str] | None] | None = None) -> bool:
        """Take a byline, a publication date, or both on one line ("By Ann One · June 8, 2023",
        "Ann One | 3 March 2024") for ``art`` when it still lacks them; False if the line is neither (or brings
        nothing new). A date labelled as an update gives way to a publication date on a later line."""
        parsed, given = read if read is not None else (parse_date_line(s), byline_names(s))
        names: list[str] | None = given
        if parsed and not names and not art.authors:
            names = [p for p in _pieces(s) if name_line(p)][:1] or None
        if names and not art.authors and (parsed or (parsed := date_in_pieces(s))):
            art.authors = names
            if not art.date or id(art) in self.updated_only:
                self._set_date(art, parsed, s)
            self._mark(art, b, "kept", "header: byline and publication date")
        elif parsed and (not art.date or (id(art) in self.updated_only and date_label(s) == "published")):
            self._set_date(art, parsed, s)
            self._mark(art, b, "kept", "header: publication date")
        elif given and not art.authors:
            art.authors = given
            self._mark(art, b, "kept", "header: byline")
        else:
            return False
        return True

    def _set_date(self, art: RawArticle, parsed: tuple[str, str], s: str) -> None:
        art.date, art.date_precision = parsed
        if date_label(s) == "updated":
            self.updated_only.add(id(art))
        else:
            self.updated_only.discard(id(art))

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
                and not self._header_follows(b) and not self._headline_follows(b):
            # A file that opens on a heading: the article has no header of its own (unless a dateline or
            # byline follows it closely: then it is a masthead or headline above that header).
            self.open_article()
        if self.current is None:
            self.pending.append(b)
            return True
        self.section = (md_heading.group("heading") if md_heading else s).strip()
        self._mark(self.current, b, "kept", "section heading")
        return True

    def _headline_follows(self, b: Block) -> bool:
        """Whether a mixed-case headline-like line (several words, no sentence end, not chrome) comes
        after ``b`` and before the first paragraph: then a capitals line opening the file is a masthead."""
        for x in self.blocks[self.position[id(b)] + 1:]:
            s = x.text.strip()
            if len(s) >= HEADER_PARAGRAPH_CHARS or (s.endswith(_SENTENCE_END) and len(s.split()) >= 6):
                return False
            if len(s.split()) >= 3 and not is_heading(s) and not _ends_sentence(s) and _chrome(s) is None:
                return True
        return False

    def _inside_header_block(self, b: Block) -> bool:
        """Whether ``b`` sits inside a header block of plain text whose paragraphs are set off by blank lines:
        right under a header line that is no sentence itself (one standfirst, not a run of paragraphs), with
        another line of the block right below it (a standfirst between headline and byline), or as the
        block's last line under a byline or date line (the header is set off from the body by a blank line,
        so a sentence inside it is a standfirst, not the lead)."""
        i = self.position[id(b)]
        if self.doc.format != "txt" or not self.separated or not self.pending \
                or self.pending[-1].last_line + 1 != b.line or ends_sentence_proper(self.pending[-1].text):
            return False
        if i + 1 < len(self.blocks) and self.blocks[i + 1].line == b.last_line + 1:
            return True
        above: list[Block] = []
        for x in reversed(self.pending):  # the pending lines of this block, up to a blank line
            if x.last_line + 1 != (above[-1].line if above else b.line) and not self._chrome_between(x, above, b):
                break
            above.append(x)
        return len(above) >= 2 and any(parse_date_line(x.text) or byline_names(x.text) for x in above)

    def _chrome_between(self, x: Block, above: list[Block], b: Block) -> bool:
        """Whether only page-furniture lines (no blank line) lie between ``x`` and the next header line."""
        upto = above[-1].line if above else b.line
        between = range(x.last_line + 1, upto)
        return all(no in self.outside and self.outside[no][0] == "boilerplate" for no in between)

    def _header_follows(self, b: Block, within: int = 3) -> bool:
        i = self.position[id(b)]
        return any(parse_date_line(x.text) or byline_names(x.text) for x in self.blocks[i + 1:i + 1 + within])

    def _text(self, b: Block, s: str) -> None:
        structural = b.kind in ("item", "quote", "table", "code")
        if self.current is None:
            if len(s) < 2 * HEADER_PARAGRAPH_CHARS and not structural and (self._header_follows(b, 1)
                                                                          or self._inside_header_block(b)):
                self.pending.append(b)  # above a dateline or byline, or inside a header block: a header line
            elif len(s) >= HEADER_PARAGRAPH_CHARS or (ends_sentence_proper(s) and len(s.split()) >= 6):
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

    blocks = tuple(plain_blocks(text, starts_own_block, tail=header_tail))
    return parse_document(Document(file, "txt", text, blocks, "", len(text)))
