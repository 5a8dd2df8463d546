"""The nouns of the corpus: articles, passages, their provenance and annotations."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a piece of text sits in a source file.

    For ``.txt``/``.md`` files ``start``/``end`` are character offsets into the decoded file: for a
    one-line paragraph ``text[start:end]`` is the quote exactly; for a hard-wrapped paragraph it is the
    raw span (line breaks included) and the quote is that span's lines joined by single spaces
    (:func:`sources.readers.layout.flow`; Markdown markup rendered for ``.md``). For ``.html``/``.pdf``
    (``layer`` True) the offsets point into the text layer extracted from the file and stored with the
    index (:class:`TextLayer`), where slicing gives the quote exactly; ``sha256`` is the original file's
    hash and ``page`` the 1-based PDF page the passage starts on. ``line`` is 1-based (in the layer for
    derived text).
    """

    file: str
    line: int
    start: int
    end: int
    page: int | None = None
    sha256: str | None = None
    layer: bool = False

    @property
    def locator(self) -> str:
        """How a citation points at the place: ``p. 3`` for a PDF page, else ``line 12``."""
        return f"p. {self.page}" if self.page else f"line {self.line}"


@dataclass(frozen=True, slots=True)
class TextLayer:
    """The text extracted from an HTML or PDF file, as stored with the index (offsets point into it).

    ``pages`` holds the offset where each PDF page starts (empty for HTML).
    """

    file: str
    format: str
    sha256: str
    text: str
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """One copy of an article in one file (first and last line, 1-based)."""

    file: str
    first_line: int
    last_line: int
    canonical: bool


@dataclass(frozen=True, slots=True)
class Article:
    """One distinct article, however many files it appears in.

    ``date`` is ISO (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) or None;
    ``date_precision`` is ``day``, ``month``, ``year`` or ``estimated``
    (with the reason in ``date_note``).
    """

    id: str
    title: str | None
    authors: tuple[str, ...]
    publisher: str | None
    date: str | None
    date_precision: str | None
    date_note: str | None
    url: str | None
    sources: tuple[ArticleSource, ...]
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of an article, its exact text and where it came from.

    ``kind`` is ``lead``, ``body``, ``conclusion`` or ``footnote``; ``n`` is
    the paragraph number within the article (1-based), so the id is
    ``<article-id>#p<n>``.
    """

    id: str
    article_id: str
    n: int
    kind: str
    section: str | None
    text: str
    source: Provenance


@dataclass(frozen=True, slots=True)
class LineFate:
    """What ingest did with one input line: ``kept``, ``boilerplate``, ``duplicate`` or ``other``."""

    file: str
    line: int
    fate: str
    reason: str
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a passage: the actor id, the words matched and their offsets."""

    actor_id: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DatedMention:
    """A date found in a passage, normalised.

    ``date`` is ISO at the given precision (``day``, ``month``, ``season``,
    ``year``); ``start``/``end`` are offsets into the passage text;
    ``resolved`` says how a relative date was anchored, if it was.
    """

    date: str
    precision: str
    text: str
    start: int
    end: int
    resolved: str | None = None


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What ingest produced and what it skipped, file by file."""

    articles: tuple[Article, ...]
    passages: tuple[Passage, ...]
    fates: tuple[LineFate, ...]
    files: tuple[dict, ...] = ()
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = field(default=())
    layers: tuple[TextLayer, ...] = ()
