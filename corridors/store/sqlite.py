"""The SQLite backend of :class:`corridors.store.Store`: one corpus per file, FTS5 full-text search.

:func:`write_index` builds a new index file atomically (temp file + ``os.replace``, so a reader never sees
a half-written index and two builders cannot corrupt each other); :meth:`SqliteStore.replace_files` updates
one in place inside one WAL transaction (readers keep their snapshot until it commits).
Which file is ours is decided by :mod:`corridors.store.sqlitefile`.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from corridors.store import Conditions, FileBatch, Store, StoreError, sqlitefile
from corridors.store.sqlitefile import DamagedIndexError, IndexFile, NotOurFileError
from routes.models import Evidence, Link
from routes.places import PlaceMatch
from sources._dates import date_range
from sources._errors import IndexError_
from sources.index import mention_range, storable
from sources.models import ActorMention, Article, ArticleSource, DatedMention, Passage, Provenance, TextLayer

SCHEMA_VERSION = 7  # also PRAGMA user_version; the file is ours by PRAGMA application_id (sqlitefile)
CHUNK = 500  # ids per IN (…) list

# SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB: the file, not the query, is at fault.
_DAMAGE_CODES = {10, 11, 26}

__all__ = ["DamagedIndexError", "IndexFile", "NotOurFileError", "SCHEMA_VERSION", "SqliteStore", "inspect_file",
           "stored_hash", "write_index"]

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (path TEXT PRIMARY KEY, status TEXT, encoding TEXT, sha256 TEXT, bytes INTEGER,
                    lines INTEGER, articles INTEGER, reason TEXT);
CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, authors TEXT NOT NULL, publisher TEXT, date TEXT,
                       date_precision TEXT, date_note TEXT, date_start TEXT, date_end TEXT, url TEXT,
                       flags TEXT NOT NULL, ord INTEGER NOT NULL);
CREATE TABLE article_sources (article_id TEXT NOT NULL REFERENCES articles(id), file TEXT NOT NULL,
                              first_line INTEGER, last_line INTEGER, canonical INTEGER NOT NULL);
CREATE TABLE passages (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
                       article_id TEXT NOT NULL REFERENCES articles(id), n INTEGER NOT NULL, kind TEXT NOT NULL,
                       section TEXT, text TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
                       start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                       rank INTEGER NOT NULL, pub_start TEXT, pub_end TEXT, page INTEGER, layer_sha256 TEXT);
CREATE INDEX passages_rank ON passages(rank);
CREATE INDEX passages_article ON passages(article_id, n);
CREATE TABLE line_fates (file TEXT NOT NULL, line INTEGER NOT NULL, fate TEXT NOT NULL, reason TEXT NOT NULL,
                         article_id TEXT, PRIMARY KEY (file, line));
CREATE TABLE links (passage_id TEXT NOT NULL REFERENCES passages(id), route_id TEXT NOT NULL,
                    strength TEXT NOT NULL, origin TEXT NOT NULL, evidence TEXT NOT NULL, reason TEXT,
                    PRIMARY KEY (passage_id, route_id));
CREATE INDEX links_route ON links(route_id, strength, passage_id);
CREATE TABLE actor_mentions (passage_id TEXT NOT NULL REFERENCES passages(id), actor_id TEXT NOT NULL,
                             text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id, passage_id);
CREATE INDEX actor_mentions_passage ON actor_mentions(passage_id);
CREATE TABLE passage_actors (passage_id TEXT NOT NULL, actor_id TEXT NOT NULL, PRIMARY KEY (actor_id, passage_id));
CREATE INDEX passage_actors_passage ON passage_actors(passage_id);
CREATE TABLE dated_mentions (passage_id TEXT NOT NULL REFERENCES passages(id), date TEXT NOT NULL,
                             precision TEXT NOT NULL, date_start TEXT NOT NULL, date_end TEXT NOT NULL,
                             text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, resolved TEXT);
CREATE INDEX dated_mentions_range ON dated_mentions(date_start, date_end);
CREATE INDEX dated_mentions_passage ON dated_mentions(passage_id);
CREATE TABLE place_mentions (passage_id TEXT NOT NULL REFERENCES passages(id), place_id TEXT NOT NULL,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE INDEX place_mentions_place ON place_mentions(place_id, passage_id);
CREATE INDEX place_mentions_passage ON place_mentions(passage_id);
CREATE TABLE text_layers (file TEXT PRIMARY KEY, format TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL,
                          pages TEXT NOT NULL);
CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='rowid',
                                             tokenize='unicode61 remove_diacritics 2');
"""

