"""Errors raised by the corpus layer; each names the file (and line) it is about."""
from __future__ import annotations

from pathlib import Path


class CorpusError(ValueError):
    """A corpus file, catalog or front matter that cannot be used as it is.

    Parameters
    ----------
    path
        The offending file.
    line
        1-based line number, when known.
    reason
        What is wrong, in words a user can act on.
    """

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class IndexError_(RuntimeError):
    """The SQLite index cannot be opened, built or written (e.g. a read-only folder)."""
