"""Errors raised by the geo package."""

from __future__ import annotations

from pathlib import Path

from sources._errors import DataError, Problem


class GeoDataError(DataError):
    """A geo data file (layers, nodes, history, style) with problems; carries them all."""


class LayerError(GeoDataError):
    """A route layer (GeoJSON file or one of its features) is unusable.

    Parameters
    ----------
    msg
        What is wrong.
    path
        The offending file.
    feature_id
        The offending feature's ``id``, or ``None`` for a whole-file problem.
    line
        1-based line of the feature in the file, when known.
    """

    def __init__(self, msg: str, *, path: str | Path, feature_id: str | None = None, line: int | None = None) -> None:
        where = f"feature {feature_id}: " if feature_id is not None else ""
        super().__init__([Problem(str(path), line, f"{where}{msg}")])
        self.feature_id = feature_id
        self.reason = msg


class StyleError(GeoDataError):
    """``geo/style.toml`` (or another style file) cannot be used: carries every problem found."""
