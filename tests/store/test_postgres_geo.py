"""The PostGIS geography: the layers as loaded by geo.layers, and the spatial questions asked in SQL agree
with geo.facts (countries crossed) and with a geodesic measure taken in Python (nodes near a segment)."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import CRS, Transformer

from corridors.store import postgres, postgres_geo
from geo.facts import countries_crossed
from geo.layers import load_layers


@pytest.fixture(scope="module")
def geo_url(pg_server):
    url = pg_server.new_database("geo")
    postgres.init(url)
    return url


@pytest.fixture(scope="module")
def layers():
    return load_layers()


def test_layers_are_stored_as_loaded(geo_url, layers):
    with postgres.connect(geo_url) as con:
        rows = dict(con.execute("SELECT id, ST_AsBinary(geom) FROM segments").fetchall())
        nodes = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, routes, countries FROM nodes").fetchall()}
        srid = con.execute("SELECT DISTINCT ST_SRID(geom) FROM segments").fetchall()
    assert set(rows) == set(layers.segments["id"])
    assert srid == [(4326,)]
    for r in layers.segments.itertuples():
        assert shapely.from_wkb(bytes(rows[r.id])).equals_exact(r.geometry, 1e-12)
    assert set(nodes) == set(layers.nodes["id"])
    for r in layers.nodes.itertuples():
        assert nodes[r.id] == (list(r.routes),
                               [x.strip() for x in r.country.split(",") if x.strip()])


@pytest.mark.parametrize("iso", ["ARM", "GEO", "IRN", "RUS", "TUR", "KAZ"])
def test_segments_crossing_a_country_agree_with_geo_facts(geo_url, layers, iso):
    expected = sorted(r.id for r in layers.segments.itertuples() if iso in countries_crossed(r.geometry))
    with postgres.connect(geo_url) as con:
        assert postgres_geo.segments_crossing(con, iso) == expected
    assert expected, f"no segment crosses {iso}: the test would prove nothing"


def _km(point, line) -> float:
    """Geodesic-enough distance (km) from a point to a line: an azimuthal equidistant projection on the point."""
    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={point.y} +lon_0={point.x} +ellps=WGS84 +units=m")
    to = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True).transform
    local = shapely.transform(line, lambda xy: np.column_stack(to(xy[:, 0], xy[:, 1])))
    return local.distance(shapely.Point(0, 0)) / 1000.0


@pytest.mark.parametrize("segment,km", [("tripp-syunik-road", 40), ("btk-marabda-kars", 60),
                                        ("sgc-scp", 25)])
def test_nodes_near_a_segment(geo_url, layers, segment, km):
    line = layers.segments.set_index("id").geometry[segment]
    dist = {r.id: _km(r.geometry, line) for r in layers.nodes.itertuples()}
    with postgres.connect(geo_url) as con:
        near = postgres_geo.nodes_near(con, segment, km)
    got = {n.id: n.km for n in near}
    clear = {i for i, d in dist.items() if abs(d - km) > 0.01 * km}  # not on the edge of the radius
    assert {i for i in got if i in clear} == {i for i in clear if dist[i] <= km}
    for i, d in got.items():
        assert d == pytest.approx(dist[i], rel=0.01, abs=0.5)
    assert [n.km for n in near] == sorted(n.km for n in near)
    assert got, "no node near: the test would prove nothing"
