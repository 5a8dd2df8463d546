"""Render a static briefing map (PNG, SVG, PDF) of route layers, notes and numbered citations.

matplotlib + geopandas, offline and deterministic. The caller (``corridors.export``) decides what is
shown and passes plain data in a :class:`MapSpec`; this module only lays it out: basemap in a Lambert
conformal conic projection centred on what is shown, routes styled with the shared style vocabulary,
labels placed greedily so they never collide, title block, legend, scale bar, north arrow, notes,
citation callouts and the citation list, attribution and date.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import geopandas as gpd
import matplotlib
import numpy as np
import pyproj
import shapely
import shapely.ops
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.style import legend_labels, node_style, segment_style

__all__ = ["SIZES", "FORMATS", "MapRoute", "MapCitation", "MapNote", "MapSpec", "map_view_bounds",
           "note_in_view", "view_test", "map_figures", "render_map", "short_name"]

#: Page sizes, inches (width, height).
SIZES: dict[str, tuple[float, float]] = {
    "slide": (13.333, 7.5),
    "a4-landscape": (11.693, 8.268),
    "a4-portrait": (8.268, 11.693),
}
FORMATS = ("png", "svg", "pdf")

SEA = "#c9dcea"
LAND = "#f4f1ea"
BORDER = "#a59f94"
INK = "#222222"
MUTED = "#5b5b5b"
SEA_INK = "#4a7aa3"
HALO = [withStroke(linewidth=2.4, foreground="white")]
MARGIN = 0.3  # inches
PAD_FRACTION = 0.07  # padding around what is shown
MIN_SPAN_M = 250_000.0  # never zoom closer than this (metres across)
_COUNTRY_SHORT = {"People's Republic of China": "China", "Bosnia and Herzegovina": "Bosnia"}
_NODE_PRIORITY = {"port": 0, "terminal": 1, "junction": 2, "border_crossing": 3, "checkpoint": 4}


@dataclass(frozen=True, slots=True)
class MapRoute:
    """A route to draw: id, display name and colour (``#rrggbb``)."""

    id: str
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class MapCitation:
    """A numbered citation: its number, the formatted citation line and the route it is keyed to.

    ``source`` (the citation without its paragraph) and ``locator`` (``¶3``) let consecutive citations of
    one article share a line in the list: ``4–6. Author, “Title”, …, ¶1 [4], ¶2 [5], ¶6 [6].``
    """

    number: int
    text: str
    route: str
    source: str = ""
    locator: str = ""


@dataclass(frozen=True, slots=True)
class MapNote:
    """A user's note: number, text and a geometry (Point, LineString or Polygon; degrees, EPSG:4326)."""

    number: int
    text: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class MapSpec:
    """Everything the renderer draws.

    Attributes
    ----------
    title, subtitle
        Title block; ``filters`` is a smaller line stating the filters (actors, dates, search).
    routes
        Visible routes in legend order.
    segments, nodes
        Layer GeoDataFrames (EPSG:4326) already restricted to the visible routes.
    citations
        Numbered citations, listed below the map and called out on the map at their route.
    notes
        The user's notes, drawn as numbered markers with their text.
    generated
        The date generated, ISO.
    size
        A key of :data:`SIZES`.
    """

    title: str
    routes: tuple[MapRoute, ...]
    segments: gpd.GeoDataFrame
    nodes: gpd.GeoDataFrame
    subtitle: str = ""
    filters: str = ""
    citations: tuple[MapCitation, ...] = ()
    notes: tuple[MapNote, ...] = ()
    generated: str = ""
    size: str = "slide"
    attribution: str = "Basemap: Natural Earth (1:10m). Routes: Corridor Atlas layers."
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------
# Data and styling helpers


@functools.lru_cache(maxsize=1)
def _basemap() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Countries (full detail) and sea label points; read once, never mutated."""
    from geo.basemap import load_basemap, load_seas

    return load_basemap(), load_seas()


def short_name(name: str) -> str:
    """A label-sized name: the part before a parenthesis (``Middle Corridor (…)`` → ``Middle Corridor``)."""
    cut = re.split(r"\s+\(", name, maxsplit=1)[0].strip()
    return cut or name


def line_style(colour: str, mode: str, status: str) -> dict[str, Any]:
    """Matplotlib line properties for a segment from the shared vocabulary (``geo.style``, as the web map).

    Returns
    -------
    dict
        ``color``, ``linewidth`` (points), ``linestyle``, ``alpha``.
    """
    st = segment_style(colour, mode, status)
    return {"color": st.colour, "linewidth": st.linewidth_pt, "linestyle": st.mpl_linestyle, "alpha": st.opacity}


def _projection(bounds: Sequence[float]) -> pyproj.CRS:
    """Lambert conformal conic centred on ``bounds`` (lon/lat), standard parallels at 1/6 and 5/6."""
    x0, y0, x1, y1 = bounds
    lat_c, lon_c = (y0 + y1) / 2, (x0 + x1) / 2
    half = max((y1 - y0) / 3, 1.0)
    return pyproj.CRS.from_proj4(
        f"+proj=lcc +lat_0={lat_c:.4f} +lon_0={lon_c:.4f} +lat_1={lat_c - half:.4f} +lat_2={lat_c + half:.4f} "
        "+datum=WGS84 +units=m +no_defs")


# ---------------------------------------------------------------------------------------------------
# Text measurement and wrapping


class _Measure:
    """Measure text widths (inches) with the Agg renderer, cached per (text, size, weight)."""

    def __init__(self, dpi: float) -> None:
        self.fig = Figure(dpi=dpi)
        self.renderer = FigureCanvasAgg(self.fig).get_renderer()
        self.dpi = dpi
        self._cache: dict[tuple, float] = {}

    def width(self, text: str, size: float, weight: str = "normal", style: str = "normal") -> float:
        key = (text, size, weight, style)
        if key not in self._cache:
            prop = FontProperties(size=size, weight=weight, style=style)
            w, _, _ = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
            self._cache[key] = w / self.dpi
        return self._cache[key]

    def wrap(self, text: str, width_in: float, size: float, weight: str = "normal") -> list[str]:
        """Greedy word wrap to ``width_in``; words longer than a line are broken."""
        lines: list[str] = []
        for para in text.split("\n"):
            current = ""
            for word in para.split():
                trial = f"{current} {word}" if current else word
                if self.width(trial, size, weight) <= width_in:
                    current = trial
                    continue
                if current:
                    lines.append(current)
                while self.width(word, size, weight) > width_in and len(word) > 1:
                    cut = len(word) - 1
                    while cut > 1 and self.width(word[:cut], size, weight) > width_in:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                current = word
            lines.append(current)
        return lines


def _fit_lines(m: _Measure, text: str, width: float, size: float, *, weight: str = "normal",
               max_lines: int, min_size: float) -> tuple[list[str], float]:
    """Wrap ``text``; shrink the font down to ``min_size`` to fit ``max_lines``; ellipsize as a last resort."""
    while True:
        lines = m.wrap(text, width, size, weight)
        if len(lines) <= max_lines or size <= min_size:
            break
        size = max(min_size, size * 0.9)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and m.width(last + " …", size, weight) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return lines, size


def _ranges(numbers: Iterable[int]) -> str:
    """``[1, 2, 3, 5, 7, 8]`` → ``1–3, 5, 7–8``."""
    nums = sorted(set(numbers))
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(out)


# ---------------------------------------------------------------------------------------------------
# Page layout


@dataclass
class _Layout:
    """Where each block goes on the page (inches from the bottom-left) and the text in it."""

    width: float
    height: float
    title: list[str]
    title_size: float
    subtitle: list[str]
    subtitle_size: float
    filters: list[str]
    filters_size: float
    header_h: float
    map_rect: tuple[float, float, float, float]  # left, bottom, width, height (inches)
    cite_cols: list[list[tuple[str, list[str]]]]  # per column: (number label, wrapped lines)
    cite_size: float
    cite_col_w: float
    cite_top: float
    more: int  # citations left off the first page
    num_w: float = 0.3


def _line_h(size: float) -> float:
    return size * 1.28 / 72


def _layout(spec: MapSpec, m: _Measure, *, paged: bool) -> _Layout:
    if spec.size not in SIZES:
        raise KeyError(f"unknown size {spec.size!r} (choose from {', '.join(SIZES)})")
    w, h = SIZES[spec.size]
    content_w = w - 2 * MARGIN
    portrait = h > w
    base = 19.0 if spec.size == "slide" else 16.0
    title, t_size = _fit_lines(m, spec.title or "Untitled map", content_w, base, weight="bold", max_lines=3,
                               min_size=base * 0.62)
    subtitle, s_size = (_fit_lines(m, spec.subtitle, content_w, 10.5, max_lines=2, min_size=8.5)
                        if spec.subtitle else ([], 10.5))
    filters, f_size = (_fit_lines(m, spec.filters, content_w, 8.5, max_lines=4, min_size=7.5)
                       if spec.filters else ([], 8.5))
    header_h = (len(title) * _line_h(t_size) + len(subtitle) * _line_h(s_size) + len(filters) * _line_h(f_size)
                + 0.12)
    footer_h = 0.22
    avail = h - 2 * MARGIN - header_h - footer_h
    # Citation list: columns of whole items; the map keeps at least ~62% of the space.
    ncol = 1 if content_w < 9 else 2
    gap = 0.3
    col_w = (content_w - gap * (ncol - 1)) / ncol
    c_size = 7.0 if spec.size != "slide" else 7.2
    num_w = m.width("00.", c_size, "bold") + 0.06
    num_w = m.width("00–00.", c_size, "bold") + 0.06
    items = [(label, m.wrap(text, col_w - num_w, c_size)) for label, text in citation_groups(spec.citations)]
    lh = _line_h(c_size)
    budget = avail * (0.38 if portrait else 0.34)
    max_lines = max(int((budget - _line_h(8)) / lh), 2)
    cols, more = _fill_columns(items, ncol, max_lines)
    used_lines = max((sum(len(ls) for _, ls in col) for col in cols), default=0)
    cite_h = (used_lines + (1 if more else 0)) * lh + (_line_h(8) + 0.08 if spec.citations else 0)
    map_h = avail - cite_h - (0.12 if spec.citations else 0)
    map_rect = (MARGIN, h - MARGIN - header_h - map_h, content_w, map_h)
    left = sum(_count(label) for label, _ in items[len(items) - more:]) if more else 0
    return _Layout(w, h, title, t_size, subtitle, s_size, filters, f_size, header_h, map_rect, cols, c_size,
                   col_w, map_rect[1] - 0.12, left, num_w)


def _count(label: str) -> int:
    """How many citations a list label (``4``, ``4–7``) stands for."""
    a, _, b = label.partition("–")
    return int(b) - int(a) + 1 if b else 1


def citation_groups(citations: Sequence[MapCitation]) -> list[tuple[str, str]]:
    """List entries ``(label, text)``: runs of consecutive citations of one source share an entry."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(citations):
        c = citations[i]
        j = i
        if c.source and c.locator:
            while (j + 1 < len(citations) and citations[j + 1].source == c.source
                   and citations[j + 1].route == c.route and citations[j + 1].number == citations[j].number + 1
                   and citations[j + 1].locator):
                j += 1
        if j == i:
            out.append((str(c.number), c.text))
        else:
            run = citations[i:j + 1]
            locs = ", ".join(f"{x.locator} [{x.number}]" for x in run)
            out.append((f"{c.number}–{citations[j].number}", f"{c.source}, {locs}."))
        i = j + 1
    return out


def _fill_columns(items: list[tuple[int, list[str]]], ncol: int, max_lines: int
                  ) -> tuple[list[list[tuple[int, list[str]]]], int]:
    """Balance whole items over ``ncol`` columns of at most ``max_lines`` lines; return the columns and the rest."""
    total = sum(len(ls) for _, ls in items)
    per_col = min(max_lines, max(math.ceil(total / ncol), 1))
    for _attempt in range(3):
        cols: list[list[tuple[str, list[str]]]] = [[] for _ in range(ncol)]
        c, used, placed = 0, 0, 0
        for i, (num, lines) in enumerate(items):
            reserve = 1 if (c == ncol - 1 and i < len(items) - 1) else 0  # room for "and N more"
            while c < ncol and used + len(lines) + reserve > per_col:
                c, used = c + 1, 0
                reserve = 1 if (c == ncol - 1 and i < len(items) - 1) else 0
            if c >= ncol:
                break
            cols[c].append((num, lines))
            used += len(lines)
            placed += 1
        if placed == len(items) or per_col >= max_lines:
            return cols, len(items) - placed
        per_col = min(max_lines, per_col + 2)
    return cols, len(items) - placed


# ---------------------------------------------------------------------------------------------------
# Map extent


def _reproject(transformer: pyproj.Transformer, geom: BaseGeometry) -> BaseGeometry:
    """``geom`` with every coordinate passed through ``transformer`` (x, y order)."""
    def f(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, f)


def _fit_extent(bounds: Sequence[float], aspect: float) -> tuple[float, float, float, float]:
    """Pad ``bounds`` (projected metres) and grow the shorter side to ``aspect`` (width / height)."""
    x0, y0, x1, y1 = bounds
    w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    pad = PAD_FRACTION * max(w, h / 1.0)
    w, h = max(w + 2 * pad, MIN_SPAN_M), max(h + 2 * pad, MIN_SPAN_M / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


@dataclass
class _View:
    crs: pyproj.CRS
    extent: tuple[float, float, float, float]
    to_proj: pyproj.Transformer
    to_lonlat: pyproj.Transformer


def _view(spec: MapSpec, map_aspect: float, *, include_notes: bool = True) -> _View:
    geoms = list(spec.segments.geometry) or [n.geometry for n in spec.notes]
    lonlat = shapely.total_bounds(np.array(geoms + ([n.geometry for n in spec.notes] if include_notes else []),
                                           dtype=object))
    crs = _projection(lonlat)
    to_proj = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    to_lonlat = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    shown = list(spec.segments.geometry) + ([n.geometry for n in spec.notes] if include_notes else [])
    proj = [_reproject(to_proj, g) for g in shown if g is not None and not g.is_empty]
    extent = _fit_extent(shapely.total_bounds(np.array(proj, dtype=object)), map_aspect)
    return _View(crs, extent, to_proj, to_lonlat)


def map_view_bounds(spec: MapSpec) -> tuple[float, float, float, float]:
    """The map's view as lon/lat bounds ``(west, south, east, north)``, fitted to the routes only.

    Notes must fall inside this view (see :func:`note_in_view`); degrees, EPSG:4326.
    """
    v = _notes_free_view(spec)
    x0, y0, x1, y1 = v.extent
    ring = shapely.segmentize(box(x0, y0, x1, y1), (x1 - x0) / 50)
    return _reproject(v.to_lonlat, ring).bounds


def _notes_free_view(spec: MapSpec) -> _View:
    m = _Measure(72)
    lay = _layout(spec, m, paged=False)
    _, _, mw, mh = lay.map_rect
    return _view(spec, mw / mh, include_notes=False)


def note_in_view(spec: MapSpec, lon: float, lat: float) -> bool:
    """Whether a point (degrees) lies inside the map fitted to ``spec``'s routes."""
    return view_test(spec)(lon, lat)


def view_test(spec: MapSpec) -> Callable[[float, float], bool]:
    """A test ``(lon, lat) -> bool`` for "inside the map fitted to the routes" (layout computed once)."""
    v = _notes_free_view(spec)
    x0, y0, x1, y1 = v.extent

    def inside(lon: float, lat: float) -> bool:
        x, y = v.to_proj.transform(lon, lat)
        return bool(np.isfinite(x) and x0 <= x <= x1 and y0 <= y <= y1)

    return inside


# ---------------------------------------------------------------------------------------------------
# Label placement


class _Placer:
    """Greedy, collision-free placement of text boxes in display (pixel) coordinates."""

    def __init__(self, ax, renderer, line_xy: np.ndarray) -> None:
        self.ax = ax
        self.renderer = renderer
        self.dpi = ax.figure.dpi
        self.frame = ax.get_window_extent(renderer)
        self.taken: list[Bbox] = []
        self.line_xy = line_xy  # route vertices in display coords, for "do not cover lines" penalties

    def block(self, bbox: Bbox) -> None:
        self.taken.append(bbox)

    def free(self, bbox: Bbox) -> bool:
        f = self.frame
        if bbox.x0 < f.x0 + 2 or bbox.x1 > f.x1 - 2 or bbox.y0 < f.y0 + 2 or bbox.y1 > f.y1 - 2:
            return False
        return not any(bbox.overlaps(t) for t in self.taken)

    def line_hits(self, bbox: Bbox) -> int:
        if not len(self.line_xy):
            return 0
        x, y = self.line_xy[:, 0], self.line_xy[:, 1]
        return int(np.count_nonzero((x > bbox.x0) & (x < bbox.x1) & (y > bbox.y0) & (y < bbox.y1)))

    def size(self, text: str, **kw) -> tuple[float, float]:
        t = self.ax.text(0, 0, text, **kw)
        bb = t.get_window_extent(self.renderer)
        t.remove()
        return bb.width, bb.height

    def best(self, anchors: Sequence[tuple[float, float]], wh: tuple[float, float], radius_pt: float,
             *, pad_px: float = 0.0, line_weight: float = 1.0, max_line_hits: int | None = None
             ) -> tuple[tuple[float, float], tuple[float, float], Bbox] | None:
        """The first-best (anchor, offset in points, bbox) among anchors × 8 directions, or None."""
        w, h = wh[0] + 2 * pad_px, wh[1] + 2 * pad_px
        r = radius_pt * self.dpi / 72
        dirs = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
        best = None
        for rank, (ax_, ay_) in enumerate(anchors):
            for k, (dx, dy) in enumerate(dirs):
                cx = ax_ + dx * (r + w / 2) if dx else ax_
                cy = ay_ + dy * (r + h / 2) if dy else ay_
                if dx and dy:
                    cx, cy = ax_ + dx * (r * 0.7 + w / 2), ay_ + dy * (r * 0.7 + h / 2)
                bb = Bbox.from_bounds(cx - w / 2, cy - h / 2, w, h)
                if not self.free(bb):
                    continue
                hits = self.line_hits(bb)
                if max_line_hits is not None and hits > max_line_hits:
                    continue
                score = hits * line_weight + rank * 0.6 + k * 0.05
                if best is None or score < best[0]:
                    best = (score, (ax_, ay_), ((cx - ax_) * 72 / self.dpi, (cy - ay_) * 72 / self.dpi), bb)
            if best is not None and best[0] < 0.5:
                break
        return None if best is None else best[1:]


def _anchors_along(geom: BaseGeometry, ax, n: int = 14) -> list[tuple[float, float]]:
    """Points along a (projected) line geometry in display coords, middle first."""
    lines = [g for g in getattr(geom, "geoms", [geom]) if not g.is_empty]
    if not lines:
        return []
    total = sum(g.length for g in lines)
    pts = []
    for g in lines:
        k = max(1, round(n * g.length / total)) if total else 1
        for i in range(k):
            p = g.interpolate((i + 0.5) / k, normalized=True)
            pts.append((p.x, p.y))
    disp = ax.transData.transform(np.array(pts))
    centre = disp.mean(axis=0)
    order = np.argsort(np.hypot(*(disp - centre).T))
    return [tuple(disp[i]) for i in order]


# ---------------------------------------------------------------------------------------------------
# Drawing


def _draw_basemap(ax, view: _View) -> gpd.GeoDataFrame:
    countries, _ = _basemap()
    x0, y0, x1, y1 = view.extent
    ring = shapely.segmentize(box(x0, y0, x1, y1), (x1 - x0) / 60)
    lon0, lat0, lon1, lat1 = _reproject(view.to_lonlat, ring).bounds
    clipped = countries.clip_by_rect(max(lon0 - 2, -180), max(lat0 - 2, -90), min(lon1 + 2, 180), min(lat1 + 2, 90))
    land = gpd.GeoDataFrame(countries.drop(columns="geometry"), geometry=clipped, crs=countries.crs)
    land = land[~land.geometry.is_empty].to_crs(view.crs)
    # Drop detail finer than ~1/4000 of the view (invisible in print; keeps SVG/PDF small and fast).
    land = land.set_geometry(land.geometry.simplify((x1 - x0) / 4000, preserve_topology=True))
    land.plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.45, zorder=1)
    return land


def _draw_routes(ax, spec: MapSpec, view: _View) -> gpd.GeoDataFrame:
    colours = {r.id: r.colour for r in spec.routes}
    segs = spec.segments.to_crs(view.crs)
    order = {"sea": 0, "pipeline": 1, "road": 2, "rail": 3}
    for _, row in sorted(segs.iterrows(), key=lambda kv: order.get(kv[1]["mode"], 2)):
        st = line_style(colours.get(row["route"], "#444444"), row["mode"], row["status"])
        casing = segment_style(colours.get(row["route"], "#444444"), row["mode"], row["status"]).casing
        geoms = getattr(row.geometry, "geoms", [row.geometry])
        for g in geoms:
            xy = np.asarray(g.coords)
            if casing:
                ax.plot(xy[:, 0], xy[:, 1], color="white", linewidth=st["linewidth"] + 1.8, alpha=0.9,
                        solid_capstyle="round", zorder=3)
            ax.plot(xy[:, 0], xy[:, 1], solid_capstyle="round", zorder=4, **st)
    return segs


def _legend(ax, spec: MapSpec) -> Any:
    handles: list[Line2D] = []
    labels: list[str] = []
    blank = Line2D([], [], linestyle="none")
    handles.append(blank)
    labels.append("Routes")
    for r in spec.routes:
        handles.append(Line2D([], [], **line_style(r.colour, "rail", "operational")))
        labels.append(short_name(r.name))
    modes = [m for m in ("rail", "road", "pipeline", "sea") if m in set(spec.segments["mode"])]
    statuses = [s for s in ("operational", "under_construction", "planned", "proposed", "suspended", "cancelled")
                if s in set(spec.segments["status"])]
    words = legend_labels()
    handles.append(blank)
    labels.append("Mode")
    for mode in modes:
        handles.append(Line2D([], [], **line_style("#555555", mode, "operational")))
        labels.append(words["mode"].get(mode, mode))
    handles.append(blank)
    status_head = f"Status on {spec.extra['as_of']}" if spec.extra.get("as_of") else "Status"
    labels.append(status_head)
    for status in statuses:
        handles.append(Line2D([], [], **line_style("#555555", "rail", status)))
        labels.append(words["status"].get(status, status))
    leg = ax.legend(handles, labels, loc="upper left", fontsize=7, handlelength=2.6, frameon=True,
                    framealpha=0.92, edgecolor="#bbbbbb", borderpad=0.6, labelspacing=0.35)
    leg.set_zorder(20)
    heads = {"Routes", "Mode", status_head}
    for text in leg.get_texts():
        if text.get_text() in heads:
            text.set_fontweight("bold")
    for hdl, lbl in zip(leg.legend_handles, labels):
        if lbl in heads and hdl is not None:
            hdl.set_visible(False)
    return leg


def _choose_legend_corner(ax, leg, renderer, data_xy: np.ndarray, extent) -> tuple[str, tuple[float, ...]]:
    """Pick the corner where the legend covers the fewest shown vertices; grow the extent if all are busy."""
    lb = leg.get_window_extent(renderer)
    frame = ax.get_window_extent(renderer)
    pad = 6 * ax.figure.dpi / 72
    fw, fh = lb.width + 2 * pad, lb.height + 2 * pad
    x0, y0, x1, y1 = extent
    sx, sy = (x1 - x0) / frame.width, (y1 - y0) / frame.height
    corners = {"upper left": (0, 1), "upper right": (1, 1), "lower left": (0, 0), "lower right": (1, 0)}
    best = None
    for name, (cx, cy) in corners.items():
        bx0 = x0 + (0 if cx == 0 else (x1 - x0) - fw * sx)
        by0 = y0 + (0 if cy == 0 else (y1 - y0) - fh * sy)
        inside = ((data_xy[:, 0] > bx0) & (data_xy[:, 0] < bx0 + fw * sx) &
                  (data_xy[:, 1] > by0) & (data_xy[:, 1] < by0 + fh * sy))
        n = int(np.count_nonzero(inside))
        # how much the map must grow (width) to clear that corner horizontally
        if cx == 1:
            need = (data_xy[inside, 0].max() - x0) if n else 0
        else:
            need = (x1 - data_xy[inside, 0].min()) if n else 0
        grow_x = need / max((x1 - x0) - fw * sx, 1) if n else 1.0
        if cy == 1:
            need_y = (data_xy[inside, 1].max() - y0) if n else 0
        else:
            need_y = (y1 - data_xy[inside, 1].min()) if n else 0
        grow_y = need_y / max((y1 - y0) - fh * sy, 1) if n else 1.0
        grow = min(max(grow_x, 1.0), max(grow_y, 1.0))
        key = (grow, n)
        if best is None or key < best[0]:
            best = (key, name, grow_x <= grow_y)
    (grow, _), name, horizontal = best
    if grow <= 1.0:
        return name, extent
    cx, cy = corners[name]
    w, h = (x1 - x0) * grow, (y1 - y0) * grow
    nx0 = x0 if cx == 1 else x1 - w
    ny0 = y0 if cy == 1 else y1 - h
    if horizontal:
        ny0 = (y0 + y1) / 2 - h / 2
    else:
        nx0 = (x0 + x1) / 2 - w / 2
    return name, (nx0, ny0, nx0 + w, ny0 + h)


def _north_arrow(ax, view: _View, corner: str, renderer) -> Bbox:
    """Draw a north arrow (rotated to true north at that point) in ``corner``; return its bbox."""
    right = "right" in corner
    fx = 0.965 if right else 0.035
    fy = 0.2
    x0, y0, x1, y1 = view.extent
    px, py = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
    lon, lat = view.to_lonlat.transform(px, py)
    qx, qy = view.to_proj.transform(lon, lat + 0.5)
    angle = math.atan2(qx - px, qy - py)  # from screen-up, clockwise positive
    tr = ax.transAxes
    frame = ax.get_window_extent(renderer)
    length = 0.42 * ax.figure.dpi / frame.height  # 0.42 inch, as a fraction of the axes height
    dx, dy = math.sin(angle) * length, math.cos(angle) * length
    aspect = frame.height / frame.width
    ax.annotate("", xy=(fx + dx * aspect, fy + dy), xytext=(fx, fy), xycoords=tr, textcoords=tr,
                arrowprops=dict(arrowstyle="-|>,head_length=0.8,head_width=0.35", color=INK, lw=1.4), zorder=21)
    ax.text(fx + dx * aspect * 1.25, fy + dy * 1.25, "N", transform=tr, ha="center", va="bottom", fontsize=9,
            fontweight="bold", color=INK, zorder=21, path_effects=HALO)
    s = ax.figure.dpi / 72
    cxp, cyp = frame.x0 + fx * frame.width, frame.y0 + fy * frame.height
    return Bbox.from_bounds(cxp - 12 * s, cyp - 4 * s, 24 * s, frame.height * length + 22 * s)


def _scale_bar(ax, corner: str, renderer) -> Bbox:
    from matplotlib_scalebar.scalebar import ScaleBar

    loc = "lower right" if "right" in corner else "lower left"
    x0, x1 = ax.get_xlim()
    target_km = (x1 - x0) / 1000 * 0.15
    mag = 10 ** math.floor(math.log10(target_km))
    nice = max(v * mag for v in (1, 2, 5) if v * mag <= target_km) if target_km >= mag else mag
    sb = ScaleBar(1, units="m", location=loc, fixed_value=nice, fixed_units="km", box_alpha=0.85,
                  font_properties={"size": 7}, pad=0.4, border_pad=0.6, scale_loc="top", color=INK,
                  scale_formatter=lambda value, unit: f"{value:g} {unit}")
    sb.set_zorder(21)
    ax.add_artist(sb)
    frame = ax.get_window_extent(renderer)
    s = ax.figure.dpi / 72
    w, h = frame.width * nice * 1000 / (x1 - x0) + 20 * s, 34 * s
    x = frame.x1 - w if "right" in corner else frame.x0
    return Bbox.from_bounds(x, frame.y0, w, h)


def _visible_part(geom: BaseGeometry, extent) -> BaseGeometry:
    return shapely.clip_by_rect(geom, *extent)


def _densified_xy(geoms: Iterable[BaseGeometry], step: float) -> np.ndarray:
    pts = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        coords = shapely.get_coordinates(shapely.segmentize(g, step))
        if len(coords):
            pts.append(coords)
    return np.vstack(pts) if pts else np.zeros((0, 2))


def _draw_map(fig: Figure, spec: MapSpec, lay: _Layout) -> None:
    renderer = fig.canvas.get_renderer()
    l, b, w, h = lay.map_rect
    ax = fig.add_axes((l / lay.width, b / lay.height, w / lay.width, h / lay.height))
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for sp in ax.spines.values():
        sp.set_edgecolor("#777777")
        sp.set_linewidth(0.8)
    view = _view(spec, w / h)
    x0, y0, x1, y1 = view.extent
    step = (x1 - x0) / 300
    segs = spec.segments.to_crs(view.crs)
    nodes = spec.nodes.to_crs(view.crs) if len(spec.nodes) else spec.nodes
    notes_proj = [(n, _reproject(view.to_proj, n.geometry)) for n in spec.notes]
    data_xy = np.vstack([_densified_xy(segs.geometry, step),
                         _densified_xy([g for _, g in notes_proj], step),
                         shapely.get_coordinates(np.array(list(nodes.geometry), dtype=object))
                         if len(nodes) else np.zeros((0, 2))])
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    leg = _legend(ax, spec)
    corner, extent = _choose_legend_corner(ax, leg, renderer, data_xy, view.extent)
    view.extent = extent
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    leg.set_loc(corner)
    land = _draw_basemap(ax, view)
    segs = _draw_routes(ax, spec, view)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])

    line_xy = ax.transData.transform(_densified_xy(segs.geometry, step)) if len(segs) else np.zeros((0, 2))
    placer = _Placer(ax, renderer, line_xy)
    placer.block(leg.get_window_extent(renderer).expanded(1.02, 1.04))
    other = {"upper left": "lower right", "upper right": "lower left", "lower left": "lower right",
             "lower right": "lower left"}[corner]
    placer.block(_scale_bar(ax, other, renderer))
    placer.block(_north_arrow(ax, view, other, renderer))

    _draw_nodes(ax, nodes, extent, placer)
    _draw_notes(ax, notes_proj, placer)
    _draw_callouts(ax, spec, segs, extent, placer)
    _draw_route_labels(ax, spec, segs, extent, placer)
    _draw_node_labels(ax, nodes, extent, placer)
    _draw_place_labels(ax, land, view, placer)


