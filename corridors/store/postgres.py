"""The PostgreSQL + PostGIS backend of the store: a team's shared index on a server.

A database is ours when its ``corridors_meta`` table says ``application = corridor-atlas``; it records the
schema version. A database with tables but no such record is another program's and is refused; an index
of an older schema is migrated when a migration exists (:data:`MIGRATIONS`), else refused with a message
saying what to do, never rebuilt over. Full-text search is a ``tsvector`` column (English configuration)
queried with ``websearch_to_tsquery``; the geography lives in PostGIS (:mod:`corridors.store.postgres_geo`).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit, urlunsplit

from corridors.store.postgres_schema import DATA_SCHEMA, MIGRATE_2, MIGRATE_3, folded, migrate_1
from sources._errors import IndexError_

log = logging.getLogger(__name__)

APPLICATION = "corridor-atlas"
PG_SCHEMA_VERSION = 4
#: ``from_version -> SQL`` (or a function of the connection) bringing an index of that schema to the next version.
MIGRATIONS: dict[int, str | Callable] = {1: migrate_1, 2: MIGRATE_2, 3: MIGRATE_3}
_URL = re.compile(r"(?i)postgres(?:ql)?://")


class NotOurDatabaseError(IndexError_):
    """A database with tables but no record of being a Corridor Atlas index: it is never written to."""


class SchemaVersionError(IndexError_):
    """An index of ours written with another schema version that cannot be migrated here."""


def is_postgres_url(value: object) -> bool:
    """Whether a ``--db`` / ``CORRIDORS_DB`` value names a PostgreSQL database (``postgresql://…``)."""
    return isinstance(value, str) and bool(_URL.match(value.strip()))


def redact(url: str) -> str:
    """``url`` without its password (``postgresql://user:***@host:port/db``): what messages may show."""
    try:
        parts = urlsplit(url)
        has_password = parts.password is not None
    except ValueError:
        return "postgresql://…"
    query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{parts.username or ''}:***@{host}" if has_password else parts.netloc
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def check_url(url: str) -> str | None:
    """What is wrong with a PostgreSQL URL (no database name, bad port), or None."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError as exc:
        return f"{redact(url)}: not a usable PostgreSQL URL ({exc})"
    if not parts.path.strip("/"):
        return (f"{redact(url)}: the URL names no database; give postgresql://user:password@host:port/DBNAME")
    return None


def connect(url: str, *, autocommit: bool = False, application: str = "corridors"):
    """A psycopg connection; :class:`IndexError_` naming the (redacted) URL when the server cannot be reached."""
    import psycopg

    problem = check_url(url)
    if problem:
        raise IndexError_(problem)
    try:
        return psycopg.connect(url, autocommit=autocommit, application_name=application, connect_timeout=10)
    except psycopg.OperationalError as exc:
        why = " ".join(str(exc).replace(url, redact(url)).split())
        raise IndexError_(f"{redact(url)}: cannot connect to the PostgreSQL server ({why})") from None


@dataclass(frozen=True, slots=True)
class DatabaseState:
    """What a database holds: ``empty`` (no tables of anybody's), ``ok`` (ours, current schema) or
    ``stale`` (ours, older schema that a migration brings up to date); ``record`` is our meta table."""

    url: str
    state: str
    version: int | None = None
    record: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # rows per main table (ours only)


_USER_TABLES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.relname
"""


def inspect_database(con, url: str) -> DatabaseState:
    """Classify the database behind ``con`` without writing anything.

    Raises
    ------
    NotOurDatabaseError
        Tables are there but no ``corridors_meta`` record of ours.
    SchemaVersionError
        Ours, but a newer schema, or an older one no migration reaches.
    """
    tables = [r[0] for r in con.execute(_USER_TABLES).fetchall()]
    if not tables:
        return DatabaseState(url, "empty")
    record: dict[str, str] = {}
    if "corridors_meta" in tables:
        try:
            record = dict(con.execute("SELECT key, value FROM corridors_meta").fetchall())
        except Exception:  # noqa: BLE001 - a table of that name but another shape: not ours
            con.rollback()
            record = {}
    shown = redact(url)
    if record.get("application") != APPLICATION:
        listed = ", ".join(tables[:6]) + (", …" if len(tables) > 6 else "")
        raise NotOurDatabaseError(
            f"{shown}: not a Corridor Atlas index (tables: {listed}; no corridors_meta record of ours); "
            f"refusing to write to it (create an empty database for the index: createdb …)")
    try:
        version = int(record.get("schema_version", ""))
    except ValueError:
        raise SchemaVersionError(f"{shown}: a Corridor Atlas index with an unreadable schema version "
                                 f"{record.get('schema_version')!r}; refusing to use it") from None
    if version == PG_SCHEMA_VERSION:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _COUNTED}
        return DatabaseState(url, "ok", version, record, counts)
    if version > PG_SCHEMA_VERSION:
        raise SchemaVersionError(f"{shown}: the index has schema {version}, written by a newer corridor-atlas "
                                 f"(this one uses {PG_SCHEMA_VERSION}); upgrade corridor-atlas to use it")
    if all(v in MIGRATIONS for v in range(version, PG_SCHEMA_VERSION)):
        return DatabaseState(url, "stale", version, record)
    raise SchemaVersionError(
        f"{shown}: the index has schema {version}, this corridor-atlas uses {PG_SCHEMA_VERSION} and cannot "
        f"migrate it; nothing was changed. Rebuild it into a new empty database (corridors db init URL, then "
        f"corridors build --db URL), or drop its tables yourself")


_COUNTED = ("passages", "segments", "nodes", "countries")
_INIT_LOCK = 0x436F4174  # pg_advisory_xact_lock key serialising schema creation and migration ("CoAt")

_META = "CREATE TABLE corridors_meta (key text PRIMARY KEY, value text NOT NULL);"


def _ensure_postgis(con, url: str) -> None:
    if con.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
        return
    import psycopg

    try:
        with con.transaction():
            con.execute("CREATE EXTENSION postgis")
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.FeatureNotSupported,
            psycopg.errors.UndefinedFile) as exc:
        dbname = urlsplit(url).path.strip("/")
        raise IndexError_(f"{redact(url)}: PostGIS is not installed in database {dbname} and this role cannot "
                          f"install it ({exc.diag.message_primary}); ask the server's administrator to run "
                          f"`CREATE EXTENSION postgis;` in it "
                          f"(Debian: apt-get install postgresql-15-postgis-3)") from None


