"""Incremental builds on PostgreSQL (``corridors build --db postgresql://…``): adding, editing and deleting
article files in place gives what a full build gives (the same comparisons as on SQLite,
tests/unit/test_incremental.py), and only the changed files are annotated."""
from __future__ import annotations

import shutil

import psycopg
import pytest

from corridors.build import build_index
from corridors.store import postgres_build
from corridors.store.postgres import build_corpus
from tests.unit.test_incremental import CORPUS, TUNE, snapshot


@pytest.fixture
def updates(monkeypatch) -> list:
    """What each build's in-place update did (None: the corpus was written whole)."""
    seen: list = []
    real = postgres_build.update_corpus

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        seen.append(out)
        return out

    monkeypatch.setattr(postgres_build, "update_corpus", spy)
    return seen


def _edit(corpus):
    files = sorted(corpus.iterdir())
    shutil.copy(TUNE / "azernews-tap-sgc.txt", corpus / "new-article.txt")  # add
    shutil.copy(files[1], corpus / "zz-duplicate-copy.txt")  # a duplicate across files
    text = files[2].read_text(encoding="utf-8")
    files[2].write_text(text.replace("the", "THE", 3), encoding="utf-8")  # edit
    files[3].unlink()  # delete
    return files


def test_add_edit_delete_in_place_equals_a_full_build(pg_server, tmp_path, updates):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    inc = pg_server.new_database("inc")
    build_corpus(inc, (corpus,))
    assert updates == [None]  # a first build is a full one
    files = _edit(corpus)
    build_corpus(inc, (corpus,))
    done = updates[-1]
    assert done is not None, "the second build rewrote the corpus whole"
    assert set(done.changed) >= {str(corpus / "new-article.txt"), str(corpus / "zz-duplicate-copy.txt"),
                                 str(files[2])} and done.removed == (str(files[3]),)
    assert len(done.changed) < len(list(corpus.iterdir())), "every file was annotated again"
    full = pg_server.new_database("full")
    build_corpus(full, (corpus,))
    lite = tmp_path / "full.sqlite"
    build_index((corpus,), lite)
    a, b, c = snapshot(inc), snapshot(full), snapshot(lite)
    for key in a:
        assert a[key] == b[key], key
        if key not in ("record", "report", "ranks"):  # SQLite has more record keys; ranks stored only there
            assert a[key] == c[key], key
    assert a["counts"]["articles"] > 0 and any(a["links"].values())
    assert _rows(inc) == _rows(full)  # nothing left behind that the reads do not show (a removed file's lines)


_TABLES = ("files", "articles", "article_sources", "passages", "line_fates", "text_layers", "links", "actor_mentions",
           "passage_actors", "dated_mentions")


def _rows(url: str) -> dict[str, int]:
    """Rows per table, and a digest of the line fates (file, line, fate, reason) — the rows no read shows."""
    with psycopg.connect(url) as con:
        out = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _TABLES}
        out["fates"] = con.execute("SELECT md5(string_agg(concat_ws('|', file, line, fate, reason, article_id), ',' "
                                   "ORDER BY file, line)) FROM line_fates").fetchone()[0]
    return out


def test_unchanged_corpus_annotates_nothing(pg_server, tmp_path, updates):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    url = pg_server.new_database("same")
    build_corpus(url, (corpus,))
    before = snapshot(url)
    build_corpus(url, (corpus,))
    assert updates[-1] is not None and updates[-1].changed == () and updates[-1].passages == 0
    assert snapshot(url) == before


@pytest.mark.parametrize("key", ["code_hash", "user_overrides"])
def test_other_code_or_corrections_rewrite_the_corpus_whole(pg_server, tmp_path, updates, key):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    url = pg_server.new_database("code")
    build_corpus(url, (corpus,))
    before = snapshot(url)
    with psycopg.connect(url) as con:  # as if built by other code, or before a correction was made
        con.execute("UPDATE corpora SET record = jsonb_set(record, %s, '\"other\"')", ([key],))
    build_corpus(url, (corpus,))
    assert updates[-1] is None
    assert snapshot(url) == before