def _draw_nodes(ax, nodes: gpd.GeoDataFrame, extent, placer: _Placer) -> None:
    if not len(nodes):
        return
    x0, y0, x1, y1 = extent
    s = ax.figure.dpi / 72
    for _, n in nodes.iterrows():
        p = n.geometry
        if not (x0 <= p.x <= x1 and y0 <= p.y <= y1):
            continue
        ns = node_style(n["kind"])
        ax.plot(p.x, p.y, marker=ns.marker, markersize=ns.radius, markerfacecolor=ns.fill,
                markeredgecolor=ns.edge, markeredgewidth=0.8, zorder=6, linestyle="none")
        dx, dy = ax.transData.transform((p.x, p.y))
        placer.block(Bbox.from_bounds(dx - 3 * s, dy - 3 * s, 6 * s, 6 * s))


def _draw_notes(ax, notes_proj, placer: _Placer) -> None:
    """Numbered markers first (they are fixed), then each note's text beside its marker."""
    s = ax.figure.dpi / 72
    pending = []
    for note, g in notes_proj:
        if g.geom_type in ("LineString", "MultiLineString"):
            for part in getattr(g, "geoms", [g]):
                xy = np.asarray(part.coords)
                ax.plot(xy[:, 0], xy[:, 1], color=INK, linewidth=1.6, linestyle=(0, (4, 2)), zorder=8)
            p = g.interpolate(0.5, normalized=True)
        elif g.geom_type in ("Polygon", "MultiPolygon"):
            gpd.GeoSeries([g]).plot(ax=ax, facecolor=(0.1, 0.1, 0.1, 0.08), edgecolor=INK, linewidth=1.3,
                                    linestyle="--", zorder=8)
            p = g.representative_point()
        else:
            p = g
        ax.plot(p.x, p.y, marker="o", markersize=13, markerfacecolor=INK, markeredgecolor="white",
                markeredgewidth=1.2, zorder=15, linestyle="none")
        ax.text(p.x, p.y, str(note.number), ha="center", va="center", fontsize=7.5, fontweight="bold",
                color="white", zorder=16)
        dx, dy = ax.transData.transform((p.x, p.y))
        placer.block(Bbox.from_bounds(dx - 8 * s, dy - 8 * s, 16 * s, 16 * s))
        pending.append((note, (p.x, p.y), (dx, dy)))
    for note, xy, anchor in pending:
        if not note.text.strip():
            continue
        text = "\n".join(_wrap_chars(note.text, 34)[:4])
        kw = dict(fontsize=7.5, color=INK, linespacing=1.15)
        wh = placer.size(text, **kw)
        pad = 3 * s
        spot = placer.best([anchor], wh, 10, pad_px=pad, line_weight=0.3) or \
            placer.best([anchor], wh, 30, pad_px=pad, line_weight=0.3)
        if spot is None:
            continue
        _, off, bb = spot
        ax.annotate(text, xy=xy, xytext=off, textcoords="offset points", ha="center", va="center", zorder=17,
                    bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=INK, linewidth=0.6, alpha=0.95),
                    arrowprops=dict(arrowstyle="-", color=INK, lw=0.6, shrinkA=0, shrinkB=7), **kw)
        placer.block(bb)


