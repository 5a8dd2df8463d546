"""The index store: one backend-neutral interface over the passages, links, actors and dated mentions.

:func:`open_store` picks the backend from the address: a ``postgresql://`` URL goes to
:mod:`corridors.store.postgres`, anything else is a SQLite file (:mod:`corridors.store.sqlite`).
Callers (queries, the app, the exports) only use the methods of :class:`Store`: typed reads and the
write operations; the SQL a backend must specialise (full-text match, date ranges, chunked ``IN``)
lives in the backend.

Writes are per article file: a :class:`FileBatch` carries the rows of a set of files (passages, line
fates, text layers, annotations) and :meth:`Store.replace_files` swaps them in, deleting the rows of
removed files, inside one transaction. Every store is scoped by a corpus key (a SQLite file holds one
corpus; PostgreSQL holds many).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from routes.models import Link
from routes.places import PlaceMatch
from sources._errors import IndexError_
from sources.models import ActorMention, Article, DatedMention, LineFate, Passage, TextLayer

__all__ = ["Annotations", "Conditions", "FileBatch", "Store", "StoreError", "is_url", "open_store", "write_store"]


class StoreError(IndexError_):
    """A store cannot be opened (unknown or unavailable backend)."""


@dataclass(frozen=True, slots=True)
class Conditions:
    """What a passage must satisfy, resolved and checked (the backend turns it into its own query).

    ``actor_groups``: the passage has at least one actor of every group (any-of is one group, all-of
    one group per actor). ``date_lo``/``date_hi`` are ISO days (inclusive), on publication or, with
    ``event_dates``, on dated mentions. ``match`` is an FTS query made by :func:`sources.index.fts_query`.
    """

    routes: tuple[str, ...] = ()
    primary_only: bool = False
    actor_groups: tuple[tuple[str, ...], ...] = ()
    date_lo: str | None = None
    date_hi: str | None = None
    event_dates: bool = False
    match: str | None = None

    @property
    def empty(self) -> bool:
        """No condition at all: every passage matches."""
        return not (self.routes or self.primary_only or self.actor_groups or self.date_lo or self.date_hi
                    or self.match)


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything the annotate step adds to passages: actor mentions, actor closure, dates, route links."""

    actor_mentions: Mapping[str, tuple[ActorMention, ...]]
    passage_actors: Mapping[str, tuple[str, ...]]
    dated_mentions: Mapping[str, tuple[DatedMention, ...]]
    links: tuple[Link, ...]
    place_mentions: Mapping[str, tuple[PlaceMatch, ...]] = field(default_factory=dict)  # routes.places


@dataclass(frozen=True, slots=True)
class FileBatch:
    """The rows of some article files, ready to store (see :meth:`Store.replace_files`).

    ``files`` names the article files whose rows this batch replaces; ``passages``, ``fates``, ``layers``
    and ``annotations`` are exactly those files' rows (a passage belongs to the file of its
    ``source.file``). Article-level data is corpus-wide and small, so it is always stored whole:
    ``articles`` (every article, in corpus order; duplicates merged across files), ``file_records``
    (every file's record, as ``IngestReport.files``) and ``meta`` (the corpus record: content hash,
    corpus folders, build report, per-file row digests …).
    """

    files: tuple[str, ...]
    passages: tuple[Passage, ...]
    fates: tuple[LineFate, ...]
    layers: tuple[TextLayer, ...]
    annotations: Annotations
    articles: tuple[Article, ...]
    file_records: tuple[dict, ...]
    meta: Mapping[str, str] = field(default_factory=dict)


