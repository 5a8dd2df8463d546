"""Issue 13 points 3, 5, 6 without a browser: what the app sends to the map and keeps in the URL.

The browser ring (tests/browser/test_map_follow.py, test_export_fresh.py) checks what the user sees; these
check the same rules one level down, fast: the fit target, the URL's map view and active view, the labels
in the map's script, and the export's live inputs.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from corridors import map_follow
from corridors import state as S
from corridors.state import ViewState
from corridors.views import export_panel
from geo import map_labels
from tests.app.test_app import APP, map_args, map_features, qp


@pytest.fixture
def app(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path_factory.getbasetemp() / "app-index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    return AppTest.from_file(APP, default_timeout=240)


FIT = re.compile(r"window\.caFitted = (\"[^\"]*\");\s*map\.fitBounds\((\[\[.*?\]\])", re.S)


def fit_of(at: AppTest) -> tuple[str, list] | None:
    m = FIT.search(map_args(at)["feature_group"])
    return (json.loads(m.group(1)), json.loads(m.group(2))) if m else None


def route_extent(at: AppTest, route: str) -> tuple[float, float, float, float]:
    pts = []
    for f in map_features(at):
        if f["properties"].get("route") == route and f["properties"].get("kind") == "segment":
            pts += list(map_follow._points(f["geometry"]))
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(ys), min(xs), max(ys), max(xs)


def test_select_in_link_fits_the_map_to_the_route(app):
    app.query_params["select"] = "tripp"
    at = app.run()
    token, ((s, w), (n, e)) = fit_of(at)
    assert token == "tripp|"
    rs, rw, rn, re_ = route_extent(at, "tripp")
    assert (s, w, n, e) == pytest.approx((rs, rw, rn, re_), abs=0.05)
    assert e - w < 0.3 * (58.5 - 38.0)  # TRIPP alone, not the region


def test_no_selection_no_fit_and_a_segment_fits_to_itself(app):
    at = app.run()
    assert fit_of(at) is None
    segment = next(f for f in map_features(at) if f["properties"].get("route") == "btk"
                   and f["properties"].get("kind") == "segment")
    at.session_state[S.KEY_SELECT] = segment["properties"]["id"]
    at.run()
    token, ((s, w), (n, e)) = fit_of(at)
    assert token == segment["properties"]["id"] + "|"
    xs = [p[0] for p in map_follow._points(segment["geometry"])]
    assert (w, e) == pytest.approx((min(xs), max(xs)), abs=1e-6)


def test_link_map_view_opens_the_map_there_and_stays_in_the_url(app):
    app.query_params["map"] = "9/40.5/44.7"
    at = app.run()
    args = map_args(at)
    assert args["zoom"] == 9 and args["center"] == [40.5, 44.7]
    assert ViewState.from_query_params(at.query_params).map_view == (9, 40.5, 44.7)


def test_reported_map_view_goes_into_the_url(app):
    at = app.run()
    args = map_args(at)
    value = dict(args["default"], zoom=8, center={"lat": 40.123456, "lng": 45.2})
    at.session_state[args["key"]] = value
    at.session_state[S.KEY_MAP] = value  # what st_folium's on_change does in the browser
    at.run()
    assert qp(at, "map") == ["8/40.1235/45.2000"]


def test_active_view_is_seeded_from_and_written_to_the_url(app):
    app.query_params["view"] = "timeline"
    at = app.run()
    assert at.session_state[S.KEY_VIEW] == "timeline"
    assert qp(at, "view") == ["timeline"]
    at.session_state[S.KEY_VIEW] = "export"
    at.run()
    assert qp(at, "view") == ["export"]


def test_bad_map_and_view_params_are_reported_not_applied():
    state = ViewState.from_query_params({"map": "99/400/1", "view": "<script>"})
    assert state.map_view is None and state.view == "map"
    assert len(state.problems) == 2
    assert ViewState.from_query_params({"map": "7/40.1/45.2"}).to_query_params() == {"map": "7/40.1000/45.2000"}


def test_labels_of_visible_routes_and_countries_are_in_the_map(app):
    at = app.run()
    group = map_args(at)["feature_group"]
    assert '"text": "TRIPP / Zangezur corridor"' in group
    assert '"text": "Middle Corridor"' in group  # the parenthesised expansion is left out
    assert '"text": "Armenia"' in map_args(at)["script"]  # countries are on the constant base map
    at.session_state["ca_routes_tripp"] = False
    at.run()
    assert '"text": "TRIPP / Zangezur corridor"' not in map_args(at)["feature_group"]


def test_label_text_reaches_the_page_as_json_not_markup():
    hostile = '<img src=x onerror="window.__pwned=1">'
    segments = {"features": [{"properties": {"route": "r1"},
                              "geometry": {"type": "LineString", "coordinates": [[44, 40], [45, 40.5]]}}]}
    labels = map_labels.route_labels(segments, names={"r1": hostile}, colours={}, visible={"r1"})
    import folium

    m = folium.Map()
    map_labels.Declutter().add_to(m)
    map_labels.Labels(labels).add_to(m)
    page = m.get_root().render()
    assert "<img" not in page
    assert "textContent = d.text" in page


def test_route_label_turns_along_its_line_and_appears_when_it_fits():
    segments = {"features": [{"properties": {"route": "r"},
                              "geometry": {"type": "LineString", "coordinates": [[40, 40], [42, 38]]}}]}
    spots = map_labels.route_labels(segments, names={"r": "Route"}, colours={}, visible={"r"})
    assert len({s.group for s in spots}) == 1 and len(spots) == len(map_labels.ROUTE_LABEL_SPOTS)
    label = max(spots, key=lambda s: s.priority)  # the preferred spot is the middle of the line
    assert (label.lat, label.lng) == pytest.approx((39.0, 41.0), abs=0.1)
    assert 30 < label.angle < 60  # going down to the south-east on screen: a clockwise turn
    assert map_labels.fit_zoom(0.5, "x" * 10) < map_labels.fit_zoom(0.005, "x" * 10)


def test_export_inputs_come_from_the_live_dict_including_a_click_not_yet_processed():
    live = {S.KEY_EXPORT_TITLE: "T", S.KEY_EXPORT_SIZE: "a4-portrait", S.KEY_EXPORT_NOTE_TEXT: "one\ntwo",
            S.KEY_EXPORT_CLICKED: [[44.0, 40.0]],
            S.KEY_EXPORT_NOTES_MAP: {"last_clicked": {"lng": 45.0, "lat": 39.5}, "all_drawings": []}}
    title, subtitle, size, features = export_panel.inputs_of(live)
    assert (title, subtitle, size) == ("T", "", "a4-portrait")
    assert [f["geometry"]["coordinates"] for f in features] == [[44.0, 40.0], [45.0, 39.5]]
    assert [f["properties"]["text"] for f in features] == ["one", "two"]