def _wrap_chars(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width) or [""]


def _draw_callouts(ax, spec: MapSpec, segs: gpd.GeoDataFrame, extent, placer: _Placer) -> None:
    by_route: dict[str, list[int]] = {}
    for c in spec.citations:
        by_route.setdefault(c.route, []).append(c.number)
    colours = {r.id: r.colour for r in spec.routes}
    s = ax.figure.dpi / 72
    for rid in [r.id for r in spec.routes if r.id in by_route]:
        geom = _visible_part(shapely.union_all(np.array(list(segs[segs["route"] == rid].geometry), dtype=object)),
                             extent)
        if geom.is_empty:
            continue
        label = _ranges(by_route[rid])
        label = "\n".join(_wrap_chars(label, 28)[:3])
        kw = dict(fontsize=7.5, fontweight="bold", color="white", linespacing=1.1)
        wh = placer.size(label, **kw)
        anchors = _anchors_along(geom, ax, 18)
        spot = placer.best(anchors, wh, 12, pad_px=3.5 * s, line_weight=0.5)
        if spot is None:
            continue
        (axp, ayp), off, bb = spot
        xy = ax.transData.inverted().transform((axp, ayp))
        ax.annotate(label, xy=xy, xytext=off, textcoords="offset points", ha="center", va="center", zorder=18,
                    bbox=dict(boxstyle="round,pad=0.35", facecolor=colours[rid], edgecolor="white", linewidth=0.8),
                    arrowprops=dict(arrowstyle="-", color=colours[rid], lw=1.0, shrinkA=0, shrinkB=0), **kw)
        ax.plot(*xy, marker="o", markersize=3.5, color=colours[rid], markeredgecolor="white", zorder=18)
        placer.block(bb)


