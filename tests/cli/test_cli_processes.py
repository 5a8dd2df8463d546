"""The CLI as real processes where only a process will do: a build killed with SIGKILL mid-write."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corridors.store.sqlite import inspect_file, stored_hash

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "corridors.cli"]


def test_a_build_killed_while_writing_leaves_a_temp_file_the_next_build_removes(tmp_path):
    big = tmp_path / "big"
    big.mkdir()
    para = ("Officials in Baku and Tbilisi said the Middle Corridor and the Baku–Tbilisi–Kars railway would "
            "carry more freight to Kars in 2026, while Tehran pressed for the INSTC. ")
    for i in range(60):
        (big / f"a{i:03}.txt").write_text(f"By Writer Number{i}\n\n" + "\n\n".join(para * 3 for _ in range(40)) + "\n")
    db = tmp_path / "index.sqlite"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen([*CLI, "build", "--corpus", str(big), "--db", str(db)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while not list(tmp_path.glob("index.sqlite.*.tmp")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = list(tmp_path.glob("index.sqlite.*.tmp*"))
    if not left:
        pytest.skip("the build finished before it could be killed mid-write")
    assert not db.exists()
    r = subprocess.run([*CLI, "build", "--corpus", str(big), "--db", str(db)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert not list(tmp_path.glob("index.sqlite.*.tmp*"))
    assert inspect_file(db).state == "ok" and stored_hash(db)
