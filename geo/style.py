"""The ONE style source of the web map, the print export and the preview: ``geo/style.toml``.

`load_style` reads and validates the file (every problem at once, as a `geo._errors.StyleError`);
`validate_style` returns the problems for ``corridors check``. The drawing of a segment is
`segment_strokes` (its casing, if its mode has one, then the line): each renderer only translates those
strokes to Leaflet options or matplotlib arguments, so a mode looks the same everywhere.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo._errors import StyleError
from sources._datadir import cleared_on_change, data_file
from sources._errors import Problem

STYLE_FILE = Path(__file__).resolve().parent / "style.toml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Points per pixel (matplotlib widths are points, Leaflet's pixels).
PT_PER_PX = 0.75

__all__ = ["NodeStyle", "SegmentStyle", "Stroke", "colour", "legend_labels", "lifecycle", "load_style",
           "node_style", "segment_strokes", "segment_style", "validate_style"]

# Schema: table -> key -> (kind, low, high). Kinds: str, bool, colour, number (low..high), dash, status.
_NUM = "number"
_SCHEMA: dict[str, dict[str, tuple[str, float, float]]] = {
    "mode": {"label": ("str", 0, 0), "weight": (_NUM, 0.1, 20), "casing": ("bool", 0, 0), "dash": ("dash", 0, 20)},
    "status": {"label": ("str", 0, 0), "dash": ("dash", 0, 20), "opacity": (_NUM, 0, 1)},
    "lifecycle": {"label": ("str", 0, 0), "draw": ("status", 0, 0), "means": ("str", 0, 0)},
    "node": {"label": ("str", 0, 0), "marker": ("str", 0, 0), "radius": (_NUM, 0.5, 30), "fill": ("colour", 0, 0),
             "edge": ("colour", 0, 0)},
}
_FLAT: dict[str, dict[str, tuple[str, float, float]]] = {
    "basemap": {"sea": ("colour", 0, 0), "land": ("colour", 0, 0), "border": ("colour", 0, 0),
                "border_weight": (_NUM, 0, 10), "border_weight_print": (_NUM, 0, 10),
                "country_label": ("colour", 0, 0), "sea_label": ("colour", 0, 0),
                "country_label_web": ("colour", 0, 0)},
    "ink": {k: ("colour", 0, 0) for k in ("text", "muted", "halo", "frame", "legend_edge", "legend_sample",
                                           "legend_sample_print", "unknown_route", "label_web", "muted_web",
                                           "node_label_web")},
    "casing": {"colour": ("colour", 0, 0), "extra": (_NUM, 0, 20), "opacity": (_NUM, 0, 1)},
}
_OPTIONAL = {("mode", "dash"), ("mode", "casing"), ("lifecycle", "means")}
#: Entries the renderers fall back on: they must exist.
_REQUIRED_ENTRIES = (("mode", "road"), ("status", "operational"), ("node", "junction"))


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
        return self.weight * PT_PER_PX

    @property
    def mpl_linestyle(self) -> str | tuple[float, tuple[float, ...]]:
        """Matplotlib ``linestyle``: ``"solid"`` or ``(0, dash)``."""
        return (0.0, self.dash) if self.dash else "solid"


@dataclass(frozen=True)
class Stroke(SegmentStyle):
    """One line drawn for a segment: its casing or the line itself (``casing`` says which).

    Round caps when solid, butt caps when dashed (the dashes keep the legend's pattern).
    """

    @property
    def cap(self) -> str:
        """``round`` for a solid stroke, ``butt`` for a dashed one."""
        return "butt" if self.dash else "round"

    def mpl(self) -> dict[str, Any]:
        """Matplotlib ``plot`` keyword arguments for this stroke."""
        return {"color": self.colour, "linewidth": self.linewidth_pt, "linestyle": self.mpl_linestyle,
                "alpha": self.opacity, "solid_capstyle": "round"}


@dataclass(frozen=True)
class NodeStyle:
    """How to draw one node kind: matplotlib ``marker``, ``radius`` (px), ``fill``, ``edge``."""

    marker: str
    radius: float
    fill: str
    edge: str


# --- validation ------------------------------------------------------------------------------------------


def _line_of(lines: list[str], table: str, key: str | None = None) -> int | None:
    """1-based line of ``[table]`` (or of ``key =`` inside it), None when absent."""
    head = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
    for i, line in enumerate(lines):
        if head.match(line):
            if key is None:
                return i + 1
            for j in range(i + 1, len(lines)):
                if lines[j].lstrip().startswith("["):
                    break
                if re.match(rf"^\s*{re.escape(key)}\s*=", lines[j]):
                    return j + 1
            return i + 1
    return None


def _check_value(value: Any, kind: str, low: float, high: float, statuses: Mapping[str, Any]) -> str | None:
    """Why ``value`` is not a valid ``kind`` (None when it is)."""
    if kind == "str":
        return None if isinstance(value, str) else "must be text"
    if kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "colour":
        return None if isinstance(value, str) and _COLOUR.match(value) else f"{value!r} is not a #rrggbb colour"
    if kind == "status":
        return None if value in statuses else f"{value!r} is not a [status.*] of this file"
    if kind == "dash":
        ok = isinstance(value, list) and all(isinstance(d, (int, float)) and not isinstance(d, bool)
                                             and low <= d <= high for d in value)
        return None if ok else f"must be a list of numbers from {low:g} to {high:g}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "must be a number"
    return None if low <= value <= high else f"{value:g} is outside {low:g}..{high:g}"


def _check_table(name: str, table: Any, schema: Mapping[str, tuple[str, float, float]], optional: set[str],
                 statuses: Mapping[str, Any], where) -> list[Problem]:
    if not isinstance(table, dict):
        return [where(name, None, "must be a table")]
    problems = [where(name, key, f"unknown key {key!r} (known: {', '.join(schema)})")
                for key in table if key not in schema]
    for key, (kind, low, high) in schema.items():
        if key not in table:
            if key not in optional:
                problems.append(where(name, None, f"missing key {key!r}"))
            continue
        why = _check_value(table[key], kind, low, high, statuses)
        if why:
            problems.append(where(name, key, f"{key}: {why}"))
    return problems


def validate_style(path: str | Path | None = None) -> list[Problem]:
    """Every problem of a style file: TOML syntax, unknown tables or keys, colours, numbers out of range.

    Parameters
    ----------
    path
        The style file (default ``geo/style.toml``).

    Returns
    -------
    list[Problem]
        Empty when the file is usable.
    """
    path = Path(path) if path else data_file("geo/style.toml")
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        return [Problem(str(path), None, f"cannot read: {exc.strerror or exc}")]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None) or _toml_line(str(exc))
        return [Problem(str(path), line, f"not valid TOML: {exc}")]
    lines = text.splitlines()

    def where(table: str, key: str | None, message: str) -> Problem:
        return Problem(str(path), _line_of(lines, table, key), f"[{table}] {message}")

    problems = [Problem(str(path), None, f"unknown table [{name}] (known: {', '.join([*_SCHEMA, *_FLAT])})")
                for name in data if name not in _SCHEMA and name not in _FLAT]
    statuses: Mapping[str, Any] = data["status"] if isinstance(data.get("status"), dict) else {}
    for name, schema in _FLAT.items():
        problems += _check_table(name, data.get(name, {}), schema, set(), statuses, where)
    for group, schema in _SCHEMA.items():
        entries = data.get(group, {})
        if not isinstance(entries, dict):
            problems.append(where(group, None, "must be a set of tables"))
            continue
        optional = {key for g, key in _OPTIONAL if g == group}
        for entry, table in entries.items():
            problems += _check_table(f"{group}.{entry}", table, schema, optional, statuses, where)
    problems += [Problem(str(path), None, f"missing [{group}.{entry}] (the fallback every renderer uses)")
                 for group, entry in _REQUIRED_ENTRIES if entry not in (data.get(group) or {})]
    return problems


def _toml_line(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


def load_style(path: str | Path | None = None) -> dict[str, Any]:
    """Read a style file, validated.

    Raises
    ------
    StyleError
        Carrying every problem `validate_style` finds.
    """
    path = Path(path) if path else data_file("geo/style.toml")
    problems = validate_style(path)
    if problems:
        raise StyleError(problems)
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cleared_on_change
@functools.lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return load_style()


# --- the vocabulary --------------------------------------------------------------------------------------


def colour(group: str, name: str) -> str:
    """A named colour (or number) of a flat table: ``colour("basemap", "land")``, ``colour("ink", "muted")``."""
    return _vocab()[group][name]


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


def segment_strokes(colour: str, mode: str, status: str, *, extra: float = 0.0) -> tuple[Stroke, ...]:
    """The strokes that draw a segment, bottom first: its casing (modes with ``casing = true``), then the line.

    Parameters
    ----------
    colour, mode, status
        As for `segment_style`.
    extra
        Pixels added to the line's width (a selected line); its dashes scale with it, the casing follows.

    Returns
    -------
    tuple[Stroke, ...]
        One or two strokes; ``stroke.casing`` is True for the casing.
    """
    st = segment_style(colour, mode, status)
    line = Stroke(st.colour, st.weight + extra, st.dash, st.opacity, casing=False)
    if not st.casing:
        return (line,)
    c = _vocab()["casing"]
    casing = Stroke(c["colour"], line.weight + float(c["extra"]), (), float(c["opacity"]), casing=True)
    return casing, line


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
