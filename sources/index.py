"""The SQLite index: articles, passages, provenance, annotations and an FTS5 full-text index.

:func:`write_index` builds a new index file atomically (temp file + ``os.replace``, so a reader never sees
a half-written index and two builders cannot corrupt each other); :func:`open_index` opens one read-only.
"""
from __future__ import annotations

import calendar
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sources import indexfile
from sources._errors import IndexError_
from sources.indexfile import DamagedIndexError, IndexFile, NotOurFileError
from sources.losses import loss_ranges
from sources.models import (ActorMention, Article, ArticleSource, DatedMention, IngestReport, Passage, Provenance,
                            TextLayer)

SCHEMA_VERSION = 6  # also PRAGMA user_version; the file is ours by PRAGMA application_id (sources.indexfile)

# SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB: the file, not the query, is at fault.
_DAMAGE_CODES = {10, 11, 26}

__all__ = ["DamagedIndexError", "IndexFile", "NotOurFileError"]  # re-exported: the index's error types

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
CREATE TABLE text_layers (file TEXT PRIMARY KEY, format TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL,
                          pages TEXT NOT NULL);
CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='rowid',
                                             tokenize='unicode61 remove_diacritics 2');
"""


@dataclass(frozen=True, slots=True)
class Link:
    """A passage ↔ route link as stored: evidence is a list of ``(start, end, text, kind)``.

    ``kind`` is the rule that found the words: alias, component, operator, waypoints, description, context.
    """

    passage_id: str
    route_id: str
    strength: str
    origin: str
    evidence: tuple[tuple[int, int, str, str], ...]
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything the annotate step adds to the passages."""

    actor_mentions: dict[str, tuple[ActorMention, ...]]
    passage_actors: dict[str, tuple[str, ...]]
    dated_mentions: dict[str, tuple[DatedMention, ...]]
    links: tuple[Link, ...]


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day an ISO date of any precision covers (``2025-06`` → 2025-06-01, 2025-06-30)."""
    if not value:
        return None, None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None, None
    y, mo, d = m.groups()
    if d:
        return value, value
    if mo:
        last = calendar.monthrange(int(y), int(mo))[1]
        return f"{y}-{mo}-01", f"{y}-{mo}-{last:02d}"
    return f"{y}-01-01", f"{y}-12-31"


def fts_query(text: str) -> str:
    """Turn user search text into a safe FTS5 query: every word quoted, "phrases" kept, ANDed.

    A trailing ``*`` on a word keeps prefix search. This is the only way user text reaches ``MATCH``.
    """
    terms: list[str] = []
    for m in re.finditer(r'"([^"]+)"|(\S+)', text):
        if m.group(1):
            words = re.findall(r"\w+", m.group(1))
            if words:
                terms.append('"' + " ".join(words) + '"')
            continue
        raw = m.group(2)
        prefix = raw.endswith("*")
        for w in re.findall(r"\w+", raw):
            if _searchable(w):
                terms.append(f'"{w}"' + ("*" if prefix else ""))
    return " AND ".join(terms)


def _searchable(word: str) -> bool:
    """Whether the FTS tokenizer (unicode61: letters and digits) finds a token in ``word`` (``___`` has none)."""
    return any(c.isalnum() for c in word)


def inspect_file(db_path: str | Path, *, deep: bool = True) -> IndexFile:
    """What is at ``db_path``: missing, or an index of ours (ok, stale, damaged); see :func:`sources.indexfile.inspect`.

    Raises
    ------
    NotOurFileError
        For anything that is not an index of ours: it must not be written over.
    """
    return indexfile.inspect(db_path, SCHEMA_VERSION, deep=deep)


def write_index(db_path: str | Path, report: IngestReport, annotations: Annotations, *,
                content_hash: str, extra_meta: dict[str, str] | None = None, claimed: bool = False) -> Path:
    """Write a complete index to ``db_path`` atomically and return its path.

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
        tmp, fd, _ = indexfile.new_temp(target)
    except OSError as exc:
        msg = f"{db_path.parent}: cannot write the index there ({exc.strerror}); pass --db PATH or set CORRIDORS_DB"
        raise IndexError_(msg) from exc
    try:
        con = sqlite3.connect(tmp)
        # A temp file made whole by os.replace needs no journal; the header marks the file as ours from the start.
        con.executescript(f"PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                          f"PRAGMA application_id = {indexfile.APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};")
        with con:
            con.executescript(_SCHEMA)
            _fill(con, report, annotations, content_hash, extra_meta or {})
        con.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
        con.commit()
        con.close()
        os.fsync(fd)
        if not claimed:
            inspect_file(db_path, deep=False)  # nothing foreign appeared there meanwhile
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)  # releases the temp file's lock
    return db_path


