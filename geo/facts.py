"""Spatial facts computed from the layers: geodesic lengths, countries crossed, avoidance flags."""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from pyproj import Geod
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.basemap import load_basemap
from geo.layers import Layers, load_layers
from sources._datadir import cleared_on_change, data_file

GEOD = Geod(ellps="WGS84")
MIN_KM = 1.0  # a line must run at least this far inside a country to count as crossing it

__all__ = ["RouteFacts", "countries_crossed", "country_names", "figure_lengths", "length_km", "route_facts",
           "routes_feature_collection"]


@dataclass(frozen=True)
class RouteFacts:
    """Facts about one route, computed from its segments.

    Attributes
    ----------
    route
        Route id.
    length_km
        Sum of segment lengths (km, geodesic on WGS84; shared stretches counted once per
        segment).
    countries
        ISO-3 codes of the countries crossed, in order of first appearance.
    avoids_russia
        True when no segment crosses Russia (RUS).
    avoids_iran
        True when no segment crosses Iran (IRN).
    """

    route: str
    length_km: float
    countries: tuple[str, ...]
    avoids_russia: bool
    avoids_iran: bool


def length_km(geom: BaseGeometry) -> float:
    """Measure a line's geodesic length.

    Parameters
    ----------
    geom
        LineString or MultiLineString (degrees, EPSG:4326).

    Returns
    -------
    float
        Length in km, geodesic on the WGS84 ellipsoid (pyproj ``Geod``).
    """
    return GEOD.geometry_length(geom) / 1000.0


def countries_crossed(geom: BaseGeometry, basemap: gpd.GeoDataFrame | None = None, *,
                      min_km: float = MIN_KM) -> list[str]:
    """List the countries a line runs through, in order along the line.

    A country counts when at least ``min_km`` of the line lies inside it, so a line that
    only touches a border (or a crossing snapped onto it) does not count. Water (the Caspian
    Sea, the open sea) is no country. Use :func:`country_names` to turn codes into names.

    Parameters
    ----------
    geom
        LineString or MultiLineString (degrees, EPSG:4326).
    basemap
        Countries with ``iso_a3`` and ``geometry``; defaults to :func:`geo.basemap.load_basemap`.
    min_km
        Minimum length inside a country, km (geodesic).

    Returns
    -------
    list[str]
        ISO-3 codes.
    """
    world = basemap if basemap is not None else _world()
    hits = []
    for idx in world.sindex.query(geom, predicate="intersects"):
        inside = geom.intersection(world.geometry.iloc[idx])
        if inside.is_empty or length_km(inside) < min_km:
            continue
        first = min(geom.project(p) for p in _points(inside))
        hits.append((first, world["iso_a3"].iloc[idx]))
    return [iso for _, iso in sorted(hits)]


def country_names(codes: list[str] | tuple[str, ...],
                  basemap: gpd.GeoDataFrame | None = None) -> list[str]:
    """Turn ISO-3 codes into the basemap's English country names.

    Parameters
    ----------
    codes
        ISO-3 codes as returned by :func:`countries_crossed`.
    basemap
        Countries; defaults to the full basemap.

    Returns
    -------
    list[str]
        Names, in the same order (the code itself when unknown).
    """
    world = basemap if basemap is not None else _world()
    names = dict(zip(world["iso_a3"], world["name"]))
    return [names.get(c, c) for c in codes]


def route_facts(layers: Layers | None = None,
                basemap: gpd.GeoDataFrame | None = None) -> dict[str, RouteFacts]:
    """Compute per-route length, countries and avoids-Russia/Iran flags.

    Parameters
    ----------
    layers
        Loaded layers; defaults to :func:`geo.layers.load_layers`.
    basemap
        Countries; defaults to the full basemap.

    Returns
    -------
    dict[str, RouteFacts]
        By route id, in the order routes first appear in the segments.
    """
    layers = layers if layers is not None else load_layers()
    world = basemap if basemap is not None else _world()
    out: dict[str, RouteFacts] = {}
    for route, group in layers.segments.groupby("route", sort=False):
        countries: list[str] = []
        for geom in group.geometry:
            countries += [c for c in countries_crossed(geom, world) if c not in countries]
        total = sum(length_km(g) for g in group.geometry)
        out[route] = RouteFacts(route=route, length_km=round(total, 1), countries=tuple(countries),
                                avoids_russia="RUS" not in countries,
                                avoids_iran="IRN" not in countries)
    return out


def figure_lengths(layers: Layers | None = None, history=None) -> list[tuple[Any, float]]:
    """Each published figure of ``geo/history.toml`` with the drawn length of its segments (km, geodesic).

    Returns
    -------
    list[tuple[geo.history.Figure, float]]
        Figures whose segments are all drawn, in file order.
    """
    from geo.history import default_history

    layers = layers if layers is not None else load_layers()
    history = history if history is not None else default_history()
    drawn = {row.id: length_km(row.geometry) for row in layers.segments.itertuples(index=False)}
    return [(f, round(sum(drawn[s] for s in f.segments), 1)) for f in history.figures.values()
            if f.segments and all(s in drawn for s in f.segments)]


