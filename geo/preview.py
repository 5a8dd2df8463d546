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
from geo.style import node_style, segment_style  # noqa: E402

REGION = (8.0, 5.0, 125.0, 62.0)
LAND, SEA, BORDER = "#f2efe9", "#cfe3f0", "#8c8c8c"


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
    ax.set_facecolor(SEA)
    world.plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.5)
    segs = layers.segments.clip(view.buffer(2)).to_crs(crs)
    for row in segs.itertuples():
        st = segment_style(colours.get(row.route, "#000000"), row.mode, row.status)
        for part in getattr(row.geometry, "geoms", [row.geometry]):
            x, y = part.xy
            if st.casing:
                ax.plot(x, y, color="white", linewidth=st.linewidth_pt + 1.5, zorder=2)
            ax.plot(x, y, color=st.colour, linewidth=st.linewidth_pt, alpha=st.opacity,
                    linestyle=st.mpl_linestyle, zorder=3)
    nodes = layers.nodes.clip(view).to_crs(crs)
    for row in nodes.itertuples():
        ns = node_style(row.kind)
        ax.plot(row.geometry.x, row.geometry.y, marker=ns.marker, markersize=ns.radius,
                markerfacecolor=ns.fill, markeredgecolor=ns.edge, zorder=4, linestyle="none")
        if (bbox[2] - bbox[0]) < 15:
            ax.annotate(row.name, (row.geometry.x, row.geometry.y), fontsize=6, xytext=(3, 3),
                        textcoords="offset points", zorder=5)
    for row in load_seas().clip(view).to_crs(crs).itertuples():
        ax.annotate(row.name, (row.geometry.x, row.geometry.y), fontsize=8, style="italic",
                    color="#2b6a99", ha="center", rotation=row.rotation)
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
