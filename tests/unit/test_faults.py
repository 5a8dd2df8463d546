"""Faults: the index deleted or corrupted under a running app, two builders at once, an unwritable folder.

The unwritable folder is simulated with a path whose parent is a regular file (these tests may run as root,
for whom chmod does not block writes) and with a folder under /proc, which nobody can create files in.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from corridors.build import build_index
from sources._errors import IndexError_
from corridors.store import open_store
from corridors.store.sqlite import stored_hash

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "sources" / "corpus"
CLI = [sys.executable, "-m", "corridors.cli"]


def quotes(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="ca-quote"' in m.value]


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


def test_two_builds_at_once_leave_a_complete_index(tmp_path):
    db = tmp_path / "shared.sqlite"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [subprocess.Popen([*CLI, "build", "--db", str(db)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "passages: 209" in out
    idx = open_store(db)
    try:
        assert idx.rows("PRAGMA integrity_check")[0][0] == "ok"
        assert idx.rows("SELECT COUNT(*) FROM passages")[0][0] == 209
        assert idx.rows("SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'railway'")[0][0] > 0
    finally:
        idx.close()
    assert not list(tmp_path.glob("*.tmp")), "a builder left its temporary file behind"


def test_a_reader_keeps_working_while_the_index_is_rebuilt(tmp_path):
    db = tmp_path / "index.sqlite"
    build_index((CORPUS,), db)
    idx = open_store(db)
    n = idx.rows("SELECT COUNT(*) FROM passages")[0][0]
    build_index((CORPUS,), db)
    assert not idx.is_current()
    assert idx.rows("SELECT COUNT(*) FROM passages")[0][0] == n  # still reads its own (old) file
    idx.close()


@pytest.mark.parametrize("where", ["file-parent", "proc"])
def test_unwritable_data_folder_gives_one_clear_line(tmp_path, where):
    if where == "file-parent":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a regular file where a folder should be")
        folder = blocker / "data"
    else:
        folder = Path("/proc/self/corridors-data")  # /proc refuses new files, even for root
    db = folder / "index.sqlite"
    with pytest.raises(IndexError_) as exc:
        build_index((CORPUS,), db)
    assert str(folder) in str(exc.value)
    r = subprocess.run([*CLI, "build", "--db", str(db)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert str(folder) in lines[0] and "cannot write the index" in lines[0]
    assert "Traceback" not in r.stderr


def test_unwritable_data_folder_in_the_app_is_one_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CORRIDORS_DB", str(blocker / "data" / "index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    assert not at.exception, at.exception
    (err,) = at.error
    assert str(blocker / "data") in err.value and "cannot write the index" in err.value


def test_a_damaged_index_file_is_not_opened_as_an_index(tmp_path):
    db = tmp_path / "bad.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    assert stored_hash(db) is None
    with pytest.raises(IndexError_):
        open_store(db)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM meta").fetchall()


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
