"""Query the index: passages by route, actor, date and text, with their links, actors, dates and citation.

The one place that turns :class:`Filters` into SQL; the CLI, the app and the exports all call
:func:`search_passages`, so they always agree.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from sources.actors import ActorCatalog, default_actors, uncatalogued
from sources.catalog import parse_iso_date
from sources.citation import corpus_relative, format_citation
from sources.index import Index, date_range, fts_query
from sources.models import ActorMention, Article, DatedMention, Passage


class QueryError(ValueError):
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
            parts.append(("all of " if self.all_actors and len(self.actors) > 1 else "actors: ") + ", ".join(self.actors))
        if self.date_from or self.date_to:
            what = "events" if self.event_dates else "published"
            parts.append(f"{what} {self.date_from or '…'} – {self.date_to or '…'}")
        if self.q:
            parts.append(f"search: “{self.q}”")
        if self.primary_only:
            parts.append("primary links only")
        return "; ".join(parts) or "all passages"


@dataclass(frozen=True, slots=True)
class RouteLink:
    """A passage's link to a route: strength, the words that matched (offsets into the passage), origin."""

    route: str
    strength: str
    origin: str
    evidence: tuple[tuple, ...]  # (start, end, text, kind); kind: alias, component, waypoints, context …
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching passage with everything a citation panel or export needs."""

    passage: Passage
    article: Article
    routes: tuple[RouteLink, ...]
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
            "routes": [{"id": r.route, "strength": r.strength, "origin": r.origin,
                        "evidence": [{"start": ev[0], "end": ev[1], "text": ev[2],
                                      **({"kind": ev[3]} if len(ev) > 3 else {})} for ev in r.evidence],
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


def _pg(index) -> bool:
    """Whether ``index`` is a PostgreSQL index (its SQL is in corridors.store.postgres_read)."""
    return type(index).__name__ == "PostgresStore"


def _conditions(filters: Filters, actor_ids: tuple[str, ...]):
    """The store's :class:`corridors.store.Conditions` for checked filters."""
    from corridors.store import Conditions

    lo, hi = _date_bounds(filters)
    groups = tuple((a,) for a in actor_ids) if filters.all_actors else ((tuple(actor_ids),) if actor_ids else ())
    match = fts_query(filters.q) if filters.q and filters.q.strip() else None
    return Conditions(filters.routes, filters.primary_only, groups, lo, hi, filters.event_dates, match or None)


def actor_counts(index: Index) -> dict[str, int]:
    """Passages per actor id over the whole index, parents included (what a filter by that actor finds)."""
    if _pg(index):
        return index.actor_counts()
    return {r["actor_id"]: r["n"] for r in
            index.rows("SELECT actor_id, COUNT(*) AS n FROM passage_actors GROUP BY actor_id ORDER BY n DESC")}


def officials_found(index: Index, catalog: ActorCatalog | None = None) -> list[tuple[str, str, int]]:
    """Officials found by role that the catalog does not know: ``(name, state or body id, mentions)``, most first."""
    cat = catalog or default_actors()
    seen: dict[tuple[str, str], int] = {}
    if _pg(index):
        mentions = [(m.actor_id, m.text, m.start, m.end) for _, m in index.all_actor_mentions()]
    else:
        mentions = index.rows("SELECT actor_id, text, start, \"end\" FROM actor_mentions")
    for r in mentions:
        name = uncatalogued(ActorMention(r[0], r[1], r[2], r[3]), cat)
        if name and " " in name:
            seen[(name, r[0])] = seen.get((name, r[0]), 0) + 1
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


def _member(table: str, column: str, values: list, extra: str, correlated: bool) -> str:
    """``p`` belongs to the passages of ``table`` whose ``column`` is one of ``values``.

    Correlated (``EXISTS``) lets SQLite walk passages in rank order and stop at the page size; the
    uncorrelated ``IN`` form is better when the set is small.
    """
    marks = ",".join("?" * len(values))
    if correlated:
        return f"EXISTS (SELECT 1 FROM {table} x WHERE x.passage_id = p.id AND x.{column} IN ({marks}){extra})"
    return f"p.id IN (SELECT passage_id FROM {table} x WHERE x.{column} IN ({marks}){extra})"


