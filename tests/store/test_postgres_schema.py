"""Whose database it is and which schema: `corridors db init` creates ours, refuses another program's
database and an index it cannot migrate (changing nothing), migrates one it can, and never prints a password."""
from __future__ import annotations

import threading

import psycopg
import pytest
from click.testing import CliRunner

from corridors.cli import cli
from corridors.store import postgres


def _init(url: str):
    return CliRunner().invoke(cli, ["db", "init", url])


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")} \
            - {"spatial_ref_sys"}  # PostGIS's own


def test_init_creates_our_schema_once(pg_url):
    first = _init(pg_url)
    assert first.exit_code == 0, first.output
    assert f"created the index (schema {postgres.PG_SCHEMA_VERSION};" in first.output and "segments 53" in first.output
    again = _init(pg_url)
    assert again.exit_code == 0 and "already an index of ours" in again.output
    with psycopg.connect(pg_url) as con:
        meta = dict(con.execute("SELECT key, value FROM corridors_meta").fetchall())
    assert meta["application"] == "corridor-atlas" and meta["schema_version"] == str(postgres.PG_SCHEMA_VERSION)


def test_password_is_never_printed(pg_url):
    out = _init(pg_url)
    assert out.exit_code == 0 and ":atlas@" not in out.output and "atlas:***@" in out.output
    wrong = pg_url.replace("atlas:atlas@", "atlas:s3cret-pw@").rsplit(":", 1)[0] + ":1/atlas"
    res = _init(wrong)
    assert res.exit_code != 0 and "cannot connect" in res.output and "s3cret-pw" not in res.output


def test_another_programs_database_is_refused_and_untouched(pg_url):
    with psycopg.connect(pg_url) as con:
        con.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric)")
        con.execute("INSERT INTO orders VALUES (1, 9.5)")
    res = _init(pg_url)
    assert res.exit_code != 0
    assert "not a Corridor Atlas index" in res.output and "orders" in res.output and "Traceback" not in res.output
    assert _tables(pg_url) == {"orders"}
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT total FROM orders").fetchall() == [(9.5,)]


def test_a_meta_table_of_another_program_is_not_our_marker(pg_url):
    with psycopg.connect(pg_url) as con:
        con.execute("CREATE TABLE corridors_meta (key text PRIMARY KEY, value text NOT NULL)")
        con.execute("INSERT INTO corridors_meta VALUES ('schema_version', '1')")
    res = _init(pg_url)
    assert res.exit_code != 0 and "not a Corridor Atlas index" in res.output
    assert _tables(pg_url) == {"corridors_meta"}


def _set_version(url: str, version: str) -> None:
    with psycopg.connect(url) as con:
        con.execute("UPDATE corridors_meta SET value = %s WHERE key = 'schema_version'", (version,))


def test_an_older_schema_without_migration_is_refused_unchanged(pg_url):
    assert _init(pg_url).exit_code == 0
    _set_version(pg_url, "0")
    before = _tables(pg_url)
    res = _init(pg_url)
    assert res.exit_code != 0 and "schema 0" in res.output and "cannot migrate" in res.output
    assert _tables(pg_url) == before
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT value FROM corridors_meta WHERE key = 'schema_version'").fetchone() == ("0",)


def test_a_newer_schema_is_refused(pg_url):
    assert _init(pg_url).exit_code == 0
    _set_version(pg_url, str(postgres.PG_SCHEMA_VERSION + 1))
    res = _init(pg_url)
    assert res.exit_code != 0 and "newer corridor-atlas" in res.output


def test_an_older_schema_with_a_migration_is_migrated(pg_url, monkeypatch):
    assert _init(pg_url).exit_code == 0
    _set_version(pg_url, str(postgres.PG_SCHEMA_VERSION - 1))
    monkeypatch.setitem(postgres.MIGRATIONS, postgres.PG_SCHEMA_VERSION - 1,
                        "CREATE TABLE migrated_marker (x int)")
    res = _init(pg_url)
    assert res.exit_code == 0 and f"migrated the index from schema {postgres.PG_SCHEMA_VERSION - 1}" in res.output
    assert "migrated_marker" in _tables(pg_url)
    with psycopg.connect(pg_url) as con:
        row = con.execute("SELECT value FROM corridors_meta WHERE key = 'schema_version'").fetchone()
    assert row == (str(postgres.PG_SCHEMA_VERSION),)


