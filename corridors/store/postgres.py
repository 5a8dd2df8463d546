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
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from sources._errors import IndexError_

log = logging.getLogger(__name__)

APPLICATION = "corridor-atlas"
PG_SCHEMA_VERSION = 1
#: ``from_version -> SQL`` bringing an index of that schema to the next version (none needed yet).
MIGRATIONS: dict[int, str] = {}
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
                          f"`CREATE EXTENSION postgis;` in it (Debian: apt-get install postgresql-15-postgis-3)") from None


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
                    con.execute(MIGRATIONS[v])
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


#: The index tables (beside corridors_meta and the geography); the same concepts as the SQLite index.
DATA_SCHEMA = """
CREATE TABLE passages (id text PRIMARY KEY, text text NOT NULL,
                       tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED);
CREATE INDEX passages_tsv ON passages USING gin (tsv);
"""
