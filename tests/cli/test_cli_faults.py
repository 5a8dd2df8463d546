"""Faults from the command line (subprocesses): two builders at once, an unwritable data folder.

The unwritable folder is simulated with a path whose parent is a regular file (these tests may run as root,
for whom chmod does not block writes) and with a folder under /proc, which nobody can create files in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from corridors.store import open_store

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "corridors.cli"]


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


def test_unwritable_data_folder_gives_one_clear_line(unwritable_db):
    db, folder = unwritable_db, unwritable_db.parent
    r = subprocess.run([*CLI, "build", "--db", str(db)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert str(folder) in lines[0] and "cannot write the index" in lines[0]
    assert "Traceback" not in r.stderr
