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

from corridors.store import Conditions, FileBatch, Store
from corridors.store.postgres_schema import fold
from routes.models import Evidence, Link
from sources.models import ActorMention, Article, ArticleSource, DatedMention, Passage, Provenance, TextLayer

ORDER = "p.pub_end DESC NULLS LAST, p.corpus, p.art_ord, p.n"


class _Base:
    """The connection, the snapshot reads and the nouns (mixed into :class:`PostgresStore`)."""

    def __init__(self, url: str, corpus: str = "default", *, writable: bool = False) -> None:
        from corridors.store.postgres import connect, inspect_database

        self.url = url
        self.corpus = corpus
        self.writable = writable
        self.path = url  # what messages and caches key on (see :attr:`shown` for people)
        from psycopg import IsolationLevel

        self._con = connect(url, autocommit=True, application="corridors reader")
        # The index is read from memory or SSD, not spinning disks (the default cost of 4 assumes those): at
        # 1.1 the planner uses the covering indexes (route counts: a seq scan of links -> an index-only scan).
        self._con.execute("SET random_page_cost = 1.1")
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
        if not rows:
            return None
        file_, fmt, sha, text, pages = rows[0]
        return TextLayer(file_, fmt, sha, text, tuple(pages))


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


# --- the Store interface's reads ------------------------------------------------------------------------


def _link(r: tuple) -> Link:
    return Link(r[0], r[1], r[2], r[3], tuple(Evidence(*e) for e in r[4]), r[5])


def _grouped(rows: list[tuple], make) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r[0], []).append(make(r))
    return out


def _any(column: str, values: Sequence[str]) -> tuple[str, object]:
    """``column = %s`` for one value (the planner then knows a key's rows are unique and in key order), else
    ``column = ANY(%s)``; with its parameter."""
    return (f"{column} = %s", values[0]) if len(values) == 1 else (f"{column} = ANY(%s)", list(values))


def _cond_where(cond: Conditions, pid: str = "p.id") -> tuple[str, list]:
    """The ``WHERE`` clause over ``passages p`` for :class:`corridors.store.Conditions`; the set conditions
    (routes, actors, event dates) test the column ``pid``, so over ``links l`` with ``pid="l.passage_id"``
    they need no join to ``passages`` (see :func:`_on_passages`)."""
    clauses: list[str] = []
    params: list = []
    strength = " AND x.strength = 'primary'" if cond.primary_only else ""
    if cond.routes:
        test, value = _any("x.route_id", cond.routes)
        clauses.append(f"{pid} IN (SELECT passage_id FROM links x WHERE {test}{strength})")
        params.append(value)
    elif cond.primary_only:
        clauses.append(f"{pid} IN (SELECT passage_id FROM links x WHERE x.strength = 'primary')")
    for group in cond.actor_groups:
        test, value = _any("x.actor_id", group)
        clauses.append(f"{pid} IN (SELECT passage_id FROM passage_actors x WHERE {test})")
        params.append(value)
    if cond.date_lo or cond.date_hi:
        lo, hi = cond.date_lo or "0000-01-01", cond.date_hi or "9999-12-31"
        if cond.event_dates:
            clauses.append(f"{pid} IN (SELECT passage_id FROM dated_mentions WHERE date_end >= %s "
                           "AND date_start <= %s)")
        else:
            clauses.append("p.pub_end >= %s AND p.pub_start <= %s")
        params.extend([lo, hi])
    if cond.match:
        words, exact = match_queries(cond.match)
        clauses.append("p.words @@ to_tsquery('simple', %s)")  # found on passages_words; decides
        params.append(fold(exact))
        if words:  # only stop words: an empty tsquery, which would match nothing
            # IS TRUE: tested on the rows found, not by a second GIN scan ANDed in (a millisecond per query)
            clauses.append("(p.tsv @@ websearch_to_tsquery('english', %s) OR "
                           "numnode(websearch_to_tsquery('english', %s)) = 0) IS TRUE")
            params.extend([fold(words), fold(words)])
    return (" AND ".join(clauses) or "TRUE"), params


def _on_passages(cond: Conditions) -> bool:
    """Whether ``cond`` tests columns of ``passages`` itself (publication dates, text), not only sets of ids."""
    return bool(cond.match or ((cond.date_lo or cond.date_hi) and not cond.event_dates))


def match_queries(match: str) -> tuple[str, str]:
    """The two ``tsquery`` texts for an FTS5 query made by :func:`sources.index.fts_query` (``"w"``, ``"w"*``,
    ``"a b"`` terms ANDed).

    Returns ``(words, exact)``: ``words`` for ``websearch_to_tsquery('english', …)`` on the English ``tsv``
    (every whole word ANDed: a superset of the matches, tested on the rows found) and ``exact`` for
    ``to_tsquery('simple', …)`` on the stored, GIN-indexed ``words`` (the same words unstemmed, phrases as
    ``<->``, ``word*`` as a prefix), which decides, so a search finds what it finds on SQLite: words, not stems.
    """
    exact: list[str] = []
    plain: list[str] = []
    for m in re.finditer(r'"([^"]*)"(\*?)', match):
        words = re.findall(r"\w+", m.group(1))
        if not words:
            continue
        if len(words) > 1:
            exact.append("(" + " <-> ".join(f"'{w}'" for w in words) + ")")
            plain.extend(words)
        elif m.group(2):
            exact.append(f"'{words[0]}':*")
        else:
            exact.append(f"'{words[0]}'")
            plain.extend(words)
    plain = [w for w in plain if w.casefold() != "or"]
    return " ".join(plain), " & ".join(exact) or "''"