def routes_feature_collection(layers: Layers | None = None, *, as_of: str | None = None) -> dict[str, Any]:
    """Build one RFC 7946 FeatureCollection of all segments and nodes with computed facts.

    Segment properties: the layer's own (``id``, ``route``, ``name``, ``mode``, ``status``,
    ``provenance``, ``note``) plus ``feature_type`` = ``"segment"``, ``length_km_drawn`` (geodesic
    length of our drawn line), ``countries`` (ISO-3 list), ``country_names``, per-route
    ``route_length_km_drawn``, ``route_countries``, ``avoids_russia``, ``avoids_iran``; the published
    figure of the narrowest route or component the segment belongs to (``length_km_official``,
    ``official_component``, ``official_segments``, ``length_official_source``, ``capacity``,
    ``capacity_unit``, ``capacity_year``, ``capacity_source``; null when none is recorded); and its
    status history (``lifecycle``, ``status_since``, ``status_source``, ``status_history``, ``as_of``).
    With ``as_of`` (ISO date) segments not yet proposed then are left out and ``status`` is the one they
    had then. Node properties: ``id``, ``name``, ``kind``, ``routes`` (list of route ids), ``country``,
    ``note``, ``feature_type`` = ``"node"``. This is what ``corridors routes`` prints. The default call
    is cached on the layer files' modification times; a fresh copy is returned each time.

    Parameters
    ----------
    layers
        Loaded layers; defaults to the repository's layers.
    as_of
        ISO date (``2016``, ``2016-05``, ``2016-05-17``; its first day); None for today.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection (WGS84, ``[lon, lat]``), ready for ``json.dumps``.

    Raises
    ------
    ValueError
        For an ``as_of`` that is not an ISO date.
    """
    from geo.history import parse_as_of

    day = parse_as_of(as_of)
    if layers is None and day is None:
        return copy.deepcopy(_cached_collection(_layer_stamp(data_file("geo/layers"))))
    return _collection(layers if layers is not None else load_layers(), day)


def official_props(history, segment_id: str) -> dict[str, Any]:
    """The published figure of the narrowest route/component holding ``segment_id``, as flat properties."""
    from geo.history import source_label

    figs = history.figures_of(segment_id)
    if not figs:
        return {"length_km_official": None, "official_component": None, "official_segments": [],
                "length_official_source": None, "capacity": None, "capacity_unit": None,
                "capacity_year": None, "capacity_source": None}
    f = figs[0]
    return {"length_km_official": f.length_km, "official_component": f.component,
            "official_segments": list(f.segments), "length_official_source": source_label(history, f.length_source),
            "capacity": f.capacity, "capacity_unit": f.capacity_unit or None, "capacity_year": f.capacity_year,
            "capacity_source": source_label(history, f.capacity_source) if f.capacity_source else None}


def _collection(layers: Layers, as_of=None) -> dict[str, Any]:
    from geo.history import default_history, layers_as_of, source_label

    history = default_history()
    world = _world()
    facts = route_facts(layers, world)
    layers = layers_as_of(layers, as_of, history)
    features = []
    for row in layers.segments.itertuples(index=False):
        codes = countries_crossed(row.geometry, world)
        rf = facts[row.route]
        props = {c: getattr(row, c) for c in ("id", "route", "name", "mode", "status",
                                               "provenance", "note")}
        props.update(feature_type="segment", length_km_drawn=round(length_km(row.geometry), 1),
                     countries=codes, country_names=country_names(codes, world),
                     route_length_km_drawn=rf.length_km, route_countries=list(rf.countries),
                     avoids_russia=rf.avoids_russia, avoids_iran=rf.avoids_iran,
                     **official_props(history, row.id),
                     lifecycle=row.lifecycle or None, status_since=row.status_since or None,
                     status_source=source_label(history, row.status_source) if row.status_source else None,
                     status_history=[{"date": e.date, "status": e.status, "says": e.says,
                                      "source": source_label(history, e.source)} for e in history.events_of(row.id)],
                     as_of=as_of.isoformat() if as_of else None)
        features.append({"type": "Feature", "id": row.id, "properties": props,
                         "geometry": mapping(row.geometry)})
    for row in layers.nodes.itertuples(index=False):
        props = {"id": row.id, "name": row.name, "kind": row.kind,
                 "routes": list(row.routes),
                 "country": row.country, "note": row.note, "feature_type": "node"}
        features.append({"type": "Feature", "id": row.id, "properties": props,
                         "geometry": mapping(row.geometry)})
    fc = {"type": "FeatureCollection", "features": features}
    if as_of:
        fc["as_of"] = as_of.isoformat()
    return json.loads(json.dumps(fc))  # plain JSON types only (tuples -> lists)


def _layer_stamp(layer_dir: Path) -> tuple[tuple[str, float], ...]:
    files = sorted(layer_dir.glob("*.geojson")) + sorted(layer_dir.parent.glob("nodes.geojson"))
    return tuple((str(p), p.stat().st_mtime) for p in files)


@cleared_on_change
@functools.lru_cache(maxsize=2)
def _cached_collection(stamp: tuple[tuple[str, float], ...]) -> dict[str, Any]:
    return _collection(load_layers())


@functools.lru_cache(maxsize=1)
def _world() -> gpd.GeoDataFrame:
    return load_basemap()


def _points(geom: BaseGeometry) -> list[shapely.Point]:
    parts = getattr(geom, "geoms", [geom])
    return [shapely.Point(p.coords[0]) for p in parts if not p.is_empty and p.geom_type != "Point"
            ] or [shapely.Point(geom.representative_point())]