def _fill(con: sqlite3.Connection, report: IngestReport, ann: Annotations, content_hash: str,
          extra_meta: dict[str, str]) -> None:
    # The small record (schema, hash, corpus folders) first, so it sits in the table's first page.
    meta = {"schema_version": str(SCHEMA_VERSION), "content_hash": content_hash, **extra_meta,
            "report": json.dumps(report_summary(report))}
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.executemany("INSERT INTO files VALUES (?,?,?,?,?,?,?,?)",
                    [(_name(f["path"]), f["status"], f.get("encoding"), f.get("sha256"), f.get("bytes"), f.get("lines"),
                      f.get("articles"), _name(f.get("reason"))) for f in report.files])
    con.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(a.id, a.title, json.dumps(a.authors), a.publisher, a.date, a.date_precision, a.date_note,
                      *date_range(a.date), a.url, json.dumps(a.flags), i) for i, a in enumerate(report.articles)])
    con.executemany("INSERT INTO article_sources VALUES (?,?,?,?,?)",
                    [(a.id, _name(s.file), s.first_line, s.last_line, int(s.canonical))
                     for a in report.articles for s in a.sources])
    pub = {a.id: date_range(a.date) for a in report.articles}
    ordinal = {a.id: i for i, a in enumerate(report.articles)}
    # rank = the order results are listed in (newest article first, then paragraph order), so a page of
    # results is an index-ordered scan with LIMIT instead of a sort of every match.
    ranked = sorted(report.passages, key=lambda p: (_desc(pub[p.article_id][1]), ordinal[p.article_id], p.n))
    rank = {p.id: i for i, p in enumerate(ranked)}
    con.executemany('INSERT INTO passages (id, article_id, n, kind, section, text, file, line, start, "end", '
                    "rank, pub_start, pub_end, page, layer_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(p.id, p.article_id, p.n, p.kind, p.section, p.text, _name(p.source.file), p.source.line,
                      p.source.start, p.source.end, rank[p.id], *pub[p.article_id], p.source.page,
                      p.source.sha256 if p.source.layer else None) for p in report.passages])
    con.executemany("INSERT INTO text_layers VALUES (?,?,?,?,?)",
                    [(_name(t.file), t.format, t.sha256, t.text, json.dumps(list(t.pages))) for t in report.layers])
    con.execute("INSERT INTO passages_fts(rowid, text) SELECT rowid, text FROM passages")
    con.executemany("INSERT OR REPLACE INTO line_fates VALUES (?,?,?,?,?)",
                    [(_name(f.file), f.line, f.fate, _name(f.reason), f.article_id) for f in report.fates])
    con.executemany("INSERT INTO links VALUES (?,?,?,?,?,?)",
                    [(lk.passage_id, lk.route_id, lk.strength, lk.origin, json.dumps(lk.evidence), lk.reason)
                     for lk in ann.links])
    con.executemany("INSERT INTO actor_mentions VALUES (?,?,?,?,?)",
                    [(pid, m.actor_id, m.text, m.start, m.end) for pid, ms in ann.actor_mentions.items() for m in ms])
    con.executemany("INSERT OR IGNORE INTO passage_actors VALUES (?,?)",
                    [(pid, a) for pid, actors in ann.passage_actors.items() for a in actors])
    con.executemany("INSERT INTO dated_mentions VALUES (?,?,?,?,?,?,?,?,?)",
                    [(pid, d.date, d.precision, *_mention_range(d), d.text, d.start, d.end, d.resolved)
                     for pid, ds in ann.dated_mentions.items() for d in ds])


def _name(text: str | None) -> str | None:
    """A file name (or a message quoting one) storable as SQLite text: undecodable bytes, kept by Python as
    lone surrogates, become ``\\xNN``."""
    if text is None or text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _desc(iso_day: str | None) -> tuple[int, str]:
    """Sort key putting later ISO days first and undated last."""
    if not iso_day:
        return (1, "")
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in iso_day))


def _mention_range(d: DatedMention) -> tuple[str, str]:
    start, end = date_range(d.date[:10] if d.precision != "season" else d.date[:7])
    if d.precision == "season":  # date is "YYYY-MM/YYYY-MM"
        a, b = d.date.split("/")
        start, end = date_range(a)[0], date_range(b)[1]
    return start or "", end or ""


def report_summary(report: IngestReport) -> dict:
    """The build report as plain data: files, articles, passages, duplicates, line fates by reason."""
    by_reason: dict[str, dict[str, int]] = {}
    for f in report.fates:
        by_reason.setdefault(f.fate, {}).setdefault(f.reason, 0)
        by_reason[f.fate][f.reason] += 1
    return {
        "files": len(report.files),
        "files_skipped": [f for f in report.files if f["status"] != "ingested"],
        "articles": len(report.articles),
        "passages": len(report.passages),
        "duplicate_copies": len(report.duplicates),
        "duplicates": list(report.duplicates),
        "lines": {fate: sum(v.values()) for fate, v in by_reason.items()},
        "lines_by_reason": by_reason,
        "flagged_articles": {a.id: list(a.flags) for a in report.articles if a.flags},
        "losses": loss_ranges(report.fates),
        "problems": list(report.problems),
        "warnings": list(report.warnings),
    }


