"""Shared fixtures: one index of the bundled corpus per test session (like datasette's ds_client)."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
# the default index cache of a test run: outside the checkout (generated files never go into the repository),
# one per checkout so two checkouts' runs never share it
_CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
os.environ.setdefault("CORRIDORS_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"corridors-test-cache-{_CHECKOUT}"))
# the app's link corrections for the bundled corpus: never the user's own file during tests
os.environ["CORRIDORS_CORRECTIONS_DIR"] = str(ROOT / ".pytest_cache" / "corridors-data")


@pytest.fixture(scope="session")
def bundled_report():
    """The ingest report of the bundled corpus."""
    from sources.ingest import corpus_files, ingest_files

    return ingest_files(corpus_files())


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> Path:
    """A freshly built index of the bundled corpus."""
    from corridors.build import build_index
    from sources.ingest import BUNDLED_CORPUS

    db = tmp_path_factory.mktemp("index") / "bundled.sqlite"
    build_index((BUNDLED_CORPUS,), db)
    return db


@pytest.fixture(scope="session")
def bundled_index(bundled_db):
    """The bundled index, opened read-only."""
    from corridors.store import open_store

    return open_store(bundled_db)


TINY_CORPUS = ROOT / "tests" / "data" / "tiny" / "files"


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    """A freshly built index of the hand-made corpus ``tests/data/tiny/files`` (table: its README)."""
    from corridors.build import build_index

    db = tmp_path_factory.mktemp("tiny") / "tiny.sqlite"
    build_index((TINY_CORPUS,), db)
    return db


@pytest.fixture(scope="session")
def tiny_index(tiny_db):
    """The tiny index, opened read-only."""
    from corridors.store import open_store

    return open_store(tiny_db)


@pytest.fixture(params=["file-parent", "proc"])
def unwritable_db(tmp_path, request) -> Path:
    """An index path whose folder nobody can create: under a regular file, or under /proc (which refuses new
    files even for root, for whom chmod does not block writes)."""
    if request.param == "file-parent":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a regular file where a folder should be")
        return blocker / "data" / "index.sqlite"
    return Path("/proc/self/corridors-data") / "index.sqlite"