# A fresh file gets its secondary indexes after the bulk insert (one sort per index instead of a b-tree
# insert per row); the schema is the same either way.
_TABLES = "\n".join(ln for ln in _SCHEMA.splitlines() if not ln.startswith("CREATE INDEX"))
_INDEXES = "\n".join(ln for ln in _SCHEMA.splitlines() if ln.startswith("CREATE INDEX"))

# Tables whose rows hang off a passage, and those whose rows belong to a file.
_PASSAGE_TABLES = ("links", "actor_mentions", "passage_actors", "dated_mentions", "place_mentions")
_FILE_TABLES = (("line_fates", "file"), ("text_layers", "file"))
# rank = the order results are listed in (newest article first, then corpus order, then paragraph), so a
# page of results is an index-ordered scan with LIMIT instead of a sort of every match. Only ranks that moved are
# written (an update in place rewrites the few rows a change moved, not every passage).
_RERANK = """UPDATE passages SET rank = r.n FROM (
  SELECT p.rowid AS id, ROW_NUMBER() OVER (ORDER BY p.pub_end IS NULL, p.pub_end DESC, a.ord, p.n) - 1 AS n
  FROM passages p JOIN articles a ON a.id = p.article_id) AS r WHERE passages.rowid = r.id AND passages.rank != r.n"""


def _marks(n: int) -> str:
    return ",".join("?" * n)


def inspect_file(db_path: str | Path, *, deep: bool = True) -> IndexFile:
    """What is at ``db_path``: missing, or an index of ours (ok, stale, damaged); see :func:`sqlitefile.inspect`.

    Raises
    ------
    NotOurFileError
        For anything that is not an index of ours: it must not be written over.
    """
    return sqlitefile.inspect(db_path, SCHEMA_VERSION, deep=deep)


def stored_hash(db_path: str | Path) -> str | None:
    """The content hash an index was built from, or None if the file is missing or unreadable."""
    try:
        info = inspect_file(db_path)
    except IndexError_:
        return None
    return info.record.get("content_hash") if info.state == "ok" else None


def write_index(db_path: str | Path, batch: FileBatch, *, claimed: bool = False) -> Path:
    """Write a complete index holding ``batch`` to ``db_path`` atomically and return its path.

    Only a missing file or an index of ours is replaced (a symlink's target is replaced, not the link);
    the temp files of killed builds beside it are removed first. ``claimed`` says the caller knows the file
    there is an index of ours damaged beyond recognition (the app had it open).

    Raises
    ------
    NotOurFileError
        If something else is at ``db_path`` (nothing is written).
    IndexError_
        If the folder is missing and cannot be created, or is not writable.
    """
    db_path = Path(db_path)
    target = Path(os.path.realpath(db_path)) if claimed else inspect_file(db_path, deep=False).path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp, fd, _ = sqlitefile.new_temp(target)
    except OSError as exc:
        msg = f"{db_path.parent}: cannot write the index there ({exc.strerror}); pass --db PATH or set CORRIDORS_DB"
        raise IndexError_(msg) from exc
    try:
        con = sqlite3.connect(tmp)
        # A temp file made whole by os.replace needs no journal; the header marks the file as ours from the start.
        con.executescript(f"PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                          f"PRAGMA application_id = {sqlitefile.APPLICATION_ID}; "
                          f"PRAGMA user_version = {SCHEMA_VERSION};")
        with con:
            con.executescript(_TABLES)
            _replace(con, batch, ())
            con.executescript(_INDEXES)
        con.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
        con.commit()
        con.close()
        os.fsync(fd)
        if not claimed:
            inspect_file(db_path, deep=False)  # nothing foreign appeared there meanwhile
        os.replace(tmp, target)
        sqlitefile.remember_intact(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)  # releases the temp file's lock
    return db_path