class _Reads(_Base):
    """The interface's read methods (on :class:`_Base`'s connection; :class:`PostgresStore` is both)."""

    def links(self, passage_ids: Sequence[str]) -> dict[str, list[Link]]:
        return _grouped(self.rows("SELECT passage_id, route_id, strength, origin, evidence, reason FROM links "
                                  "WHERE passage_id = ANY(%s) ORDER BY passage_id, strength DESC, route_id",
                                  (list(passage_ids),)), _link)

    def actor_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[ActorMention]]:
        return _grouped(self.rows('SELECT passage_id, actor_id, text, start, "end" FROM actor_mentions '
                                  "WHERE passage_id = ANY(%s) ORDER BY passage_id, start, seq", (list(passage_ids),)),
                        lambda r: ActorMention(*r[1:]))

    def passage_actors(self, passage_ids: Sequence[str]) -> dict[str, list[str]]:
        return _grouped(self.rows("SELECT passage_id, actor_id FROM passage_actors WHERE passage_id = ANY(%s) "
                                  "ORDER BY passage_id, seq",
                                  (list(passage_ids),)), lambda r: r[1])

    def dated_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[DatedMention]]:
        return _grouped(self.rows('SELECT passage_id, date, precision, text, start, "end", resolved FROM '
                                  "dated_mentions WHERE passage_id = ANY(%s) ORDER BY passage_id, start, seq",
                                  (list(passage_ids),)), lambda r: DatedMention(*r[1:]))

    def matching_ids(self, cond: Conditions, *, limit: int | None = None) -> list[str]:
        where_sql, params = _cond_where(cond)
        sql = f"SELECT p.id FROM passages p WHERE {where_sql} ORDER BY {ORDER}"
        if limit:
            sql += " LIMIT %s"
            params = [*params, int(limit)]
        return [r[0] for r in self.rows(sql, params)]

    def route_counts(self, cond: Conditions) -> dict[str, int]:
        base = Conditions(actor_groups=cond.actor_groups, date_lo=cond.date_lo, date_hi=cond.date_hi,
                          event_dates=cond.event_dates, match=cond.match)
        strength = " AND l.strength = 'primary'" if cond.primary_only else ""
        if _on_passages(base):  # counted on the passages found: each row holds its routes (schema 4)
            where_sql, params = _cond_where(base)
            column = "p.primary_routes" if cond.primary_only else "p.routes"
            return dict(self.rows(f"SELECT r, count(*) FROM passages p CROSS JOIN LATERAL unnest({column}) r "
                                  f"WHERE {where_sql} GROUP BY r ORDER BY r", params))
        # only sets of passage ids (or nothing): counted on links alone, no join to the wide passages
        where_sql, params = _cond_where(base, "l.passage_id")
        sql = f"FROM links l WHERE {where_sql}{strength}"
        return dict(self.rows(f"SELECT l.route_id, count(*) {sql} GROUP BY l.route_id ORDER BY l.route_id", params))

    def linked_ids(self, routes: Sequence[str]) -> set[str]:
        return {r[0] for r in self.rows("SELECT DISTINCT passage_id FROM links WHERE route_id = ANY(%s)",
                                        (list(routes),))}

    def route_links(self, passage_ids: Sequence[str], routes: Sequence[str]) -> list[tuple[str, Link]]:
        rows = self.rows("SELECT l.passage_id, l.route_id, l.strength, l.origin, l.evidence, l.reason, p.article_id "
                         "FROM links l JOIN passages p ON p.id = l.passage_id WHERE l.route_id = ANY(%s) "
                         "AND l.passage_id = ANY(%s) ORDER BY l.passage_id, l.route_id",
                         (list(routes), list(passage_ids)))
        return [(r[6], _link(r)) for r in rows]

    def article_route_weights(self, article_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        weight: dict[str, dict[str, int]] = {}
        for art, rid, n in self.rows(
                "SELECT p.article_id, l.route_id, sum(CASE l.strength WHEN 'primary' THEN 2 ELSE 1 END) "
                "FROM links l JOIN passages p ON p.id = l.passage_id WHERE p.article_id = ANY(%s) "
                "GROUP BY p.article_id, l.route_id", (list(article_ids),)):
            weight.setdefault(art, {})[rid] = int(n)
        return weight

    def actor_counts(self) -> dict[str, int]:
        return dict(self.rows("SELECT actor_id, count(*) AS n FROM passage_actors GROUP BY actor_id "
                              "ORDER BY n DESC, actor_id"))

    def all_actor_mentions(self) -> list[tuple[str, ActorMention]]:
        return [(r[0], ActorMention(*r[1:])) for r in self.rows(
            'SELECT passage_id, actor_id, text, start, "end" FROM actor_mentions ORDER BY passage_id, seq')]

    def counts(self) -> dict[str, int]:
        tables = ("files", "articles", "passages", "links", "actor_mentions", "dated_mentions")
        row = self.rows("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables))[0]
        return dict(zip(tables, row))

    def file_hashes(self) -> dict[str, str | None]:
        return dict(self.rows("SELECT path, sha256 FROM files ORDER BY corpus, path"))

    def replace_files(self, batch: FileBatch, *, removed: Iterable[str] = ()) -> None:
        from corridors.store import StoreError
        from corridors.store.postgres import replace_files

        if not self.writable:
            raise StoreError(f"{self.shown}: opened read-only")
        replace_files(self.url, self.corpus, batch, removed=removed)


class PostgresStore(_Reads, Store):
    """A PostgreSQL index (:class:`corridors.store.Store`); safe to share between threads (calls are serialised).

    ``corpus`` ``"default"`` reads every corpus built into the database (a team's shared index); another key
    reads only that corpus's rows. Writes (:meth:`replace_files`) are scoped by the key.
    """
