"""Query the index: passages by route, actor, date and text, with their links, actors, dates and citation.

The one place that turns :class:`Filters` into store :class:`~corridors.store.Conditions` (the backend
turns those into its SQL); the CLI, the app and the exports all call :func:`search_passages`, so they
always agree.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from corridors.store import Conditions, Store
from routes.models import Link
from sources._dates import date_range, parse_iso_date
from sources._errors import UsageError
from sources.actors import ActorCatalog, default_actors, uncatalogued
from sources.citation import corpus_relative, format_citation
from sources.index import fts_query
from sources.models import ActorMention, Article, DatedMention, Passage


class QueryError(UsageError):
    """A filter the user gave cannot be used (unknown actor, bad date)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user asked for; every field narrows the result (actors: any of them, or all with ``all_actors``).

    ``date_from``/``date_to`` are ISO dates of any precision (``2025``, ``2025-08``, ``2025-08-08``);
    they filter on the article's publication date, or on dated mentions when ``event_dates`` is set.
    """

    routes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    event_dates: bool = False
    q: str | None = None
    primary_only: bool = False
    all_actors: bool = False

    def describe(self) -> str:
        """A short human description of the active filters (for subtitles and messages)."""
        parts = []
        if self.routes:
            parts.append("routes: " + ", ".join(self.routes))
        if self.actors:
            parts.append(("all of " if self.all_actors and len(self.actors) > 1 else "actors: ")
                         + ", ".join(self.actors))
        if self.date_from or self.date_to:
            what = "events" if self.event_dates else "published"
            parts.append(f"{what} {self.date_from or '…'} – {self.date_to or '…'}")
        if self.q:
            parts.append(f"search: “{self.q}”")
        if self.primary_only:
            parts.append("primary links only")
        return "; ".join(parts) or "all passages"


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching passage with everything a citation panel or export needs."""

    passage: Passage
    article: Article
    routes: tuple[Link, ...]
    actors: tuple[ActorMention, ...]
    actor_ids: tuple[str, ...]
    dates: tuple[DatedMention, ...]
    citation: str = field(default="")
    source_file: str = field(default="")  # the source file relative to its corpus folder (for people)

    @property
    def id(self) -> str:
        """The passage id, ``<article-id>#p<n>``."""
        return self.passage.id

    def to_json(self) -> dict:
        """The JSON object of ``corridors passages`` (DESIGN.md's command-line contract)."""
        a = self.article
        return {
            "id": self.passage.id,
            "article": {"id": a.id, "title": a.title, "author": list(a.authors), "publisher": a.publisher,
                        "date": a.date, "date_precision": a.date_precision, "url": a.url},
            "n": self.passage.n, "kind": self.passage.kind, "section": self.passage.section,
            "text": self.passage.text,
            "routes": [{"id": r.route_id, "strength": r.strength, "origin": r.origin,
                        "evidence": [{"start": ev.start, "end": ev.end, "text": ev.text, "kind": ev.kind}
                                     for ev in r.evidence],
                        **({"reason": r.reason} if r.reason else {})} for r in self.routes],
            "actors": [mention_json(m) for m in self.actors],
            "dates": [asdict(d) for d in self.dates],
            "citation": self.citation,
            "source": asdict(self.passage.source),
        }


def mention_json(m: ActorMention, catalog: ActorCatalog | None = None) -> dict:
    """One actor mention for the JSONL: id, name, kind, the chain of parents up to its state or body, the words.

    An official the catalog does not know, found by role ("Foreign Minister Hakan Fidan"), is the mention of the
    role's state or body, with ``official`` naming the person.
    """
    cat = catalog or default_actors()
    actor = cat.actors.get(m.actor_id)
    chain = [cat.actors[a] for a in cat.ancestors(m.actor_id)[1:] if a in cat.actors]
    out = {"id": m.actor_id, "name": actor.name if actor else m.actor_id, "kind": actor.kind if actor else None,
           "parents": [{"id": a.id, "name": a.name, "kind": a.kind} for a in chain],
           "text": m.text, "start": m.start, "end": m.end}
    official = uncatalogued(m, cat) if actor else None
    if official:
        out["official"] = official
    return out


def actor_counts(index: Store) -> dict[str, int]:
    """Passages per actor id over the whole index, parents included (what a filter by that actor finds)."""
    return index.actor_counts()


def officials_found(index: Store, catalog: ActorCatalog | None = None) -> list[tuple[str, str, int]]:
    """Officials found by role that the catalog does not know: ``(name, state or body id, mentions)``, most first."""
    cat = catalog or default_actors()
    seen: dict[tuple[str, str], int] = {}
    for _, m in index.all_actor_mentions():
        name = uncatalogued(m, cat)
        if name and " " in name:
            seen[(name, m.actor_id)] = seen.get((name, m.actor_id), 0) + 1
    return sorted(((n, a, k) for (n, a), k in seen.items()), key=lambda x: (-x[2], x[0]))


