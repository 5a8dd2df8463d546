"""Reading a TOML data file for validation: its data, its raw text, and the line of a table or key.

``tomllib`` gives no line numbers, so they are found in the raw text: the n-th ``[[name]]`` header, the
``[table]`` header, or the first ``key =`` at or after a line.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sources._errors import Problem


def read_toml(path: Path, what: str, parse: Callable[[str], dict[str, Any]] = tomllib.loads
              ) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """``(data, raw text, problems)``: ``data`` is ``None`` (with one problem) when the file cannot be used.

    ``parse`` turns the text into tables (a caller may pass a cached ``tomllib.loads``)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, "", [Problem(str(path), None, f"{what}: file not found")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, "", [Problem(str(path), None, f"{what}: cannot be read ({exc})")]
    try:
        return parse(raw), raw, []
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        return None, raw, [Problem(str(path), int(m.group(1)) if m else None,
                                   f"{what}: cannot be read as TOML (does not parse: {exc})")]


def array_lines(raw: str, name: str) -> list[int]:
    """The 1-based line of each ``[[name]]`` header, in order (entry i of the array is at index i)."""
    rx = re.compile(rf"^[ \t]*\[\[[ \t]*{re.escape(name)}[ \t]*\]\]", re.MULTILINE)
    return [raw.count("\n", 0, m.start()) + 1 for m in rx.finditer(raw)]


def table_line(raw: str, dotted: str) -> int | None:
    """The line of the ``[dotted]`` header (quoted keys allowed), or ``None``."""
    parts = [rf"(?:{re.escape(p)}|\"{re.escape(p)}\"|'{re.escape(p)}')" for p in dotted.split(".")]
    dot = r"[ \t]*\.[ \t]*"
    m = re.search(rf"^[ \t]*\[[ \t]*{dot.join(parts)}[ \t]*\]", raw, re.MULTILINE)
    return raw.count("\n", 0, m.start()) + 1 if m else None


def key_line(raw: str, key: str, after: int | None = None) -> int | None:
    """The line of the first ``key =`` at or after line ``after`` (1-based), or ``None``."""
    lines = raw.splitlines()
    rx = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    for i in range((after or 1) - 1, len(lines)):
        if rx.match(lines[i]):
            return i + 1
    return None


def unknown_keys(table: dict, allowed: Iterable[str], path: Path, line: int | None, what: str) -> list[Problem]:
    """One problem per key of ``table`` not in ``allowed``."""
    known = set(allowed)
    return [Problem(str(path), line, f"{what}: unknown key {k!r} (known: {', '.join(sorted(known))})")
            for k in table if k not in known]


def compile_problem(regex: object, flags: int, path: Path, line: int | None, what: str) -> Problem | None:
    """A problem when ``regex`` is not a string or does not compile (with the ``re`` error), else ``None``."""
    if not isinstance(regex, str) or not regex:
        return Problem(str(path), line, f"{what}: `regex` must be a non-empty string")
    try:
        re.compile(regex, flags)
    except re.error as exc:
        return Problem(str(path), line, f"{what}: regex does not compile ({exc})")
    return None
