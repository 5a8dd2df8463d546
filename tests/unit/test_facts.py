"""Tests for geo.facts: key places on each route, countries crossed, lengths."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point
from shapely.ops import nearest_points

from geo.basemap import load_basemap
from geo.facts import countries_crossed, country_names, length_km, route_facts, routes_feature_collection
from geo.layers import load_layers

KEY_PLACES = tomllib.loads(
    (Path(__file__).parents[1] / "data" / "key_places.toml").read_text(encoding="utf-8"))
GEOD = Geod(ellps="WGS84")
# Plausible total drawn length per layer, km (sum of its segments, branches included).
LENGTHS = {
    "tripp": (400, 700), "middle_corridor": (7000, 12000), "instc": (9000, 14000),
    "btk": (700, 900), "sgc": (2900, 3700), "btc": (1450, 1950), "lachin": (45, 80),
    "meghri_julfa": (150, 250), "anaklia": (20, 300),
}


@pytest.fixture(scope="module")
def layers():
    return load_layers()


@pytest.fixture(scope="module")
def world():
    return load_basemap()


def _route_geom(layers, route: str):
    return shapely.union_all(list(layers.segments[layers.segments["route"] == route].geometry))


def _distance_km(geom, lon: float, lat: float) -> float:
    near = nearest_points(geom, Point(lon, lat))[0]
    return GEOD.inv(lon, lat, near.x, near.y)[2] / 1000.0


CASES = [(route, *place) for route, spec in KEY_PLACES.items() for place in spec["places"]]


@pytest.mark.parametrize(("route", "place", "lon", "lat", "tol_km"), CASES)
def test_key_place_near_route(layers, route, place, lon, lat, tol_km) -> None:
    d = _distance_km(_route_geom(layers, route), lon, lat)
    assert d <= tol_km, f"{route}: {place} is {d:.1f} km from the line (tolerance {tol_km} km)"


def test_at_least_six_key_places_per_corridor() -> None:
    for route in ("tripp", "middle_corridor", "instc", "btk", "sgc"):
        assert len(KEY_PLACES[route]["places"]) >= 6


@pytest.mark.parametrize("route", list(KEY_PLACES))
def test_countries_crossed(layers, world, route) -> None:
    facts = route_facts(layers, world)[route]
    spec = KEY_PLACES[route]
    assert set(spec["countries"]) <= set(facts.countries), facts.countries
    assert not set(spec["not_countries"]) & set(facts.countries), facts.countries


def test_middle_corridor_avoids_russia_and_iran(layers, world) -> None:
    facts = route_facts(layers, world)["middle_corridor"]
    assert facts.avoids_russia and facts.avoids_iran


def test_instc_crosses_iran_and_russia(layers, world) -> None:
    facts = route_facts(layers, world)["instc"]
    assert not facts.avoids_iran and not facts.avoids_russia


def test_tripp_stays_out_of_iran(layers, world) -> None:
    # Natural Earth 1:10m draws the Araxes to about 1 km: allow that much inside Iran.
    iran = world.loc[world["iso_a3"] == "IRN"].geometry.iloc[0]
    for route in ("tripp", "meghri_julfa"):
        inside = length_km(_route_geom(layers, route).intersection(iran))
        assert inside < 1.0, f"{route}: {inside:.2f} km inside Iran"


def test_tripp_syunik_section_is_in_armenia(layers, world) -> None:
    seg = layers.segments.set_index("id").geometry["tripp-syunik-rail"]
    assert countries_crossed(seg, world) in (["ARM"], ["AZE", "ARM"], ["ARM", "AZE"],
                                             ["AZE", "ARM", "AZE"])
    assert 30 <= length_km(seg) <= 55


def test_sea_legs_stay_at_sea(layers, world) -> None:
    land = shapely.union_all(list(world.geometry))
    sea = layers.segments[layers.segments["mode"] == "sea"]
    for row in sea.itertuples():
        on_land = length_km(row.geometry.intersection(land))
        # ports sit on the coast and the Volga channel runs up the delta: allow the ends
        limit = 95 if row.id == "instc-caspian-anzali" else 20
        assert on_land < limit, f"{row.id}: {on_land:.1f} km over land"


@pytest.mark.parametrize("route", list(LENGTHS))
def test_lengths_plausible(layers, world, route) -> None:
    lo, hi = LENGTHS[route]
    assert lo <= route_facts(layers, world)[route].length_km <= hi


def test_length_km_is_geodesic() -> None:
    # one degree of latitude is ~111 km; one degree of longitude at 60N ~55.8 km
    assert length_km(LineString([(45, 40), (45, 41)])) == pytest.approx(111.0, abs=0.5)
    assert length_km(LineString([(30, 60), (31, 60)])) == pytest.approx(55.8, abs=0.3)


def test_countries_crossed_ignores_touching(world) -> None:
    line = LineString([(44.0, 40.2), (45.0, 40.2)])  # Armenia, Ararat plain
    assert countries_crossed(line, world) == ["ARM"]
    assert country_names(["ARM", "IRN"], world) == ["Armenia", "Iran"]


def test_routes_feature_collection(layers) -> None:
    fc = routes_feature_collection()
    json.dumps(fc)  # serialisable
    assert fc["type"] == "FeatureCollection"
    segs = [f for f in fc["features"] if f["properties"]["feature_type"] == "segment"]
    nodes = [f for f in fc["features"] if f["properties"]["feature_type"] == "node"]
    assert len(segs) == len(layers.segments) and len(nodes) == len(layers.nodes)
    p = next(f["properties"] for f in segs if f["id"] == "tripp-syunik-rail")
    assert p["countries"][-1] == "ARM" or "ARM" in p["countries"]
    assert p["avoids_iran"] is True and p["length_km_drawn"] > 30
    assert all(isinstance(f["properties"]["routes"], list) for f in nodes)
    fc["features"].clear()
    assert routes_feature_collection()["features"], "cached result must not be shared"
