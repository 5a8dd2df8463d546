"""Faults in process: a reader of an index being rebuilt, a damaged index file, an unwritable data folder.

The unwritable folder is simulated with a path whose parent is a regular file (these tests may run as root,
for whom chmod does not block writes) and with a folder under /proc, which nobody can create files in.
The same faults seen from the command line (subprocesses) are in ``tests/cli/test_cli_faults.py``, from the
app in ``tests/app/test_app_faults.py``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from corridors.build import build_index
from corridors.store import open_store
from corridors.store.sqlite import stored_hash
from sources._errors import IndexError_

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "sources" / "corpus"


def test_a_reader_keeps_working_while_the_index_is_rebuilt(tmp_path):
    db = tmp_path / "index.sqlite"
    build_index((CORPUS,), db)
    idx = open_store(db)
    n = idx.rows("SELECT COUNT(*) FROM passages")[0][0]
    build_index((CORPUS,), db)
    assert not idx.is_current()
    assert idx.rows("SELECT COUNT(*) FROM passages")[0][0] == n  # still reads its own (old) file
    idx.close()


def test_unwritable_data_folder_is_an_index_error_naming_it(unwritable_db):
    db, folder = unwritable_db, unwritable_db.parent
    with pytest.raises(IndexError_) as exc:
        build_index((CORPUS,), db)
    assert str(folder) in str(exc.value)


def test_a_damaged_index_file_is_not_opened_as_an_index(tmp_path):
    db = tmp_path / "bad.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    assert stored_hash(db) is None
    with pytest.raises(IndexError_):
        open_store(db)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM meta").fetchall()
