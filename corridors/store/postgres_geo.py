"""The geography of a PostgreSQL index: route segments, nodes and countries in PostGIS, and the spatial
questions asked of them in SQL.

Segments and nodes come from :func:`geo.layers.load_layers` (``geo/layers/*.geojson``, ``geo/nodes.geojson``),
countries from :func:`geo.basemap.load_basemap` (Natural Earth 1:10m), all ``geometry(…, 4326)`` with GiST
indexes. Distances and lengths are geodesic (``geography``), as :mod:`geo.facts` measures them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import shapely

log = logging.getLogger(__name__)

GEO_SCHEMA = """
CREATE TABLE segments (id text PRIMARY KEY, route text NOT NULL, name text NOT NULL, mode text NOT NULL,
                       status text NOT NULL, provenance text NOT NULL, note text NOT NULL,
                       geom geometry(LineString, 4326) NOT NULL);
CREATE INDEX segments_route ON segments (route);
CREATE INDEX segments_geom ON segments USING gist (geom);
CREATE TABLE nodes (id text PRIMARY KEY, name text NOT NULL, kind text NOT NULL, routes text[] NOT NULL,
                    countries text[] NOT NULL, note text NOT NULL, geom geometry(Point, 4326) NOT NULL);
CREATE INDEX nodes_geom ON nodes USING gist (geom);
CREATE INDEX nodes_geog ON nodes USING gist ((geom::geography));
CREATE TABLE countries (iso_a3 text NOT NULL, name text NOT NULL, geom geometry(MultiPolygon, 4326) NOT NULL);
CREATE INDEX countries_iso ON countries (iso_a3);
CREATE INDEX countries_geom ON countries USING gist (geom);
"""

#: A segment counts as crossing a country when at least this many km of it lie inside (as geo.facts.MIN_KM).
MIN_KM = 1.0


@dataclass(frozen=True, slots=True)
class NearNode:
    """A node within some distance of a segment: its id, name, kind and the geodesic distance in km."""

    id: str
    name: str
    kind: str
    km: float


def _split(value: object) -> list[str]:
    if isinstance(value, (tuple, list)):  # node routes: a tuple parsed once by geo.layers
        return list(value)
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def load_geography(con, layers=None, basemap=None) -> dict[str, int]:
    """Replace the segments, nodes and countries in the database (inside the caller's transaction).

    ``layers`` defaults to :func:`geo.layers.load_layers` (its skipped features are logged there),
    ``basemap`` to :func:`geo.basemap.load_basemap`. Returns the rows written per table.
    """
    if layers is None:
        from geo.layers import load_layers

        layers = load_layers()
    if basemap is None:
        from geo.basemap import load_basemap

        basemap = load_basemap()
    con.execute("DELETE FROM segments")
    con.execute("DELETE FROM nodes")
    con.execute("DELETE FROM countries")
    seg, nod = layers.segments, layers.nodes
    with con.cursor() as cur:
        cur.executemany(
            "INSERT INTO segments VALUES (%s, %s, %s, %s, %s, %s, %s, ST_SetSRID(ST_GeomFromWKB(%s), 4326))",
            [(r.id, r.route, r.name, r.mode, r.status, r.provenance or "", r.note or "", shapely.to_wkb(r.geometry))
             for r in seg.itertuples()])
        cur.executemany(
            "INSERT INTO nodes VALUES (%s, %s, %s, %s, %s, %s, ST_SetSRID(ST_GeomFromWKB(%s), 4326))",
            [(r.id, r.name, r.kind, _split(r.routes), _split(r.country), r.note or "", shapely.to_wkb(r.geometry))
             for r in nod.itertuples()])
        cur.executemany(
            "INSERT INTO countries VALUES (%s, %s, ST_Multi(ST_SetSRID(ST_GeomFromWKB(%s), 4326)))",
            [(r.iso_a3, r.name, shapely.to_wkb(r.geometry)) for r in basemap.itertuples()
             if r.geometry is not None and not r.geometry.is_empty])
    return {"segments": len(seg), "nodes": len(nod), "countries": len(basemap)}


def segments_crossing(con, iso_a3: str, *, min_km: float = MIN_KM) -> list[str]:
    """Ids of the segments that run at least ``min_km`` (geodesic) through the country ``iso_a3``, by id.

    The same rule as :func:`geo.facts.countries_crossed`, asked in SQL (a GiST search, then the length of
    the intersection on the ellipsoid).
    """
    sql = ("SELECT s.id FROM segments s JOIN countries c ON c.iso_a3 = %s AND ST_Intersects(s.geom, c.geom) "
           "GROUP BY s.id HAVING SUM(ST_Length(ST_Intersection(s.geom, c.geom)::geography)) >= %s ORDER BY s.id")
    return [r[0] for r in con.execute(sql, (iso_a3.upper(), min_km * 1000.0)).fetchall()]


def nodes_near(con, segment_id: str, km: float) -> list[NearNode]:
    """The nodes within ``km`` (geodesic) of a segment, nearest first (``[]`` for an unknown segment)."""
    sql = ("SELECT n.id, n.name, n.kind, ST_Distance(n.geom::geography, s.geom::geography) / 1000.0 AS km "
           "FROM segments s JOIN nodes n ON ST_DWithin(n.geom::geography, s.geom::geography, %s) "
           "WHERE s.id = %s ORDER BY km, n.id")
    return [NearNode(*r) for r in con.execute(sql, (km * 1000.0, segment_id)).fetchall()]
