"""ViewState <-> query parameters."""

from __future__ import annotations

import pytest

from corridors.state import ViewState
from sources._dates import iso_or_none


class MultiDict:
    """Mimics st.query_params: get_all(key) returns every value of a repeated key."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def get_all(self, key):
        return [v for k, v in self.pairs if k == key]

    def get(self, key, default=None):
        values = self.get_all(key)
        return values[-1] if values else default


FULL = ViewState(
    routes=("tripp", "btk"),
    actors=("Iran", "European Union"),
    date_from="2025-06",
    date_to="2025-11-30",
    dates="events",
    q="Meghri railway",
    primary=True,
    select="tripp-meghri-rail",
    passage="some-article#p12",
)


def test_default_view_has_no_params():
    assert ViewState().to_query_params() == {}
    assert ViewState.from_query_params({}) == ViewState()


def test_round_trip():
    params = FULL.to_query_params()
    assert params["route"] == ["tripp", "btk"]
    assert params["primary"] == "1" and params["dates"] == "events"
    again = ViewState.from_query_params(params)
    assert again == FULL
    assert again.problems == ()


def test_repeatable_keys_from_multidict():
    pairs = [("route", "tripp"), ("actor", "Iran"), ("route", "btk"), ("actor", "China"), ("route", "tripp")]
    state = ViewState.from_query_params(MultiDict(pairs))
    assert state.routes == ("tripp", "btk")  # order kept, duplicates dropped
    assert state.actors == ("Iran", "China")


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"from": "2025-13"}, "date_from", None),
        ({"from": "yesterday"}, "date_from", None),
        ({"to": "2025-02-30"}, "date_to", None),
        ({"dates": "tomorrow"}, "dates", "published"),
        ({"primary": "maybe"}, "primary", False),
        ({"select": "<script>"}, "select", None),
        ({"passage": "no-paragraph"}, "passage", None),
        ({"route": ["tripp", "bad id!"]}, "routes", ("tripp",)),
        ({"actor": ["x" * 200]}, "actors", ()),
    ],
)
def test_bad_values_are_ignored_and_reported(params, field, expected):
    state = ViewState.from_query_params(params)
    assert getattr(state, field) == expected
    assert state.problems, f"{params} should be reported"


def test_swapped_dates_are_reported_and_swapped():
    state = ViewState.from_query_params({"from": "2025-11", "to": "2025-06"})
    assert (state.date_from, state.date_to) == ("2025-06", "2025-11")
    assert any("swapped" in p for p in state.problems)


def test_problems_do_not_affect_equality_or_params():
    state = ViewState.from_query_params({"route": "tripp", "from": "nope"})
    assert state == ViewState(routes=("tripp",))
    assert state.to_query_params() == {"route": ["tripp"]}


def test_to_filters_is_hashable_and_ignores_selection():
    key = FULL.to_filters()
    hash(key)
    assert FULL.with_changes(select=None, passage=None).to_filters() == key
    assert FULL.with_changes(q="other").to_filters() != key


def test_restricted_to_catalog():
    state = ViewState(routes=("tripp", "nope")).restricted_to(routes=["tripp", "btk"])
    assert state.routes == ("tripp",)
    assert any("nope" in p for p in state.problems)


def test_date_bounds_cover_precision():
    import datetime as dt

    state = ViewState(date_from="2025", date_to="2025-02")
    assert state.date_bounds() == (dt.date(2025, 1, 1), dt.date(2025, 2, 28))
    assert iso_or_none("2024-02-29") == "2024-02-29"
    assert iso_or_none("2025-02-29") is None


def test_a_links_actor_alias_is_its_actor_as_on_the_command_line():
    from sources.actors import default_actors

    names = {a.id: a.name for a in default_actors().actors.values()}

    def actor_of(typed: str) -> str | None:
        try:
            return names[default_actors().resolve(typed)]
        except KeyError:
            return None

    state = ViewState(actors=("Tehran", "iran", "Nowhere")).restricted_to(actors=names.values(), actor_of=actor_of)
    assert state.actors == ("Iran",)  # the capital is the state, once
    assert state.problems == ("actor='Nowhere': no such actor",)
