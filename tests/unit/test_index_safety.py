"""The index file: ours is recognised, anything else is never written over, damage is found, temp files of
killed builds are cleaned up, and folders are de-duplicated by real path.

Real files throughout: real SQLite databases of "another program", real truncation and overwritten pages,
a real build killed with SIGKILL.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from corridors.build import build_index, ensure_index, rebuild
from corridors.config import unique_folders
from corridors.store import open_store
from corridors.store import sqlitefile as indexfile
from corridors.store.sqlite import SCHEMA_VERSION, DamagedIndexError, NotOurFileError, inspect_file
from sources._errors import CorpusError

ROOT = Path(__file__).resolve().parents[2]

FERRY = ("By Ann Analyst\n\nThe Middle Corridor ferry line from Aktau to Alat carried more containers this "
         "autumn, the port authority in Baku said in October 2025.\n")
RAIL = ("---\ntitle: Rail gauge notes\nauthor: Ben Writer\ndate: 2025-09-14\n---\n"
        "Georgian Railways said the Baku–Tbilisi–Kars line now runs four freight trains a week through "
        "Akhalkalaki, where the gauge changes.\n")


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture
def corpus(tmp_path) -> Path:
    d = tmp_path / "articles"
    (d / "2025").mkdir(parents=True)
    (d / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (d / "2025" / "rail.md").write_text(RAIL, encoding="utf-8")
    return d


@pytest.fixture
def built(tmp_path, corpus) -> Path:
    db = tmp_path / "mine.sqlite"
    build_index((corpus,), db)
    return db


def foreign_db(path: Path, *, app_id: int = 0, wal: bool = False) -> Path:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode = WAL")
    con.execute(f"PRAGMA application_id = {app_id}")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('a note that must survive')")
    con.commit()
    con.close()
    return path


# --- what is at the path -------------------------------------------------------------------------------


def test_our_index_is_recognised_and_records_its_corpus(built, corpus):
    head = built.read_bytes()[:100]
    assert int.from_bytes(head[68:72], "big") == indexfile.APPLICATION_ID
    assert int.from_bytes(head[60:64], "big") == SCHEMA_VERSION
    info = inspect_file(built)
    assert info.state == "ok"
    assert info.corpus_dirs == (Path(os.path.realpath(corpus)),)
    assert info.record["schema_version"] == str(SCHEMA_VERSION) and info.record["built_by"].startswith("corridor-atlas")


def _text(p: Path) -> Path:
    p.write_text("my own notes\n")
    return p


def _empty(p: Path) -> Path:
    p.write_bytes(b"")
    return p


def _binary(p: Path) -> Path:
    p.write_bytes(bytes(range(256)) * 8)
    return p


def _sqlite_no_id(p: Path) -> Path:
    return foreign_db(p)


def _sqlite_other_id(p: Path) -> Path:
    return foreign_db(p, app_id=0x12345678)


def _sqlite_wal(p: Path) -> Path:
    return foreign_db(p, wal=True)


def _short_sqlite(p: Path) -> Path:
    p.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")
    return p


@pytest.mark.parametrize("make, reason", [
    (_text, "a text file"), (_empty, "an empty file"), (_binary, "not an SQLite database"),
    (_sqlite_no_id, "another program"), (_sqlite_other_id, "0x12345678"), (_sqlite_wal, "another program"),
    (_short_sqlite, "cut short"),
])
def test_a_file_that_is_not_ours_is_refused_and_left_byte_for_byte(tmp_path, corpus, make, reason):
    target = make(tmp_path / "target.db")
    before = digest(target)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    for attempt in (lambda: inspect_file(target), lambda: build_index((corpus,), target),
                    lambda: ensure_index(target, (corpus,)), lambda: rebuild(target, (corpus,)),
                    lambda: open_store(target)):
        with pytest.raises(NotOurFileError) as exc:
            attempt()
        assert str(target) in str(exc.value) and reason in str(exc.value) and "refusing" in str(exc.value)
    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no -journal, -shm or temp file left


def test_another_programs_database_keeps_its_table(tmp_path, corpus):
    db = foreign_db(tmp_path / "app.db")
    with pytest.raises(NotOurFileError):
        build_index((corpus,), db)
    assert sqlite3.connect(db).execute("SELECT body FROM notes").fetchall() == [("a note that must survive",)]


def test_a_folder_or_fifo_at_the_index_path_is_refused(tmp_path, corpus):
    folder = tmp_path / "adir"
    folder.mkdir()
    with pytest.raises(NotOurFileError, match="is a folder"):
        build_index((corpus,), folder)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotOurFileError, match="FIFO"):
        build_index((corpus,), fifo)  # must not block opening the FIFO either
    assert list(folder.iterdir()) == []


def test_a_symlink_to_our_index_is_kept_and_its_target_rebuilt(tmp_path, built, corpus):
    link = tmp_path / "link.sqlite"
    link.symlink_to(built)
    build_index((corpus,), link)
    assert link.is_symlink() and inspect_file(link).state == "ok"
    bad = _text(tmp_path / "notes.txt")
    link2 = tmp_path / "link2.sqlite"
    link2.symlink_to(bad)
    with pytest.raises(NotOurFileError, match="text file"):
        build_index((corpus,), link2)
    assert bad.read_text() == "my own notes\n"


def test_an_index_from_before_application_id_is_ours_and_rebuilt(tmp_path, built, corpus):
    con = sqlite3.connect(built)  # what schema-5 builds wrote: no application_id, no user_version
    con.execute("PRAGMA application_id = 0")
    con.execute("PRAGMA user_version = 0")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    info = inspect_file(built)
    assert info.state == "stale"
    result = ensure_index(built, (corpus,), corpus_explicit=False)
    assert result.rebuilt and inspect_file(built).state == "ok"


# --- damage ------------------------------------------------------------------------------------------


def _truncate(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2)


def _overwrite_pages(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.seek(4096 * 4)
        fh.write(b"\x00" * 4096 * 2)
        fh.seek(db.stat().st_size // 2)
        fh.write(os.urandom(8192))


@pytest.mark.parametrize("damage", [_truncate, _overwrite_pages])
def test_a_damaged_index_is_rebuilt_from_the_corpus_it_records_not_the_bundled_one(built, corpus, damage):
    damage(built)
    info = inspect_file(built)
    assert info.state == "damaged" and info.problem
    assert info.corpus_dirs == (Path(os.path.realpath(corpus)),)
    result = ensure_index(built, (ROOT / "sources" / "corpus",), corpus_explicit=False)
    assert result.rebuilt and any("damaged" in n and str(os.path.realpath(corpus)) in n for n in result.notes)
    idx = open_store(built)
    try:
        authors = {a.authors for a in idx.articles()}
    finally:
        idx.close()
    assert authors == {("Ann Analyst",), ("Ben Writer",)}  # the user's articles, not the bundled 13


@pytest.mark.parametrize("damage", [_truncate, _overwrite_pages])
def test_a_damaged_index_whose_corpus_is_gone_is_a_clear_error_and_left_alone(built, corpus, damage):
    damage(built)
    before = digest(built)
    for f in corpus.rglob("*"):
        if f.is_file():
            f.unlink()
    for d in sorted(corpus.rglob("*"), reverse=True):
        d.rmdir()
    corpus.rmdir()
    with pytest.raises(DamagedIndexError) as exc:
        ensure_index(built, (ROOT / "sources" / "corpus",), corpus_explicit=False)
    msg = str(exc.value)
    assert str(built) in msg and "damaged" in msg and str(os.path.realpath(corpus)) in msg and "gone" in msg
    assert digest(built) == before


def test_damage_a_query_meets_is_an_index_error_not_a_sqlite_traceback(built):
    idx = open_store(built)
    try:
        _overwrite_pages(built)  # under an open connection
        with pytest.raises(DamagedIndexError, match=str(built)):
            for table in ("passages", "articles", "links", "line_fates", "files"):
                idx.rows(f"SELECT * FROM {table}")
    finally:
        idx.close()


def test_an_intact_index_whose_corpus_is_gone_is_served_with_a_note(built, corpus):
    moved = corpus.with_name("moved")
    corpus.rename(moved)
    result = ensure_index(built, (ROOT / "sources" / "corpus",), corpus_explicit=False)
    assert not result.rebuilt and any("gone" in n for n in result.notes)
    assert result.report["passages"] == 2
    with pytest.raises(CorpusError, match="recorded in the index"):
        rebuild(built, (ROOT / "sources" / "corpus",), corpus_explicit=False)


def test_build_without_a_corpus_rebuilds_what_the_index_records(built, corpus):
    (corpus / "third.txt").write_text("By Cem Author\n\nThe INSTC link between Rasht and Astara is still unbuilt, "
                                      "Tehran admitted in 2025.\n", encoding="utf-8")
    result = rebuild(built, (ROOT / "sources" / "corpus",), corpus_explicit=False)
    assert result.report["articles"] == 3


# --- temp files --------------------------------------------------------------------------------------


def test_stale_temp_files_are_removed_live_and_foreign_ones_kept(tmp_path, built, corpus):
    name = built.name
    dead_empty = tmp_path / f"{name}.abcdefgh.tmp"
    dead_empty.write_bytes(b"")
    dead_ours = tmp_path / f"{name}.ijklmnop.tmp"
    dead_ours.write_bytes(built.read_bytes())
    journal = tmp_path / f"{name}.ijklmnop.tmp-journal"
    journal.write_bytes(b"\x00" * 512)
    user_file = tmp_path / f"{name}.qrstuvwx.tmp"  # same shape of name, but the user's text
    user_file.write_text("keep me")
    other_name = tmp_path / "other.sqlite.abcdefgh.tmp"
    other_name.write_bytes(b"")
    live = tmp_path / f"{name}.livelive.tmp"
    live.write_bytes(b"")
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
    try:
        build_index((corpus,), built)
    finally:
        os.close(fd)
    assert not dead_empty.exists() and not dead_ours.exists() and not journal.exists()
    assert live.exists() and user_file.read_text() == "keep me" and other_name.exists()
    assert inspect_file(built).state == "ok"


# --- folders and files once each ---------------------------------------------------------------------


def test_folders_are_deduplicated_by_real_path(tmp_path, corpus):
    link = tmp_path / "same"
    link.symlink_to(corpus)
    dirs, notes = unique_folders([corpus / "2025", corpus, corpus, link, tmp_path / "elsewhere"])
    assert dirs == (corpus, tmp_path / "elsewhere")
    assert len(notes) == 3 and all("read once" in n for n in notes)
    assert any(str(corpus / "2025") in n and "inside" in n for n in notes)


@pytest.mark.parametrize("extra", ["repeat", "nested", "symlink", "file-link"])
def test_overlapping_corpora_build_each_file_once(tmp_path, corpus, extra):
    if extra == "symlink":
        (tmp_path / "alias").symlink_to(corpus)
        dirs = (corpus, tmp_path / "alias")
    elif extra == "file-link":
        (corpus / "again.txt").symlink_to(corpus / "ferry.txt")
        dirs = (corpus,)
    else:
        dirs = (corpus, corpus) if extra == "repeat" else (corpus, corpus / "2025")
    db = tmp_path / "i.sqlite"
    result = build_index(dirs, db)
    assert result.report["articles"] == 2 and result.report["passages"] == 2
    assert any("read once" in w for w in result.report["warnings"])
    recorded = json.loads(inspect_file(db).record["corpus_dirs"])
    assert len(recorded) == len(set(recorded))


def test_a_missing_corpus_folder_is_an_error_even_with_an_index(built, corpus, tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        ensure_index(built, (corpus, tmp_path / "typo"), corpus_explicit=True)
    assert inspect_file(built).state == "ok"


def test_an_empty_corpus_is_a_warning_in_the_report(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = build_index((empty,), tmp_path / "e.sqlite")
    assert result.report["passages"] == 0
    assert any(str(empty) in w and "empty corpus" in w for w in result.report["warnings"])


def test_a_killed_rebuilds_temp_file_goes_even_when_the_index_is_current(tmp_path, built, corpus):
    stale = tmp_path / f"{built.name}.zzzzzzzz.tmp"
    stale.write_bytes(built.read_bytes())
    result = ensure_index(built, (corpus,))
    assert not result.rebuilt and not stale.exists()


def test_an_old_index_recording_a_relative_folder_is_never_rebuilt_from_another_corpus(built, corpus):
    con = sqlite3.connect(built)  # as schema 5 wrote `corridors build --corpus articles`
    con.execute("PRAGMA application_id = 0")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.execute("UPDATE meta SET value = '[\"articles\"]' WHERE key = 'corpus_dirs'")
    con.execute("DELETE FROM meta WHERE key = 'corpus_bundled'")
    con.commit()
    con.close()
    before = digest(built)
    with pytest.raises(DamagedIndexError, match="--corpus DIR"):
        ensure_index(built, (ROOT / "sources" / "corpus",), corpus_explicit=False)
    assert digest(built) == before
    assert ensure_index(built, (corpus,), corpus_explicit=True).rebuilt
