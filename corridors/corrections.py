"""Links an analyst corrects in the app: a user overrides file in the format of ``routes/overrides.toml``.

Where it lives (never in the package; ``routes/overrides.toml`` is the package's own file):

* bundled corpus: ``$CORRIDORS_CORRECTIONS_DIR/overrides-bundled.toml`` (default: the user data directory,
  ``platformdirs.user_data_dir("corridor-atlas")``);
* a user corpus: next to its first folder, ``<folder>.overrides.toml``.

The file starts with :data:`HEADER`; a file at that path without it is not ours and is never written.
Each write replaces the entry for the same (passage, route) and goes through a temporary file and
``os.replace`` (atomic). The next build applies it after the package overrides (origin ``override``).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from routes.overrides import STRENGTHS, Override, load_overrides
from sources.ingest import BUNDLED_CORPUS

HEADER = "# Corridor Atlas user overrides (written by the app; same format as routes/overrides.toml)\n"
ACTIONS = {"remove": "not about this route", "add": "also about this route", "grade": "primary ↔ mention"}

__all__ = ["HEADER", "ACTIONS", "CorrectionError", "user_overrides_path", "read_corrections", "write_correction",
           "overrides_digest"]


class CorrectionError(ValueError):
    """A correction that cannot be written: a foreign file at the path, or a bad entry."""


@dataclass(frozen=True, slots=True)
class _Entry:
    passage: str
    route: str
    action: str
    strength: str | None
    reason: str


def user_overrides_path(corpus_dirs: tuple[Path, ...], environ: Mapping[str, str] = os.environ) -> Path:
    """Where the app writes (and the build reads) the user overrides for these corpus folders."""
    if not corpus_dirs or tuple(Path(d).resolve() for d in corpus_dirs) == (BUNDLED_CORPUS.resolve(),):
        base = environ.get("CORRIDORS_CORRECTIONS_DIR") or platformdirs.user_data_dir("corridor-atlas")
        return Path(os.path.expanduser(base)) / "overrides-bundled.toml"
    first = Path(corpus_dirs[0]).resolve()
    return first.parent / f"{first.name}.overrides.toml"


def overrides_digest(path: Path) -> str:
    """sha256 of the user overrides file ("" when there is none): a change means a rebuild."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def read_corrections(path: Path) -> list[Override]:
    """The corrections in the user file (none when it does not exist); malformed entries are skipped."""
    return load_overrides(path)[0] if Path(path).is_file() else []


def _check_ours(path: Path) -> str:
    if not path.exists():
        return ""
    if not path.is_file():
        raise CorrectionError(f"{path}: not a file; no correction written")
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith(HEADER):
        raise CorrectionError(f"{path}: this file is not a Corridor Atlas user overrides file; nothing written "
                              "(move it away or set CORRIDORS_CORRECTIONS_DIR)")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CorrectionError(f"{path}: does not parse as TOML ({exc}); nothing written") from exc
    return text


def _q(value: str) -> str:
    """A TOML basic string."""
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    for ch in {c for c in out if ord(c) < 32 or ord(c) == 127}:
        out = out.replace(ch, f"\\u{ord(ch):04x}")
    return f'"{out}"'


def _render(entries: list[_Entry]) -> str:
    parts = [HEADER]
    for e in entries:
        parts.append(f"\n[[override]]\npassage = {_q(e.passage)}\nroute = {_q(e.route)}\naction = {_q(e.action)}\n")
        if e.strength:
            parts.append(f"strength = {_q(e.strength)}\n")
        parts.append(f"reason = {_q(e.reason)}\n")
    return "".join(parts)


def write_correction(path: Path, passage: str, route: str, action: str, reason: str,
                     strength: str | None = None) -> Path:
    """Add or replace the correction for (passage, route) in the user file at `path`, atomically.

    Raises
    ------
    CorrectionError
        For an unknown action, a missing reason or strength, or a file at `path` that is not ours.
    """
    reason = " ".join(reason.split())
    if action not in ACTIONS:
        raise CorrectionError(f"unknown correction {action!r} (one of {', '.join(ACTIONS)})")
    if not reason:
        raise CorrectionError("a correction needs a short reason")
    if action in ("add", "grade") and strength not in STRENGTHS:
        raise CorrectionError(f"correction {action} needs strength primary|mention")
    path = Path(path)
    text = _check_ours(path)
    raw = tomllib.loads(text).get("override", []) if text else []
    entries = [_Entry(r["passage"], r["route"], r["action"], r.get("strength"), r.get("reason", ""))
               for r in raw if isinstance(r, dict) and "passage" in r and "route" in r and "action" in r
               and (r["passage"], r["route"]) != (passage, route)]
    entries.append(_Entry(passage, route, action, strength if action != "remove" else None, reason))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_render(entries))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