def _check_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        parse_iso_date(value)
    except ValueError as exc:
        raise QueryError(f"--{name}: {exc}") from None
    return value


def resolve_actors(names: tuple[str, ...], catalog: ActorCatalog | None = None) -> tuple[str, ...]:
    """Actor ids for user-typed names or aliases; :class:`QueryError` for unknown ones."""
    cat = catalog or default_actors()
    try:
        return tuple(cat.resolve(n) for n in names)
    except KeyError as exc:
        raise QueryError(exc.args[0]) from None


def conditions(filters: Filters, actor_catalog: ActorCatalog | None = None) -> Conditions:
    """The store conditions for ``filters``: actors resolved, dates checked and widened to days, text made safe.

    Raises
    ------
    QueryError
        For an unknown actor, a malformed date or ``from`` after ``to``.
    """
    actor_ids = resolve_actors(filters.actors, actor_catalog)
    groups = tuple((a,) for a in actor_ids) if filters.all_actors else ((actor_ids,) if actor_ids else ())
    lo = date_range(_check_date(filters.date_from, "from"))[0]
    hi = date_range(_check_date(filters.date_to, "to"))[1]
    if lo and hi and lo > hi:
        raise QueryError(f"--from {filters.date_from} is after --to {filters.date_to}")
    match = fts_query(filters.q) if filters.q and filters.q.strip() else ""
    return Conditions(tuple(filters.routes), filters.primary_only, groups, lo, hi, filters.event_dates, match or None)


def matching_ids(index: Store, filters: Filters, *, actor_catalog: ActorCatalog | None = None,
                 limit: int | None = None) -> list[str]:
    """Ids of the passages that match, newest article first, then paragraph order (the first ``limit``)."""
    return index.matching_ids(conditions(filters, actor_catalog), limit=limit)


def hits_for(index: Store, ids: list[str]) -> list[Hit]:
    """Full :class:`Hit` objects for passage ids, in the given order."""
    if not ids:
        return []
    passages = index.passages(ids)
    articles = index.articles_by_id(p.article_id for p in passages)
    links, mentions = index.links(ids), index.actor_mentions(ids)
    closure, dates = index.passage_actors(ids), index.dated_mentions(ids)
    dirs = corpus_dirs_of(index)
    return [Hit(p, articles[p.article_id], tuple(links.get(p.id, ())), tuple(mentions.get(p.id, ())),
                tuple(sorted(closure.get(p.id, ()))), tuple(dates.get(p.id, ())),
                format_citation(articles[p.article_id], p), corpus_relative(p.source.file, dirs)) for p in passages]


def corpus_dirs_of(index: Store) -> list[str]:
    """The corpus folders the index records (real paths), or none."""
    try:
        dirs = json.loads(getattr(index, "meta", {}).get("corpus_dirs") or "[]")
    except ValueError:
        return []
    return [str(d) for d in dirs] if isinstance(dirs, list) else []


def search_passages(index: Store, filters: Filters, *, actor_catalog: ActorCatalog | None = None,
                    limit: int | None = None) -> list[Hit]:
    """The passages matching ``filters``, with links, actors, dates and a formatted citation.

    Raises
    ------
    QueryError
        For an unknown actor, a malformed date or ``from`` after ``to``.
    """
    return hits_for(index, matching_ids(index, filters, actor_catalog=actor_catalog, limit=limit))


class LazyHits(Sequence[Hit]):
    """The passages matching a query, as a sequence that builds :class:`Hit` objects only when read.

    ``len()`` is known at once (only ids are fetched); slicing or iterating loads hits 500 at a time and
    keeps them, so a page of 25 costs 25 hits however many passages match. Read-only and safe to share
    between sessions (the app caches one per filter set).
    """

    def __init__(self, index: Store, ids: Sequence[str]) -> None:
        self._index = index
        self.ids: tuple[str, ...] = tuple(ids)
        self._loaded: dict[str, Hit] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._load(self.ids[i])
        return self._load([self.ids[i]])[0]

    def __iter__(self) -> Iterator[Hit]:
        for chunk in range(0, len(self.ids), 500):
            yield from self._load(self.ids[chunk:chunk + 500])

    def __repr__(self) -> str:
        return f"<LazyHits {len(self.ids)} passages, {len(self._loaded)} loaded>"

    def _load(self, ids: Sequence[str]) -> list[Hit]:
        missing = [i for i in ids if i not in self._loaded]
        if missing:
            self._loaded.update({h.id: h for h in hits_for(self._index, missing)})
        return [self._loaded[i] for i in ids]