def _where(filters: Filters, actor_ids: tuple[str, ...], *, correlated: bool = False) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    strength = " AND x.strength = 'primary'" if filters.primary_only else ""
    if filters.routes:
        clauses.append(_member("links", "route_id", list(filters.routes), strength, correlated))
        params.extend(filters.routes)
    elif filters.primary_only:
        clauses.append("p.id IN (SELECT passage_id FROM links x WHERE x.strength = 'primary')")
    if actor_ids:
        groups = [[a] for a in actor_ids] if filters.all_actors else [list(actor_ids)]
        for group in groups:
            clauses.append(_member("passage_actors", "actor_id", group, "", correlated))
            params.extend(group)
    lo, hi = _date_bounds(filters)
    if lo or hi:
        lo, hi = lo or "0000-01-01", hi or "9999-12-31"
        if filters.event_dates:
            clauses.append("p.id IN (SELECT passage_id FROM dated_mentions WHERE date_end >= ? AND date_start <= ?)")
        else:
            clauses.append("p.pub_end >= ? AND p.pub_start <= ?")
        params.extend([lo, hi])
    if filters.q and filters.q.strip():
        match = fts_query(filters.q)
        if match:
            clauses.append("p.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)")
            params.append(match)
    return (" AND ".join(clauses) or "1"), params


def _date_bounds(filters: Filters) -> tuple[str | None, str | None]:
    """The first and last day the date filters cover; :class:`QueryError` for a bad or reversed date."""
    lo = date_range(_check_date(filters.date_from, "from"))[0]
    hi = date_range(_check_date(filters.date_to, "to"))[1]
    if lo and hi and lo > hi:
        raise QueryError(f"--from {filters.date_from} is after --to {filters.date_to}")
    return lo, hi


# A page of results from a set larger than this is found by walking passages in rank order.
_WALK_ABOVE = 2000


def _candidates(index: Index, filters: Filters, actor_ids: tuple[str, ...]) -> int:
    """An upper bound on the matches, from the cheapest set filter (counted on covering indexes)."""
    sizes = []
    if filters.routes:
        marks = ",".join("?" * len(filters.routes))
        sizes.append(index.rows(f"SELECT COUNT(*) FROM links WHERE route_id IN ({marks})", filters.routes)[0][0])
    if actor_ids:
        marks = ",".join("?" * len(actor_ids))
        sizes.append(index.rows(f"SELECT COUNT(*) FROM passage_actors WHERE actor_id IN ({marks})", actor_ids)[0][0])
    return min(sizes) if sizes else 0


def matching_ids(index: Index, filters: Filters, *, actor_catalog: ActorCatalog | None = None,
                 limit: int | None = None) -> list[str]:
    """Ids of the passages that match, newest article first, then paragraph order (the first ``limit``)."""
    actor_ids = resolve_actors(filters.actors, actor_catalog)
    if _pg(index):
        return index.matching_ids(_conditions(filters, actor_ids), limit=limit)
    walk = bool(limit) and not filters.q and _candidates(index, filters, actor_ids) > _WALK_ABOVE
    where, params = _where(filters, actor_ids, correlated=walk)
    hint = " INDEXED BY passages_rank" if walk else ""
    sql = f"SELECT p.id FROM passages p{hint} WHERE {where} ORDER BY p.rank"
    if limit:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    return [r[0] for r in index.rows(sql, params)]