class Store(ABC):
    """One corpus's index: typed reads, and per-file writes in one transaction.

    Reads never see a half-written state. ``corpus`` is the key the rows are scoped by.
    """

    corpus: str
    meta: dict[str, str]  # the corpus record (schema_version, content_hash, corpus_dirs, report, …)

    # --- lifecycle ---------------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    @abstractmethod
    def is_current(self) -> bool:
        """Whether the data this store reads is still the latest written (not replaced meanwhile)."""

    @property
    @abstractmethod
    def report(self) -> dict:
        """The build report stored with the index (:func:`sources.index.report_summary` shape)."""

    # --- typed reads -------------------------------------------------------------------------------
    @abstractmethod
    def articles(self) -> list[Article]:
        """All articles in corpus order."""

    @abstractmethod
    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        """Articles by id (unknown ids left out)."""

    @abstractmethod
    def passages(self, ids: Iterable[str] | None = None, *, article_id: str | None = None) -> list[Passage]:
        """Passages by id (in the order given), of one article (paragraph order), or all (storage order)."""

    @abstractmethod
    def text_layer(self, file: str) -> TextLayer | None:
        """The text layer stored for an HTML/PDF file, or None."""

    @abstractmethod
    def links(self, passage_ids: Sequence[str]) -> dict[str, list[Link]]:
        """Links of each passage, strongest first then by route id."""

    @abstractmethod
    def actor_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[ActorMention]]:
        """Actor mentions of each passage, in text order."""

    @abstractmethod
    def passage_actors(self, passage_ids: Sequence[str]) -> dict[str, list[str]]:
        """Actor ids of each passage with their parents (the closure the actor filter matches)."""

    def place_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[PlaceMatch]]:
        """Passage id -> the places it names (``routes.places``), found at build time, in text order.

        This default finds them in the stored text; a backend that stores them overrides it."""
        from routes.places import default_gazetteer

        gaz = default_gazetteer()
        return {p.id: found for p in self.passages(passage_ids) if (found := gaz.find(p.text))}

    @abstractmethod
    def dated_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[DatedMention]]:
        """Dated mentions of each passage, in text order."""

    @abstractmethod
    def matching_ids(self, cond: Conditions, *, limit: int | None = None) -> list[str]:
        """Ids of the passages meeting ``cond`` in rank order (newest article first, paragraph order)."""

    @abstractmethod
    def route_counts(self, cond: Conditions) -> dict[str, int]:
        """Matching passages per route (``cond.routes`` ignored; ``primary_only`` counts primary links)."""

    @abstractmethod
    def linked_ids(self, routes: Sequence[str]) -> set[str]:
        """Ids of the passages linked to any of ``routes``."""

    @abstractmethod
    def route_links(self, passage_ids: Sequence[str], routes: Sequence[str]) -> list[tuple[str, Link]]:
        """``(article_id, link)`` for the links of ``passage_ids`` to ``routes``."""

    @abstractmethod
    def article_route_weights(self, article_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        """Per article, per route: its passages' links (a primary link counting 2)."""

    @abstractmethod
    def actor_counts(self) -> dict[str, int]:
        """Passages per actor id (closure), most first."""

    @abstractmethod
    def all_actor_mentions(self) -> list[tuple[str, ActorMention]]:
        """Every actor mention as ``(passage_id, mention)``."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Row counts: articles, passages, links, actor_mentions, dated_mentions, files."""

    @abstractmethod
    def file_hashes(self) -> dict[str, str | None]:
        """Each stored article file's content hash (sha256 of its bytes) by path."""

    # --- writes ------------------------------------------------------------------------------------
    @abstractmethod
    def replace_files(self, batch: FileBatch, *, removed: Iterable[str] = ()) -> None:
        """In one transaction: delete the rows of ``batch.files`` and of the ``removed`` files, insert the
        batch's rows, store its articles, file records and meta whole, and re-rank every passage
        (newest article first, then corpus order, then paragraph). Readers see the old or the new state.

        Raises
        ------
        StoreError
            If the store was opened read-only.
        """


def is_url(db: str | Path) -> bool:
    """Whether ``db`` names a server database rather than a file."""
    return isinstance(db, str) and "://" in db


def _postgres(db: str):
    scheme = db.split("://", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise StoreError(f"{db}: unknown database kind {scheme!r} (use a file path or postgresql://…)")
    try:
        from corridors.store import postgres
    except ImportError as exc:
        raise StoreError(f"{db}: the PostgreSQL backend is not available ({exc})") from exc
    return postgres


def open_store(db: str | Path, *, corpus: str = "default", writable: bool = False) -> Store:
    """Open the store at ``db``: a ``postgresql://`` URL (rows of ``corpus``) or a SQLite file path.

    Read-only unless ``writable`` (then :meth:`Store.replace_files` may be called).
    """
    if is_url(db):
        return _postgres(str(db)).open_store(str(db), corpus=corpus, writable=writable)
    from corridors.store.sqlite import SqliteStore
    return SqliteStore(db, writable=writable)


def write_store(db: str | Path, batch: FileBatch, *, corpus: str = "default", claimed: bool = False) -> None:
    """A full rebuild: afterwards the store at ``db`` holds exactly ``batch`` for ``corpus``.

    SQLite writes a new file and swaps it in (``claimed``: see :func:`corridors.store.sqlite.write_index`);
    PostgreSQL replaces the corpus's rows in one transaction.
    """
    if is_url(db):
        _postgres(str(db)).write_store(str(db), batch, corpus=corpus)
        return
    from corridors.store.sqlite import write_index
    write_index(db, batch, claimed=claimed)
