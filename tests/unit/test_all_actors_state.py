"""The "all of these actors" switch in the view state and URL (issue 13 point 1)."""
from __future__ import annotations

from corridors.state import ViewState


def test_all_actors_round_trips_through_the_url_and_changes_the_query_key():
    state = ViewState.from_query_params({"actor": ["Iran", "Russia"], "all_actors": "1"})
    assert state.all_actors and not state.problems
    assert state.to_query_params()["all_actors"] == "1"
    assert ViewState.from_query_params(state.to_query_params()) == state
    assert state.to_filters() != state.with_changes(all_actors=False).to_filters()


def test_all_actors_with_one_actor_is_the_same_query_and_a_bad_value_is_reported():
    one = ViewState.from_query_params({"actor": "Iran", "all_actors": "1"})
    assert one.to_filters() == one.with_changes(all_actors=False).to_filters()
    bad = ViewState.from_query_params({"all_actors": "maybe"})
    assert not bad.all_actors and any("all_actors" in p for p in bad.problems)
