"""Where the data files are read from: the bundled ones, or a data folder that replaces some of them.

A data folder (``--data-dir`` / ``CORRIDORS_DATA_DIR``, chosen at the edge by :mod:`corridors.config`) has the
repository's layout (``routes/linking.toml``, ``geo/style.toml``, ``geo/layers/`` …); a file it holds is read
instead of the bundled one, the others stay bundled. Cached loaders register their ``cache_clear`` so a change
of folder is never served stale data.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_state: dict[str, Path | None] = {"dir": None}
_caches: list[Callable[[], None]] = []


def data_file(rel: str) -> Path:
    """The data file (or folder) ``rel``, e.g. ``"routes/linking.toml"``: the data folder's copy when it has one."""
    folder = _state["dir"]
    if folder is not None and (folder / rel).exists():
        return folder / rel
    return ROOT / rel


def data_dir() -> Path | None:
    """The data folder in use, or ``None`` (bundled data only)."""
    return _state["dir"]


def use_data_dir(folder: str | Path | None) -> None:
    """Read data files from ``folder`` from now on (``None``: bundled only); clears every registered cache."""
    _state["dir"] = Path(folder) if folder is not None else None
    for clear in _caches:
        clear()


def cleared_on_change(fn):
    """Register an ``lru_cache``-wrapped loader so :func:`use_data_dir` clears it; returns it unchanged."""
    _caches.append(fn.cache_clear)
    return fn