def hits_for(index: Index, ids: list[str]) -> list[Hit]:
    """Full :class:`Hit` objects for passage ids, in the given order."""
    if not ids:
        return []
    passages = index.passages(ids)
    articles = index.articles_by_id(p.article_id for p in passages)
    links: dict[str, list[RouteLink]] = {}
    mentions: dict[str, list[ActorMention]] = {}
    closure: dict[str, list[str]] = {}
    dates: dict[str, list[DatedMention]] = {}
    for lk, ms, cl, ds in _annotation_rows(index, ids):
        for r in lk:
            links.setdefault(r[0], []).append(RouteLink(r[1], r[2], r[3], tuple(tuple(e) for e in _json(r[4])), r[5]))
        for r in ms:
            mentions.setdefault(r[0], []).append(ActorMention(r[1], r[2], r[3], r[4]))
        for r in cl:
            closure.setdefault(r[0], []).append(r[1])
        for r in ds:
            dates.setdefault(r[0], []).append(DatedMention(r[1], r[2], r[3], r[4], r[5], r[6]))
    dirs = corpus_dirs_of(index)
    return [Hit(p, articles[p.article_id], tuple(links.get(p.id, ())), tuple(mentions.get(p.id, ())),
                tuple(sorted(closure.get(p.id, ()))), tuple(dates.get(p.id, ())),
                format_citation(articles[p.article_id], p), corpus_relative(p.source.file, dirs)) for p in passages]


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _annotation_rows(index: Index, ids: list[str]) -> Iterator[tuple[list, list, list, list]]:
    """Links, actor mentions, actor closure and dated mentions of ``ids`` (row tuples), 500 ids at a time."""
    if _pg(index):
        links, mentions = index.links(ids), index.actor_mentions(ids)
        closure, dates = index.passage_actors(ids), index.dated_mentions(ids)
        yield ([(lk.passage_id, lk.route_id, lk.strength, lk.origin, lk.evidence, lk.reason)
                for i in ids for lk in links.get(i, ())],
               [(i, m.actor_id, m.text, m.start, m.end) for i in ids for m in mentions.get(i, ())],
               [(i, a) for i in ids for a in closure.get(i, ())],
               [(i, d.date, d.precision, d.text, d.start, d.end, d.resolved) for i in ids for d in dates.get(i, ())])
        return
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        yield (index.rows("SELECT passage_id, route_id, strength, origin, evidence, reason FROM links "
                          f"WHERE passage_id IN ({marks}) ORDER BY strength DESC, route_id", part),
               index.rows('SELECT passage_id, actor_id, text, start, "end" FROM actor_mentions '
                          f"WHERE passage_id IN ({marks}) ORDER BY start", part),
               index.rows(f"SELECT passage_id, actor_id FROM passage_actors WHERE passage_id IN ({marks})", part),
               index.rows('SELECT passage_id, date, precision, text, start, "end", resolved FROM dated_mentions '
                          f"WHERE passage_id IN ({marks}) ORDER BY start", part))


def corpus_dirs_of(index: Index) -> list[str]:
    """The corpus folders the index records (real paths), or none."""
    try:
        dirs = json.loads(getattr(index, "meta", {}).get("corpus_dirs") or "[]")
    except ValueError:
        return []
    return [str(d) for d in dirs] if isinstance(dirs, list) else []


def search_passages(index: Index, filters: Filters, *, actor_catalog: ActorCatalog | None = None,
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

    def __init__(self, index: Index, ids: Sequence[str]) -> None:
        self._index = index
        self.ids: tuple[str, ...] = tuple(ids)
        self._loaded: dict[str, Hit] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):  # type: ignore[override]
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


def lazy_hits(index: Index, filters: Filters, *, actor_catalog: ActorCatalog | None = None,
              order: str = "date") -> LazyHits:
    """Like :func:`search_passages` (same passages) but building each hit only when read.

    ``order="relevance"`` sorts by :func:`relevance_order` for ``filters.routes``; ``"date"`` keeps newest first.
    """
    ids = matching_ids(index, filters, actor_catalog=actor_catalog)
    if order == "relevance" and filters.routes:
        ids = relevance_order(index, ids, filters.routes)
    return LazyHits(index, ids)


def other_ids(index: Index, filters: Filters, shown: Sequence[str], *,
              actor_catalog: ActorCatalog | None = None) -> list[str]:
    """Passages that match ``filters`` (its route filter aside) but link to none of the ``shown`` routes,
    newest first: the "Other passages" of the app (unlinked ones, or linked only to layers switched off)."""
    ids = matching_ids(index, Filters(**{**asdict(filters), "routes": ()}), actor_catalog=actor_catalog)
    if not shown or not ids:
        return ids
    if _pg(index):
        linked = index.linked_ids(shown)
    else:
        marks = ",".join("?" * len(shown))
        linked = {r[0] for r in index.rows(f"SELECT DISTINCT passage_id FROM links WHERE route_id IN ({marks})",
                                           list(shown))}
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


