"""Read the configuration from the environment, once, at the edge (CLI and app only)."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sources.ingest import BUNDLED_CORPUS


@dataclass(frozen=True, slots=True)
class Config:
    """Where the index lives and which corpus folders feed it."""

    db_path: Path
    corpus_dirs: tuple[Path, ...]
    corpus_explicit: bool = False


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The folder for built indexes (``CORRIDORS_CACHE_DIR`` or the user cache directory)."""
    return Path(environ.get("CORRIDORS_CACHE_DIR") or platformdirs.user_cache_dir("corridor-atlas"))


def default_db_path(corpus_dirs: tuple[Path, ...], environ: Mapping[str, str] = os.environ) -> Path:
    """The index file for a set of corpus folders (one file per distinct set)."""
    if corpus_dirs == (BUNDLED_CORPUS,):
        return cache_dir(environ) / "index-bundled.sqlite"
    key = hashlib.sha256("\n".join(str(p.resolve()) for p in corpus_dirs).encode()).hexdigest()[:12]
    return cache_dir(environ) / f"index-{key}.sqlite"


def config_from_env(environ: Mapping[str, str] = os.environ, *, db: str | Path | None = None,
                    corpus: tuple[str | Path, ...] = ()) -> Config:
    """Resolve the index path and corpus folders.

    Explicit arguments (``--db``, ``--corpus``) win over ``CORRIDORS_DB`` / ``CORRIDORS_CORPUS``
    (``CORRIDORS_CORPUS`` may list several folders separated by ``os.pathsep``); the default is the
    bundled corpus with its index in the user cache directory.
    """
    explicit = True
    if corpus:
        dirs = tuple(Path(c) for c in corpus)
    elif environ.get("CORRIDORS_CORPUS"):
        dirs = tuple(Path(c) for c in environ["CORRIDORS_CORPUS"].split(os.pathsep) if c)
    else:
        dirs, explicit = (BUNDLED_CORPUS,), False
    db_value = db or environ.get("CORRIDORS_DB")
    return Config(Path(db_value) if db_value else default_db_path(dirs, environ), dirs, explicit)
