"""Errors raised by the geo package."""

from __future__ import annotations

from pathlib import Path

from sources._errors import DataError


class LayerError(ValueError):
    """A route layer (GeoJSON file or one of its features) is unusable.

    Parameters
    ----------
    msg
        What is wrong.
    path
        The offending file.
    feature_id
        The offending feature's ``id``, or ``None`` for a whole-file problem.
    """

    def __init__(self, msg: str, *, path: str | Path, feature_id: str | None = None) -> None:
        self.path = Path(path)
        self.feature_id = feature_id
        self.reason = msg
        where = f"{self.path}: feature {feature_id}" if feature_id is not None else f"{self.path}"
        super().__init__(f"{where}: {msg}")


class StyleError(DataError):
    """``geo/style.toml`` (or another style file) cannot be used: carries every problem found."""