def _replace(con: sqlite3.Connection, batch: FileBatch, removed: Iterable[str]) -> None:
    """Delete the rows of the batch's and the removed files, insert the batch, store the corpus-wide rows."""
    gone = sorted({storable(f) for f in (*batch.files, *removed)})
    for i in range(0, len(gone), CHUNK):
        part = gone[i:i + CHUNK]
        marks = _marks(len(part))
        ids = f"SELECT id FROM passages WHERE file IN ({marks})"
        for table in _PASSAGE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE passage_id IN ({ids})", part)
        con.execute("INSERT INTO passages_fts(passages_fts, rowid, text) SELECT 'delete', rowid, text FROM passages "
                    f"WHERE file IN ({marks})", part)
        con.execute(f"DELETE FROM passages WHERE file IN ({marks})", part)
        for table, column in _FILE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", part)
    for table in ("meta", "files", "articles", "article_sources"):
        con.execute(f"DELETE FROM {table}")
    _insert_corpus(con, batch)
    _insert_rows(con, batch)
    con.execute(_RERANK)


def _insert_corpus(con: sqlite3.Connection, batch: FileBatch) -> None:
    """The corpus-wide rows: meta (the small record first, so it sits in the table's first page), files, articles."""
    meta = {"schema_version": str(SCHEMA_VERSION), **batch.meta}
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.executemany("INSERT INTO files VALUES (?,?,?,?,?,?,?,?)",
                    [(storable(f["path"]), f["status"], f.get("encoding"), f.get("sha256"), f.get("bytes"),
                      f.get("lines"), f.get("articles"), storable(f.get("reason"))) for f in batch.file_records])
    con.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(a.id, a.title, json.dumps(a.authors), a.publisher, a.date, a.date_precision, a.date_note,
                      *date_range(a.date), a.url, json.dumps(a.flags), i) for i, a in enumerate(batch.articles)])
    con.executemany("INSERT INTO article_sources VALUES (?,?,?,?,?)",
                    [(a.id, storable(s.file), s.first_line, s.last_line, int(s.canonical))
                     for a in batch.articles for s in a.sources])


def _insert_rows(con: sqlite3.Connection, batch: FileBatch) -> None:
    """The per-file rows: passages (and their full-text entries), line fates, text layers, annotations."""
    pub = {a.id: date_range(a.date) for a in batch.articles}
    first = con.execute("SELECT COALESCE(MAX(rowid), 0) FROM passages").fetchone()[0]
    con.executemany('INSERT INTO passages (id, article_id, n, kind, section, text, file, line, start, "end", '
                    "rank, pub_start, pub_end, page, layer_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,?,?)",
                    [(p.id, p.article_id, p.n, p.kind, p.section, p.text, storable(p.source.file), p.source.line,
                      p.source.start, p.source.end, *pub[p.article_id], p.source.page,
                      p.source.sha256 if p.source.layer else None) for p in batch.passages])
    con.execute("INSERT INTO passages_fts(rowid, text) SELECT rowid, text FROM passages WHERE rowid > ?", (first,))
    con.executemany("INSERT INTO text_layers VALUES (?,?,?,?,?)",
                    [(storable(t.file), t.format, t.sha256, t.text, json.dumps(list(t.pages))) for t in batch.layers])
    con.executemany("INSERT OR REPLACE INTO line_fates VALUES (?,?,?,?,?)",
                    [(storable(f.file), f.line, f.fate, storable(f.reason), f.article_id) for f in batch.fates])
    ann = batch.annotations
    con.executemany("INSERT INTO links VALUES (?,?,?,?,?,?)",
                    [(lk.passage_id, lk.route_id, lk.strength, lk.origin, json.dumps(lk.evidence), lk.reason)
                     for lk in ann.links])
    con.executemany("INSERT INTO actor_mentions VALUES (?,?,?,?,?)",
                    [(pid, m.actor_id, m.text, m.start, m.end) for pid, ms in ann.actor_mentions.items() for m in ms])
    con.executemany("INSERT OR IGNORE INTO passage_actors VALUES (?,?)",
                    [(pid, a) for pid, actors in ann.passage_actors.items() for a in actors])
    con.executemany("INSERT INTO dated_mentions VALUES (?,?,?,?,?,?,?,?,?)",
                    [(pid, d.date, d.precision, *mention_range(d), d.text, d.start, d.end, d.resolved)
                     for pid, ds in ann.dated_mentions.items() for d in ds])
    con.executemany("INSERT INTO place_mentions VALUES (?,?,?,?,?)",
                    [(pid, m.place, m.text, m.start, m.end) for pid, ms in ann.place_mentions.items() for m in ms])


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


