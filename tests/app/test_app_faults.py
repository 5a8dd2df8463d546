"""Faults under the app (Streamlit AppTest): the index deleted, corrupted or replaced while it runs, an
unwritable folder, a foreign or damaged index file, a missing corpus folder.

The unwritable folder is simulated with a path whose parent is a regular file (these tests may run as root,
for whom chmod does not block writes) and with a folder under /proc, which nobody can create files in.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from corridors.build import build_index
from corridors.store import open_store
from corridors.store.sqlite import stored_hash

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "sources" / "corpus"


def quotes(at: AppTest) -> list[str]:
    return [m.value for m in [*at.markdown, *at.html] if 'class="ca-quote"' in m.value]


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


@pytest.fixture
def app(tmp_path, monkeypatch):
    db = tmp_path / "index.sqlite"
    monkeypatch.setenv("CORRIDORS_DB", str(db))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.run()
    assert not at.exception, at.exception
    assert quotes(at) and db.exists()
    return at, db


def test_index_deleted_while_the_app_runs_is_rebuilt_with_a_message(app):
    at, db = app
    before = len(quotes(at))
    db.unlink()
    at.run()
    assert not at.exception, at.exception
    assert any("deleted" in w and "rebuilt" in w for w in warnings(at)), warnings(at)
    assert db.exists() and stored_hash(db)
    assert len(quotes(at)) == before
    at.run()  # the message is shown once, not on every rerun
    assert not warnings(at)


def test_index_corrupted_in_place_while_the_app_runs_is_rebuilt_with_a_message(app):
    at, db = app
    size = db.stat().st_size
    with db.open("r+b") as fh:  # same file, same inode: the open connection would read garbage
        fh.write(b"not a database " * 64)
        fh.seek(size // 2)
        fh.write(os.urandom(4096))
    at.run()
    assert not at.exception, at.exception
    assert any("damaged" in w and "rebuilt" in w for w in warnings(at)), warnings(at)
    assert stored_hash(db)
    assert quotes(at)
    # a fresh filter (not answered from a cache) still queries the rebuilt index
    at.text_input(key="ca_q").set_value("railway").run()
    assert not at.exception, at.exception
    assert quotes(at)


def test_index_replaced_by_another_build_is_reopened_quietly(app):
    at, db = app
    build_index((CORPUS,), db)  # e.g. `corridors build` from a terminal: atomic replace, same content
    at.run()
    assert not at.exception, at.exception
    assert not warnings(at)
    assert quotes(at)


def test_unwritable_data_folder_in_the_app_is_one_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CORRIDORS_DB", str(blocker / "data" / "index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    assert not at.exception, at.exception
    (err,) = at.error
    assert str(blocker / "data") in err.value and "cannot write the index" in err.value


def test_a_foreign_file_at_corridors_db_stops_the_app_with_one_error_and_is_kept(tmp_path, monkeypatch):
    notes = tmp_path / "notes.db"
    con = sqlite3.connect(notes)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('keep me')")
    con.commit()
    con.close()
    before = notes.read_bytes()
    monkeypatch.setenv("CORRIDORS_DB", str(notes))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    assert not at.exception, at.exception
    (err,) = at.error
    assert str(notes) in err.value and "not a Corridor Atlas index" in err.value
    assert notes.read_bytes() == before


def test_a_damaged_user_index_in_the_app_is_rebuilt_from_its_own_corpus(tmp_path, monkeypatch):
    corpus = tmp_path / "mine"
    corpus.mkdir()
    (corpus / "a.txt").write_text("By Dana Field\n\nThe Lachin corridor road was closed again in 2025, "
                                  "residents of Stepanakert said.\n", encoding="utf-8")
    db = tmp_path / "mine.sqlite"
    build_index((corpus,), db)
    os.truncate(db, db.stat().st_size // 2)
    monkeypatch.setenv("CORRIDORS_DB", str(db))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    assert not at.exception, at.exception
    assert any("damaged" in w and str(corpus) in w for w in warnings(at)), warnings(at)
    idx = open_store(db)
    try:
        assert [a.authors for a in idx.articles()] == [("Dana Field",)]
    finally:
        idx.close()


def test_a_missing_corridors_corpus_folder_stops_the_app_with_one_error(tmp_path, monkeypatch):
    typo = tmp_path / "artcles"
    monkeypatch.setenv("CORRIDORS_CORPUS", str(typo))
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path / "i.sqlite"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    assert not at.exception, at.exception
    (err,) = at.error
    assert "CORRIDORS_CORPUS" in err.value and str(typo) in err.value and "does not exist" in err.value
    assert not (tmp_path / "i.sqlite").exists()

