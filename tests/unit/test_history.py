"""Status history and published figures (geo/history.toml): the file, `--as-of`, and the drawn lengths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridors.cli import cli
from geo.facts import figure_lengths, routes_feature_collection
from geo.history import HISTORY_FILE, MAX_SHORTFALL, check_history, default_history, load_history, validate_history
from geo.layers import load_layers
from geo.style import lifecycle
from routes.catalog import load_catalog

REQUIRED_FIGURES = {"btc", "btk", "scp", "tanap", "tap"}


def _segments(as_of: str) -> dict[str, dict]:
    result = CliRunner().invoke(cli, ["routes", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    fc = json.loads(result.output)
    assert fc["as_of"] == as_of
    return {f["id"]: f["properties"] for f in fc["features"] if f["properties"]["feature_type"] == "segment"}


def test_2016_btk_under_construction_and_no_tanap_in_operation() -> None:
    segs = _segments("2016-01-01")
    assert segs["btk-marabda-kars"]["status"] == "under_construction"
    assert segs["mc-btk"]["lifecycle"] == "under_construction"
    assert segs["sgc-tanap"]["status"] != "operational" and segs["sgc-tanap"]["status"] == "under_construction"
    assert segs["btc-turkey"]["status"] == "operational"


def test_2019_tanap_operational_tap_under_construction() -> None:
    segs = _segments("2019-01-01")
    assert segs["sgc-tanap"]["status"] == "operational"
    assert segs["sgc-tap-land"]["status"] == "under_construction"
    assert segs["sgc-tap-offshore"]["status"] == "under_construction"
    assert segs["sgc-tanap"]["status_since"] == "2018-06-12"


def test_not_yet_proposed_is_hidden_and_undated_kept() -> None:
    segs = _segments("2000-01-01")
    assert "sgc-tanap" not in segs and "instc-rasht-astara" not in segs and "tripp-kars-dilucu" not in segs
    assert segs["btc-turkey"]["status"] == "planned" and segs["btc-turkey"]["lifecycle"] == "agreed"
    assert segs["instc-bandar-abbas-tehran"]["lifecycle"] is None  # no history: drawn with its layer status
    assert "instc-tehran-rasht" not in segs and "instc-gorgan-beyneu" not in segs
    assert segs["anaklia-road"]["status"] == "operational"


def test_cancelled_then_revived() -> None:
    assert _segments("2021-01-01")["mc-anaklia-sea"]["status"] == "cancelled"
    assert _segments("2025-01-01")["mc-anaklia-sea"]["lifecycle"] == "agreed"


def test_bad_as_of_is_one_line_error() -> None:
    result = CliRunner().invoke(cli, ["routes", "--as-of", "2016-13-01"])
    assert result.exit_code == 2 and "--as-of" in result.output and "Traceback" not in result.output


def test_every_event_has_a_source_that_resolves() -> None:
    from sources.ingest import BUNDLED_CORPUS, corpus_files, ingest_files

    history = default_history()
    assert validate_history() == []
    passage_ids = {p.id for p in ingest_files(corpus_files([BUNDLED_CORPUS])).passages}
    events = [e for p in history.projects.values() for e in p["events"]]
    assert len(events) >= 25
    for e in events:
        kind, _, key = e.source.partition(":")
        assert kind in ("passage", "ref"), e
        if kind == "passage":
            assert key in passage_ids, e
        else:
            ref = history.references[key]
            assert ref.url.startswith(("http://", "https://")) and ref.title and ref.publisher, ref
    assert any(e.source.startswith("passage:") for e in events)
    layers = load_layers()
    problems, _ = check_history(segment_status_by_id=dict(zip(layers.segments["id"], layers.segments["status"])),
                                routes=list(load_catalog()), passage_ids=passage_ids)
    assert problems == []


def test_official_lengths_present_with_sources_and_drawn_within_5_percent() -> None:
    history = default_history()
    assert REQUIRED_FIGURES <= set(history.figures)
    drawn = {f.id: (f, km) for f, km in figure_lengths()}
    for fid in REQUIRED_FIGURES:
        fig, km = drawn[fid]
        assert fig.main and fig.length_source.startswith("ref:") and fig.length_source[4:] in history.references
        assert km >= fig.length_km * (1 - MAX_SHORTFALL), f"{fid}: drawn {km} km vs published {fig.length_km} km"
    for fig, km in drawn.values():
        if fig.main:
            assert km >= fig.length_km * (1 - MAX_SHORTFALL), fig.id


def test_routes_geojson_carries_both_lengths() -> None:
    segs = {f["id"]: f["properties"] for f in routes_feature_collection()["features"]}
    btc = segs["btc-turkey"]
    assert btc["length_km_official"] == 1768 and btc["length_official_source"]["publisher"] == "bp Azerbaijan"
    assert 1000 < btc["length_km_drawn"] < 1768 and "length_km" not in btc
    assert btc["capacity_unit"] and btc["capacity_year"] == 2009
    assert [e["status"] for e in btc["status_history"]] == ["proposed", "agreed", "under_construction", "operational"]


@pytest.mark.parametrize("mutation, expected", [
    (('date = "2018-06-12"', 'date = "2018-13-12"'), "does not exist"),
    (('date = "2018-06-12"', 'date = "12 June 2018"'), "is not ISO"),
    (('status = "operational", source = "ref:7hills', 'status = "opened", source = "ref:7hills'), "unknown status"),
    (('source = "ref:tabula-btk-2017"', 'source = "ref:no-such-page"'), "is not defined"),
    (('source = "passage:blank-2025-trump-makes-a-move-in-the-caucasus#p1"',
      'source = "passage:blank-2025-trump-makes-a-move-in-the-caucasus#p999"'), "is not in the index"),
    (('date = "2015-03-17", status = "under_construction"', 'date = "2019-03-17", status = "under_construction"'),
     "must be oldest first"),
    (('url = "https://tass.com/economy/1618693"', 'url = "tass.com/economy"'), "not an http(s) address"),
    (('segments = ["sgc-tanap"]\nevents', 'segments = ["sgc-tanapx"]\nevents'), "unknown segment"),
])
def test_check_catches_broken_history(tmp_path: Path, mutation, expected) -> None:
    old, new = mutation
    text = HISTORY_FILE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "history.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    layers = load_layers()
    problems, _ = check_history(segment_status_by_id=dict(zip(layers.segments["id"], layers.segments["status"])),
                                routes=list(load_catalog()),
                                passage_ids={"blank-2025-trump-makes-a-move-in-the-caucasus#p1",
                                             "petrosyan-2025-armenia-azerbaijan-peace-agreement#p3",
                                             "petrosyan-2025-armenia-azerbaijan-peace-agreement#p5"},
                                path=bad)
    assert any(expected in p and f"{bad}:" in p for p in map(str, problems)), problems


def test_lifecycle_vocabulary_documented() -> None:
    words = lifecycle()
    assert {"proposed", "agreed", "financed", "under_construction", "operational", "suspended",
            "cancelled"} <= set(words)
    assert all(w["means"] and w["label"] for w in words.values())
    used = {e.status for p in load_history().projects.values() for e in p["events"]}
    assert used <= set(words)


def test_export_as_of_says_the_date(tmp_path: Path) -> None:
    out = tmp_path / "m.geojson"
    result = CliRunner().invoke(cli, ["export", "--route", "sgc", "--as-of", "2016", "--out", str(out)])
    assert result.exit_code == 0, result.output
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["as_of"] == "2016-01-01"
    tanap = next(f["properties"] for f in fc["features"] if f["properties"].get("id") == "sgc-tanap")
    assert tanap["status"] == "under_construction" and tanap["length_km_official"] == 1850
    assert tanap["length_km_drawn"] > 0


def test_export_subtitle_and_legend(tmp_path: Path) -> None:
    from corridors import export as ex
    from corridors.cli import ready_index
    from corridors.config import config_from_env
    from corridors.query import Filters

    plan = ex.plan_export(ready_index(config_from_env()), Filters(routes=("sgc",)), layers=load_layers(),
                          catalog=load_catalog(), as_of="2016-01-01")
    assert "Status as of 1 January 2016" in plan.spec.subtitle
    assert plan.spec.extra["as_of"] == "2016-01-01"
    assert "TANAP 1,879 / 1,850 km" in plan.spec.filters or "TANAP" in plan.spec.filters


def test_check_reports_short_lines_and_layer_mismatch() -> None:
    from corridors.checks import history_problems
    from sources.ingest import BUNDLED_CORPUS, corpus_files, ingest_files

    passages = list(ingest_files(corpus_files([BUNDLED_CORPUS])).passages)
    problems, found = history_problems((BUNDLED_CORPUS,), passages)
    assert problems == []
    warnings = [str(w) for w in found]
    # a component (not a main line) drawn >5% short is a warning naming both lengths
    assert any("figure 'horadiz-aghband'" in w and "110 km" in w for w in warnings), warnings
    # the Lachin road's last recorded event (blockade) differs from the layer's static status
    assert any("'lachin-road'" in w and "suspended" in w for w in warnings), warnings
