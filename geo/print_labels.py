"""Labels on the print map: one greedy placement step (`Placer.place`) for every text the map carries.

Notes' texts, citation callouts, route names, node names, country and sea names all go through
`Placer.place`: measure, try the anchors in each of 8 directions at the given radii, take the first-best free
box (not over the legend, the scale bar, another label, and covering as few route vertices as it can).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import shapely.ops
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.print_layout import View, basemap_layers
from geo.print_spec import MapSpec, short_name
from geo.style import colour

_COUNTRY_SHORT = {"People's Republic of China": "China", "Bosnia and Herzegovina": "Bosnia"}
_NODE_PRIORITY = {"port": 0, "terminal": 1, "junction": 2, "border_crossing": 3, "checkpoint": 4}


def halo(width: float = 2.4, group: str = "ink", name: str = "halo") -> list:
    """A text outline in a style colour (white by default) so labels read over lines and land."""
    return [withStroke(linewidth=width, foreground=colour(group, name))]


@dataclass(frozen=True)
class Spot:
    """A placed label: its anchor and its box centre (data coordinates), and the offset between them (points)."""

    anchor: tuple[float, float]
    offset: tuple[float, float]
    centre: tuple[float, float]


class Placer:
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

    def place(self, text: str, anchors: Sequence[tuple[float, float]], radii: Sequence[float], *,
              pad_px: float = 0.0, line_weight: float = 1.0, max_line_hits: int | None = None,
              **text_kw: Any) -> Spot | None:
        """Find the best free spot for `text` near `anchors` (the first radius that fits), and take it.

        The ONE label-placement step every print label uses: measure the text, try each radius (points)
        in turn, block the chosen box so later labels avoid it.

        Returns
        -------
        Spot | None
            Where it goes (anchor and box centre in data coordinates, offset in points), None when no
            spot is free.
        """
        wh = self.size(text, **text_kw)
        for radius in radii:
            found = self.best(anchors, wh, radius, pad_px=pad_px, line_weight=line_weight,
                              max_line_hits=max_line_hits)
            if found is not None:
                anchor, offset, bbox = found
                self.block(bbox)
                to_data = self.ax.transData.inverted()
                return Spot(tuple(to_data.transform(anchor)), offset,
                            tuple(to_data.transform((bbox.x0 + bbox.width / 2, bbox.y0 + bbox.height / 2))))
        return None


def anchors_along(geom: BaseGeometry, ax, n: int = 14) -> list[tuple[float, float]]:
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


def _in_extent(x: float, y: float, extent: Sequence[float]) -> bool:
    x0, y0, x1, y1 = extent
    return x0 <= x <= x1 and y0 <= y <= y1


def _visible_part(geom: BaseGeometry, extent) -> BaseGeometry:
    return shapely.clip_by_rect(geom, *extent)


def _route_geometry(segs: gpd.GeoDataFrame, route: str, extent) -> BaseGeometry:
    """The part of a route's (projected) segments inside the map."""
    return _visible_part(shapely.union_all(np.array(list(segs[segs["route"] == route].geometry), dtype=object)),
                         extent)


def _wrap_chars(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width) or [""]


def ranges(numbers: Iterable[int]) -> str:
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


def draw_note_texts(ax, pending: Iterable[tuple[Any, tuple[float, float], tuple[float, float]]],
                    placer: Placer) -> None:
    """Each note's text in a box beside its (already drawn) numbered marker, with a leader line."""
    ink = colour("ink", "text")
    s = ax.figure.dpi / 72
    for note, xy, anchor in pending:
        if not note.text.strip():
            continue
        text = "\n".join(_wrap_chars(note.text, 34)[:4])
        kw: dict[str, Any] = dict(fontsize=7.5, color=ink, linespacing=1.15)
        spot = placer.place(text, [anchor], (10, 30), pad_px=3 * s, line_weight=0.3, **kw)
        if spot is None:
            continue
        ax.annotate(text, xy=xy, xytext=spot.offset, textcoords="offset points", ha="center", va="center", zorder=17,
                    bbox=dict(boxstyle="round,pad=0.3", facecolor=colour("ink", "halo"), edgecolor=ink, linewidth=0.6,
                              alpha=0.95),
                    arrowprops=dict(arrowstyle="-", color=ink, lw=0.6, shrinkA=0, shrinkB=7), **kw)


