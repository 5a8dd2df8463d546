"""Reading a PostgreSQL index: the nouns (articles, passages, text layers) and the query SQL.

Every public call runs in one read-only ``REPEATABLE READ`` transaction, so it sees the index as one
committed state (a build committing meanwhile is seen by the next call, never half of it). The order of
results is the SQLite index's: newest article first (undated last), then corpus order, then paragraph.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence

from sources.models import Article, ArticleSource, Passage, Provenance, TextLayer

ORDER = "p.pub_end DESC NULLS LAST, p.corpus, p.art_ord, p.n"


def word_queries(text: str) -> tuple[str, str]:
    """The two ``tsquery`` texts for user search text, parsed exactly as :func:`sources.index.fts_query`.

    Returns ``(words, exact)``: ``words`` (for ``websearch_to_tsquery('english', …)`` on the GIN-indexed
    English ``tsv``: every whole word ANDed, a superset of the matches) and ``exact`` (for
    ``to_tsquery('simple', …)``: the same words unstemmed, phrases as ``<->``, ``word*`` as a prefix), which
    decides, so a search finds what it finds on SQLite (words, not stems).
    """
    from sources.index import _searchable

    exact: list[str] = []
    plain: list[str] = []
    for m in re.finditer(r'"([^"]+)"|(\S+)', text):
        if m.group(1):
            words = [w for w in re.findall(r"\w+", m.group(1))]
            if words:
                exact.append("(" + " <-> ".join(f"'{w}'" for w in words) + ")")
                plain.extend(words)
            continue
        raw = m.group(2)
        prefix = raw.endswith("*")
        for w in re.findall(r"\w+", raw):
            if _searchable(w):
                exact.append(f"'{w}'" + (":*" if prefix else ""))
                if not prefix:
                    plain.append(w)
    plain = [w for w in plain if w.casefold() != "or"]  # websearch_to_tsquery reads "or" as OR
    return " ".join(plain), " & ".join(exact)


class PostgresReader:
    """Read-only access to one PostgreSQL index; safe to share between threads (calls are serialised)."""

    def __init__(self, url: str) -> None:
        from corridors.store.postgres import connect, inspect_database

        self.url = url
        self.path = url  # what messages and caches key on (see :attr:`shown` for people)
        from psycopg import IsolationLevel

        self._con = connect(url, autocommit=True, application="corridors reader")
        # A transaction of several reads is one snapshot, begun in one statement (BEGIN ISOLATION LEVEL …).
        self._con.isolation_level = IsolationLevel.REPEATABLE_READ
        self._con.read_only = True
        self._lock = threading.Lock()
        inspect_database(self._con, url)
        self.stamp = self._stamp()
        self.meta = self._meta()

    @property
    def shown(self) -> str:
        """The database URL without its password."""
        from corridors.store.postgres import redact

        return redact(self.url)

    def _stamp(self) -> tuple:
        row = self._con.execute("SELECT count(*), max(built_at), string_agg(content_hash, ',' ORDER BY key) "
                                "FROM corpora").fetchone()
        return tuple(row)

    def _meta(self) -> dict[str, str]:
        meta = dict(self._con.execute("SELECT key, value FROM corridors_meta").fetchall())
        corpora = self._con.execute("SELECT record, content_hash FROM corpora ORDER BY key").fetchall()
        dirs = [d for rec, _ in corpora for d in json.loads(rec.get("corpus_dirs") or "[]")]
        meta["corpus_dirs"] = json.dumps(dirs)
        meta["content_hash"] = ",".join(h for _, h in corpora)
        return meta

    def is_current(self) -> bool:
        """Whether no build has committed since this reader was opened."""
        with self._lock:
            return self._stamp() == self.stamp

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def rows(self, sql: str, params: Sequence | dict = ()) -> list[tuple]:
        """Run one read query (``%s`` parameters; one statement is one snapshot); all rows as tuples."""
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def many(self, queries: Iterable[tuple[str, Sequence]]) -> list[list[tuple]]:
        """Several read queries in one snapshot (so they agree with each other), sent in one pipeline."""
        with self._lock, self._con.transaction(), self._con.pipeline():
            cursors = [self._con.execute(sql, params) for sql, params in queries]
            return [c.fetchall() for c in cursors]

    @property
    def report(self) -> dict:
        """The build report; with several corpora, their reports summed (lists joined, counts added)."""
        reports = [r[0] for r in self.rows("SELECT report FROM corpora ORDER BY key")]
        return merge_reports(reports)

    def articles(self) -> list[Article]:
        """All articles in corpus order."""
        arts, srcs = self.many([
            ("SELECT * FROM articles ORDER BY corpus, ord", ()),
            ("SELECT article_id, file, first_line, last_line, canonical FROM article_sources "
             "ORDER BY article_id, seq, corpus", ())])
        return _articles(arts, srcs)

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        """Articles by id (unknown ids are left out)."""
        wanted = list(dict.fromkeys(ids))
        arts, srcs = self.many([
            ("SELECT * FROM articles WHERE id = ANY(%s)", (wanted,)),
            ("SELECT article_id, file, first_line, last_line, canonical FROM article_sources "
             "WHERE article_id = ANY(%s) ORDER BY article_id, seq, corpus", (wanted,))])
        found = {a.id: a for a in _articles(arts, srcs)}
        return {i: found[i] for i in wanted if i in found}

    def passages(self, ids: Iterable[str] | None = None, *, article_id: str | None = None) -> list[Passage]:
        """Passages by id (in the order given), by article, or all (corpus order)."""
        if article_id is not None:
            return [_passage(r) for r in self.rows(f"SELECT {_PCOLS} FROM passages WHERE article_id = %s "
                                                   "ORDER BY n", (article_id,))]
        if ids is None:
            return [_passage(r) for r in self.rows(f"SELECT {_PCOLS} FROM passages ORDER BY corpus, seq")]
        wanted = list(ids)
        found = {r[0]: _passage(r) for r in self.rows(f"SELECT {_PCOLS} FROM passages WHERE id = ANY(%s)",
                                                      (wanted,))}
        return [found[i] for i in wanted if i in found]

    def text_layer(self, file: str) -> TextLayer | None:
        """The text layer stored for an HTML/PDF file, or None."""
        rows = self.rows("SELECT file, format, sha256, text, pages FROM text_layers WHERE file = %s "
                         "ORDER BY corpus LIMIT 1", (file,))
        return TextLayer(*rows[0][:4], tuple(rows[0][4])) if rows else None


_PCOLS = 'id, article_id, n, kind, section, text, file, line, start, "end", page, layer_sha256'


def _passage(r: tuple) -> Passage:
    return Passage(r[0], r[1], r[2], r[3], r[4], r[5],
                   Provenance(r[6], r[7], r[8], r[9], r[10], r[11], r[11] is not None))


def _articles(arts: list[tuple], srcs: list[tuple]) -> list[Article]:
    by: dict[str, list[ArticleSource]] = {}
    for aid, file, first, last, canonical in srcs:
        by.setdefault(aid, []).append(ArticleSource(file, first, last, bool(canonical)))
    # columns: id, corpus, title, authors, publisher, date, date_precision, date_note, date_start, date_end,
    # url, flags, ord
    return [Article(r[0], r[2], tuple(r[3]), r[4], r[5], r[6], r[7], r[10], tuple(by.get(r[0], ())), tuple(r[11]))
            for r in arts]


def merge_reports(reports: list[dict]) -> dict:
    """One build report for several corpora: counts added, lists joined, per-reason counts summed."""
    if len(reports) == 1:
        return reports[0]
    out: dict = {}
    for rep in reports:
        for k, v in rep.items():
            if isinstance(v, bool) or not isinstance(v, int | list | dict):
                out.setdefault(k, v)
            elif isinstance(v, int):
                out[k] = out.get(k, 0) + v
            elif isinstance(v, list):
                out[k] = [*out.get(k, []), *v]
            else:
                out[k] = _merge_counts(out.get(k, {}), v)
    return out


def _merge_counts(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict):
            out[k] = _merge_counts(out.get(k, {}), v)
        elif isinstance(v, int) and isinstance(out.get(k, 0), int):
            out[k] = out.get(k, 0) + v
        else:
            out[k] = v
    return out


# --- the query SQL (what corridors.query asks of the SQLite index, in PostgreSQL) ---------------------------


def where(filters, actor_ids: Sequence[str], lo: str | None, hi: str | None) -> tuple[str, list]:
    """The ``WHERE`` clause over ``passages p`` for checked filters (dates as the first/last day covered)."""
    clauses: list[str] = []
    params: list = []
    strength = " AND x.strength = 'primary'" if filters.primary_only else ""
    if filters.routes:
        clauses.append(f"p.id IN (SELECT passage_id FROM links x WHERE x.route_id = ANY(%s){strength})")
        params.append(list(filters.routes))
    elif filters.primary_only:
        clauses.append("p.id IN (SELECT passage_id FROM links x WHERE x.strength = 'primary')")
    if actor_ids:
        groups = [[a] for a in actor_ids] if filters.all_actors else [list(actor_ids)]
        for group in groups:
            clauses.append("p.id IN (SELECT passage_id FROM passage_actors x WHERE x.actor_id = ANY(%s))")
            params.append(group)
    if lo or hi:
        lo, hi = lo or "0000-01-01", hi or "9999-12-31"
        if filters.event_dates:
            clauses.append("p.id IN (SELECT passage_id FROM dated_mentions WHERE date_end >= %s AND date_start <= %s)")
        else:
            clauses.append("p.pub_end >= %s AND p.pub_start <= %s")
        params.extend([lo, hi])
    if filters.q and filters.q.strip():
        words, exact = word_queries(filters.q)
        if exact:
            if words:  # only stop words: an empty tsquery, which would match nothing
                clauses.append("(p.tsv @@ websearch_to_tsquery('english', %s) OR "
                               "numnode(websearch_to_tsquery('english', %s)) = 0)")
                params.extend([words, words])
            clauses.append("to_tsvector('simple', p.text) @@ to_tsquery('simple', %s)")
            params.append(exact)
    return (" AND ".join(clauses) or "TRUE"), params


def matching_ids(reader: PostgresReader, where_sql: str, params: list, limit: int | None) -> list[str]:
    """Ids of the passages matching a ``where`` clause, in the index's order (the first ``limit``)."""
    sql = f"SELECT p.id FROM passages p WHERE {where_sql} ORDER BY {ORDER}"
    if limit:
        sql += " LIMIT %s"
        params = [*params, int(limit)]
    return [r[0] for r in reader.rows(sql, params)]


