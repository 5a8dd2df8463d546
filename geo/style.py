"""The shared style vocabulary (mode, status, node kind) for the web map and the static export."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo._errors import GeoDataError
from sources._datadir import cleared_on_change, data_file
from sources._errors import Problem

STYLE_FILE = Path(__file__).resolve().parent / "style.toml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

__all__ = ["NodeStyle", "SegmentStyle", "legend_labels", "lifecycle", "node_style", "segment_style",
           "load_style", "validate_style"]


@dataclass(frozen=True)
class SegmentStyle:
    """How to draw one segment.

    Attributes
    ----------
    colour
        ``#rrggbb`` (the route's colour).
    weight
        Line width in pixels for Leaflet; use :attr:`linewidth_pt` for matplotlib.
    dash
        On/off lengths in units of the line width; empty tuple = solid.
    opacity
        0–1.
    casing
        Draw a thin white casing under the line (rail).
    """

    colour: str
    weight: float
    dash: tuple[float, ...]
    opacity: float
    casing: bool

    @property
    def dash_array(self) -> str | None:
        """Leaflet ``dashArray`` (pixels, comma-separated), or ``None`` when solid."""
        if not self.dash:
            return None
        return ",".join(f"{d * self.weight:g}" for d in self.dash)

    @property
    def linewidth_pt(self) -> float:
        """Matplotlib line width in points (1 px = 0.75 pt)."""
        return self.weight * 0.75

    @property
    def mpl_linestyle(self) -> str | tuple[float, tuple[float, ...]]:
        """Matplotlib ``linestyle``: ``"solid"`` or ``(0, dash)``."""
        return (0.0, self.dash) if self.dash else "solid"


@dataclass(frozen=True)
class NodeStyle:
    """How to draw one node kind: matplotlib ``marker``, ``radius`` (px), ``fill``, ``edge``."""

    marker: str
    radius: float
    fill: str
    edge: str


def validate_style(path: str | Path | None = None) -> list[Problem]:
    """Every problem of ``geo/style.toml`` (sections, required and unknown keys, types), with ``path:line``."""
    from geo._style_check import style_problems

    return style_problems(Path(path) if path else data_file("geo/style.toml"))


def load_style(path: str | Path | None = None) -> dict[str, Any]:
    """The style vocabulary; raises :class:`geo._errors.GeoDataError` carrying every problem."""
    p = Path(path) if path else data_file("geo/style.toml")
    if problems := validate_style(p):
        raise GeoDataError(problems)
    return tomllib.loads(p.read_text(encoding="utf-8"))


@cleared_on_change
@functools.lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return load_style()


def segment_style(colour: str, mode: str, status: str) -> SegmentStyle:
    """Style a segment from its route colour, mode and status.

    Parameters
    ----------
    colour
        Route colour, ``#rrggbb``.
    mode
        ``rail``, ``road``, ``pipeline`` or ``sea``.
    status
        ``operational``, ``under_construction``, ``planned`` or ``proposed``.

    Returns
    -------
    SegmentStyle
        Sea legs keep their own dotted dash whatever the status.

    Raises
    ------
    ValueError
        For an unknown mode or status or a malformed colour.
    """
    vocab = _vocab()
    if mode not in vocab["mode"] or status not in vocab["status"]:
        msg = f"unknown mode/status {mode!r}/{status!r}"
        raise ValueError(msg)
    if not _COLOUR.match(colour):
        msg = f"colour {colour!r} is not #rrggbb"
        raise ValueError(msg)
    m, s = vocab["mode"][mode], vocab["status"][status]
    dash = m.get("dash", s["dash"])
    return SegmentStyle(colour=colour.lower(), weight=float(m["weight"]),
                        dash=tuple(float(d) for d in dash), opacity=float(s["opacity"]),
                        casing=bool(m.get("casing", False)))


def node_style(kind: str) -> NodeStyle:
    """Style a node by its kind (``port``, ``border_crossing``, ``terminal``, ...).

    Parameters
    ----------
    kind
        Node kind as in ``nodes.geojson``.

    Returns
    -------
    NodeStyle
        The marker style (the junction style for an unknown kind).
    """
    nodes = _vocab()["node"]
    n = nodes.get(kind, nodes["junction"])
    return NodeStyle(marker=n["marker"], radius=float(n["radius"]), fill=n["fill"], edge=n["edge"])


def legend_labels() -> dict[str, dict[str, str]]:
    """Legend text for every mode, status and node kind.

    Returns
    -------
    dict
        ``{"mode": {id: label}, "status": {...}, "node": {...}}``.
    """
    vocab = _vocab()
    return {group: {k: v["label"] for k, v in vocab[group].items()}
            for group in ("mode", "status", "node")}


def lifecycle() -> dict[str, dict[str, str]]:
    """The lifecycle vocabulary of ``geo/history.toml`` events: word -> ``label``, ``draw``, ``means``.

    ``draw`` is the ``[status.*]`` style a segment takes while that word is its latest event.
    """
    return {k: {"label": v["label"], "draw": v["draw"], "means": v.get("means", "")}
            for k, v in _vocab()["lifecycle"].items()}
