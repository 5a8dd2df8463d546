"""Load the route layers (segments) and nodes from GeoJSON, collecting problems per feature."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo._errors import LayerError
from geo._validate import split_routes, validate_node, validate_segment
from sources._datadir import data_file
from sources._errors import Problem

if TYPE_CHECKING:  # geopandas (pandas, pyarrow: about a second) is imported only to make frames
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

LOG = logging.getLogger(__name__)
GEO_DIR = Path(__file__).resolve().parent
DEFAULT_LAYER_DIR = GEO_DIR / "layers"
NODES_FILE = "nodes.geojson"
SEGMENT_COLUMNS = ["id", "route", "name", "mode", "status", "provenance", "note"]
NODE_COLUMNS = ["id", "name", "kind", "routes", "country", "note"]

__all__ = ["Layers", "check_layers", "load_layers", "load_nodes", "split_routes", "validate_layers"]


@dataclass(frozen=True)
class Layers:
    """All usable route segments and nodes, plus what was skipped.

    Layers are the one data file users are expected to contribute to (a new route's GeoJSON), so a bad file or
    feature does not stop the map: it is skipped and reported (``problems``, logged, and listed by
    ``corridors check``, which exits 1), and every other layer is drawn. The problems have the one shape of
    every data file's, :class:`~sources._errors.Problem` (``path:line: feature <id>: why``).

    Attributes
    ----------
    segments
        One row per segment: ``id``, ``route``, ``name``, ``mode``, ``status``,
        ``provenance``, ``note``, ``geometry`` (LineString, degrees, EPSG:4326).
    nodes
        One row per node: ``id``, ``name``, ``kind``, ``routes`` (a tuple of route ids, parsed once from
        the comma-separated property), ``country`` (ISO-3; comma-separated for border crossings), ``note``,
        ``geometry`` (Point, EPSG:4326).
    problems
        Files or features skipped, in the order met.
    """

    segments: gpd.GeoDataFrame
    nodes: gpd.GeoDataFrame
    problems: tuple[Problem, ...]


def _read_collection(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LayerError(f"cannot read GeoJSON ({exc})", path=path) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise LayerError("not a GeoJSON FeatureCollection", path=path)
    features = data.get("features")
    if not isinstance(features, list):
        raise LayerError("FeatureCollection has no 'features' list", path=path)
    return features


def _problem(exc: LayerError) -> Problem:
    """The problem of a skipped file or feature, at the line of the feature's id."""
    return replace(exc.problems[0], line=exc.line or _feature_line(exc.path, exc.feature_id))


def _collect(paths: Iterable[Path], validate: Callable[..., tuple[dict[str, Any], BaseGeometry]],
             routes: Iterable[str] | None, problems: list[Problem]) -> list[tuple[dict[str, Any], BaseGeometry]]:
    rows: list[tuple[dict[str, Any], BaseGeometry]] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            features = _read_collection(path)
        except LayerError as exc:
            problems.append(_problem(exc))
            continue
        for i, feature in enumerate(features):
            try:
                if not isinstance(feature, dict):
                    raise LayerError("not a GeoJSON Feature", path=path, feature_id=f"#{i}")
                props, geom = validate(feature, path, routes=routes, index=i)
                if props["id"] in seen:
                    raise LayerError(f"duplicate id (also in {seen[props['id']]})", path=path,
                                     feature_id=props["id"])
            except LayerError as exc:
                problems.append(_problem(exc))
                continue
            seen[props["id"]] = path
            rows.append((props, geom))
    return rows


def _frame(rows: list[tuple[dict[str, Any], Any]], columns: list[str]) -> gpd.GeoDataFrame:
    import geopandas as gpd

    records = [{c: props.get(c, "") for c in columns} for props, _ in rows]
    return gpd.GeoDataFrame(records, columns=columns, geometry=[g for _, g in rows],
                            crs="EPSG:4326")


def _known_routes() -> list[str]:
    from routes.catalog import load_catalog

    return list(load_catalog())


def load_layers(layer_dir: str | Path | None = None, *,
                routes: Iterable[str] | None = None) -> Layers:
    """Load every route layer and the nodes, skipping (and reporting) bad input.

    Each ``<route>.geojson`` in ``layer_dir`` holds one route's segments; ``nodes.geojson`` is
    looked for in ``layer_dir`` and then in its parent (the repository keeps it in ``geo/``).
    A file that does not parse, or a feature that fails a check (geometry invalid or empty,
    coordinates swapped or outside the region, unknown route/mode/status, duplicate id), is
    skipped and listed in ``problems`` (:class:`~sources._errors.Problem`, at the feature's line); everything
    else still loads (see :class:`Layers` for why layers are skipped, not refused). :func:`validate_layers`
    returns the same problems.

    Parameters
    ----------
    layer_dir
        Folder of layer files; defaults to ``geo/layers``.
    routes
        Known route ids; defaults to the ids of ``routes/catalog.toml``.

    Returns
    -------
    Layers
        Segments and nodes as GeoDataFrames (EPSG:4326) and the problems found.
    """
    layer_dir = Path(layer_dir) if layer_dir is not None else data_file("geo/layers")
    routes = list(routes) if routes is not None else _known_routes()
    problems: list[Problem] = []
    seg_paths = sorted(p for p in layer_dir.glob("*.geojson") if p.name != NODES_FILE)
    segments = _collect(seg_paths, validate_segment, routes, problems)
    node_paths = [p for p in (layer_dir / NODES_FILE, layer_dir.parent / NODES_FILE, data_file(f"geo/{NODES_FILE}"))
                  if p.exists()]
    nodes = _collect(node_paths[:1], validate_node, routes, problems)
    for problem in problems:
        LOG.warning("skipped %s", problem)
    node_frame = _frame(nodes, NODE_COLUMNS)
    node_frame["routes"] = node_frame["routes"].map(split_routes)  # parsed once, here: a tuple of route ids
    return Layers(segments=_frame(segments, SEGMENT_COLUMNS), nodes=node_frame, problems=tuple(problems))


def load_nodes(layer_dir: str | Path | None = None, *,
               routes: Iterable[str] | None = None) -> list[tuple[dict[str, Any], Any]]:
    """The usable nodes as ``(properties, shapely point)``, without building frames (no geopandas import:
    a build needs only the node points, for the gazetteer). Skipped nodes are logged as in :func:`load_layers`."""
    layer_dir = Path(layer_dir) if layer_dir is not None else data_file("geo/layers")
    routes = list(routes) if routes is not None else _known_routes()
    problems: list[Problem] = []
    node_paths = [p for p in (layer_dir / NODES_FILE, layer_dir.parent / NODES_FILE, data_file(f"geo/{NODES_FILE}"))
                  if p.exists()]
    nodes = _collect(node_paths[:1], validate_node, routes, problems)
    for problem in problems:
        LOG.warning("skipped %s", problem)
    return nodes


def check_layers(layer_dir: str | Path | None = None) -> list[str]:
    """Validate the layers and return one line per problem (empty when all is well).

    Parameters
    ----------
    layer_dir
        Folder of layer files; defaults to ``geo/layers``.

    Returns
    -------
    list[str]
        Lines ``path:line: feature <id>: problem`` (or ``path: problem`` for a whole file).
    """
    return [str(p) for p in validate_layers(layer_dir)]


def _feature_line(path: str | Path, feature_id: str | None) -> int | None:
    """The line of the feature's ``"id": "<id>"`` in its file (GeoJSON parsers give no line numbers)."""
    if feature_id is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    m = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(feature_id)), text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def validate_layers(layer_dir: str | Path | None = None) -> list[Problem]:
    """Every problem of the layer files and ``nodes.geojson`` (a feature's at the line of its id)."""
    return list(load_layers(layer_dir).problems)