def init(url: str, *, schema: str | None = None,
         record: dict[str, str] | None = None) -> tuple[DatabaseState, DatabaseState]:
    """Create our tables in an empty database (or migrate an older index of ours); idempotent.

    ``schema`` is the DDL of the index tables (:data:`DATA_SCHEMA`). Everything happens in one transaction
    under an advisory lock, so two ``corridors db init`` at once create the schema once. Returns the state
    found and the state left.

    Raises
    ------
    NotOurDatabaseError, SchemaVersionError
        As :func:`inspect_database`; nothing is written.
    IndexError_
        When the server cannot be reached or PostGIS cannot be installed.
    """
    from corridors.store.postgres_geo import GEO_SCHEMA, load_geography

    with connect(url) as con:
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            state = inspect_database(con, url)
            if state.state == "ok":
                return state, state
            if state.state == "stale":
                for v in range(state.version or 0, PG_SCHEMA_VERSION):
                    step = MIGRATIONS[v]
                    step(con) if callable(step) else con.execute(step)
                con.execute("UPDATE corridors_meta SET value = %s WHERE key = 'schema_version'",
                            (str(PG_SCHEMA_VERSION),))
                log.info("%s: migrated the index from schema %s to %s", redact(url), state.version, PG_SCHEMA_VERSION)
                return state, inspect_database(con, url)
            _ensure_postgis(con, url)
            con.execute(_META)
            con.execute(schema or DATA_SCHEMA)
            con.execute(GEO_SCHEMA)
            load_geography(con)
            meta = {"application": APPLICATION, "schema_version": str(PG_SCHEMA_VERSION), **(record or {})}
            with con.cursor() as cur:
                cur.executemany("INSERT INTO corridors_meta VALUES (%s, %s)", list(meta.items()))
            con.execute("COMMENT ON TABLE corridors_meta IS 'Corridor Atlas index: who owns this database, "
                        "its schema version'")
            return state, inspect_database(con, url)




def corpus_lock_key(corpus: str) -> int:
    """The ``pg_advisory_xact_lock`` key of a corpus (a signed 64-bit hash of its key)."""
    import hashlib

    return int.from_bytes(hashlib.sha256(f"corridors corpus {corpus}".encode()).digest()[:8], "big", signed=True)


def _copy(cur, table: str, columns: str, rows) -> int:
    n = 0
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)
            n += 1
    return n


ARTICLES_LOCK = 0x436F4175


