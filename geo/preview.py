"""Render a quick static PNG preview of all layers over the basemap.

Usage::

    python -m geo.preview OUT.png [--bbox MINLON MINLAT MAXLON MAXLAT]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import shapely  # noqa: E402

from geo.basemap import load_basemap, load_seas  # noqa: E402
from geo.layers import Layers, load_layers  # noqa: E402
from geo.style import colour, node_style, segment_strokes  # noqa: E402

REGION = (8.0, 5.0, 125.0, 62.0)


def _crs(bbox: tuple[float, float, float, float]) -> str:
    """Lambert azimuthal equal-area centred on the view (not plate carrée)."""
    lon, lat = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return f"+proj=laea +lat_0={lat:.3f} +lon_0={lon:.3f} +datum=WGS84 +units=m"


def render_preview(out: str | Path, *, bbox: tuple[float, float, float, float] | None = None,
                   layers: Layers | None = None, dpi: int = 110) -> Path:
    """Draw segments (styled by route colour, mode and status), nodes and sea names to a PNG.

    Parameters
    ----------
    out
        PNG path to write.
    bbox
        View (min lon, min lat, max lon, max lat), degrees; defaults to the whole corridor area.
    layers
        Layers to draw; defaults to the repository's.
    dpi
        Output resolution.

    Returns
    -------
    Path
        The written file.
    """
    from routes.catalog import load_catalog

    layers = layers if layers is not None else load_layers()
    bbox = bbox or (18.0, 17.0, 84.0, 57.0)
    crs = _crs(bbox)
    view = shapely.box(*bbox)
    world = load_basemap(simplified=(bbox[2] - bbox[0]) > 15).clip(view.buffer(5)).to_crs(crs)
    colours = {r.id: r.colour for r in load_catalog().values()}
    fig, ax = plt.subplots(figsize=(12, 8))
    ax.set_facecolor(colour("basemap", "sea"))
    world.plot(ax=ax, color=colour("basemap", "land"), edgecolor=colour("basemap", "border"),
               linewidth=colour("basemap", "border_weight_print"))
    segs = layers.segments.clip(view.buffer(2)).to_crs(crs)
    unknown = colour("ink", "unknown_route")
    for row in segs.itertuples():
        strokes = segment_strokes(colours.get(row.route, unknown), row.mode, row.status)
        for part in getattr(row.geometry, "geoms", [row.geometry]):
            x, y = part.xy
            for stroke in strokes:  # the same strokes as the web and print maps: casing, then line
                ax.plot(x, y, zorder=2 if stroke.casing else 3, **stroke.mpl())
    nodes = layers.nodes.clip(view).to_crs(crs)
    for row in nodes.itertuples():
        ns = node_style(row.kind)
        ax.plot(row.geometry.x, row.geometry.y, marker=ns.marker, markersize=ns.radius,
                markerfacecolor=ns.fill, markeredgecolor=ns.edge, zorder=4, linestyle="none")
        if (bbox[2] - bbox[0]) < 15:
            ax.annotate(row.name, (row.geometry.x, row.geometry.y), fontsize=6, xytext=(3, 3),
                        textcoords="offset points", zorder=5, color=colour("ink", "text"))
    for row in load_seas().clip(view).to_crs(crs).itertuples():
        ax.annotate(row.name, (row.geometry.x, row.geometry.y), fontsize=8, style="italic",
                    color=colour("basemap", "sea_label"), ha="center", rotation=row.rotation)
    corners = shapely.geometry.MultiPoint(
        [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3]),
         ((bbox[0] + bbox[2]) / 2, bbox[3]), ((bbox[0] + bbox[2]) / 2, bbox[1])])
    import geopandas as gpd

    b = gpd.GeoSeries([corners], crs="EPSG:4326").to_crs(crs).total_bounds
    ax.set_xlim(b[0], b[2])
    ax.set_ylim(b[1], b[3])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("Corridor Atlas — layer preview (Natural Earth 1:10m, LAEA)", fontsize=10)
    out = Path(out)
    fig.savefig(out, dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: ``python -m geo.preview OUT.png [--bbox ...]``."""
    parser = argparse.ArgumentParser(prog="python -m geo.preview", description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--bbox", nargs=4, type=float, metavar=("MINLON", "MINLAT", "MAXLON", "MAXLAT"))
    args = parser.parse_args(argv)
    render_preview(args.out, bbox=tuple(args.bbox) if args.bbox else None)


if __name__ == "__main__":
    main()