def relevance(index: Index, ids: Sequence[str], routes: Sequence[str]) -> dict[str, Relevance]:
    """:class:`Relevance` of each passage for ``routes`` (absent ids have no link to them).

    score = min(EVIDENCE_CAP, Σ KIND_WEIGHT[kind] over its evidence for those routes, 1 for other kinds)
    + TOPIC_BONUS when one of those routes is the article's topic (linked by the most of its passages,
    a primary link counting twice).
    """
    routes = list(routes)
    rows: list = []
    rmarks = ",".join("?" * len(routes))
    if _pg(index):
        rows = [(lk.passage_id, lk.route_id, lk.strength, lk.evidence, art) for art, lk in index.route_links(ids, routes)]
    for chunk in range(0, len(ids) if not _pg(index) else 0, 500):
        part = list(ids[chunk:chunk + 500])
        marks = ",".join("?" * len(part))
        rows += index.rows(f"SELECT l.passage_id, l.route_id, l.strength, l.evidence, p.article_id FROM links l "
                           f"JOIN passages p ON p.id = l.passage_id WHERE l.route_id IN ({rmarks}) "
                           f"AND l.passage_id IN ({marks})", [*routes, *part])
    topics = _article_topics(index, sorted({r[4] for r in rows}))
    out: dict[str, Relevance] = {}
    for pid, rid, strength, evidence, article in rows:
        kinds = [e[3] if len(e) > 3 else "alias" for e in _json(evidence)]
        old = out.get(pid)
        weight = sum(KIND_WEIGHT.get(k, 1) for k in kinds) + (old.score if old else 0)
        best = "primary" if strength == "primary" or (old and old.strength == "primary") else "mention"
        topic = rid in topics.get(article, ()) or bool(old and old.topic)
        out[pid] = Relevance(best, weight, len(kinds) + (old.evidence if old else 0), topic)
    return {pid: Relevance(r.strength, min(EVIDENCE_CAP, r.score) + (TOPIC_BONUS if r.topic else 0), r.evidence,
                           r.topic) for pid, r in out.items()}


def _article_topics(index: Index, articles: Sequence[str]) -> dict[str, set[str]]:
    weight: dict[str, dict[str, int]] = {}
    if _pg(index):
        weight = index.article_route_weights(articles)
    for chunk in range(0, len(articles) if not _pg(index) else 0, 500):
        part = list(articles[chunk:chunk + 500])
        marks = ",".join("?" * len(part))
        for art, rid, n in index.rows(
                "SELECT p.article_id, l.route_id, SUM(CASE l.strength WHEN 'primary' THEN 2 ELSE 1 END) "
                f"FROM links l JOIN passages p ON p.id = l.passage_id WHERE p.article_id IN ({marks}) "
                "GROUP BY p.article_id, l.route_id", part):
            weight.setdefault(art, {})[rid] = n
    return {a: {r for r, n in w.items() if n == max(w.values())} for a, w in weight.items()}


def relevance_order(index: Index, ids: Sequence[str], routes: Sequence[str]) -> list[str]:
    """``ids`` relevance first for ``routes``: primary links, then mentions, then the rest; within each the
    :func:`relevance` score (highest first), then date (newest first, the order ``ids`` came in)."""
    rel = relevance(index, ids, routes)
    group = {"primary": 0, "mention": 1}
    pos = {pid: i for i, pid in enumerate(ids)}

    def key(pid: str) -> tuple:
        r = rel.get(pid)
        return (group.get(r.strength, 2), -r.score, pos[pid]) if r else (2, 0, pos[pid])

    return sorted(ids, key=key)


def route_counts(index: Index, filters: Filters, *, actor_catalog: ActorCatalog | None = None) -> dict[str, int]:
    """Number of matching passages per route, ignoring the route filter itself (for layer badges)."""
    base = Filters(**{**asdict(filters), "routes": (), "primary_only": False})
    if _pg(index):
        cond = _conditions(replace(base, primary_only=filters.primary_only), resolve_actors(base.actors, actor_catalog))
        return index.route_counts(cond)
    where, params = _where(base, resolve_actors(base.actors, actor_catalog))
    strength = " AND l.strength = 'primary'" if filters.primary_only else ""
    if where == "1":  # no filter but the strength: count straight from the links index
        sql = f"SELECT route_id AS route, COUNT(*) AS n FROM links l WHERE 1{strength} GROUP BY route_id"
        return {r["route"]: r["n"] for r in index.rows(sql)}
    sql = ("SELECT l.route_id AS route, COUNT(*) AS n FROM links l JOIN passages p ON p.id = l.passage_id "
           f"WHERE {where}{strength} GROUP BY l.route_id")
    return {r["route"]: r["n"] for r in index.rows(sql, params)}


def today() -> str:
    """Today's date, ISO (a seam for exports' "generated" line)."""
    return date.today().isoformat()
