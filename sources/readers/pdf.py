"""Reader for PDFs: pypdf's text layer, page by page, rebuilt into paragraphs.

Each page is read in pypdf's layout mode (vertical gaps become blank lines) with the words as plain mode
spaces them (:func:`words_from_plain`), cut into paragraph blocks
like hard-wrapped plain text, and written into a text layer one block per line (blank line between
blocks), so slicing the layer at a passage's offsets gives its words exactly. Words split by a line-end
hyphen are joined; ligatures (ﬁ, ﬀ …) are expanded; running headers and footers (the same line at the
top or bottom of several pages, digits ignored) and page numbers are kept in the layer as their own
blocks of kind ``running`` so the report shows them as dropped. A paragraph cut by a page break is
joined when the page ends mid-sentence. Title and author come from the PDF's metadata when it has them.
"""
from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from pathlib import Path

from sources.readers import Block, Document, Meta, ReadError, sha256
from sources.readers.layout import plain_blocks

log = logging.getLogger(__name__)
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_PAGE_NO = re.compile(r"(?i)(?:page\s+)?[-–—]?\s*\d{1,4}\s*(?:(?:/|of)\s*\d{1,4})?\s*[-–—]?")
# Layout mode puts a space between separately placed runs ("operated by BP ." after a link).
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +(?=[.,;:!?](?:\s|$))")
_GOES_ON = tuple("(,;:)]–—")  # a block starting so goes on from the one before when that ends mid-sentence
_PARAGRAPH_LONG = 120
_EDGE = 3  # lines at the top and bottom of a page that may be running headers/footers
_TERMINAL = tuple(".!?…\"”’):;")


def _open(shown: str, raw: bytes):
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(shown, None, "encrypted PDF (it needs a password); save an unencrypted copy")
        pages = list(reader.pages)
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(shown, None, f"broken PDF, cannot be read ({exc})") from None
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        if "crypt" in str(exc).lower():
            raise ReadError(shown, None, f"encrypted PDF that cannot be opened ({exc})") from None
        raise ReadError(shown, None, f"broken PDF, cannot be read ({type(exc).__name__}: {exc})") from None
    return reader, pages


def _page_lines(shown: str, pages, runs: list[tuple[float, str]] | None = None) -> list[list[str]]:
    """Each page's cleaned lines; ``runs`` collects page 1's text runs with their font sizes."""
    out: list[list[str]] = []
    for n, page in enumerate(pages, start=1):
        try:
            layout = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)
            plain = page.extract_text(visitor_text=_run_visitor(runs) if n == 1 and runs is not None else None)
        except Exception as exc:  # a damaged page must not lose the others
            log.warning("%s: p. %d: cannot extract text (%s)", shown, n, exc)
            layout = plain = ""
        lines = [clean_line(ln) for ln in words_from_plain(layout.splitlines(), plain.splitlines())]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        out.append(lines)
    return out


def _letters(line: str) -> str:
    return re.sub(r"\s+", "", line.translate(_LIGATURES))


def words_from_plain(layout: list[str], plain: list[str]) -> list[str]:
    """Layout-mode lines (vertical gaps, indents) with the word spacing of plain-mode extraction.

    Layout mode places every text run at its x position, so a word the PDF printer kerned into several
    runs (justified text, TJ offsets) comes out split ("Inter national"); plain mode joins runs by their
    offsets and keeps such words whole. A layout line takes the plain line with the same letters (spaces
    ignored); a line plain mode gives differently stays as layout gave it.
    """
    by_letters: dict[str, str] = {}
    for ln in plain:
        by_letters.setdefault(_letters(ln), ln)
    return [by_letters.get(_letters(ln), ln) if ln.strip() else ln for ln in layout]


def clean_line(line: str) -> str:
    """A layout-mode line as text: ligatures expanded, column padding and run-gap spaces removed."""
    return _SPACE_BEFORE_PUNCT.sub("", re.sub(r"[ \t]{2,}", " ", line.translate(_LIGATURES))).strip()


def _shape(s: str) -> str:
    return re.sub(r"\d+", "#", s.casefold())


def running_lines(pages: list[list[str]]) -> dict[tuple[int, int], str]:
    """``(page index, line index)`` → reason, for running headers/footers and page numbers."""
    edges = [[i for i in range(len(ls)) if ls[i] and (i < _EDGE or i >= len(ls) - _EDGE)] for ls in pages]
    counts = Counter(_shape(pages[p][i]) for p, idx in enumerate(edges) for i in set(idx))
    out: dict[tuple[int, int], str] = {}
    for p, idx in enumerate(edges):
        for i in idx:
            s = pages[p][i]
            if _PAGE_NO.fullmatch(s):
                out[(p, i)] = "PDF page number"
            elif len(pages) >= 2 and counts[_shape(s)] >= 2:
                out[(p, i)] = "PDF running header/footer (repeated on several pages)"
    return out


def _page_blocks(lines: list[str], page_no: int, running: dict[int, str], standalone) -> list[tuple[str, str, int]]:
    """(kind, text, page) blocks of one page: running lines apart, the rest cut like wrapped text."""
    out: list[tuple[str, str, int]] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            text = "\n".join(chunk)
            out.extend(("text", b.text, page_no) for b in plain_blocks(text, standalone))
            chunk.clear()

    for i, ln in enumerate(lines):
        if i in running:
            flush()
            out.append(("running", ln, page_no))
        else:
            chunk.append(ln)
    flush()
    return out