def _without(report, ann, article_ids: set[str]):
    """The report and annotations without the given articles' rows (they are another corpus's)."""
    from corridors.store import Annotations

    gone = {p.id for p in report.passages if p.article_id in article_ids}
    report = replace(report, articles=tuple(a for a in report.articles if a.id not in article_ids),
                     passages=tuple(p for p in report.passages if p.id not in gone))
    ann = Annotations({k: v for k, v in ann.actor_mentions.items() if k not in gone},
                      {k: v for k, v in ann.passage_actors.items() if k not in gone},
                      {k: v for k, v in ann.dated_mentions.items() if k not in gone},
                      tuple(lk for lk in ann.links if lk.passage_id not in gone))
    return report, ann


def write_corpus(con, corpus: str, report, ann, *, content_hash: str, record: dict[str, str]) -> None:
    """Replace every row of ``corpus`` with this build's, in the caller's transaction, under the corpus's lock.

    Another builder of the same corpus waits for the lock (then replaces these rows in turn: the last build
    wins whole); builders of other corpora do their work side by side and take turns to write. An article
    already in the index from another corpus (the same article in both) keeps that copy; this corpus's copy
    is recorded as one more (non-canonical) source of it. Readers see the old rows until commit.
    """
    import json

    from sources.index import date_range, report_summary
    from sources.index import storable as name

    con.execute("SELECT pg_advisory_xact_lock(%s)", (corpus_lock_key(corpus),))
    con.execute("SELECT pg_advisory_xact_lock(%s)", (ARTICLES_LOCK,))  # who owns an article: one writer at a time
    con.execute("DELETE FROM article_sources WHERE corpus = %s", (corpus,))
    con.execute("DELETE FROM corpora WHERE key = %s", (corpus,))
    taken = dict(con.execute("SELECT id, corpus FROM articles WHERE id = ANY(%s)",
                             ([a.id for a in report.articles],)).fetchall())
    if taken:  # the same article, built into the index from another corpus first: that copy stays the one shown
        log.info("%d article(s) already in the index from another corpus; their copies here are duplicates",
                 len(taken))
        dropped = [replace(a, sources=tuple(replace(s, canonical=False) for s in a.sources))
                   for a in report.articles if a.id in taken]
        report, ann = _without(report, ann, set(taken))
        record = {k: v for k, v in record.items() if k != "file_digests"}  # rows left out: next build is full
    else:
        dropped = []
    con.execute("INSERT INTO corpora (key, dirs, content_hash, record, report) VALUES (%s, %s, %s, %s, %s)",
                (corpus, record.get("corpus_dirs", "[]"), content_hash, json.dumps(record),
                 json.dumps(report_summary(report))))
    pub = {a.id: date_range(a.date) for a in report.articles}
    ordinal = {a.id: i for i, a in enumerate(report.articles)}
    with con.cursor() as cur:
        _copy(cur, "articles", "id, corpus, title, authors, publisher, date, date_precision, date_note, date_start, "
              "date_end, url, flags, ord",
              ((a.id, corpus, a.title, json.dumps(a.authors), a.publisher, a.date, a.date_precision, a.date_note,
                *date_range(a.date), a.url, json.dumps(a.flags), i) for i, a in enumerate(report.articles)))
        _copy(cur, "article_sources", "article_id, corpus, seq, file, first_line, last_line, canonical",
              ((a.id, corpus, k, name(s.file), s.first_line, s.last_line, s.canonical)
               for a in [*report.articles, *dropped] for k, s in enumerate(a.sources, start=1000 * (a in dropped))))
        _insert_file_rows(cur, corpus, report.files, report.passages, report.layers, report.fates, ann, ordinal, pub)