def draw_callouts(ax, spec: MapSpec, segs: gpd.GeoDataFrame, extent, placer: Placer) -> None:
    """The citation numbers of each route in a box of its colour, pointing at the route."""
    by_route: dict[str, list[int]] = {}
    for c in spec.citations:
        by_route.setdefault(c.route, []).append(c.number)
    colours = {r.id: r.colour for r in spec.routes}
    white = colour("ink", "halo")
    s = ax.figure.dpi / 72
    for rid in [r.id for r in spec.routes if r.id in by_route]:
        geom = _route_geometry(segs, rid, extent)
        if geom.is_empty:
            continue
        label = "\n".join(_wrap_chars(ranges(by_route[rid]), 28)[:3])
        kw: dict[str, Any] = dict(fontsize=7.5, fontweight="bold", color=white, linespacing=1.1)
        spot = placer.place(label, anchors_along(geom, ax, 18), (12,), pad_px=3.5 * s, line_weight=0.5, **kw)
        if spot is None:
            continue
        ax.annotate(label, xy=spot.anchor, xytext=spot.offset, textcoords="offset points", ha="center", va="center",
                    zorder=18, bbox=dict(boxstyle="round,pad=0.35", facecolor=colours[rid], edgecolor=white,
                                         linewidth=0.8),
                    arrowprops=dict(arrowstyle="-", color=colours[rid], lw=1.0, shrinkA=0, shrinkB=0), **kw)
        ax.plot(*spot.anchor, marker="o", markersize=3.5, color=colours[rid], markeredgecolor=white, zorder=18)


def draw_route_labels(ax, spec: MapSpec, segs: gpd.GeoDataFrame, extent, placer: Placer) -> None:
    """Each route's short name, in its colour, along its line."""
    for r in spec.routes:
        geom = _route_geometry(segs, r.id, extent)
        if geom.is_empty:
            continue
        kw: dict[str, Any] = dict(fontsize=8.5, fontweight="bold", color=r.colour)
        text = short_name(r.name)
        spot = placer.place(text, anchors_along(geom, ax, 16), (4,), pad_px=2, line_weight=1.0, **kw)
        if spot is not None:
            ax.text(*spot.centre, text, ha="center", va="center", zorder=14, path_effects=halo(), **kw)


def draw_node_labels(ax, nodes: gpd.GeoDataFrame, extent, placer: Placer) -> None:
    """Node names beside their markers, ports and terminals first."""
    if not len(nodes):
        return
    ranked = sorted(nodes.iterrows(), key=lambda kv: (_NODE_PRIORITY.get(kv[1]["kind"], 9), kv[1]["name"]))
    kw: dict[str, Any] = dict(fontsize=6.6, color=colour("ink", "text"))
    for _, n in ranked:
        p = n.geometry
        if not _in_extent(p.x, p.y, extent):
            continue
        text = short_name(n["name"])
        anchor = tuple(ax.transData.transform((p.x, p.y)))
        spot = placer.place(text, [anchor], (3.5,), pad_px=1, line_weight=0.4, **kw)
        if spot is not None:
            ax.text(*spot.centre, text, ha="center", va="center", zorder=12, path_effects=halo(), **kw)


def _country_anchors(poly, c, k: int, view: View, ax) -> list[tuple[float, float]]:
    """Where a country's name may go in one of its polygons: its label point (main part), pole of inaccessibility."""
    lx, ly = view.to_proj.transform(c["label_x"], c["label_y"])
    pts = [shapely.Point(lx, ly)] if k == 0 and poly.contains(shapely.Point(lx, ly)) else []
    pts += [shapely.ops.polylabel(poly, tolerance=math.sqrt(poly.area) / 50), poly.representative_point()]
    return [tuple(ax.transData.transform((p.x, p.y))) for p in pts]


def draw_place_labels(ax, land: gpd.GeoDataFrame, view: View, placer: Placer) -> None:
    """Country names (upper case, on their largest one or two parts) and sea names, where they fit."""
    x0, y0, x1, y1 = view.extent
    frame = box(x0, y0, x1, y1)
    area = frame.area
    _, seas = basemap_layers()
    kw: dict[str, Any] = dict(fontsize=7.5, color=colour("basemap", "country_label"), fontweight="normal")
    for _, c in land.iterrows():
        part = c.geometry.intersection(frame) if c.geometry is not None else None
        if part is None or part.is_empty:
            continue
        polys = sorted((g for g in getattr(part, "geoms", [part]) if g.geom_type == "Polygon"),
                       key=lambda g: -g.area)
        name = _COUNTRY_SHORT.get(c["name"], c["name"]).upper()
        for k, poly in enumerate(polys[:2]):
            if poly.area < area * (0.004 if k == 0 else 0.002):
                break
            spot = placer.place(name, _country_anchors(poly, c, k, view, ax), (0.01,), pad_px=1, max_line_hits=4,
                                line_weight=1, **kw)
            if spot is not None:
                ax.text(*spot.centre, name, ha="center", va="center", zorder=2,
                        path_effects=halo(2, "basemap", "land"), **kw)
    skw: dict[str, Any] = dict(fontsize=8, color=colour("basemap", "sea_label"), style="italic")
    for _, sea in seas.iterrows():
        sx, sy = view.to_proj.transform(sea.geometry.x, sea.geometry.y)
        if not _in_extent(sx, sy, view.extent):
            continue
        anchor = tuple(ax.transData.transform((sx, sy)))
        spot = placer.place(sea["name"], [anchor], (0.01,), pad_px=1, max_line_hits=2, **skw)
        if spot is not None:
            ax.text(*spot.centre, sea["name"], ha="center", va="center", zorder=2, **skw)