def _draw_route_labels(ax, spec: MapSpec, segs: gpd.GeoDataFrame, extent, placer: _Placer) -> None:
    for r in spec.routes:
        geom = _visible_part(shapely.union_all(np.array(list(segs[segs["route"] == r.id].geometry), dtype=object)),
                             extent)
        if geom.is_empty:
            continue
        kw = dict(fontsize=8.5, fontweight="bold", color=r.colour)
        text = short_name(r.name)
        wh = placer.size(text, **kw)
        spot = placer.best(_anchors_along(geom, ax, 16), wh, 4, pad_px=2, line_weight=1.0)
        if spot is None:
            continue
        (axp, ayp), off, bb = spot
        cx, cy = axp + off[0] * ax.figure.dpi / 72, ayp + off[1] * ax.figure.dpi / 72
        x, y = ax.transData.inverted().transform((cx, cy))
        ax.text(x, y, text, ha="center", va="center", zorder=14, path_effects=HALO, **kw)
        placer.block(bb)


def _draw_node_labels(ax, nodes: gpd.GeoDataFrame, extent, placer: _Placer) -> None:
    if not len(nodes):
        return
    x0, y0, x1, y1 = extent
    ranked = sorted(nodes.iterrows(), key=lambda kv: (_NODE_PRIORITY.get(kv[1]["kind"], 9), kv[1]["name"]))
    for _, n in ranked:
        p = n.geometry
        if not (x0 <= p.x <= x1 and y0 <= p.y <= y1):
            continue
        text = short_name(n["name"])
        kw = dict(fontsize=6.6, color=INK)
        wh = placer.size(text, **kw)
        anchor = tuple(ax.transData.transform((p.x, p.y)))
        spot = placer.best([anchor], wh, 3.5, pad_px=1, line_weight=0.4)
        if spot is None:
            continue
        _, off, bb = spot
        cx, cy = anchor[0] + off[0] * ax.figure.dpi / 72, anchor[1] + off[1] * ax.figure.dpi / 72
        x, y = ax.transData.inverted().transform((cx, cy))
        ax.text(x, y, text, ha="center", va="center", zorder=12, path_effects=HALO, **kw)
        placer.block(bb)


