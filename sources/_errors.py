"""Errors of the corpus layer, and the two shapes every package's data errors share.

Every data file (catalog, rules, style, layers, overrides…) has a ``validate_*`` that returns every
:class:`Problem` it finds and a ``load_*`` that raises one :class:`DataError` carrying all of them. Each
package subclasses :class:`DataError` in its own ``_errors.py``; the CLI catches only those bases.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one data file: where (path, 1-based line when known) and why."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DataError(ValueError):
    """A data file that cannot be used as it is; carries every problem found, not just the first.

    Parameters
    ----------
    problems
        At least one :class:`Problem`.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        first = self.problems[0]
        self.path, self.line, self.reason = first.path, first.line, first.message
        super().__init__("\n".join(str(p) for p in self.problems))


class SourcesDataError(DataError):
    """A data file of the sources package (article catalog, actors, states, boilerplate rules) with problems."""


class CorpusError(SourcesDataError):
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
        super().__init__([Problem(str(path), line, reason)])


class UsageError(ValueError):
    """An option, setting or query a user gave that cannot be used (the CLI shows it as one line, no traceback)."""


class IndexError_(RuntimeError):
    """The SQLite index cannot be opened, built or written (e.g. a read-only folder)."""