def hit_rows(reader: PostgresReader, ids: list[str]) -> tuple[list, list, list, list]:
    """Links, actor mentions, actor closure and dated mentions of the passages ``ids``, in one snapshot.

    Row shapes: ``(passage_id, route_id, strength, origin, evidence, reason)``, ``(passage_id, actor_id, text,
    start, end)``, ``(passage_id, actor_id)``, ``(passage_id, date, precision, text, start, end, resolved)``.
    """
    return tuple(reader.many([
        ("SELECT passage_id, route_id, strength, origin, evidence, reason FROM links WHERE passage_id = ANY(%s) "
         "ORDER BY passage_id, strength DESC, route_id", (ids,)),
        ('SELECT passage_id, actor_id, text, start, "end" FROM actor_mentions WHERE passage_id = ANY(%s) '
         "ORDER BY passage_id, start, seq", (ids,)),
        ("SELECT passage_id, actor_id FROM passage_actors WHERE passage_id = ANY(%s)", (ids,)),
        ('SELECT passage_id, date, precision, text, start, "end", resolved FROM dated_mentions '
         "WHERE passage_id = ANY(%s) ORDER BY passage_id, start, seq", (ids,)),
    ]))  # type: ignore[return-value]


def route_counts(reader: PostgresReader, where_sql: str, params: list, primary_only: bool) -> dict[str, int]:
    """Matching passages per route (``where_sql`` without the route filter)."""
    strength = " AND l.strength = 'primary'" if primary_only else ""
    sql = ("SELECT l.route_id, count(*) FROM links l JOIN passages p ON p.id = l.passage_id "
           f"WHERE {where_sql}{strength} GROUP BY l.route_id ORDER BY l.route_id")
    return dict(reader.rows(sql, params))