def lazy_hits(index: Store, filters: Filters, *, actor_catalog: ActorCatalog | None = None,
              order: str = "date") -> LazyHits:
    """Like :func:`search_passages` (same passages) but building each hit only when read.

    ``order="relevance"`` sorts by :func:`relevance_order` for ``filters.routes``; ``"date"`` keeps newest first.
    """
    ids = matching_ids(index, filters, actor_catalog=actor_catalog)
    if order == "relevance" and filters.routes:
        ids = relevance_order(index, ids, filters.routes)
    return LazyHits(index, ids)


def other_ids(index: Store, filters: Filters, shown: Sequence[str], *,
              actor_catalog: ActorCatalog | None = None) -> list[str]:
    """Passages that match ``filters`` (its route filter aside) but link to none of the ``shown`` routes,
    newest first: the "Other passages" of the app (unlinked ones, or linked only to layers switched off)."""
    ids = matching_ids(index, Filters(**{**asdict(filters), "routes": ()}), actor_catalog=actor_catalog)
    if not shown or not ids:
        return ids
    linked = index.linked_ids(list(shown))
    return [i for i in ids if i not in linked]


#: Relevance score per piece of link evidence, by the kind of rule that found it (see :func:`relevance_order`).
KIND_WEIGHT = {"alias": 3, "component": 3, "operator": 3, "override": 3, "waypoints": 2, "description": 2,
               "context": 1}
EVIDENCE_CAP = 12  # evidence beyond this score adds nothing (a long paragraph is not more relevant per se)
TOPIC_BONUS = 4  # the route is the article's topic: the route most of the article's passages link to


@dataclass(frozen=True, slots=True)
class Relevance:
    """How a passage ranks for some routes: its best strength, the score and what it is made of."""

    strength: str  # "primary", "mention" or "" (no link to those routes)
    score: int
    evidence: int  # pieces of evidence
    topic: bool


def relevance(index: Store, ids: Sequence[str], routes: Sequence[str]) -> dict[str, Relevance]:
    """:class:`Relevance` of each passage for ``routes`` (absent ids have no link to them).

    score = min(EVIDENCE_CAP, Σ KIND_WEIGHT[kind] over its evidence for those routes, 1 for other kinds)
    + TOPIC_BONUS when one of those routes is the article's topic (linked by the most of its passages,
    a primary link counting twice).
    """
    found = index.route_links(ids, routes)
    topics = _article_topics(index, sorted({art for art, _ in found}))
    out: dict[str, Relevance] = {}
    for article, link in found:
        pid, rid, strength = link.passage_id, link.route_id, link.strength
        kinds = [e.kind for e in link.evidence]
        old = out.get(pid)
        weight = sum(KIND_WEIGHT.get(k, 1) for k in kinds) + (old.score if old else 0)
        best = "primary" if strength == "primary" or (old and old.strength == "primary") else "mention"
        topic = rid in topics.get(article, ()) or bool(old and old.topic)
        out[pid] = Relevance(best, weight, len(kinds) + (old.evidence if old else 0), topic)
    return {pid: Relevance(r.strength, min(EVIDENCE_CAP, r.score) + (TOPIC_BONUS if r.topic else 0), r.evidence,
                           r.topic) for pid, r in out.items()}


def _article_topics(index: Store, articles: Sequence[str]) -> dict[str, set[str]]:
    weight = index.article_route_weights(articles)
    return {a: {r for r, n in w.items() if n == max(w.values())} for a, w in weight.items()}


def relevance_order(index: Store, ids: Sequence[str], routes: Sequence[str]) -> list[str]:
    """``ids`` relevance first for ``routes``: primary links, then mentions, then the rest; within each the
    :func:`relevance` score (highest first), then date (newest first, the order ``ids`` came in)."""
    rel = relevance(index, ids, routes)
    group = {"primary": 0, "mention": 1}
    pos = {pid: i for i, pid in enumerate(ids)}

    def key(pid: str) -> tuple:
        r = rel.get(pid)
        return (group.get(r.strength, 2), -r.score, pos[pid]) if r else (2, 0, pos[pid])

    return sorted(ids, key=key)


def route_counts(index: Store, filters: Filters, *, actor_catalog: ActorCatalog | None = None) -> dict[str, int]:
    """Number of matching passages per route, ignoring the route filter itself (for layer badges)."""
    return index.route_counts(conditions(filters, actor_catalog))


def today() -> str:
    """Today's date, ISO (a seam for exports' "generated" line)."""
    return date.today().isoformat()
