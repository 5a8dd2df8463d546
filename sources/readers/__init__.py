"""One reader per article format, behind one interface: a file in, a :class:`Document` out.

A :class:`Document` is the text provenance points into (the decoded file for ``.txt``/``.md``; the text
layer extracted from the file for ``.html``/``.pdf``), the format's own metadata, and the text cut into
:class:`Block` s (paragraphs, headings, list items …) with their line and character spans. Article
splitting, headers and chrome are the job of :mod:`sources._parse`, the same for every format.

Readers raise :class:`ReadError` (a :class:`~sources._errors.CorpusError`) for a file they cannot use.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sources._errors import CorpusError

MAX_FILE_BYTES = 200 * 1024 * 1024


class ReadError(CorpusError):
    """A file a reader cannot use (binary, empty, encrypted, image-only, broken …)."""


@dataclass(frozen=True, slots=True)
class Block:
    """One structural unit of a document: a paragraph (possibly hard-wrapped), heading, list item …

    ``line``/``last_line`` are 1-based lines of :attr:`Document.text`; ``start``/``end`` are character
    offsets of the raw span there (``text[start:end]``); ``text`` is what a reader sees: the span's lines
    joined with single spaces (see :func:`sources.readers.layout.flow`), with Markdown inline markup
    rendered for ``.md``. For a one-line block of plain text the two are equal.
    ``kind``: ``text``, ``title``, ``heading``, ``item``, ``quote``, ``table``, ``code``, ``image``,
    ``html``, ``rule``; ``page`` is the 1-based PDF page the block starts on.
    """

    line: int
    last_line: int
    start: int
    end: int
    text: str
    kind: str = "text"
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata a format carries itself (front matter, HTML meta tags, PDF info); None/() = unknown."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader returns for one file.

    ``derived`` is True when ``text`` is a text layer extracted from the file (HTML, PDF) rather than the
    file itself; the index stores such layers so that ``text[start:end]`` can be checked later.
    ``line_fates`` holds lines the reader itself consumed (front matter, undecodable lines, Markdown
    fences), 1-based, as ``(fate, reason)``. ``single_article`` says the file holds one article (HTML, PDF,
    Markdown with front matter) so the parser does not split it at header-like lines.
    """

    path: str
    format: str
    text: str
    blocks: tuple[Block, ...]
    sha256: str
    size: int
    encoding: str | None = None
    derived: bool = False
    meta: Meta = Meta()
    pages: tuple[int, ...] = ()
    single_article: bool = False
    line_fates: dict[int, tuple[str, str]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


Reader = Callable[[Path, str, bytes], Document]


def _readers() -> dict[str, Reader]:
    from sources.readers.html import read_html
    from sources.readers.pdf import read_pdf
    from sources.readers.text import read_markdown, read_plain_text

    return {".txt": read_plain_text, ".text": read_plain_text, ".md": read_markdown,
            ".markdown": read_markdown, ".html": read_html, ".htm": read_html, ".pdf": read_pdf}


SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf")


def reader_for(path: str | Path) -> Reader | None:
    """The reader for a file's type (by suffix, case-insensitive), or None when the type is unsupported."""
    return _readers().get(Path(path).suffix.lower())


def read_document(path: str | Path, display: str | None = None) -> Document:
    """Read one file with the reader for its type.

    Raises
    ------
    ReadError
        When the type is unsupported or the file cannot be read or used; the message names the file.
    """
    p = Path(path)
    shown = display or str(p)
    reader = reader_for(p)
    if reader is None:
        raise ReadError(shown, None, f"unsupported file type {p.suffix or '(none)'!r}")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(shown, None, f"file of {size:,} bytes is larger than {MAX_FILE_BYTES:,}")
        raw = p.read_bytes()
    except OSError as exc:
        raise ReadError(shown, None, f"cannot read file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise ReadError(shown, None, "empty file (no text to ingest)")
    return reader(p, shown, raw)


def sha256(raw: bytes) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(raw).hexdigest()
