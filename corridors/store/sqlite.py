"""The SQLite backend of :class:`corridors.store.Store` (one corpus per file, FTS5 full-text search)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from corridors.store import Conditions, FileBatch, Store
from routes.models import Evidence, Link
from sources.index import Index
from sources.models import ActorMention, Article, DatedMention, TextLayer

CHUNK = 500  # ids per IN (…) list (SQLite's bound-parameter limit is far above)


def _marks(n: int) -> str:
    return ",".join("?" * n)


class SqliteStore(Index, Store):
    """A read view of one SQLite index file; safe to share between threads."""

    corpus = "default"

    def _per_passage(self, sql: str, ids: Sequence[str], make) -> dict[str, list]:
        """Rows of ``sql`` (``{marks}`` for the chunked id list) grouped by passage id, mapped by ``make``."""
        out: dict[str, list] = {}
        ids = list(ids)
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            for r in self.rows(sql.format(marks=_marks(len(part))), part):
                out.setdefault(r["passage_id"], []).append(make(r))
        return out

    def text_layer(self, file: str) -> TextLayer | None:
        rows = self.rows("SELECT * FROM text_layers WHERE file = ?", (file,))
        if not rows:
            return None
        r = rows[0]
        return TextLayer(r["file"], r["format"], r["sha256"], r["text"], tuple(json.loads(r["pages"])))

    def links(self, passage_ids: Sequence[str]) -> dict[str, list[Link]]:
        return self._per_passage("SELECT * FROM links WHERE passage_id IN ({marks}) ORDER BY strength DESC, route_id",
                                 passage_ids, _link)

    def actor_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[ActorMention]]:
        return self._per_passage('SELECT * FROM actor_mentions WHERE passage_id IN ({marks}) ORDER BY start',
                                 passage_ids, lambda r: ActorMention(r["actor_id"], r["text"], r["start"], r["end"]))

    def passage_actors(self, passage_ids: Sequence[str]) -> dict[str, list[str]]:
        return self._per_passage("SELECT * FROM passage_actors WHERE passage_id IN ({marks})", passage_ids,
                                 lambda r: r["actor_id"])

    def dated_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[DatedMention]]:
        return self._per_passage(
            'SELECT * FROM dated_mentions WHERE passage_id IN ({marks}) ORDER BY start', passage_ids,
            lambda r: DatedMention(r["date"], r["precision"], r["text"], r["start"], r["end"], r["resolved"]))

    def matching_ids(self, cond: Conditions, *, limit: int | None = None) -> list[str]:
        walk = bool(limit) and not cond.match and self._candidates(cond) > _WALK_ABOVE
        where, params = _where(cond, correlated=walk)
        hint = " INDEXED BY passages_rank" if walk else ""
        sql = f"SELECT p.id FROM passages p{hint} WHERE {where} ORDER BY p.rank"
        if limit:
            sql += " LIMIT ?"
            params = [*params, int(limit)]
        return [r[0] for r in self.rows(sql, params)]

    def _candidates(self, cond: Conditions) -> int:
        """An upper bound on the matches, from the cheapest set condition (counted on covering indexes)."""
        sizes = []
        if cond.routes:
            sizes.append(self.rows(f"SELECT COUNT(*) FROM links WHERE route_id IN ({_marks(len(cond.routes))})",
                                   cond.routes)[0][0])
        actors = sorted({a for g in cond.actor_groups for a in g})
        if actors:
            sizes.append(self.rows(f"SELECT COUNT(*) FROM passage_actors WHERE actor_id IN ({_marks(len(actors))})",
                                   actors)[0][0])
        return min(sizes) if sizes else 0

    def route_counts(self, cond: Conditions) -> dict[str, int]:
        strength = " AND l.strength = 'primary'" if cond.primary_only else ""
        base = Conditions(actor_groups=cond.actor_groups, date_lo=cond.date_lo, date_hi=cond.date_hi,
                          event_dates=cond.event_dates, match=cond.match)
        if base.empty:  # no filter but the strength: count straight from the links index
            sql = f"SELECT route_id AS route, COUNT(*) AS n FROM links l WHERE 1{strength} GROUP BY route_id"
            return {r["route"]: r["n"] for r in self.rows(sql)}
        where, params = _where(base)
        sql = ("SELECT l.route_id AS route, COUNT(*) AS n FROM links l JOIN passages p ON p.id = l.passage_id "
               f"WHERE {where}{strength} GROUP BY l.route_id")
        return {r["route"]: r["n"] for r in self.rows(sql, params)}

    def linked_ids(self, routes: Sequence[str]) -> set[str]:
        return {r[0] for r in self.rows(f"SELECT DISTINCT passage_id FROM links WHERE route_id IN "
                                        f"({_marks(len(routes))})", list(routes))}

    def route_links(self, passage_ids: Sequence[str], routes: Sequence[str]) -> list[tuple[str, Link]]:
        out: list[tuple[str, Link]] = []
        ids, routes = list(passage_ids), list(routes)
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            out += [(r["article_id"], _link(r)) for r in self.rows(
                f"SELECT l.*, p.article_id FROM links l JOIN passages p ON p.id = l.passage_id "
                f"WHERE l.route_id IN ({_marks(len(routes))}) AND l.passage_id IN ({_marks(len(part))})",
                [*routes, *part])]
        return out

    def article_route_weights(self, article_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        weight: dict[str, dict[str, int]] = {}
        ids = list(article_ids)
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            for art, rid, n in self.rows(
                    "SELECT p.article_id, l.route_id, SUM(CASE l.strength WHEN 'primary' THEN 2 ELSE 1 END) "
                    f"FROM links l JOIN passages p ON p.id = l.passage_id WHERE p.article_id IN ({_marks(len(part))}) "
                    "GROUP BY p.article_id, l.route_id", part):
                weight.setdefault(art, {})[rid] = n
        return weight

    def actor_counts(self) -> dict[str, int]:
        return {r["actor_id"]: r["n"] for r in
                self.rows("SELECT actor_id, COUNT(*) AS n FROM passage_actors GROUP BY actor_id ORDER BY n DESC")}

    def all_actor_mentions(self) -> list[tuple[str, ActorMention]]:
        return [(r["passage_id"], ActorMention(r["actor_id"], r["text"], r["start"], r["end"]))
                for r in self.rows('SELECT passage_id, actor_id, text, start, "end" FROM actor_mentions')]

    def counts(self) -> dict[str, int]:
        return {t: self.rows(f"SELECT COUNT(*) FROM {t}")[0][0]
                for t in ("files", "articles", "passages", "links", "actor_mentions", "dated_mentions")}

    def file_hashes(self) -> dict[str, str | None]:
        return {r["path"]: r["sha256"] for r in self.rows("SELECT path, sha256 FROM files")}

    def replace_files(self, batch: FileBatch, *, removed: Iterable[str] = (), articles: Sequence[Article]) -> None:
        raise NotImplementedError


# A page of results from a set larger than this is found by walking passages in rank order.
_WALK_ABOVE = 2000


def _member(table: str, column: str, values: Sequence[str], extra: str, correlated: bool) -> str:
    """``p`` belongs to the passages of ``table`` whose ``column`` is one of ``values``.

    Correlated (``EXISTS``) lets SQLite walk passages in rank order and stop at the page size; the
    uncorrelated ``IN`` form is better when the set is small.
    """
    marks = _marks(len(values))
    if correlated:
        return f"EXISTS (SELECT 1 FROM {table} x WHERE x.passage_id = p.id AND x.{column} IN ({marks}){extra})"
    return f"p.id IN (SELECT passage_id FROM {table} x WHERE x.{column} IN ({marks}){extra})"


def _where(cond: Conditions, *, correlated: bool = False) -> tuple[str, list]:
    """The WHERE clause (over ``passages p``) and its parameters for ``cond``."""
    clauses: list[str] = []
    params: list = []
    strength = " AND x.strength = 'primary'" if cond.primary_only else ""
    if cond.routes:
        clauses.append(_member("links", "route_id", cond.routes, strength, correlated))
        params.extend(cond.routes)
    elif cond.primary_only:
        clauses.append("p.id IN (SELECT passage_id FROM links x WHERE x.strength = 'primary')")
    for group in cond.actor_groups:
        clauses.append(_member("passage_actors", "actor_id", group, "", correlated))
        params.extend(group)
    if cond.date_lo or cond.date_hi:
        lo, hi = cond.date_lo or "0000-01-01", cond.date_hi or "9999-12-31"
        if cond.event_dates:
            clauses.append("p.id IN (SELECT passage_id FROM dated_mentions WHERE date_end >= ? AND date_start <= ?)")
        else:
            clauses.append("p.pub_end >= ? AND p.pub_start <= ?")
        params.extend([lo, hi])
    if cond.match:
        clauses.append("p.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)")
        params.append(cond.match)
    return (" AND ".join(clauses) or "1"), params


def _link(r) -> Link:
    return Link(r["passage_id"], r["route_id"], r["strength"], r["origin"],
                tuple(Evidence(*e) for e in json.loads(r["evidence"])), r["reason"])
