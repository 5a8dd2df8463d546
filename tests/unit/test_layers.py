"""Tests for geo.layers: the committed layers load cleanly, and bad input is reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo.layers import DEFAULT_LAYER_DIR, Layers, check_layers, load_layers
from routes.catalog import load_catalog

GEO = DEFAULT_LAYER_DIR.parent


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


def test_committed_layers_have_no_problems(layers: Layers) -> None:
    assert layers.problems == ()
    assert check_layers() == []


def test_every_catalog_route_has_a_layer(layers: Layers) -> None:
    assert set(layers.segments["route"]) == set(load_catalog())


def test_every_geometry_valid_and_wgs84(layers: Layers) -> None:
    assert layers.segments.crs.to_epsg() == 4326
    assert layers.segments.geometry.is_valid.all()
    assert not layers.segments.geometry.is_empty.any()
    assert layers.nodes.geometry.is_valid.all()
    assert (layers.nodes.geometry.geom_type == "Point").all()


def test_every_feature_has_provenance_and_note(layers: Layers) -> None:
    assert (layers.segments["provenance"].str.len() > 20).all()
    assert (layers.segments["note"].str.len() > 0).all()


def test_ids_unique(layers: Layers) -> None:
    ids = list(layers.segments["id"]) + list(layers.nodes["id"])
    assert len(ids) == len(set(ids))


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "layers"
    shutil.copytree(DEFAULT_LAYER_DIR, dest)
    shutil.copy(GEO / "nodes.geojson", tmp_path / "nodes.geojson")
    return dest


def _edit(path: Path, fn) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data["features"][0])
    path.write_text(json.dumps(data), encoding="utf-8")


def test_unparseable_file_is_skipped_others_load(tmp_path: Path, layers: Layers) -> None:
    d = _copy(tmp_path)
    (d / "btk.geojson").write_text("{ not json", encoding="utf-8")
    got = load_layers(d)
    assert len(got.problems) == 1
    assert Path(got.problems[0].path).name == "btk.geojson" and not got.problems[0].message.startswith("feature ")
    assert "btk" not in set(got.segments["route"])
    assert set(got.segments["route"]) == set(layers.segments["route"]) - {"btk"}
    assert check_layers(d)[0].startswith(str(d / "btk.geojson") + ": cannot read GeoJSON")


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda f: f["geometry"].update(coordinates=[[44.0, 40.0], [44.0, 40.0]]), "invalid geometry"),
        (lambda f: f["geometry"].update(coordinates=[]), "geometry"),
        (lambda f: f["geometry"].update(coordinates=[[y, x] for x, y in f["geometry"]["coordinates"]]),
         "swapped coordinates"),
        (lambda f: f["properties"].update(route="atlantis"), "unknown route 'atlantis'"),
        (lambda f: f["properties"].update(status="rumoured"), "unknown status 'rumoured'"),
        (lambda f: f["properties"].update(mode="camel"), "unknown mode 'camel'"),
        (lambda f: f["properties"].update(id="btk-baku-ganja"), "duplicate id"),
        (lambda f: f["properties"].pop("provenance"), "missing properties: provenance"),
    ],
)
def test_bad_feature_is_skipped_and_named(tmp_path: Path, mutate, reason: str,
                                          layers: Layers) -> None:
    d = _copy(tmp_path)
    target = d / "tripp.geojson"
    fid = json.loads(target.read_text(encoding="utf-8"))["features"][0]["properties"]["id"]
    _edit(target, mutate)
    got = load_layers(d)
    assert len(got.problems) == 1, got.problems
    problem = got.problems[0]
    assert problem.path == str(target)
    assert problem.message.split(":")[0] in {f"feature {fid}", "feature btk-baku-ganja"}
    assert reason in problem.message
    assert problem.line == 1  # _edit writes the file on one line (test_data_validation checks real lines)
    assert len(got.segments) == len(layers.segments) - 1
    line = check_layers(d)[0]
    assert line.startswith(f"{target}:{problem.line}: feature ") and reason in line


def test_bad_node_is_reported(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    _edit(tmp_path / "nodes.geojson", lambda f: f["properties"].update(kind="castle"))
    got = load_layers(d)
    assert [Path(p.path).name for p in got.problems] == ["nodes.geojson"]
    assert "unknown kind" in got.problems[0].message


@pytest.mark.parametrize("routes", ["btk, tripp", ["btk", "tripp"], " btk,tripp "])
def test_node_routes_are_checked_as_they_are_read(tmp_path: Path, routes) -> None:
    """The check and the loader read a node's ``routes`` alike (spaces after commas, or a JSON list): the check
    used to split the raw text on commas only, so "btk, tripp" was refused as the unknown route " tripp"."""
    d = _copy(tmp_path)
    nodes = tmp_path / "nodes.geojson"
    _edit(nodes, lambda f: f["properties"].update(routes=routes))
    fid = json.loads(nodes.read_text(encoding="utf-8"))["features"][0]["properties"]["id"]
    got = load_layers(d)
    assert got.problems == ()
    assert got.nodes.set_index("id").loc[fid, "routes"] == ("btk", "tripp")
    _edit(nodes, lambda f: f["properties"].update(routes="btk, atlantis"))
    assert [p.message for p in load_layers(d).problems] == [f"feature {fid}: unknown route(s) atlantis"]
