"""Issue 13 point 2: one view state per rerun — the sidebar's layer counts equal the list in the same rerun."""

from __future__ import annotations

import os
import re

import pytest
from streamlit.testing.v1 import AppTest

from corridors import state as S
from corridors.views.sidebar import route_key
from tests.app.test_app import APP

LISTED = re.compile(r"^(\d+) passages?;")
COUNT = re.compile(r"\((\d+)\)$")


@pytest.fixture
def app(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path_factory.getbasetemp() / "app-index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    return AppTest.from_file(APP, default_timeout=240)


def sidebar_count(at: AppTest, route: str) -> int:
    """The count the sidebar's layer toggle shows for `route` (0 for "no matching passages")."""
    label = at.checkbox(key=route_key(route)).label
    m = COUNT.search(label)
    return int(m.group(1)) if m else 0


def listed(at: AppTest) -> int:
    """The number of passages the list under the map says it shows (0 when it shows none)."""
    return next((int(m.group(1)) for c in at.caption for m in [LISTED.match(c.value)] if m), 0)


def expected(route: str, **filters) -> int:
    from corridors.query import Filters, search_passages
    from corridors.store import open_store

    return len(search_passages(open_store(os.environ["CORRIDORS_DB"]), Filters(routes=(route,), **filters)))


@pytest.mark.parametrize("route", ["tripp", "middle_corridor"])
def test_counts_equal_the_list_after_a_search_and_an_actor_choice(app, route):
    """Each step changes the route's figure, so a count left from the previous state would differ."""
    app.query_params["select"] = route
    at = app.run()
    previous = expected(route)
    assert sidebar_count(at, route) == listed(at) == previous > 0
    steps = [
        (lambda: at.multiselect(key=S.KEY_ACTORS).set_value(["Iran"]), {"actors": ("Iran",)}),
        (lambda: at.text_input(key=S.KEY_Q).set_value("railway"), {"actors": ("Iran",), "q": "railway"}),
        (lambda: at.text_input(key=S.KEY_Q).set_value(""), {"actors": ("Iran",)}),
        (lambda: at.multiselect(key=S.KEY_ACTORS).set_value([]), {}),
    ]
    for change, filters in steps:
        change().run()
        n = expected(route, **filters)
        assert n != previous, f"{filters}: the step must change the figure"
        assert (sidebar_count(at, route), listed(at)) == (n, n), f"after {filters}"
        previous = n