class SqliteStore(Store):
    """One SQLite index file; safe to share between threads (calls are serialised).

    Read-only unless ``writable``; a writable store updates the file in place (:meth:`replace_files`).
    """

    corpus = "default"

    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = Path(path)
        if inspect_file(self.path, deep=False).state == "missing":
            raise IndexError_(f"{self.path}: index file does not exist")
        self.stamp = _stamp(self.path)
        self.writable = writable
        mode = "rw" if writable else "ro"
        try:
            self._con = sqlite3.connect(f"file:{quote(str(self.path))}?mode={mode}", uri=True, check_same_thread=False)
            self._con.row_factory = sqlite3.Row
            self.meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise DamagedIndexError(f"{self.path}: not a usable index ({exc})") from exc
        self._lock = threading.Lock()
        self._articles: dict[str, Article] = {}

    def is_current(self) -> bool:
        return _stamp(self.path) == self.stamp

    def close(self) -> None:
        self._con.close()

    def rows(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        """Run a read query with bound parameters and return all rows (this backend's own SQL only)."""
        with self._lock:
            try:
                return self._con.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _DAMAGE_CODES:
                    raise  # a bug in the query, not the file's fault
                raise DamagedIndexError(f"{self.path}: the index is damaged ({exc}); rebuild it with "
                                        f"`corridors build --db {self.path}`") from exc

    def _chunked(self, sql: str, ids: Iterable[str], params: Sequence = ()) -> list[sqlite3.Row]:
        """Rows of ``sql`` for ``ids`` 500 at a time; ``{marks}`` in ``sql`` is the id list, ``params`` go first."""
        out: list[sqlite3.Row] = []
        ids = list(ids)
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            out += self.rows(sql.format(marks=_marks(len(part))), [*params, *part])
        return out

    def _per_passage(self, sql: str, ids: Sequence[str], make) -> dict[str, list]:
        out: dict[str, list] = {}
        for r in self._chunked(sql, ids):
            out.setdefault(r["passage_id"], []).append(make(r))
        return out

    @property
    def report(self) -> dict:
        return json.loads(self.meta.get("report", "{}"))

    def articles(self) -> list[Article]:
        srcs = self._sources(self.rows("SELECT * FROM article_sources ORDER BY rowid"))
        return [_article(r, tuple(srcs.get(r["id"], ()))) for r in self.rows("SELECT * FROM articles ORDER BY ord")]

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        if not self.is_current():
            self._articles.clear()
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self._articles]
        srcs = self._sources(self._chunked("SELECT * FROM article_sources WHERE article_id IN ({marks}) "
                                           "ORDER BY rowid", missing))
        for r in self._chunked("SELECT * FROM articles WHERE id IN ({marks})", missing):
            self._articles[r["id"]] = _article(r, tuple(srcs.get(r["id"], ())))
        return {i: self._articles[i] for i in wanted if i in self._articles}

    @staticmethod
    def _sources(rows: Iterable[sqlite3.Row]) -> dict[str, list[ArticleSource]]:
        srcs: dict[str, list[ArticleSource]] = {}
        for r in rows:
            srcs.setdefault(r["article_id"], []).append(
                ArticleSource(r["file"], r["first_line"], r["last_line"], bool(r["canonical"])))
        return srcs

    def passages(self, ids: Iterable[str] | None = None, *, article_id: str | None = None) -> list[Passage]:
        if article_id is not None:
            rows = self.rows("SELECT * FROM passages WHERE article_id = ? ORDER BY n", (article_id,))
            return [_passage(r) for r in rows]
        if ids is None:
            rows = self.rows("SELECT p.* FROM passages p JOIN articles a ON a.id = p.article_id ORDER BY a.ord, p.n")
            return [_passage(r) for r in rows]
        wanted = list(ids)
        found = {r["id"]: _passage(r) for r in self._chunked("SELECT * FROM passages WHERE id IN ({marks})", wanted)}
        return [found[i] for i in wanted if i in found]

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

    def place_mentions(self, passage_ids: Sequence[str]) -> dict[str, list[PlaceMatch]]:
        return self._per_passage('SELECT * FROM place_mentions WHERE passage_id IN ({marks}) ORDER BY start',
                                 passage_ids, lambda r: PlaceMatch(r["place_id"], r["start"], r["end"], r["text"]))

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
        routes = list(routes)
        rows = self._chunked(f"SELECT l.*, p.article_id FROM links l JOIN passages p ON p.id = l.passage_id "
                             f"WHERE l.route_id IN ({_marks(len(routes))}) AND l.passage_id IN ({{marks}})",
                             passage_ids, routes)
        return [(r["article_id"], _link(r)) for r in rows]

    def article_route_weights(self, article_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        weight: dict[str, dict[str, int]] = {}
        for art, rid, n in self._chunked(
                "SELECT p.article_id, l.route_id, SUM(CASE l.strength WHEN 'primary' THEN 2 ELSE 1 END) "
                "FROM links l JOIN passages p ON p.id = l.passage_id WHERE p.article_id IN ({marks}) "
                "GROUP BY p.article_id, l.route_id", article_ids):
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

    def replace_files(self, batch: FileBatch, *, removed: Iterable[str] = ()) -> None:
        if not self.writable:
            raise StoreError(f"{self.path}: opened read-only")
        with self._lock:
            con = self._con
            # WAL: readers keep reading the state before the transaction until it commits.
            con.execute("PRAGMA journal_mode = WAL")
            try:
                with con:
                    _replace(con, batch, removed)
            finally:
                con.execute("PRAGMA journal_mode = DELETE")  # back to a single file (best effort)
            self.meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            self._articles.clear()
        self.stamp = _stamp(self.path)
        sqlitefile.remember_intact(self.path)


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


def _link(r: sqlite3.Row) -> Link:
    return Link(r["passage_id"], r["route_id"], r["strength"], r["origin"],
                tuple(Evidence(*e) for e in json.loads(r["evidence"])), r["reason"])


def _article(r: sqlite3.Row, sources: tuple[ArticleSource, ...]) -> Article:
    return Article(r["id"], r["title"], tuple(json.loads(r["authors"])), r["publisher"], r["date"],
                   r["date_precision"], r["date_note"], r["url"], sources, tuple(json.loads(r["flags"])))


def _passage(r: sqlite3.Row) -> Passage:
    return Passage(r["id"], r["article_id"], r["n"], r["kind"], r["section"], r["text"],
                   Provenance(r["file"], r["line"], r["start"], r["end"], r["page"], r["layer_sha256"],
                              r["layer_sha256"] is not None))
