"""Issue 13 points 4, 8, 9, 1 in AppTest: relevance order and badges, "other passages", citations, actor picker."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from corridors.views import citations
from tests.app.test_app import APP, quotes

BADGE = re.compile(r'class="ca-badge ca-(primary|mention|none)"')


@pytest.fixture
def app(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path_factory.getbasetemp() / "app-index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    return AppTest.from_file(APP, default_timeout=240)


def badges(at: AppTest) -> list[str]:
    return [m.group(1) for q in quotes(at) for m in [BADGE.search(q)] if m]


@pytest.mark.parametrize("route", ["tripp", "middle_corridor", "instc"])
def test_selected_route_lists_primary_passages_first_with_badges(app, route):
    app.query_params["select"] = route
    at = app.run()
    shown = badges(at)
    assert len(shown) == len(quotes(at)) > 0  # every card carries its badge
    n = min(3, shown.count("primary"))
    assert n and shown[:n] == ["primary"] * n
    assert shown == sorted(shown, key=lambda b: b != "primary")


def test_sort_by_date_is_an_option(app):
    app.query_params["select"] = "instc"
    at = app.run()
    assert badges(at)[0] == "primary"
    at.radio(key=citations.KEY_ORDER).set_value("date").run()
    assert badges(at)[0] == "mention"  # newest first: the INSTC primary is not the newest passage
    assert badges(at).count("primary") == 1
