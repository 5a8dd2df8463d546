"""Drawing the print map's frame: basemap, route strokes, nodes, notes' markers, legend, scale bar, north arrow.

Every colour and line comes from ``geo/style.toml`` (`geo.style`): routes are drawn from the same strokes as
the web map (`geo.style.segment_strokes`), translated to matplotlib. Labels are placed by `geo.print_labels`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.print_labels import (
    Placer,
    draw_callouts,
    draw_node_labels,
    draw_note_texts,
    draw_place_labels,
    draw_route_labels,
    halo,
)
from geo.print_layout import MARGIN, Layout, View, basemap_layers, fit_view, line_h, reproject
from geo.print_spec import MapSpec, line_style, short_name
from geo.style import colour, legend_labels, node_style, segment_strokes


def _draw_basemap(ax, view: View) -> gpd.GeoDataFrame:
    countries, _ = basemap_layers()
    x0, y0, x1, y1 = view.extent
    ring = shapely.segmentize(box(x0, y0, x1, y1), (x1 - x0) / 60)
    lon0, lat0, lon1, lat1 = reproject(view.to_lonlat, ring).bounds
    clipped = countries.clip_by_rect(max(lon0 - 2, -180), max(lat0 - 2, -90), min(lon1 + 2, 180), min(lat1 + 2, 90))
    land = gpd.GeoDataFrame(countries.drop(columns="geometry"), geometry=clipped, crs=countries.crs)
    land = land[~land.geometry.is_empty].to_crs(view.crs)
    # Drop detail finer than ~1/4000 of the view (invisible in print; keeps SVG/PDF small and fast).
    land = land.set_geometry(land.geometry.simplify((x1 - x0) / 4000, preserve_topology=True))
    land.plot(ax=ax, color=colour("basemap", "land"), edgecolor=colour("basemap", "border"),
              linewidth=colour("basemap", "border_weight_print"), zorder=1)
    return land


def _draw_routes(ax, spec: MapSpec, view: View) -> gpd.GeoDataFrame:
    """Every segment's strokes (`geo.style.segment_strokes`: casing, then line), sea legs first, rail on top."""
    colours = {r.id: r.colour for r in spec.routes}
    unknown = colour("ink", "unknown_route")
    segs = spec.segments.to_crs(view.crs)
    order = {"sea": 0, "pipeline": 1, "road": 2, "rail": 3}
    for _, row in sorted(segs.iterrows(), key=lambda kv: order.get(kv[1]["mode"], 2)):
        strokes = segment_strokes(colours.get(row["route"], unknown), row["mode"], row["status"])
        for g in getattr(row.geometry, "geoms", [row.geometry]):
            xy = np.asarray(g.coords)
            for stroke in strokes:
                ax.plot(xy[:, 0], xy[:, 1], zorder=3 if stroke.casing else 4, **stroke.mpl())
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
        handles.append(Line2D([], [], **line_style(colour("ink", "legend_sample_print"), mode, "operational")))
        labels.append(words["mode"].get(mode, mode))
    handles.append(blank)
    status_head = f"Status on {spec.extra['as_of']}" if spec.extra.get("as_of") else "Status"
    labels.append(status_head)
    for status in statuses:
        handles.append(Line2D([], [], **line_style(colour("ink", "legend_sample_print"), "rail", status)))
        labels.append(words["status"].get(status, status))
    leg = ax.legend(handles, labels, loc="upper left", fontsize=7, handlelength=2.6, frameon=True,
                    framealpha=0.92, edgecolor=colour("ink", "legend_edge"), borderpad=0.6, labelspacing=0.35)
    leg.set_zorder(20)
    heads = {"Routes", "Mode", status_head}
    for text in leg.get_texts():
        if text.get_text() in heads:
            text.set_fontweight("bold")
    for hdl, lbl in zip(leg.legend_handles, labels):
        if lbl in heads and hdl is not None:
            hdl.set_visible(False)
    return leg


def _choose_legend_corner(ax, leg, renderer, data_xy: np.ndarray, extent: tuple[float, float, float, float]
                          ) -> tuple[str, tuple[float, float, float, float]]:
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
    assert best is not None  # four corners were tried
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


