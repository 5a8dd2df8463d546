"""Two analysts writing one PostgreSQL index at once: both `corridors build` processes succeed, nothing is
duplicated, the database's integrity holds, the result is what one build of both corpora gives (on SQLite),
and a reader during the writes sees either the old index or the new one, never a half-written one."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from corridors.build import build_index
from corridors.query import Filters, matching_ids, search_passages
from corridors.store import open_store as open_index
from corridors.store.postgres import open_postgres
from sources.ingest import BUNDLED_CORPUS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def two_corpora(tmp_path_factory):
    """The bundled files split into two folders that share articles (copies of one article in both)."""
    root = tmp_path_factory.mktemp("two")
    a, b = root / "a", root / "b"
    a.mkdir()
    b.mkdir()
    files = sorted(BUNDLED_CORPUS.glob("*.txt"))
    for f in files[:2]:
        shutil.copy(f, a)
    for f in files[2:]:
        shutil.copy(f, b)
    both = root / "both.sqlite"
    build_index((a, b), both)
    return a, b, open_index(both)


def _build(url: str, folder: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "corridors.cli", "build", "--db", url, "--corpus", str(folder),
                             "--quiet"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _integrity(url: str) -> None:
    with psycopg.connect(url) as con:
        one = con.execute
        assert one("SELECT count(*) - count(DISTINCT id) FROM passages").fetchone() == (0,)
        assert one("SELECT count(*) FROM passages p WHERE NOT EXISTS "
                   "(SELECT 1 FROM articles a WHERE a.id = p.article_id)").fetchone() == (0,)
        for table in ("links", "actor_mentions", "passage_actors", "dated_mentions"):
            assert one(f"SELECT count(*) FROM {table} x WHERE NOT EXISTS "
                       "(SELECT 1 FROM passages p WHERE p.id = x.passage_id)").fetchone() == (0,), table
        assert one("SELECT count(*) FROM (SELECT passage_id, route_id FROM links GROUP BY 1, 2 "
                   "HAVING count(*) > 1) d").fetchone() == (0,)
        assert one("SELECT count(*) FROM article_sources s WHERE canonical AND NOT EXISTS (SELECT 1 FROM articles a "
                   "WHERE a.id = s.article_id AND a.corpus = s.corpus)").fetchone() == (0,)


@pytest.mark.parametrize("round_", range(2))
def test_two_concurrent_builders_equal_one_build_of_both(pg_server, two_corpora, tmp_path, round_):
    a, b, both = two_corpora
    url = pg_server.new_database("conc")
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(tmp_path)}
    procs = [_build(url, a, env), _build(url, b, env)] if round_ == 0 else [_build(url, b, env), _build(url, a, env)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert not any("Traceback" in err for _, err in outs)
    _integrity(url)
    pg = open_postgres(url)
    try:
        assert matching_ids(pg, Filters()) == matching_ids(both, Filters())
        for f in (Filters(routes=("tripp",)), Filters(actors=("iran",)), Filters(q="railway")):
            x, y = search_passages(both, f), search_passages(pg, f)
            assert [(h.id, h.passage.text, h.routes, h.actors, h.dates) for h in x] == \
                   [(h.id, h.passage.text, h.routes, h.actors, h.dates) for h in y]
        assert pg.report["passages"] == both.report["passages"]
    finally:
        pg.close()


def test_a_rebuild_of_one_corpus_replaces_only_its_rows(pg_server, two_corpora, tmp_path):
    a, b, both = two_corpora
    url = pg_server.new_database("rebuild")
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(tmp_path)}
    for folder in (a, b, a, a):
        p = _build(url, folder, env)
        assert p.wait(timeout=300) == 0, p.communicate()
    _integrity(url)
    pg = open_postgres(url)
    try:
        assert matching_ids(pg, Filters()) == matching_ids(both, Filters())
    finally:
        pg.close()


def test_readers_never_see_half_a_build(pg_server, two_corpora, tmp_path):
    a, b, both = two_corpora
    url = pg_server.new_database("readers")
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(tmp_path)}
    assert _build(url, a, env).wait(timeout=300) == 0
    pg = open_postgres(url)
    before = len(matching_ids(pg, Filters()))
    after = len(matching_ids(both, Filters()))
    seen: set[int] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.add(len(matching_ids(pg, Filters())))
            time.sleep(0.005)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for folder in (b, a, b):
            assert _build(url, folder, env).wait(timeout=300) == 0
    finally:
        stop.set()
        reader.join()
        pg.close()
    assert seen <= {before, after} and after in seen, (before, after, seen)
