"""Annotate passages (actors, dated mentions, route links), on every core for a large corpus.

Work is cut into chunks of whole articles (actors and links need an article's passages in order: officials
named by role, topic routes), annotated in a process pool and put back together in the corpus's order, so
the result is exactly what one process gives. Curated overrides are applied once, over the whole corpus.
Small corpora, or ``workers=1``, stay in this process.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

from corridors.store import Annotations
from routes.models import Link
from sources._pool import cores, fork_pool
from sources.models import ActorMention, Article, DatedMention, IngestReport, Passage

log = logging.getLogger(__name__)

# Below this many passages a pool costs more (start, pickling) than it saves.
POOL_MIN_PASSAGES = 3000
CHUNK_PASSAGES = 400

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Whole articles: each with its passages in corpus order."""

    articles: tuple[tuple[Article | None, tuple[Passage, ...]], ...]


@dataclass(frozen=True, slots=True)
class _Done:
    mentions: dict[str, tuple[ActorMention, ...]]
    closure: dict[str, tuple[str, ...]]
    dates: dict[str, tuple[DatedMention, ...]]
    links: list[Link]
    places: dict[str, tuple]
    passages: int


def _chunks(report: IngestReport, size: int) -> list[_Chunk]:
    """Articles in order of first appearance, grouped into chunks of about ``size`` passages."""
    by_article: dict[str, list[Passage]] = {}
    for p in report.passages:
        by_article.setdefault(p.article_id, []).append(p)
    meta = {a.id: a for a in report.articles}
    out, cur, n = [], [], 0
    for aid, ps in by_article.items():
        cur.append((meta.get(aid), tuple(ps)))
        n += len(ps)
        if n >= size:
            out.append(_Chunk(tuple(cur)))
            cur, n = [], 0
    if cur:
        out.append(_Chunk(tuple(cur)))
    return out


def _annotate_chunk(chunk: _Chunk) -> _Done:
    """Actors, dates, places named and rule links (no overrides) of the articles of one chunk."""
    from routes.linking import links_for_article
    from routes.places import default_gazetteer
    from sources.actors import annotate_actors
    from sources.dates import annotate_dates

    passages = [p for _, ps in chunk.articles for p in ps]
    mentions, closure = annotate_actors(passages)
    dates = annotate_dates(passages, {a.id: a for a, _ in chunk.articles if a is not None})
    links: list[Link] = []
    for a, ps in chunk.articles:
        links.extend(links_for_article(list(ps), None, a.title if a else None))
    gazetteer = default_gazetteer()
    places = {p.id: tuple(found) for p in passages if (found := gazetteer.find(p.text))}
    return _Done(mentions, closure, dates, links, places, len(passages))


def _packed(chunk: _Chunk) -> _Done:
    """:func:`_annotate_chunk` in a pool worker: actor and dated mentions travel back as plain tuples of their
    fields (a slotted dataclass pickles and unpickles several times slower); :func:`_unpacked` remakes them."""
    d = _annotate_chunk(chunk)
    mentions = {pid: tuple(_MENTION(m) for m in ms) for pid, ms in d.mentions.items()}
    dates = {pid: tuple(_DATE(x) for x in ds) for pid, ds in d.dates.items()}
    return _Done(mentions, d.closure, dates, d.links, d.places, d.passages)  # type: ignore[arg-type]


def _unpacked(d: _Done) -> _Done:
    mentions = {pid: tuple(ActorMention(*m) for m in ms) for pid, ms in d.mentions.items()}  # type: ignore[misc]
    dates = {pid: tuple(DatedMention(*x) for x in ds) for pid, ds in d.dates.items()}  # type: ignore[misc]
    return _Done(mentions, d.closure, dates, d.links, d.places, d.passages)


_MENTION = attrgetter(*(f.name for f in fields(ActorMention)))
_DATE = attrgetter(*(f.name for f in fields(DatedMention)))


def _warm() -> None:
    """Load the catalogs and compile the rules once, before the pool forks (children inherit them)."""
    from routes.linking import default_rules
    from routes.places import default_gazetteer
    from sources.actors import default_actors

    default_actors()
    default_rules()
    default_gazetteer()


def _results(chunks: list[_Chunk], workers: int) -> Iterator[_Done]:
    if workers <= 1 or len(chunks) <= 1:
        yield from map(_annotate_chunk, chunks)
        return
    _warm()
    with fork_pool(min(workers, len(chunks))) as pool:
        yield from map(_unpacked, pool.imap(_packed, chunks))


def default_workers(passages: int) -> int:
    """The pool size for a corpus of ``passages``: every core for a large corpus, else 1 (in-process)."""
    if passages < POOL_MIN_PASSAGES:
        return 1
    return max(1, cores())


def annotate(report: IngestReport, *, workers: int | None = None, progress: Progress | None = None,
             user_overrides: str | Path | None = None) -> Annotations:
    """Find actors, dated mentions and route links in every passage of ``report``.

    Parameters
    ----------
    report
        The ingest report (or any report holding just the passages and articles to annotate: an
        incremental build may pass only the changed files' articles).
    workers
        Processes to use; default :func:`default_workers`. The result does not depend on it.
    progress
        Called with the number of passages done after each chunk.
    user_overrides
        The user's link corrections (:mod:`corridors.corrections`), applied after the curated overrides.
    """
    from routes.linking import apply_overrides, load_overrides

    n = len(report.passages)
    workers = default_workers(n) if workers is None else workers
    size = CHUNK_PASSAGES  # in one process too: chunks are what the progress bar counts
    done = list(_each(_results(_chunks(report, size), workers), progress))
    # dicts in the corpus's passage order, exactly as one pass over the passages makes them
    mentions = {k: v for d in done for k, v in d.mentions.items()}
    closure = {k: v for d in done for k, v in d.closure.items()}
    dates = {k: v for d in done for k, v in d.dates.items()}
    order = {p.id: i for i, p in enumerate(report.passages)}
    mentions, closure, dates = (dict(sorted(x.items(), key=lambda kv: order[kv[0]]))
                                for x in (mentions, closure, dates))
    links = [lk for d in done for lk in d.links]
    overrides, _ = load_overrides()
    if user_overrides is not None and Path(user_overrides).is_file():
        user, bad = load_overrides(user_overrides)
        for problem in bad:
            log.warning("user overrides skipped: %s", problem)
        overrides = [*overrides, *user]
    links = apply_overrides(links, [o for o in overrides if o.passage in order])
    places = {k: v for d in done for k, v in d.places.items()}
    log.debug("annotated %d passages with %d worker(s)", n, workers)
    return Annotations(mentions, closure, dates, tuple(links), places)


def _each(results: Iterator[_Done], progress: Progress | None) -> Iterator[_Done]:
    for d in results:
        if progress:
            progress(d.passages)
        yield d