def _draw_place_labels(ax, land: gpd.GeoDataFrame, view: _View, placer: _Placer) -> None:
    x0, y0, x1, y1 = view.extent
    frame = box(x0, y0, x1, y1)
    area = frame.area
    countries, seas = _basemap()
    kw = dict(fontsize=7.5, color="#8a847a", fontweight="normal")
    for _, c in land.iterrows():
        part = c.geometry.intersection(frame) if c.geometry is not None else None
        if part is None or part.is_empty:
            continue
        polys = sorted((g for g in getattr(part, "geoms", [part]) if g.geom_type == "Polygon"),
                       key=lambda g: -g.area)
        name = _COUNTRY_SHORT.get(c["name"], c["name"]).upper()
        wh = placer.size(name, **kw)
        for k, poly in enumerate(polys[:2]):
            if poly.area < area * (0.004 if k == 0 else 0.002):
                break
            lx, ly = view.to_proj.transform(c["label_x"], c["label_y"])
            pts = [shapely.Point(lx, ly)] if k == 0 and poly.contains(shapely.Point(lx, ly)) else []
            pts += [shapely.ops.polylabel(poly, tolerance=math.sqrt(poly.area) / 50), poly.representative_point()]
            anchors = [tuple(ax.transData.transform((p.x, p.y))) for p in pts]
            spot = placer.best(anchors, wh, 0.01, pad_px=1, max_line_hits=4, line_weight=1)
            if spot is None:
                continue
            _, off, bb = spot
            x, y = ax.transData.inverted().transform((bb.x0 + bb.width / 2, bb.y0 + bb.height / 2))
            ax.text(x, y, name, ha="center", va="center", zorder=2,
                    path_effects=[withStroke(linewidth=2, foreground=LAND)], **kw)
            placer.block(bb)
    skw = dict(fontsize=8, color=SEA_INK, style="italic")
    for _, sea in seas.iterrows():
        sx, sy = view.to_proj.transform(sea.geometry.x, sea.geometry.y)
        if not (x0 <= sx <= x1 and y0 <= sy <= y1):
            continue
        name = sea["name"]
        wh = placer.size(name, **skw)
        anchor = tuple(ax.transData.transform((sx, sy)))
        spot = placer.best([anchor], wh, 0.01, pad_px=1, max_line_hits=2)
        if spot is None:
            continue
        _, _, bb = spot
        x, y = ax.transData.inverted().transform((bb.x0 + bb.width / 2, bb.y0 + bb.height / 2))
        ax.text(x, y, name, ha="center", va="center", zorder=2, **skw)
        placer.block(bb)


