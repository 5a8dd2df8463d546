"""Place names in passages: families of spellings, word boundaries, look-alikes; the data file's validation."""
from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import LineString

from routes.places import Gazetteer, Place, default_gazetteer, fold, segment_places, validate_places


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize("text,place", [
    ("trains from Iğdır", "igdir"), ("trains from Igdir", "igdir"), ("IĞDIR station", "igdir"),
    ("the Nakhchivan exclave", "nakhchivan"), ("Nakhichevan", "nakhchivan"), ("Naxçıvan", "nakhchivan"),
    ("near Meghri", "meghri"), ("Astara (Iran)", "astara"), ("Baku-Tbilisi-Kars", "kars"), ("Kars's yard", "kars"),
    ("Poti port", "poti"), ("Aktau and Kuryk", "aktau"), ("Constanta", "constanta"), ("Constanța", "constanta"),
    ("the port of Olya", "olya"), ("Naxcivan", "nakhchivan"), ("Konstanța", None),
])
def test_spelling_families_match(g: Gazetteer, text: str, place: str | None) -> None:
    assert place in g.ids(text) if place else g.ids(text) == ()


@pytest.mark.parametrize("text", [
    "the Karshi region", "Karsh valley", "karst landscape", "kars", "Potiphar", "Astarabad", "Batumia",
    "Olya said no", "Meghrian", "Julfaville", "a Rashtriya party",
])
def test_look_alikes_and_boundaries_do_not_match(g: Gazetteer, text: str) -> None:
    assert g.ids(text) == ()


def test_spans_index_the_original_text(g: Gazetteer) -> None:
    text = "Kars – Iğdır – Aralık – Dilucu – Naxçıvan railway"
    found = g.find(text)
    assert [text[m.start:m.end] for m in found] == [m.text for m in found] == ["Kars", "Iğdır", "Dilucu", "Naxçıvan"]
    assert len(fold(text)) == len(text)


def test_segment_places_from_name_and_nearby_nodes(g: Gazetteer) -> None:
    line = LineString([(43.095, 40.615), (44.044, 39.92), (44.79174, 39.66553)])
    got = segment_places({"s": ("A railway", line)}, g)["s"]
    assert {"kars", "igdir", "dilucu"} <= set(got) and "tbilisi" not in got


def test_search_finds_a_place_by_any_spelling(g: Gazetteer) -> None:
    assert [p.id for p in g.search("naxc")] == ["nakhchivan"]
    assert g.places["kars"].node == "junction-kars" and g.places["kars"].point


def test_bad_entries_are_problems_with_line(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text('[place.a]\nnode = "nope"\nspellings = ["A"]\n\n[place.b]\nspellings = []\nat = [1, 2]\n\n'
                 '[place.c]\nat = [1, 2]\nnode = "x"\nspellings = ["C"]\n\n[place.d]\nat = [1, 2]\nspellings = ["A"]\n'
                 '\n[place.e]\nat = [500, 2]\nspellings = ["E"]\n', encoding="utf-8")
    places, problems = validate_places(f, node_ids=["x"])
    msgs = [str(p) for p in problems]
    assert any(":1: place a: node 'nope'" in m for m in msgs)
    assert any(":5: place b: needs spellings" in m for m in msgs)
    assert any(":9: place c: needs exactly one" in m for m in msgs)
    assert any("place e: at must be" in m for m in msgs)
    assert [p.id for p in places] == ["d"]


def test_bundled_place_names_are_valid() -> None:
    from geo.layers import load_layers
    assert validate_places(node_ids=[str(i) for i in load_layers().nodes["id"]])[1] == []


def test_gazetteer_takes_any_places() -> None:
    g = Gazetteer([Place("x", "Xa", None, (0.0, 0.0), ("Xa",))])
    assert g.ids("Xa and Xab") == ("x",)


def test_places_are_stored_at_build_time(bundled_index) -> None:
    from corridors.store import Store

    ids = [p.id for p in bundled_index.passages()]
    stored = bundled_index.place_mentions(ids)
    assert stored and {m.place for ms in stored.values() for m in ms} >= {"kars", "meghri"}
    assert stored == Store.place_mentions(bundled_index, ids)  # the same as finding them in the text now
    for pid, ms in stored.items():
        text = next(p.text for p in bundled_index.passages([pid]))
        assert all(text[m.start:m.end] == m.text for m in ms)


def test_corridors_check_reports_a_bad_place_file(tmp_path: Path) -> None:
    from corridors.checks import all_problems
    from sources._datadir import use_data_dir
    from sources.ingest import BUNDLED_CORPUS

    bad = tmp_path / "geo" / "place_names.toml"
    bad.parent.mkdir()
    bad.write_text('[place.x]\nnode = "no-such-node"\nspellings = ["X"]\n', encoding="utf-8")
    use_data_dir(tmp_path)  # the data folder's copy replaces the bundled file
    try:
        problems, _ = all_problems((BUNDLED_CORPUS,))
    finally:
        use_data_dir(None)
    assert f"{bad}:1: place x: node 'no-such-node' is not a node of geo/nodes.geojson" in problems