def _goes_on(before: str, text: str) -> bool:
    """Whether ``text`` continues the paragraph ``before`` (which ends mid-sentence): it starts in lower
    case, or with ``(`` ``,`` ``;`` … after a paragraph-long block (not after a short header line)."""
    return text[:1].islower() or (text[:1] in _GOES_ON and len(before) >= _PARAGRAPH_LONG)


def _join_across_pages(blocks: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Join a paragraph a page break or a stray vertical gap cut: the block before ends mid-sentence and
    the next one (on the same or the next page) goes on in lower case or with ``(`` ``,`` ``;`` …."""
    out: list[tuple[str, str, int]] = []
    last_text: int | None = None
    for kind, text, page in blocks:
        if kind == "text" and last_text is not None:
            k0, t0, p0 = out[last_text]
            if p0 <= page and not t0.endswith(_TERMINAL) and _goes_on(t0, text):
                joiner = "" if t0.endswith("-") and t0[-2:-1].isalpha() else " "
                out[last_text] = (k0, t0 + joiner + text, p0)
                continue
        out.append((kind, text, page))
        if kind == "text":
            last_text = len(out) - 1
    return out


class _Notes(logging.Handler):
    """Collects what pypdf logs while it reads one file (without a handler of ours, Python's last-resort
    handler printed such warnings bare on stderr, naming no file)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self._log = logging.getLogger("pypdf")

    def emit(self, record: logging.LogRecord) -> None:
        msg = " ".join(record.getMessage().split())
        if msg not in self.messages:
            self.messages.append(msg)

    def __enter__(self) -> _Notes:
        self._propagate, self._log.propagate = self._log.propagate, False
        self._log.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        self._log.removeHandler(self)
        self._log.propagate = self._propagate


def read_pdf(p: Path, shown: str, raw: bytes) -> Document:
    """Read a PDF's text layer into paragraphs with page numbers; what pypdf notes about a damaged file it
    could still read is a warning naming the file.

    Raises
    ------
    ReadError
        For an encrypted, broken or image-only (no text layer) PDF.
    """
    from sources import _parse

    with _Notes() as notes:
        reader, pages = _open(shown, raw)
        runs: list[tuple[float, str]] = []
        page_lines = _page_lines(shown, pages, runs)
    if not any(any(ls) for ls in page_lines):
        raise ReadError(shown, None, f"PDF has no text layer ({len(pages)} page(s) of images only?); "
                                     "run OCR on it first")
    running = running_lines(page_lines)
    blocks: list[tuple[str, str, int]] = []
    for n, ls in enumerate(page_lines):
        blocks += _page_blocks(ls, n + 1, {i: r for (pg, i), r in running.items() if pg == n},
                               _parse.starts_own_block)
    blocks = _join_across_pages(blocks)
    parts: list[str] = []
    out: list[Block] = []
    starts: list[int] = []
    pos, line = 0, 1
    for kind, text, page in blocks:
        while len(starts) < page:
            starts.append(pos)
        out.append(Block(line, line, pos, pos + len(text), text, kind, page))
        parts.append(text)
        pos, line = pos + len(text) + 2, line + 2
    while len(starts) < len(pages):
        starts.append(pos)
    info = reader.metadata or {}
    title = choose_title(_meta_title(info.get("/Title")), largest_text(runs))
    authors = tuple(a.strip() for a in re.split(r";|,| and ", str(info.get("/Author") or "")) if a.strip())
    meta = Meta(title, authors)
    warnings = tuple(f"{shown}: PDF read despite damage (pypdf: {m})" for m in notes.messages)
    return Document(shown, "pdf", "\n\n".join(parts) + "\n", tuple(out), sha256(raw), len(raw), None,
                    derived=True, meta=meta, pages=tuple(starts), single_article=True, warnings=warnings)


def _meta_title(value) -> str | None:
    if not value:
        return None
    s = " ".join(str(value).split())
    if re.fullmatch(r"(?i).*\.(?:html?|pdf|docx?|txt)|untitled|microsoft word.*", s):
        return None
    from sources.readers.html import _title

    return _title(s, None)


def _run_visitor(runs: list[tuple[float, str]]):
    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and size:
            runs.append((float(size) * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]), text))

    return visit


def largest_text(runs: list[tuple[float, str]]) -> str | None:
    """The first run of text in the largest font among ``(size, text)`` runs (a printed web page's
    headline), or None."""
    if not runs:
        return None
    top = max(size for size, _ in runs)
    first = next(i for i, (size, _) in enumerate(runs) if size >= top - 0.5)
    words: list[str] = []
    for size, text in runs[first:]:
        if size < top - 0.5:
            break
        words.append(text)
    return " ".join(" ".join(words).translate(_LIGATURES).split()) or None


def choose_title(meta: str | None, largest: str | None) -> str | None:
    """The PDF's title: the metadata title (site part stripped) when the page prints it in its largest
    font or no several-word largest-font line exists; else that line (the metadata of a printed web page
    can name a section, "World | Site", when the page's <title> does: a one-word title is not taken)."""
    if meta and len(meta.split()) < 2:
        meta = None  # one word is a section label ("World", "Business"), not a headline
    if largest is None or len(largest.split()) < 3:
        return meta
    if meta and _letters(meta).casefold() in _letters(largest).casefold():
        return meta
    return largest
