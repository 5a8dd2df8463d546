"""Browser geometry: rounding and simplification written once, and the basemap published to a cache folder."""

from __future__ import annotations

import json

from geo.browser_geometry import browser_geojson, feature_routes, publish_json, round_coords

LINE = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "s1", "route": "a,b"},
     "geometry": {"type": "LineString", "coordinates": [[40.123456, 41.0], [40.5, 41.000001], [41.0, 41.0]]}},
    {"type": "Feature", "properties": {"id": "n1", "routes": ["a", " c "]},
     "geometry": {"type": "Point", "coordinates": [40.123456, 41.987654]}}]}


def test_rounding_and_simplification():
    assert round_coords([[1.23456, [2.98765]]], 2) == [[1.23, [2.99]]]
    light = browser_geojson(LINE, tolerance=0.01, precision=3)
    assert light["features"][0]["geometry"]["coordinates"] == [[40.123, 41.0], [41.0, 41.0]]
    assert light["features"][1]["geometry"]["coordinates"] == [40.123, 41.988]
    assert LINE["features"][0]["geometry"]["coordinates"][1] == [40.5, 41.000001], "input untouched"
    assert [feature_routes(f["properties"]) for f in LINE["features"]] == [("a", "b"), ("a", "c")]


def test_publish_writes_once_under_a_content_name_and_reports_an_unwritable_folder(tmp_path):
    first = publish_json(LINE, tmp_path / "served", "countries")
    assert first is not None and first.parent == tmp_path / "served"
    assert json.loads(first.read_text(encoding="utf-8")) == LINE
    stamp = first.stat().st_mtime_ns
    assert publish_json(LINE, tmp_path / "served", "countries") == first and first.stat().st_mtime_ns == stamp
    other = publish_json({"type": "FeatureCollection", "features": []}, tmp_path / "served", "countries")
    assert other != first and other.name.startswith("countries-")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert publish_json(LINE, blocked / "served", "countries") is None  # the caller then inlines the data