def test_two_inits_at_once_create_one_schema(pg_url):
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(postgres.init(pg_url))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3
    assert sorted(before.state for before, _ in results) == ["empty", "ok", "ok"]
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT count(*) FROM segments").fetchone() == (53,)


@pytest.mark.parametrize("value, why", [
    ("postgresql://atlas:pw@127.0.0.1:5432", "names no database"),
    ("postgresql://atlas:pw@127.0.0.1:notaport/x", "not a usable PostgreSQL URL"),
    ("mysql://atlas:pw@host/x", "only postgresql://"),
])
def test_bad_database_urls_are_named_without_the_password(value, why, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["passages", "--db", value, "--limit", "1"])
    assert res.exit_code != 0 and why in res.output and ":pw@" not in res.output
    assert list(tmp_path.iterdir()) == []  # no folder called postgresql: (or mysql:)


def _migrated(pg_url: str, version: int, back: list[str]):
    """Build the bundled corpus, take it back to schema ``version`` (the statements ``back``), migrate it with
    ``postgres.init`` and open it."""
    from corridors.store.postgres_read import PostgresStore
    from sources.ingest import BUNDLED_CORPUS

    postgres.build_corpus(pg_url, (BUNDLED_CORPUS,))
    with psycopg.connect(pg_url) as con:
        for sql in back:
            con.execute(sql)
    _set_version(pg_url, str(version))
    before, after = postgres.init(pg_url)
    assert (before.version, after.state, after.version) == (version, "ok", postgres.PG_SCHEMA_VERSION)
    return PostgresStore(pg_url)


def test_an_index_of_schema_2_is_migrated_and_finds_the_same(pg_url, bundled_index):
    """Schema 2 -> 3 (stored ``words``, covering order index, primary links index) on a built index: the
    searches and counts after it are SQLite's."""
    from corridors.query import Filters, matching_ids, route_counts

    pg = _migrated(pg_url, 2, [  # back to schema 2: words an expression index, no covering indexes
        "ALTER TABLE passages DROP COLUMN routes, DROP COLUMN primary_routes",  # schema 4's
        "ALTER TABLE passages DROP COLUMN words",
        "CREATE INDEX passages_words ON passages USING gin (to_tsvector('simple', coalesce(folded, text)))",
        "DROP INDEX passages_order",
        "CREATE INDEX passages_order ON passages (pub_end DESC NULLS LAST, corpus, art_ord, n)",
        "DROP INDEX links_primary"])
    try:
        for f in (Filters(q='"Middle Corridor" Kazakhstan'), Filters(q="rail*"), Filters(primary_only=True,
                  date_from="2025"), Filters(actors=("iran",), primary_only=True)):
            assert matching_ids(pg, f) == matching_ids(bundled_index, f) != []
            assert route_counts(pg, f) == route_counts(bundled_index, f)
    finally:
        pg.close()


def test_a_full_build_leaves_the_tables_vacuumed_and_analyzed(pg_url):
    """After a full write the build runs VACUUM (ANALYZE): planner statistics and the visibility map (index-only
    scans for the route counts) are there at once, not when autovacuum comes round."""
    from sources.ingest import BUNDLED_CORPUS

    postgres.build_corpus(pg_url, (BUNDLED_CORPUS,))
    with psycopg.connect(pg_url) as con:
        rows = dict(con.execute("SELECT relname, last_vacuum IS NOT NULL AND last_analyze IS NOT NULL "
                                "FROM pg_stat_user_tables WHERE relname IN ('passages', 'links')").fetchall())
    assert rows == {"passages": True, "links": True}


def test_an_index_of_schema_3_is_migrated_and_counts_the_same(pg_url, bundled_index):
    """Schema 3 -> 4 (each passage row holds its linked and primary routes): the layer counts under text and
    publication-date filters, with and without primary-only, are SQLite's after it."""
    from corridors.query import Filters, route_counts

    pg = _migrated(pg_url, 3, ["ALTER TABLE passages DROP COLUMN routes, DROP COLUMN primary_routes"])
    try:
        for f in (Filters(q='"Middle Corridor" Kazakhstan'), Filters(q="rail*", primary_only=True),
                  Filters(date_from="2025"), Filters(date_from="2025", primary_only=True, actors=("iran",))):
            assert route_counts(pg, f) == route_counts(bundled_index, f) != {}
    finally:
        pg.close()
