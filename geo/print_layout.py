"""The print map's page layout: text measurement, the title block and citation columns, and the map's extent.

Everything here is in inches on the page or metres in the map's projection (a Lambert conformal conic
centred on what is shown); nothing is drawn.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.print_spec import SIZES, MapCitation, MapSpec

MARGIN = 0.3  # inches
PAD_FRACTION = 0.07  # padding around what is shown
MIN_SPAN_M = 250_000.0  # never zoom closer than this (metres across)


@functools.lru_cache(maxsize=1)
def basemap_layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Countries (full detail) and sea label points; read once, never mutated."""
    from geo.basemap import load_basemap, load_seas

    return load_basemap(), load_seas()


def _projection(bounds: Sequence[float] | np.ndarray) -> pyproj.CRS:
    """Lambert conformal conic centred on ``bounds`` (lon/lat), standard parallels at 1/6 and 5/6."""
    x0, y0, x1, y1 = bounds
    lat_c, lon_c = (y0 + y1) / 2, (x0 + x1) / 2
    half = max((y1 - y0) / 3, 1.0)
    return pyproj.CRS.from_proj4(
        f"+proj=lcc +lat_0={lat_c:.4f} +lon_0={lon_c:.4f} +lat_1={lat_c - half:.4f} +lat_2={lat_c + half:.4f} "
        "+datum=WGS84 +units=m +no_defs")


# ---------------------------------------------------------------------------------------------------
# Text measurement and wrapping


class Measure:
    """Measure text widths (inches) with the Agg renderer, cached per (text, size, weight)."""

    def __init__(self, dpi: float) -> None:
        self.fig = Figure(dpi=dpi)
        self.renderer = FigureCanvasAgg(self.fig).get_renderer()
        self.dpi = dpi
        self._cache: dict[tuple, float] = {}

    def width(self, text: str, size: float, weight: str = "normal",
              style: Literal["normal", "italic", "oblique"] = "normal") -> float:
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


def _fit_lines(m: Measure, text: str, width: float, size: float, *, weight: str = "normal",
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


# ---------------------------------------------------------------------------------------------------
# Page layout


@dataclass
class Layout:
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


def line_h(size: float) -> float:
    return size * 1.28 / 72


def page_layout(spec: MapSpec, m: Measure, *, paged: bool) -> Layout:
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
    header_h = (len(title) * line_h(t_size) + len(subtitle) * line_h(s_size) + len(filters) * line_h(f_size)
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
    lh = line_h(c_size)
    budget = avail * (0.38 if portrait else 0.34)
    max_lines = max(int((budget - line_h(8)) / lh), 2)
    cols, more = fill_columns(items, ncol, max_lines)
    used_lines = max((sum(len(ls) for _, ls in col) for col in cols), default=0)
    cite_h = (used_lines + (1 if more else 0)) * lh + (line_h(8) + 0.08 if spec.citations else 0)
    map_h = avail - cite_h - (0.12 if spec.citations else 0)
    map_rect = (MARGIN, h - MARGIN - header_h - map_h, content_w, map_h)
    left = sum(_count(label) for label, _ in items[len(items) - more:]) if more else 0
    return Layout(w, h, title, t_size, subtitle, s_size, filters, f_size, header_h, map_rect, cols, c_size,
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


def fill_columns(items: list[tuple[str, list[str]]], ncol: int, max_lines: int
                  ) -> tuple[list[list[tuple[str, list[str]]]], int]:
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


def reproject(transformer: pyproj.Transformer, geom: BaseGeometry) -> BaseGeometry:
    """``geom`` with every coordinate passed through ``transformer`` (x, y order)."""
    def f(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, f)


def _fit_extent(bounds: Sequence[float] | np.ndarray, aspect: float) -> tuple[float, float, float, float]:
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
class View:
    crs: pyproj.CRS
    extent: tuple[float, float, float, float]
    to_proj: pyproj.Transformer
    to_lonlat: pyproj.Transformer


def fit_view(spec: MapSpec, map_aspect: float, *, include_notes: bool = True) -> View:
    geoms = list(spec.segments.geometry) or [n.geometry for n in spec.notes]
    lonlat = shapely.total_bounds(np.array(geoms + ([n.geometry for n in spec.notes] if include_notes else []),
                                           dtype=object))
    crs = _projection(lonlat)
    to_proj = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    to_lonlat = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    shown = list(spec.segments.geometry) + ([n.geometry for n in spec.notes] if include_notes else [])
    proj = [reproject(to_proj, g) for g in shown if g is not None and not g.is_empty]
    extent = _fit_extent(shapely.total_bounds(np.array(proj, dtype=object)), map_aspect)
    return View(crs, extent, to_proj, to_lonlat)


def map_view_bounds(spec: MapSpec) -> tuple[float, float, float, float]:
    """The map's view as lon/lat bounds ``(west, south, east, north)``, fitted to the routes only.

    Notes must fall inside this view (see :func:`note_in_view`); degrees, EPSG:4326.
    """
    v = _notes_free_view(spec)
    x0, y0, x1, y1 = v.extent
    ring = shapely.segmentize(box(x0, y0, x1, y1), (x1 - x0) / 50)
    return reproject(v.to_lonlat, ring).bounds


def _notes_free_view(spec: MapSpec) -> View:
    m = Measure(72)
    lay = page_layout(spec, m, paged=False)
    _, _, mw, mh = lay.map_rect
    return fit_view(spec, mw / mh, include_notes=False)


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
