"""Geometry light enough for a browser: simplification and coordinate rounding, written once.

The web map, the Export view's notes map and the country basemap all go through these functions; the
full-detail layers stay for spatial facts and print. `publish_json` writes a browser copy to a cache
folder (never into the repository) under a content-hashed name.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from geo.layers import split_routes

log = logging.getLogger(__name__)

__all__ = ["browser_basemap", "browser_geojson", "feature_routes", "publish_json", "round_coords", "route_lines",
           "split_routes"]


def feature_routes(properties: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the route ids a segment or node belongs to (its ``routes``, else its ``route``)."""
    routes = properties.get("routes")
    return split_routes(routes if routes is not None else properties.get("route"))


def round_coords(coords: Any, precision: int) -> Any:
    """GeoJSON ``coordinates`` (any nesting) with every number rounded to `precision` decimal places."""
    if isinstance(coords, (int, float)):
        return round(float(coords), precision)
    return [round_coords(c, precision) for c in coords]


def browser_geojson(collection: Mapping[str, Any], *, tolerance: float = 0.01, precision: int = 4) -> dict:
    """Return a copy of a FeatureCollection light enough for the browser.

    Lines and polygons are simplified (Douglas-Peucker, topology-preserving) and every coordinate is rounded;
    properties are kept. Use full-detail layers for spatial facts and print, this only for the web map.

    Parameters
    ----------
    collection
        GeoJSON FeatureCollection, EPSG:4326.
    tolerance
        Simplification tolerance, degrees (0.01 degrees is about 1 km); 0 keeps every vertex.
    precision
        Decimal places kept (4 is about 11 m).

    Returns
    -------
    collection
        A new FeatureCollection (the input is not modified).
    """
    import shapely.geometry as sg

    features = []
    for feature in collection.get("features", []):
        geometry = feature.get("geometry")
        if geometry and geometry.get("type") not in ("Point", "MultiPoint") and tolerance > 0:
            shape = sg.shape(geometry).simplify(tolerance, preserve_topology=True)
            geometry = sg.mapping(shape)
        if geometry:
            geometry = {"type": geometry["type"], "coordinates": round_coords(geometry["coordinates"], precision)}
        features.append({"type": "Feature", "properties": dict(feature.get("properties") or {}), "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def browser_basemap(collection: Mapping[str, Any], *, tolerance: float = 0.03, precision: int = 3) -> dict:
    """Return the country polygons simplified as a coverage (shared borders once: no gaps) for the browser.

    Parameters
    ----------
    collection
        Country polygons, EPSG:4326.
    tolerance
        Simplification tolerance, degrees (0.03 degrees is about 3 km; the page then carries ~0.5 MB).
    precision
        Decimal places kept (3 is about 110 m).

    Returns
    -------
    collection
        A new FeatureCollection with only the ``name`` property kept.
    """
    import shapely
    import shapely.geometry as sg

    features = [f for f in collection.get("features", []) if f.get("geometry")]
    shapes = shapely.coverage_simplify([sg.shape(f["geometry"]) for f in features], tolerance)
    simplified = [
        {"type": "Feature", "properties": {"name": (f.get("properties") or {}).get("name")}, "geometry": sg.mapping(g)}
        for f, g in zip(features, shapes)
    ]
    return browser_geojson({"type": "FeatureCollection", "features": simplified}, tolerance=0, precision=precision)


def route_lines(segments: Any, routes: Collection[str] = (), *, tolerance: float = 0.005,
                precision: int = 4) -> tuple[dict, tuple[float, float, float, float]]:
    """The segments of `routes` (all when empty) as light GeoJSON lines, and their bounds.

    Parameters
    ----------
    segments
        The full-detail segments GeoDataFrame (``id``, ``route``, geometry; EPSG:4326).
    routes
        Route ids to keep; empty keeps every segment.
    tolerance, precision
        As for `browser_geojson`.

    Returns
    -------
    tuple
        A FeatureCollection whose features carry ``id`` and ``route``, and ``(west, south, east, north)``.
    """
    chosen = segments[segments["route"].isin(list(routes))] if routes else segments
    west, south, east, north = (float(v) for v in chosen.total_bounds)
    raw = json.loads(chosen[["id", "route", "geometry"]].to_json(drop_id=True))
    return browser_geojson(raw, tolerance=tolerance, precision=precision), (west, south, east, north)


def publish_json(collection: Mapping[str, Any], folder: str | Path, name: str) -> Path | None:
    """Write `collection` as compact JSON into `folder` under a content-hashed name; return the file.

    The name carries a hash of the content, so browsers may cache it for good and a changed basemap gets a
    new name; an existing file is reused. The write is atomic (temp file + rename), so concurrent servers
    never serve half a file.

    Parameters
    ----------
    collection
        GeoJSON to publish (already simplified for the browser).
    folder
        A cache folder the app serves (never the repository).
    name
        File name stem, e.g. ``"countries"``.

    Returns
    -------
    path
        ``folder/<name>-<hash>.json``, or None when the folder cannot be written (the caller then inlines the
        data).
    """
    data = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    folder = Path(folder)
    target = folder / f"{name}-{hashlib.sha256(data).hexdigest()[:16]}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.stat().st_size != len(data):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
    except OSError as exc:
        log.warning("cannot publish %s under %s (%s); the map inlines it", name, folder, exc)
        return None
    return target