def _draw_header_footer(fig: Figure, spec: MapSpec, lay: _Layout) -> None:
    W, H = lay.width, lay.height
    y = H - MARGIN
    for text, size, weight, colour in ([("\n".join(lay.title), lay.title_size, "bold", INK)] if lay.title else []) + \
            ([("\n".join(lay.subtitle), lay.subtitle_size, "normal", INK)] if lay.subtitle else []) + \
            ([("\n".join(lay.filters), lay.filters_size, "normal", MUTED)] if lay.filters else []):
        n = text.count("\n") + 1
        fig.text(MARGIN / W, y / H, text, ha="left", va="top", fontsize=size, fontweight=weight, color=colour,
                 linespacing=1.15)
        y -= n * _line_h(size) + 0.02
    foot = MARGIN - 0.05
    fig.text(MARGIN / W, foot / H, spec.attribution, ha="left", va="bottom", fontsize=6.5, color=MUTED)
    if spec.generated:
        fig.text((W - MARGIN) / W, foot / H, f"Generated {spec.generated} · Corridor Atlas", ha="right", va="bottom",
                 fontsize=6.5, color=MUTED)


def _draw_citation_list(fig: Figure, cols, lay: _Layout, top: float, *, heading: str, more: int,
                        more_text: str) -> None:
    W, H = lay.width, lay.height
    size = lay.cite_size
    lh = _line_h(size)
    fig.text(MARGIN / W, top / H, heading, ha="left", va="top", fontsize=8, fontweight="bold", color=INK)
    top -= _line_h(8) + 0.04
    num_w = lay.num_w
    last_y = top
    for ci, col in enumerate(cols):
        x = MARGIN + ci * (lay.cite_col_w + 0.3)
        y = top
        for number, lines in col:
            fig.text((x + num_w - 0.05) / W, y / H, f"{number}.", ha="right", va="top", fontsize=size,
                     fontweight="bold", color=INK)
            fig.text((x + num_w) / W, y / H, "\n".join(lines), ha="left", va="top", fontsize=size, color=INK,
                     linespacing=1.28 / 1.2)
            y -= len(lines) * lh
        if ci == len(cols) - 1:
            last_y = y
    if more:
        x = MARGIN + (len(cols) - 1) * (lay.cite_col_w + 0.3)
        fig.text((x + num_w) / W, last_y / H, more_text, ha="left", va="top", fontsize=size, style="italic",
                 color=MUTED)


