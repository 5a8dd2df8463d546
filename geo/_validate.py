"""Checks applied once to every route-layer feature as it is loaded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo._errors import LayerError

MODES = ("rail", "road", "pipeline", "sea")
STATUSES = ("operational", "under_construction", "planned", "proposed")
NODE_KINDS = ("port", "border_crossing", "terminal", "junction", "checkpoint")
SEGMENT_REQUIRED = ("id", "route", "name", "mode", "status", "provenance")
NODE_REQUIRED = ("id", "name", "kind", "routes", "country")
# Region of interest, degrees EPSG:4326 (min lon, min lat, max lon, max lat). A feature
# outside it is most likely a lat/lon swap.
REGION = (5.0, 5.0, 130.0, 65.0)
LINE_TYPES = ("LineString", "MultiLineString")
# Expected extent of each route (min lon, min lat, max lon, max lat), generous margins. In this
# region a lon/lat swap often still lands inside REGION; the per-route extent catches it.
ROUTE_EXTENTS: dict[str, tuple[float, float, float, float]] = {
    "tripp": (42.0, 38.0, 48.5, 41.5),
    "middle_corridor": (20.0, 36.0, 90.0, 50.0),
    "instc": (30.0, 15.0, 75.0, 60.0),
    "btk": (42.0, 39.5, 51.0, 42.5),
    "sgc": (15.0, 36.0, 51.0, 43.0),
    "btc": (34.0, 36.0, 51.0, 42.5),
    "lachin": (45.5, 39.0, 47.5, 40.5),
    "meghri_julfa": (44.5, 38.5, 48.0, 40.0),
    "anaklia": (39.0, 41.5, 43.0, 43.5),
}


def _geometry(feature: Mapping[str, Any], path: Path, fid: str) -> BaseGeometry:
    raw = feature.get("geometry")
    if not raw:
        raise LayerError("missing geometry", path=path, feature_id=fid)
    try:
        geom = shape(raw)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise LayerError(f"unreadable geometry ({exc})", path=path, feature_id=fid) from exc
    if geom.is_empty:
        raise LayerError("empty geometry", path=path, feature_id=fid)
    if not geom.is_valid:
        why = shapely.is_valid_reason(geom)
        raise LayerError(f"invalid geometry ({why})", path=path, feature_id=fid)
    return geom


def _check_extent(geom: BaseGeometry, route: str, path: Path, fid: str) -> None:
    extent = ROUTE_EXTENTS.get(route)
    if extent is None:
        return
    x0, y0, x1, y1 = extent
    minx, miny, maxx, maxy = geom.bounds
    if x0 <= minx and maxx <= x1 and y0 <= miny and maxy <= y1:
        return
    swapped = x0 <= miny and maxy <= x1 and y0 <= minx and maxx <= y1
    hint = ("swapped coordinates? GeoJSON wants [lon, lat]" if swapped
            else f"outside the expected extent of route {route}")
    raise LayerError(f"{hint}: bounds {tuple(round(v, 3) for v in geom.bounds)} not inside "
                     f"{extent}", path=path, feature_id=fid)


def _check_region(geom: BaseGeometry, path: Path, fid: str) -> None:
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise LayerError("coordinates out of range (not lon/lat degrees?)", path=path,
                         feature_id=fid)
    x0, y0, x1, y1 = REGION
    if minx < x0 or maxx > x1 or miny < y0 or maxy > y1:
        swapped = x0 <= miny and maxy <= x1 and y0 <= minx and maxx <= y1
        hint = "swapped coordinates? GeoJSON wants [lon, lat]" if swapped else "outside the region"
        raise LayerError(f"{hint}: bounds {tuple(round(v, 3) for v in geom.bounds)} not inside "
                         f"{REGION}", path=path, feature_id=fid)


def _check_vocab(props: Mapping[str, Any], key: str, allowed: Iterable[str], path: Path,
                 fid: str) -> None:
    allowed = tuple(allowed)
    if props.get(key) not in allowed:
        raise LayerError(f"unknown {key} {props.get(key)!r} (allowed: {', '.join(allowed)})",
                         path=path, feature_id=fid)


def split_routes(value: Any) -> tuple[str, ...]:
    """Route ids of a node's ``routes`` (comma-separated string, list or tuple); empty parts dropped."""
    if isinstance(value, (list, tuple)):
        return tuple(str(r).strip() for r in value if str(r).strip())
    if isinstance(value, str):
        return tuple(r.strip() for r in value.split(",") if r.strip())
    return ()


def _properties(feature: Mapping[str, Any], required: Iterable[str], path: Path, index: int
                ) -> tuple[dict[str, Any], str]:
    """The feature's properties and id (``#<index>`` without one), once every required property is there."""
    props = dict(feature.get("properties") or {})
    fid = str(props.get("id") or feature.get("id") or f"#{index}")
    missing = [k for k in required if not props.get(k)]
    if missing:
        raise LayerError(f"missing properties: {', '.join(missing)}", path=path, feature_id=fid)
    return props, fid


def validate_segment(feature: Mapping[str, Any], path: Path, *, routes: Iterable[str] | None,
                     index: int = 0) -> tuple[dict[str, Any], BaseGeometry]:
    """Check one segment Feature and return its properties and geometry.

    Parameters
    ----------
    feature
        A GeoJSON Feature (parsed JSON).
    path
        The file it came from (for messages).
    routes
        Known route ids (from the catalog), or ``None`` to skip that check.
    index
        Position in the file, named in messages when the feature has no id.

    Returns
    -------
    tuple
        ``(properties, geometry)`` when the feature is usable.

    Raises
    ------
    LayerError
        On the first problem found, naming the file and feature id.
    """
    props, fid = _properties(feature, SEGMENT_REQUIRED, path, index)
    if routes is not None:
        _check_vocab(props, "route", routes, path, fid)
    _check_vocab(props, "mode", MODES, path, fid)
    _check_vocab(props, "status", STATUSES, path, fid)
    geom = _geometry(feature, path, fid)
    if geom.geom_type not in LINE_TYPES:
        raise LayerError(f"segment geometry must be a line, not {geom.geom_type}", path=path,
                         feature_id=fid)
    _check_region(geom, path, fid)
    _check_extent(geom, props["route"], path, fid)
    props.setdefault("note", "")
    return props, geom


def validate_node(feature: Mapping[str, Any], path: Path, *, routes: Iterable[str] | None,
                  index: int = 0) -> tuple[dict[str, Any], BaseGeometry]:
    """Check one node Feature (a Point) and return its properties and geometry.

    The parameters, the return value and the error are those of :func:`validate_segment`; ``routes`` is
    checked against every id of the node's comma-separated ``routes``.
    """
    props, fid = _properties(feature, NODE_REQUIRED, path, index)
    _check_vocab(props, "kind", NODE_KINDS, path, fid)
    if routes is not None:
        known = set(routes)
        unknown = [r for r in split_routes(props["routes"]) if r not in known]
        if unknown:
            raise LayerError(f"unknown route(s) {', '.join(unknown)}", path=path, feature_id=fid)
    geom = _geometry(feature, path, fid)
    if geom.geom_type != "Point":
        raise LayerError(f"node geometry must be a Point, not {geom.geom_type}", path=path,
                         feature_id=fid)
    _check_region(geom, path, fid)
    return props, geom
