"""Tests for geo.basemap: offline countries and sea labels."""

from __future__ import annotations

import re
from pathlib import Path

from shapely.geometry import Point

from geo.basemap import load_basemap, load_seas

SCRIPT = Path(__file__).parents[2] / "geo" / "basemap" / "make_basemap.py"


def _at(world, lon, lat):
    return list(world[world.contains(Point(lon, lat))]["iso_a3"])


def test_basemap_covers_region_with_valid_shapes() -> None:
    world = load_basemap()
    assert world.crs.to_epsg() == 4326
    assert world.geometry.is_valid.all()
    minx, miny, maxx, maxy = world.total_bounds
    assert minx >= 8 - 1e-6 and maxx <= 125 + 1e-6 and miny >= 5 - 1e-6 and maxy <= 62 + 1e-6
    for iso in ("ARM", "AZE", "GEO", "TUR", "IRN", "RUS", "KAZ", "TKM", "CHN", "IND", "ITA"):
        assert iso in set(world["iso_a3"])


def test_point_of_view() -> None:
    world = load_basemap()
    assert _at(world, 45.41, 39.21) == ["AZE"]  # Nakhchivan exclave
    assert _at(world, 34.1, 44.95) == ["UKR"]  # Crimea: internationally recognised border
    assert _at(world, 46.75, 39.82) == ["AZE"]  # Khankendi
    assert _at(world, 41.0, 43.0) == ["GEO"]  # Abkhazia
    assert _at(world, 50.5, 41.5) == []  # Caspian Sea is water


def test_simplified_is_smaller_and_same_countries() -> None:
    full, simple = load_basemap(), load_basemap(simplified=True)
    assert set(full["iso_a3"]) == set(simple["iso_a3"])
    assert simple.geometry.is_valid.all()
    assert sum(len(g.wkb) for g in simple.geometry) < sum(len(g.wkb) for g in full.geometry) / 2


def test_seas() -> None:
    seas = load_seas()
    names = set(seas["name"])
    assert {"Caspian Sea", "Black Sea", "Mediterranean Sea", "Persian Gulf", "Arabian Sea"} <= names
    world = load_basemap()
    for pt in seas.geometry:
        assert not world.contains(pt).any()


def test_regeneration_script_is_pinned() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert re.search(r'VERSION = "\d+\.\d+\.\d+"', text)
    assert re.search(r'WHEEL_SHA256 = "[0-9a-f]{64}"', text)