def _figure(w: float, h: float, dpi: float) -> Figure:
    fig = Figure(figsize=(w, h), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def map_figures(spec: MapSpec, *, dpi: float = 150, paged: bool = False) -> list[Figure]:
    """Lay out the map page (and, when ``paged`` and the list did not fit, continuation pages of citations).

    Parameters
    ----------
    spec
        What to draw.
    dpi
        Dots per inch for raster output and text measurement.
    paged
        PDF: put the full citation list on following pages instead of "and N more".

    Returns
    -------
    list[Figure]
        The first page, then any citation pages.
    """
    m = _Measure(dpi)
    lay = _layout(spec, m, paged=paged)
    fig = _figure(lay.width, lay.height, dpi)
    _draw_header_footer(fig, spec, lay)
    _draw_map(fig, spec, lay)
    figs = [fig]
    if spec.citations:
        more_text = (f"… and {lay.more} more (full list on page 2)" if paged else f"… and {lay.more} more")
        _draw_citation_list(fig, lay.cite_cols, lay, lay.cite_top, heading="Sources (numbers are keyed to the map)",
                            more=lay.more, more_text=more_text)
    if paged and lay.more:
        figs += _citation_pages(spec, lay, m, dpi)
    return figs


def _citation_pages(spec: MapSpec, lay: _Layout, m: _Measure, dpi: float) -> list[Figure]:
    items = [(label, m.wrap(text, lay.cite_col_w - lay.num_w, lay.cite_size))
             for label, text in citation_groups(spec.citations)]
    ncol = len(lay.cite_cols)
    usable = lay.height - 2 * MARGIN - _line_h(12) - _line_h(8) - 0.4
    max_lines = int(usable / _line_h(lay.cite_size))
    pages = []
    page_no = 2
    while items:
        cols, more = _fill_columns(items, ncol, max_lines)
        placed = len(items) - more
        fig = _figure(lay.width, lay.height, dpi)
        top = lay.height - MARGIN
        fig.text(MARGIN / lay.width, top / lay.height, f"{spec.title} — sources (page {page_no})", ha="left",
                 va="top", fontsize=12, fontweight="bold", color=INK)
        _draw_citation_list(fig, cols, lay, top - _line_h(12) - 0.1, heading="Sources", more=0, more_text="")
        _draw_header_footer_small(fig, spec, lay)
        pages.append(fig)
        items = items[placed:] if placed else []
        page_no += 1
    return pages


def _draw_header_footer_small(fig: Figure, spec: MapSpec, lay: _Layout) -> None:
    foot = MARGIN - 0.05
    fig.text(MARGIN / lay.width, foot / lay.height, spec.attribution, ha="left", va="bottom", fontsize=6.5,
             color=MUTED)
    if spec.generated:
        fig.text((lay.width - MARGIN) / lay.width, foot / lay.height, f"Generated {spec.generated} · Corridor Atlas",
                 ha="right", va="bottom", fontsize=6.5, color=MUTED)


_RC = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "corridor-atlas"}