def _insert_file_rows(cur, corpus: str, file_records, passages, layers, fates, ann, ordinal: dict[str, int],
                      pub: dict) -> None:
    """COPY the rows of some files (files, passages, text layers, line fates, annotations) into ``corpus``."""
    import json

    from sources.index import mention_range
    from sources.index import storable as name

    _copy(cur, "files", "corpus, path, status, encoding, sha256, bytes, lines, articles, reason",
          ((corpus, name(f["path"]), f["status"], f.get("encoding"), f.get("sha256"), f.get("bytes"),
            f.get("lines"), f.get("articles"), name(f.get("reason"))) for f in file_records))
    routes: dict[str, list[str]] = {}
    primary: dict[str, list[str]] = {}
    for lk in ann.links:
        routes.setdefault(lk.passage_id, []).append(lk.route_id)
        if lk.strength == "primary":
            primary.setdefault(lk.passage_id, []).append(lk.route_id)
    _copy(cur, "passages", 'id, article_id, corpus, art_ord, n, kind, section, text, folded, file, line, start, '
          '"end", pub_start, pub_end, page, layer_sha256, seq, routes, primary_routes',
          ((p.id, p.article_id, corpus, ordinal[p.article_id], p.n, p.kind, p.section, p.text, folded(p.text),
            name(p.source.file), p.source.line, p.source.start, p.source.end, *pub[p.article_id], p.source.page,
            p.source.sha256 if p.source.layer else None, ordinal[p.article_id] * 100000 + p.n,
            sorted(routes.get(p.id, ())), sorted(primary.get(p.id, ())))
           for p in passages))
    _copy(cur, "text_layers", "corpus, file, format, sha256, text, pages",
          ((corpus, name(t.file), t.format, t.sha256, t.text, json.dumps(list(t.pages))) for t in layers))
    fates = {(name(f.file), f.line): f for f in fates}  # the last fate of a line wins, as in SQLite
    _copy(cur, "line_fates", "corpus, file, line, fate, reason, article_id",
          ((corpus, file, line, f.fate, name(f.reason), f.article_id) for (file, line), f in fates.items()))
    _copy(cur, "links", "passage_id, route_id, strength, origin, evidence, reason",
          ((lk.passage_id, lk.route_id, lk.strength, lk.origin, json.dumps([list(e) for e in lk.evidence]), lk.reason)
           for lk in ann.links))
    _copy(cur, "actor_mentions", 'passage_id, seq, actor_id, text, start, "end"',
          ((pid, k, m.actor_id, m.text, m.start, m.end) for pid, ms in ann.actor_mentions.items()
           for k, m in enumerate(ms)))
    _copy(cur, "passage_actors", "passage_id, actor_id, seq",
          ((pid, a, k) for pid, actors in ann.passage_actors.items() for k, a in enumerate(dict.fromkeys(actors))))
    _copy(cur, "dated_mentions", 'passage_id, seq, date, precision, date_start, date_end, text, start, "end", '
          "resolved", ((pid, k, d.date, d.precision, *mention_range(d), d.text, d.start, d.end, d.resolved)
                       for pid, ds in ann.dated_mentions.items() for k, d in enumerate(ds)))


def replace_files(url: str, corpus: str, batch, *, removed=(), full: bool = False) -> None:
    """:meth:`corridors.store.Store.replace_files` on PostgreSQL: :func:`replace_rows` in one transaction
    under the corpus's lock. Readers see the old state until the commit."""
    with connect(url) as con, con.transaction():
        if inspect_database(con, url).state != "ok":
            raise SchemaVersionError(f"{redact(url)}: not an index of the current schema; run corridors db init")
        con.execute("SELECT pg_advisory_xact_lock(%s)", (corpus_lock_key(corpus),))
        replace_rows(con, corpus, batch, removed=removed, full=full)