class Index:
    """A read-only view of one index file; safe to share between threads (calls are serialised)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if inspect_file(self.path, deep=False).state == "missing":
            raise IndexError_(f"{self.path}: index file does not exist")
        self.stamp = _stamp(self.path)
        try:
            self._con = sqlite3.connect(f"file:{quote(str(self.path))}?mode=ro", uri=True, check_same_thread=False)
            self._con.row_factory = sqlite3.Row
            self.meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise DamagedIndexError(f"{self.path}: not a usable index ({exc})") from exc
        self._lock = threading.Lock()
        self._articles: dict[str, Article] = {}

    def is_current(self) -> bool:
        """Whether the file at ``path`` is still the one this connection reads (not deleted or replaced)."""
        return _stamp(self.path) == self.stamp

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def rows(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        """Run a read query with bound parameters and return all rows."""
        with self._lock:
            try:
                return self._con.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _DAMAGE_CODES:
                    raise  # a bug in the query, not the file's fault
                raise DamagedIndexError(f"{self.path}: the index is damaged ({exc}); rebuild it with "
                                        f"`corridors build --db {self.path}`") from exc

    @property
    def report(self) -> dict:
        """The build report stored with the index."""
        return json.loads(self.meta.get("report", "{}"))

    def articles(self) -> list[Article]:
        """All articles in corpus order."""
        srcs: dict[str, list[ArticleSource]] = {}
        for r in self.rows("SELECT * FROM article_sources ORDER BY rowid"):
            srcs.setdefault(r["article_id"], []).append(
                ArticleSource(r["file"], r["first_line"], r["last_line"], bool(r["canonical"])))
        return [_article(r, tuple(srcs.get(r["id"], ()))) for r in self.rows("SELECT * FROM articles ORDER BY ord")]

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        """Articles by id (unknown ids are left out); memoised, since an index file never changes."""
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self._articles]
        for chunk in range(0, len(missing), 500):
            part = missing[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            srcs: dict[str, list[ArticleSource]] = {}
            for r in self.rows(f"SELECT * FROM article_sources WHERE article_id IN ({marks}) ORDER BY rowid", part):
                srcs.setdefault(r["article_id"], []).append(
                    ArticleSource(r["file"], r["first_line"], r["last_line"], bool(r["canonical"])))
            for r in self.rows(f"SELECT * FROM articles WHERE id IN ({marks})", part):
                self._articles[r["id"]] = _article(r, tuple(srcs.get(r["id"], ())))
        return {i: self._articles[i] for i in wanted if i in self._articles}

    def passages(self, ids: Iterable[str] | None = None, *, article_id: str | None = None) -> list[Passage]:
        """Passages by id (in the order given), by article, or all."""
        if article_id is not None:
            rows = self.rows("SELECT * FROM passages WHERE article_id = ? ORDER BY n", (article_id,))
            return [_passage(r) for r in rows]
        if ids is None:
            return [_passage(r) for r in self.rows("SELECT * FROM passages ORDER BY rowid")]
        wanted = list(ids)
        found: dict[str, Passage] = {}
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk:chunk + 500]
            q = f"SELECT * FROM passages WHERE id IN ({','.join('?' * len(part))})"
            found.update({r["id"]: _passage(r) for r in self.rows(q, part)})
        return [found[i] for i in wanted if i in found]


def text_layer(index: Index, file: str) -> TextLayer | None:
    """The text layer stored for an HTML/PDF file (what its passages' offsets point into), or None."""
    if hasattr(index, "text_layer"):  # a PostgreSQL index (corridors.store.postgres_read)
        return index.text_layer(file)
    rows = index.rows("SELECT * FROM text_layers WHERE file = ?", (file,))
    if not rows:
        return None
    r = rows[0]
    return TextLayer(r["file"], r["format"], r["sha256"], r["text"], tuple(json.loads(r["pages"])))


def _article(r: sqlite3.Row, sources: tuple[ArticleSource, ...]) -> Article:
    return Article(r["id"], r["title"], tuple(json.loads(r["authors"])), r["publisher"], r["date"],
                   r["date_precision"], r["date_note"], r["url"], sources, tuple(json.loads(r["flags"])))


def _passage(r: sqlite3.Row) -> Passage:
    return Passage(r["id"], r["article_id"], r["n"], r["kind"], r["section"], r["text"],
                   Provenance(r["file"], r["line"], r["start"], r["end"], r["page"], r["layer_sha256"],
                              r["layer_sha256"] is not None))


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def open_index(db_path: str | Path) -> Index:
    """Open an index file read-only (see :func:`corridors.build.ensure_index` to build it first)."""
    return Index(db_path)


def stored_hash(db_path: str | Path) -> str | None:
    """The content hash an index was built from, or None if the file is missing or unreadable."""
    try:
        info = inspect_file(db_path)
    except IndexError_:
        return None
    return info.record.get("content_hash") if info.state == "ok" else None