def render_map(spec: MapSpec, out: str | Path | BinaryIO, *, fmt: str | None = None, dpi: float = 150) -> None:
    """Render ``spec`` to a PNG, SVG or PDF file (or binary file object).

    Parameters
    ----------
    spec
        What to draw.
    out
        Path or writable binary file object.
    fmt
        ``png``, ``svg`` or ``pdf``; defaults to the path's extension.
    dpi
        Dots per inch (PNG pixel size is the page size in inches × dpi).
    """
    if fmt is None:
        fmt = Path(out).suffix.lower().lstrip(".") if isinstance(out, (str, Path)) else "png"
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r} (use {', '.join(FORMATS)})")
    figs = map_figures(spec, dpi=dpi, paged=(fmt == "pdf"))
    with matplotlib.rc_context(_RC):
        if fmt == "pdf":
            from matplotlib.backends.backend_pdf import PdfPages

            with PdfPages(out, metadata={"Title": spec.title, "Creator": "Corridor Atlas",
                                         "CreationDate": None}) as pdf:
                for f in figs:
                    pdf.savefig(f)
        else:
            meta = {"Date": None} if fmt == "svg" else {}
            figs[0].savefig(out, format=fmt, dpi=dpi, metadata=meta)


def render_bytes(spec: MapSpec, fmt: str, *, dpi: float = 150) -> bytes:
    """Render ``spec`` and return the file's bytes (for download buttons)."""
    buf = io.BytesIO()
    render_map(spec, buf, fmt=fmt, dpi=dpi)
    return buf.getvalue()