def replace_rows(con, corpus: str, batch, *, removed=(), full: bool = False) -> None:
    """In the caller's transaction (the corpus's lock held): delete the rows of ``removed`` and of the
    batch's files (every row of the corpus when ``full``), insert the batch's rows, store its articles (the
    corpus's whole list, in corpus order), file records and meta, and re-rank the corpus's passages."""
    import json

    from sources.index import date_range
    from sources.index import storable as name

    files = sorted({name(str(f)) for f in (*batch.files, *removed)})
    meta = dict(batch.meta)
    articles = batch.articles
    con.execute("INSERT INTO corpora (key, dirs, content_hash, record, report) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (key) DO UPDATE SET dirs = EXCLUDED.dirs, content_hash = EXCLUDED.content_hash, "
                "record = EXCLUDED.record, report = EXCLUDED.report, built_at = now()",
                (corpus, meta.get("corpus_dirs", "[]"), meta.get("content_hash", ""), json.dumps(meta),
                 meta.get("report") or "{}"))
    for table, column in (("passages", "file"), ("line_fates", "file"), ("text_layers", "file")):
        if full:
            con.execute(f"DELETE FROM {table} WHERE corpus = %s", (corpus,))
        else:
            con.execute(f"DELETE FROM {table} WHERE corpus = %s AND {column} = ANY(%s)", (corpus, files))
    con.execute("DELETE FROM files WHERE corpus = %s", (corpus,))  # the batch carries every file's record
    keep = [a.id for a in articles]
    con.execute("DELETE FROM articles WHERE corpus = %s AND NOT (id = ANY(%s))", (corpus, keep))
    con.execute("DELETE FROM article_sources WHERE corpus = %s", (corpus,))
    ordinal = {a.id: i for i, a in enumerate(articles)}
    pub = {a.id: date_range(a.date) for a in articles}
    with con.cursor() as cur:
        cur.executemany(
            "INSERT INTO articles VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO "
            "UPDATE SET title = EXCLUDED.title, authors = EXCLUDED.authors, publisher = EXCLUDED.publisher, "
            "date = EXCLUDED.date, date_precision = EXCLUDED.date_precision, date_note = EXCLUDED.date_note, "
            "date_start = EXCLUDED.date_start, date_end = EXCLUDED.date_end, url = EXCLUDED.url, "
            "flags = EXCLUDED.flags, ord = EXCLUDED.ord WHERE articles.corpus = EXCLUDED.corpus",
            [(a.id, corpus, a.title, json.dumps(a.authors), a.publisher, a.date, a.date_precision, a.date_note,
              *pub[a.id], a.url, json.dumps(a.flags), ordinal[a.id]) for a in articles])
        _copy(cur, "article_sources", "article_id, corpus, seq, file, first_line, last_line, canonical",
              ((a.id, corpus, k, name(s.file), s.first_line, s.last_line, s.canonical)
               for a in articles for k, s in enumerate(a.sources)))
        _insert_file_rows(cur, corpus, batch.file_records, batch.passages, batch.layers, batch.fates,
                          batch.annotations, ordinal, pub)
    con.execute("UPDATE passages p SET art_ord = a.ord, pub_start = a.date_start, pub_end = a.date_end, "
                "seq = a.ord * 100000 + p.n FROM articles a WHERE a.id = p.article_id AND p.corpus = %s "
                "AND (p.art_ord, p.pub_start, p.pub_end) IS DISTINCT FROM (a.ord, a.date_start, a.date_end)",
                (corpus,))


def corpus_key(dirs) -> str:
    """The key of a corpus in the database: the real paths of its folders, sorted, one per line."""
    import os

    return "\n".join(sorted(os.path.realpath(d) for d in dirs))


def build_corpus(url: str, corpus_dirs, *, notes: tuple[str, ...] = ()):
    """``corridors build --db URL`` (:func:`corridors.store.postgres_build.build_corpus`)."""
    from corridors.store.postgres_build import build_corpus as build

    return build(url, corpus_dirs, notes=notes)


def open_postgres(url: str, corpus_dirs=(), *, build_if_empty: bool = True):
    """Open a PostgreSQL index for reading; an empty one (no corpus built yet) is built from ``corpus_dirs``.

    Raises
    ------
    NotOurDatabaseError, SchemaVersionError, IndexError_
        As :func:`inspect_database` and :func:`connect`.
    """
    from corridors.store.postgres_read import PostgresStore

    with connect(url) as con:
        state = inspect_database(con, url)
        empty = state.state == "empty" or not con.execute(
            "SELECT 1 FROM pg_tables WHERE tablename = 'corpora' AND schemaname = current_schema()").fetchone() \
            or not con.execute("SELECT 1 FROM corpora LIMIT 1").fetchone()
    if state.state == "stale":
        init(url)
    if empty and build_if_empty and corpus_dirs:
        build_corpus(url, corpus_dirs)
    return PostgresStore(url)


def open_store(url: str, *, corpus: str = "default", writable: bool = False):
    """:func:`corridors.store.open_store` for a ``postgresql://`` URL: the index there (the schema is created
    first in an empty database when ``writable``)."""
    from corridors.store.postgres_read import PostgresStore

    if writable:
        init(url)
    return PostgresStore(url, corpus, writable=writable)


def write_store(url: str, batch, *, corpus: str = "default") -> None:
    """:func:`corridors.store.write_store` for a ``postgresql://`` URL: afterwards the corpus holds exactly
    ``batch`` (one transaction under the corpus's lock)."""
    init(url)
    replace_files(url, corpus, batch, full=True)


def recorded_corpora(url: str) -> list[tuple[str, ...]]:
    """The corpora built into the index, each as its folders (real paths), in key order."""
    import json

    with connect(url) as con:
        if inspect_database(con, url).state == "empty":
            return []
        return [tuple(json.loads(d)) for (d,) in con.execute("SELECT dirs FROM corpora ORDER BY key").fetchall()]
