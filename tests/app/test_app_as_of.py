"""The map as of a date in the app (AppTest, no browser): URL `as_of`, the date control, legend, tooltips."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from corridors import state as S
from corridors.state import ViewState
from tests.app.test_app import APP, map_args, map_features


@pytest.fixture
def app(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path_factory.getbasetemp() / "app-index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    return AppTest.from_file(APP, default_timeout=240)


def _segments(at: AppTest) -> dict[str, dict]:
    return {f["properties"]["id"]: f["properties"] for f in map_features(at)
            if f["properties"].get("kind") == "segment"}


def test_state_round_trips_as_of() -> None:
    state = ViewState.from_query_params({"as_of": "2016-01-01"})
    assert state.as_of == "2016-01-01" and state.to_query_params() == {"as_of": "2016-01-01"}
    bad = ViewState.from_query_params({"as_of": "soon"})
    assert bad.as_of is None and any("as_of" in p for p in bad.problems)


def test_url_as_of_draws_the_map_then(app: AppTest) -> None:
    app.query_params["as_of"] = "2016-01-01"
    at = app.run()
    assert not at.exception
    segs = _segments(at)
    assert segs["sgc-tanap"]["status"] == "under_construction"
    assert "instc-rasht-astara" not in segs and "tripp-kars-dilucu" not in segs
    assert at.session_state[S.KEY_AS_OF] == dt.date(2016, 1, 1)
    assert "Status on 2016-01-01" in map_args(at)["script"]
    assert any("Status on 2016-01-01" in m.value for m in at.sidebar.markdown)
    assert "drawn 1,879 km; Belt and Road Portal (obor.nea.gov.cn): 1,850 km" in segs["sgc-tanap"]["tip"]
    assert "under construction since 2015-03-17" in segs["sgc-tanap"]["tip"]


def test_date_control_changes_map_and_url(app: AppTest) -> None:
    at = app.run()
    assert "sgc-tanap" in _segments(at) and _segments(at)["sgc-tanap"]["status"] == "operational"
    at.sidebar.date_input(key=S.KEY_AS_OF).set_value(dt.date(2010, 6, 1)).run()
    assert at.query_params["as_of"] in ("2010-06-01", ["2010-06-01"])
    segs = _segments(at)
    assert "sgc-tanap" not in segs and segs["btc-turkey"]["status"] == "operational"
    assert segs["btk-marabda-kars"]["status"] == "under_construction"


def test_timeline_point_sets_map_date(app: AppTest) -> None:
    at = app.run()
    at.segmented_control(key=S.KEY_VIEW).set_value("timeline").run()
    box = at.selectbox(key=S.KEY_TIMELINE_POINT)
    assert any(o.startswith("2018-06-12 · Southern Gas Corridor · Trans-Anatolian") and o.endswith("operational")
               for o in box.options)
    box.set_value("e|sgc|2018-06-12").run()
    assert not at.exception
    assert at.session_state[S.KEY_AS_OF] == dt.date(2018, 6, 12)
    assert at.query_params["as_of"] in ("2018-06-12", ["2018-06-12"])
