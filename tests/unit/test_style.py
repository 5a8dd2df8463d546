"""geo/style.toml: validated at the edge (every problem, with its line), and ONE drawing per mode for all renderers."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import style
from geo._errors import StyleError
from geo.browser_geometry import route_lines
from geo.layers import load_layers
from sources._errors import DataError

GOOD = style.STYLE_FILE.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "style.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_shipped_style_is_valid():
    assert style.validate_style() == []
    assert style.load_style()["basemap"]["land"].startswith("#")


@pytest.mark.parametrize(("old", "new", "needle", "words"), [
    ('land = "#f4f1ea"', 'land = "#f4f1e"', "land = ", "not a #rrggbb colour"),
    ('fill = "#ffd92f"', 'fill = "yellow"', 'fill = "yellow"', "not a #rrggbb colour"),
    ("opacity = 0.45", "opacity = 1.45", "opacity = 1.45", "outside 0..1"),
    ("weight = 3.0", "weight = -3.0", "weight = -3.0", "outside"),
    ("radius = 5\n", "radius = \"5\"\n", 'radius = "5"', "must be a number"),
    ('draw = "planned"', 'draw = "planed"', 'draw = "planed"', "not a [status.*]"),
    ("casing = true ", "casingg = true ", "casingg = true", "unknown key 'casingg'"),
    ("dash = [1.0, 2.0]", 'dash = [1.0, "x"]', 'dash = [1.0, "x"]', "list of numbers"),
])
def test_each_broken_value_is_reported_with_its_line(tmp_path, old, new, needle, words):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    problems = style.validate_style(write(tmp_path, text))
    assert len(problems) == 1, problems
    assert words in problems[0].message
    assert problems[0].line == line_of(text, needle)
    assert problems[0].path.endswith("style.toml")


def test_every_problem_at_once_and_load_raises_one_data_error(tmp_path):
    text = (GOOD.replace('sea = "#c9dcea"', 'sea = "blue"').replace("opacity = 0.3", "opacity = 3")
            + '\n[shading]\nx = 1\n')
    path = write(tmp_path, text)
    problems = style.validate_style(path)
    assert [p.line for p in problems if "unknown table" not in p.message] == [
        line_of(text, 'sea = "blue"'), line_of(text, "opacity = 3")]
    assert any("unknown table [shading]" in p.message for p in problems)
    with pytest.raises(StyleError) as caught:
        style.load_style(path)
    assert isinstance(caught.value, DataError) and caught.value.problems == tuple(problems)


def test_missing_keys_fallbacks_and_bad_toml(tmp_path):
    text = GOOD.replace('border = "#a59f94"\n', "").replace("[node.junction]", "[node.station]")
    messages = [p.message for p in style.validate_style(write(tmp_path, text))]
    assert any("[basemap] missing key 'border'" in m for m in messages)
    assert any("missing [node.junction]" in m for m in messages)
    broken = style.validate_style(write(tmp_path, GOOD + "\n[mode.tram\nlabel = 1\n"))
    assert len(broken) == 1 and "not valid TOML" in broken[0].message
    assert broken[0].line == len(GOOD.splitlines()) + 2
    assert "cannot read" in style.validate_style(tmp_path / "absent.toml")[0].message


def test_one_drawing_per_mode_casing_from_the_style_file():
    vocab = style.load_style()
    casing, line = style.segment_strokes("#123456", "rail", "planned")
    assert casing.casing and not line.casing
    assert casing.colour == vocab["casing"]["colour"] and casing.opacity == vocab["casing"]["opacity"]
    assert casing.weight == line.weight + vocab["casing"]["extra"] and casing.dash == ()
    assert line.dash_array == "6,6" and line.cap == "butt" and casing.cap == "round"
    selected = style.segment_strokes("#123456", "rail", "planned", extra=3)
    assert [s.weight for s in selected] == [s.weight + 3 for s in (casing, line)]
    assert [len(style.segment_strokes("#123456", m, "operational")) for m in ("road", "pipeline", "sea")] == [1, 1, 1]
    assert casing.mpl()["linewidth"] == casing.weight * 0.75


def test_web_map_paths_are_the_style_strokes():
    from geo import web_map

    props = {"mode": "rail", "status": "under_construction"}
    paths = web_map.segment_paths(props, "#123456", selected=True)
    strokes = style.segment_strokes("#123456", "rail", "under_construction", extra=web_map.SELECT_EXTRA)
    assert [p["weight"] for p in paths] == [s.weight for s in strokes]
    assert [p["color"] for p in paths] == [s.colour for s in strokes]
    assert web_map.casing_style(props) == web_map.segment_paths(props, "#000000")[0]
    assert web_map.casing_style({"mode": "road", "status": "planned"}) is None


def test_node_routes_are_a_tuple_parsed_once_and_route_lines_filter_and_simplify():
    layers = load_layers()
    assert all(isinstance(v, tuple) and v for v in layers.nodes["routes"])
    assert any(len(v) > 1 for v in layers.nodes["routes"])
    lines, (west, south, east, north) = route_lines(layers.segments, ("tripp",))
    ids = {f["properties"]["id"] for f in lines["features"]}
    assert ids == set(layers.segments.loc[layers.segments["route"] == "tripp", "id"])
    tripp = layers.segments[layers.segments["route"] == "tripp"]
    assert (west, south, east, north) == tuple(tripp.total_bounds)
    assert (west, south, east, north) != tuple(layers.segments.total_bounds)
    full = sum(len(g.coords) for g in layers.segments[layers.segments["route"] == "tripp"].geometry)
    assert sum(len(f["geometry"]["coordinates"]) for f in lines["features"]) < full
    every, _ = route_lines(layers.segments)
    assert len(every["features"]) == len(layers.segments)