def actor_counts(reader: PostgresReader) -> dict[str, int]:
    """Passages per actor id (parents included), most first, then by id."""
    return dict(reader.rows("SELECT actor_id, count(*) AS n FROM passage_actors GROUP BY actor_id "
                            "ORDER BY n DESC, actor_id"))


def all_mentions(reader: PostgresReader) -> list[tuple]:
    """Every actor mention ``(actor_id, text, start, end)`` (for the officials the catalog lacks)."""
    return reader.rows('SELECT actor_id, text, start, "end" FROM actor_mentions ORDER BY passage_id, seq')


def linked_to(reader: PostgresReader, routes: Sequence[str]) -> set[str]:
    """Ids of the passages linked to any of ``routes``."""
    return {r[0] for r in reader.rows("SELECT DISTINCT passage_id FROM links WHERE route_id = ANY(%s)",
                                      (list(routes),))}


def relevance_rows(reader: PostgresReader, ids: Sequence[str], routes: Sequence[str]) -> list[tuple]:
    """``(passage_id, route_id, strength, evidence, article_id)`` of the links of ``ids`` to ``routes``."""
    return reader.rows("SELECT l.passage_id, l.route_id, l.strength, l.evidence, p.article_id FROM links l "
                       "JOIN passages p ON p.id = l.passage_id WHERE l.route_id = ANY(%s) AND l.passage_id = ANY(%s) "
                       "ORDER BY l.passage_id, l.route_id", (list(routes), list(ids)))


def topic_rows(reader: PostgresReader, articles: Sequence[str]) -> list[tuple]:
    """``(article_id, route_id, weight)``: a route's links in an article, a primary counting twice."""
    return reader.rows("SELECT p.article_id, l.route_id, sum(CASE l.strength WHEN 'primary' THEN 2 ELSE 1 END) "
                       "FROM links l JOIN passages p ON p.id = l.passage_id WHERE p.article_id = ANY(%s) "
                       "GROUP BY p.article_id, l.route_id", (list(articles),))
