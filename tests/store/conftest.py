"""The PostgreSQL server the store tests run against, and the ``store`` backend parameter.

``pg_cluster`` starts a throwaway cluster for the session (:mod:`corridors.pgcluster`: initdb as the
``postgres`` user into a temp folder, ``pg_ctl start`` on a free local port) and stops it at the end, so
``pytest`` alone works on a fresh machine with Debian's ``postgresql`` and ``postgresql-15-postgis-3``
(``.ci/run`` installs them). ``CORRIDORS_TEST_PG`` = a superuser URL of an existing server uses that one
instead. The PostgreSQL tests are skipped only when no server can be started, with the reason.
"""
from __future__ import annotations

import itertools
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

BACKENDS = ["sqlite", "postgresql"]
_names = itertools.count(1)


class _Server:
    """A PostgreSQL server we may create databases in: our own cluster, or ``CORRIDORS_TEST_PG``'s."""

    def __init__(self, admin_url: str, cluster=None) -> None:
        self.admin_url = admin_url
        self.cluster = cluster
        self._template: str | None = None

    def url(self, dbname: str, user: str | None = None, password: str | None = None) -> str:
        parts = urlsplit(self.admin_url)
        netloc = parts.netloc if user is None else f"{user}:{password}@{parts.hostname}:{parts.port or 5432}"
        return urlunsplit((parts.scheme, netloc, f"/{dbname}", parts.query, ""))

    def execute(self, *statements, dbname: str | None = None) -> None:
        import psycopg

        with psycopg.connect(self.url(dbname) if dbname else self.admin_url, autocommit=True) as con:
            for s in statements:
                con.execute(s)

    def new_database(self, prefix: str = "t", *, postgis: bool = True) -> str:
        """A new empty database (PostGIS installed, owned by the role ``atlas``); its URL as ``atlas``."""
        from psycopg import sql

        name = f"{prefix}_{os.getpid()}_{next(_names)}"
        if self._template is None:
            self._template = f"tmpl_{os.getpid()}"
            self.execute(sql.SQL("DO $$BEGIN CREATE ROLE atlas LOGIN PASSWORD 'atlas'; EXCEPTION WHEN "
                                 "duplicate_object THEN NULL; END$$"),
                         sql.SQL("CREATE DATABASE {} OWNER atlas").format(sql.Identifier(self._template)))
            self.execute("CREATE EXTENSION IF NOT EXISTS postgis", dbname=self._template)
        template = self._template if postgis else "template0"
        self.execute(sql.SQL("CREATE DATABASE {} OWNER atlas TEMPLATE {}").format(sql.Identifier(name),
                                                                                  sql.Identifier(template)))
        return self.url(name, "atlas", "atlas")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session, or a skip saying why none could be started."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        pytest.skip(f"PostgreSQL tests skipped: psycopg is not installed ({exc})")
    given = os.environ.get("CORRIDORS_TEST_PG")
    if given:
        yield _Server(given)
        return
    from corridors.pgcluster import ClusterError, start_cluster

    try:
        cluster = start_cluster()
    except (ClusterError, OSError) as exc:
        pytest.skip(f"PostgreSQL tests skipped: no PostgreSQL server could be started here ({exc}); "
                    f"install postgresql and postgresql-15-postgis-3 (.ci/run does) or set CORRIDORS_TEST_PG")
    try:
        yield _Server(cluster.url(), cluster)
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty PostGIS database owned by the role ``atlas``."""
    return pg_server.new_database()


@pytest.fixture(scope="session")
def pg_bundled(pg_server):
    """A PostgreSQL index of the bundled corpus (built by ``corridors build --db URL``'s code), opened."""
    from corridors.store import postgres
    from corridors.store.postgres_read import PostgresStore
    from sources.ingest import BUNDLED_CORPUS

    url = pg_server.new_database("bundled")
    postgres.build_corpus(url, (BUNDLED_CORPUS,))
    reader = PostgresStore(url)
    yield reader
    reader.close()


@pytest.fixture(params=BACKENDS)
def store(request):
    """The bundled corpus's index on each backend: SQLite (the default) and PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("bundled_index")
    return request.getfixturevalue("pg_bundled")