def _north_arrow(ax, view: View, corner: str, renderer) -> Bbox:
    """Draw a north arrow (rotated to true north at that point) in ``corner``; return its bbox."""
    ink = colour("ink", "text")
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
                arrowprops=dict(arrowstyle="-|>,head_length=0.8,head_width=0.35", color=ink, lw=1.4), zorder=21)
    ax.text(fx + dx * aspect * 1.25, fy + dy * 1.25, "N", transform=tr, ha="center", va="bottom", fontsize=9,
            fontweight="bold", color=ink, zorder=21, path_effects=halo())
    s = ax.figure.dpi / 72
    cxp, cyp = frame.x0 + fx * frame.width, frame.y0 + fy * frame.height
    return Bbox.from_bounds(cxp - 12 * s, cyp - 4 * s, 24 * s, frame.height * length + 22 * s)


def _scale_bar(ax, corner: str, renderer) -> Bbox:
    """Draw a scale bar of a round length in ``corner``; return its bbox."""
    from matplotlib_scalebar.scalebar import ScaleBar

    ink = colour("ink", "text")
    loc = "lower right" if "right" in corner else "lower left"
    x0, x1 = ax.get_xlim()
    target_km = (x1 - x0) / 1000 * 0.15
    mag = 10 ** math.floor(math.log10(target_km))
    nice = max(v * mag for v in (1, 2, 5) if v * mag <= target_km) if target_km >= mag else mag
    sb = ScaleBar(1, units="m", location=loc, fixed_value=nice, fixed_units="km", box_alpha=0.85,
                  font_properties={"size": 7}, pad=0.4, border_pad=0.6, scale_loc="top", color=ink,
                  scale_formatter=lambda value, unit: f"{value:g} {unit}")
    sb.set_zorder(21)
    ax.add_artist(sb)
    frame = ax.get_window_extent(renderer)
    s = ax.figure.dpi / 72
    w, h = frame.width * nice * 1000 / (x1 - x0) + 20 * s, 34 * s
    x = frame.x1 - w if "right" in corner else frame.x0
    return Bbox.from_bounds(x, frame.y0, w, h)


def _densified_xy(geoms: Iterable[BaseGeometry], step: float) -> np.ndarray:
    pts = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        coords = shapely.get_coordinates(shapely.segmentize(g, step))
        if len(coords):
            pts.append(coords)
    return np.vstack(pts) if pts else np.zeros((0, 2))


def draw_map(fig: Figure, spec: MapSpec, lay: Layout) -> None:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas (stubs: the base)
    left, b, w, h = lay.map_rect
    ax = fig.add_axes((left / lay.width, b / lay.height, w / lay.width, h / lay.height))
    ax.set_facecolor(colour("basemap", "sea"))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for sp in ax.spines.values():
        sp.set_edgecolor(colour("ink", "frame"))
        sp.set_linewidth(0.8)
    view = fit_view(spec, w / h)
    x0, y0, x1, y1 = view.extent
    step = (x1 - x0) / 300
    segs = spec.segments.to_crs(view.crs)
    nodes = spec.nodes.to_crs(view.crs) if len(spec.nodes) else spec.nodes
    notes_proj = [(n, reproject(view.to_proj, n.geometry)) for n in spec.notes]
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
    placer = Placer(ax, renderer, line_xy)
    placer.block(leg.get_window_extent(renderer).expanded(1.02, 1.04))
    other = {"upper left": "lower right", "upper right": "lower left", "lower left": "lower right",
             "lower right": "lower left"}[corner]
    placer.block(_scale_bar(ax, other, renderer))
    placer.block(_north_arrow(ax, view, other, renderer))

    _draw_nodes(ax, nodes, extent, placer)
    _draw_notes(ax, notes_proj, placer)
    draw_callouts(ax, spec, segs, extent, placer)
    draw_route_labels(ax, spec, segs, extent, placer)
    draw_node_labels(ax, nodes, extent, placer)
    draw_place_labels(ax, land, view, placer)


def _draw_nodes(ax, nodes: gpd.GeoDataFrame, extent, placer: Placer) -> None:
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


def _draw_notes(ax, notes_proj, placer: Placer) -> None:
    """Numbered markers first (they are fixed), then each note's text beside its marker."""
    ink, white = colour("ink", "text"), colour("ink", "halo")
    s = ax.figure.dpi / 72
    pending = []
    for note, g in notes_proj:
        if g.geom_type in ("LineString", "MultiLineString"):
            for part in getattr(g, "geoms", [g]):
                xy = np.asarray(part.coords)
                ax.plot(xy[:, 0], xy[:, 1], color=ink, linewidth=1.6, linestyle=(0, (4, 2)), zorder=8)
            p = g.interpolate(0.5, normalized=True)
        elif g.geom_type in ("Polygon", "MultiPolygon"):
            gpd.GeoSeries([g]).plot(ax=ax, facecolor=(0.1, 0.1, 0.1, 0.08), edgecolor=ink, linewidth=1.3,
                                    linestyle="--", zorder=8)
            p = g.representative_point()
        else:
            p = g
        ax.plot(p.x, p.y, marker="o", markersize=13, markerfacecolor=ink, markeredgecolor=white,
                markeredgewidth=1.2, zorder=15, linestyle="none")
        ax.text(p.x, p.y, str(note.number), ha="center", va="center", fontsize=7.5, fontweight="bold",
                color=white, zorder=16)
        dx, dy = ax.transData.transform((p.x, p.y))
        placer.block(Bbox.from_bounds(dx - 8 * s, dy - 8 * s, 16 * s, 16 * s))
        pending.append((note, (p.x, p.y), (dx, dy)))
    draw_note_texts(ax, pending, placer)


def draw_header(fig: Figure, lay: Layout) -> None:
    """Title, subtitle and the filters line, top left."""
    ink, muted = colour("ink", "text"), colour("ink", "muted")
    W, H = lay.width, lay.height
    y = H - MARGIN
    blocks = [(lay.title, lay.title_size, "bold", ink), (lay.subtitle, lay.subtitle_size, "normal", ink),
              (lay.filters, lay.filters_size, "normal", muted)]
    for lines, size, weight, tint in blocks:
        if not lines:
            continue
        fig.text(MARGIN / W, y / H, "\n".join(lines), ha="left", va="top", fontsize=size, fontweight=weight,
                 color=tint, linespacing=1.15)
        y -= len(lines) * line_h(size) + 0.02


def draw_footer(fig: Figure, spec: MapSpec, lay: Layout) -> None:
    """Attribution (left) and the generation date (right), on every page."""
    muted = colour("ink", "muted")
    foot = MARGIN - 0.05
    fig.text(MARGIN / lay.width, foot / lay.height, spec.attribution, ha="left", va="bottom", fontsize=6.5,
             color=muted)
    if spec.generated:
        fig.text((lay.width - MARGIN) / lay.width, foot / lay.height, f"Generated {spec.generated} · Corridor Atlas",
                 ha="right", va="bottom", fontsize=6.5, color=muted)


def draw_citation_list(fig: Figure, cols, lay: Layout, top: float, *, heading: str, more: int,
                       more_text: str) -> None:
    """The numbered citation list in its columns from `top` (inches), and "and N more" when some are left off."""
    ink, muted = colour("ink", "text"), colour("ink", "muted")
    W, H = lay.width, lay.height
    size = lay.cite_size
    lh = line_h(size)
    fig.text(MARGIN / W, top / H, heading, ha="left", va="top", fontsize=8, fontweight="bold", color=ink)
    top -= line_h(8) + 0.04
    num_w = lay.num_w
    last_y = top
    for ci, col in enumerate(cols):
        x = MARGIN + ci * (lay.cite_col_w + 0.3)
        y = top
        for number, lines in col:
            fig.text((x + num_w - 0.05) / W, y / H, f"{number}.", ha="right", va="top", fontsize=size,
                     fontweight="bold", color=ink)
            fig.text((x + num_w) / W, y / H, "\n".join(lines), ha="left", va="top", fontsize=size, color=ink,
                     linespacing=1.28 / 1.2)
            y -= len(lines) * lh
        if ci == len(cols) - 1:
            last_y = y
    if more:
        x = MARGIN + (len(cols) - 1) * (lay.cite_col_w + 0.3)
        fig.text((x + num_w) / W, last_y / H, more_text, ha="left", va="top", fontsize=size, style="italic",
                 color=muted)
