"""Every filter's effect, on the hand-made corpus ``tests/data/tiny`` (its table: ``tests/data/tiny/README.md``).

In-process only (no server, no subprocess): ``corridors.query`` on an index built by ``build_index``, the app's
``ViewState`` (URL parameters → filters → passages) and the CLI's ``passages`` command through click's runner.
Every test asserts the exact passage ids the README's table gives.

Break-on-purpose record: each mutation made alone in a copy of the tree, the whole of ``tests/unit`` run, the
mutation reverted (2026-12-01, ``tests/mutate_filters.py``). "Before" = unit tests outside this module that failed.

- actor condition ignored (``_where`` skips ``actor_ids``): test_actor_by_alias_and_case,
  test_actor_any_of_several, test_all_actors_needs_every_one, test_cli_all_actors, test_state_all_actors,
  test_combination_route_and_actor, test_combination_actor_and_dates, test_route_counts_follow_every_other_filter,
  test_other_ids_are_the_matching_passages_off_the_shown_routes (before: only test_relevance's CSTO test)
- all-actors AND<->OR swapped: test_actor_any_of_several, test_all_actors_needs_every_one, test_cli_all_actors,
  test_state_all_actors, test_route_counts_follow_every_other_filter (before: none)
- primary-only ignored (the strength clause dropped, with and without routes): test_primary_only_alone,
  test_primary_only_with_route, test_combination_route_and_actor, test_state_primary_with_route,
  test_cli_route_primary_only (before: none)
- event dates ignored (publication dates used): test_event_dates_are_not_publication_dates,
  test_event_dates_overlap_precision, test_event_to_is_inclusive, test_combination_actor_and_dates,
  test_route_counts_follow_every_other_filter, test_state_event_dates, test_cli_event_dates (before: none)
- ``to`` bound exclusive (``p.pub_start < ?``, ``date_start < ?``): test_publication_to_is_inclusive,
  test_month_precision_article_overlaps, test_event_dates_overlap_precision, test_event_to_is_inclusive,
  test_cli_event_dates (before: none)
- ``from`` bound exclusive (``p.pub_end > ?``, ``date_end > ?``): test_publication_from_is_inclusive,
  test_month_precision_article_overlaps, test_event_dates_overlap_precision, test_event_to_is_inclusive
  (before: none)
- a partial ``to`` taken as its first day (``date_range(to)[0]``): test_publication_years,
  test_publication_partial_dates, test_event_dates_are_not_publication_dates, test_combination_actor_and_dates,
  test_state_event_dates, test_cli_event_dates (before: none)
- text condition dropped (no ``MATCH``): test_text_words_are_anded, test_text_phrase, test_text_prefix,
  test_combination_text_route_actor_dates, test_route_counts_follow_every_other_filter,
  test_other_ids_are_the_matching_passages_off_the_shown_routes, test_state_text, test_cli_text
  (before: test_export's "selects nothing" test)
- route condition ignored in search: test_route_single, test_route_any_of_several, test_primary_only_with_route,
  test_combination_route_and_actor, test_combination_actor_and_dates, test_combination_text_route_actor_dates,
  test_date_order_and_relevance_order, test_state_primary_with_route, test_state_text, test_cli_route_primary_only
  (before: 10 tests of test_relevance / test_export)
- route counts ignore the other filters (every link counted): test_route_counts_follow_every_other_filter
  (before: none)
- route counts apply the route filter (the badges of other layers drop to zero):
  test_route_counts_ignore_the_route_filter (before: none)
- URL ``dates=events`` read as published: test_state_event_dates (before: test_state's round trip)
- URL ``all_actors=1`` dropped: test_state_all_actors (before: test_all_actors_state's round trip)
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from corridors.cli import cli
from corridors.query import Filters, lazy_hits, matching_ids, other_ids, route_counts, search_passages
from corridors.state import ViewState

# Short names of the tiny corpus' passages (article id + paragraph), as in its README.
_ARTICLES = {
    "F": "quill-2024-caspian-ferries-strain-under-middle-corridor",
    "G": "reed-2024-gas-flows-through-the-southern-gas",
    "N": "hart-2024-iran-and-russia-revive-the-north-south",
    "T": "vance-2025-tripp-and-the-armenian-debate",
    "B": "quill-2025-the-btk-railway-two-years-on",
}
ALL = [f"{a}{n}" for a in "BTNGF" for n in (1, 2, 3)]  # newest article first, then paragraph order


def pid(short: str) -> str:
    """The passage id of a short name (``F2`` → ``quill-2024-…#p2``)."""
    return f"{_ARTICLES[short[0]]}#p{short[1:]}"


def short(passage_id: str) -> str:
    article, n = passage_id.split("#p")
    return next(k for k, v in _ARTICLES.items() if v == article) + n


def found(index, **filters) -> set[str]:
    return {short(h.id) for h in search_passages(index, Filters(**filters))}


def names(text: str) -> set[str]:
    return set(text.split())


# --- the corpus itself -----------------------------------------------------------------------------------
def test_the_tiny_corpus_is_what_its_readme_says(tiny_index):
    hits = search_passages(tiny_index, Filters())
    assert [short(h.id) for h in hits] == ALL
    table = {short(h.id): ({(r.route_id, r.strength) for r in h.routes}, set(h.actor_ids), {d.date for d in h.dates})
             for h in hits}
    assert table == {
        "F1": ({("middle_corridor", "primary")}, {"kazakhstan"}, {"2024-01"}),
        "F2": ({("btk", "mention")}, {"china"}, set()),
        "F3": (set(), {"eu"}, {"2023-11"}),
        "G1": ({("sgc", "primary")}, {"azerbaijan", "italy"}, {"2023"}),
        "G2": (set(), {"azerbaijan", "eu"}, {"2024-04-12"}),
        "G3": ({("middle_corridor", "mention")}, {"turkey"}, set()),
        "N1": ({("instc", "primary")}, {"iran", "russia"}, {"2024-05"}),
        "N2": ({("instc", "mention")}, {"india"}, {"2026-03"}),
        "N3": (set(), {"armenia"}, set()),
        "T1": ({("tripp", "primary")}, {"azerbaijan", "iran"}, set()),
        "T2": (set(), {"armenia"}, {"2024-08"}),
        "T3": ({("tripp", "mention")}, {"russia"}, {"2024-12"}),
        "B1": ({("btk", "primary")}, {"china", "georgia"}, {"2024"}),
        "B2": ({("middle_corridor", "mention")}, {"china", "georgia", "kazakhstan"}, set()),
        "B3": (set(), {"eu"}, {"2025-06"}),
    }
    dates = {short(h.id)[0]: (h.article.date, h.article.date_precision) for h in hits}
    assert dates == {"F": ("2024-03-14", "day"), "G": ("2024-05-02", "day"), "N": ("2024-05-28", "day"),
                     "T": ("2025-01-10", "day"), "B": ("2025-02", "month")}


# --- route ----------------------------------------------------------------------------------------------
def test_route_single(tiny_index):
    assert found(tiny_index, routes=("btk",)) == names("F2 B1")
    assert found(tiny_index, routes=("middle_corridor",)) == names("F1 G3 B2")


def test_route_any_of_several(tiny_index):
    assert found(tiny_index, routes=("btk", "sgc")) == names("F2 B1 G1")


# --- primary only ---------------------------------------------------------------------------------------
def test_primary_only_alone(tiny_index):
    assert found(tiny_index, primary_only=True) == names("F1 G1 N1 T1 B1")


def test_primary_only_with_route(tiny_index):
    assert found(tiny_index, routes=("middle_corridor",), primary_only=True) == names("F1")
    assert found(tiny_index, routes=("tripp", "instc"), primary_only=True) == names("N1 T1")


# --- actors ---------------------------------------------------------------------------------------------
def test_actor_by_alias_and_case(tiny_index):
    assert found(tiny_index, actors=("China",)) == names("F2 B1 B2")
    assert found(tiny_index, actors=("tehran",)) == names("N1 T1")  # a capital counts for its state


def test_actor_any_of_several(tiny_index):
    assert found(tiny_index, actors=("Azerbaijan", "EU")) == names("G1 G2 T1 F3 B3")
    assert found(tiny_index, actors=("Iran", "Russia")) == names("N1 T1 T3")


def test_all_actors_needs_every_one(tiny_index):
    assert found(tiny_index, actors=("Azerbaijan", "EU"), all_actors=True) == names("G2")
    assert found(tiny_index, actors=("Iran", "Russia"), all_actors=True) == names("N1")
    assert found(tiny_index, actors=("China", "Georgia", "Kazakhstan"), all_actors=True) == names("B2")
    assert found(tiny_index, actors=("China", "Georgia", "Kazakhstan")) == names("F1 F2 B1 B2")
    assert found(tiny_index, actors=("China",), all_actors=True) == found(tiny_index, actors=("China",))


# --- publication dates ----------------------------------------------------------------------------------
def test_publication_years(tiny_index):
    assert found(tiny_index, date_from="2025") == names("T1 T2 T3 B1 B2 B3")
    assert found(tiny_index, date_to="2024") == names("F1 F2 F3 G1 G2 G3 N1 N2 N3")
    assert found(tiny_index, date_from="2023", date_to="2023") == set()


def test_publication_partial_dates(tiny_index):
    assert found(tiny_index, date_from="2024-05", date_to="2024-05") == names("G1 G2 G3 N1 N2 N3")
    assert found(tiny_index, date_to="2024-03") == names("F1 F2 F3")
    assert found(tiny_index, date_from="2024-03-15", date_to="2024-05-01") == set()


def test_publication_to_is_inclusive(tiny_index):
    assert found(tiny_index, date_to="2024-05-28") == names("F1 F2 F3 G1 G2 G3 N1 N2 N3")
    assert found(tiny_index, date_to="2024-05-27") == names("F1 F2 F3 G1 G2 G3")


def test_publication_from_is_inclusive(tiny_index):
    assert found(tiny_index, date_from="2024-05-28") == names("N1 N2 N3 T1 T2 T3 B1 B2 B3")
    assert found(tiny_index, date_from="2024-05-29") == names("T1 T2 T3 B1 B2 B3")


def test_month_precision_article_overlaps(tiny_index):
    """B is dated February 2025 only: any day of that month may be it."""
    assert found(tiny_index, date_from="2025-02-15") == names("B1 B2 B3")
    assert found(tiny_index, date_from="2025-02-01", date_to="2025-02-01") == names("B1 B2 B3")
    assert found(tiny_index, date_from="2025-01-10", date_to="2025-01-31") == names("T1 T2 T3")


# --- event dates ----------------------------------------------------------------------------------------
def test_event_dates_are_not_publication_dates(tiny_index):
    assert found(tiny_index, date_from="2023", date_to="2023", event_dates=True) == names("F3 G1")
    assert found(tiny_index, date_from="2026", event_dates=True) == names("N2")
    assert found(tiny_index, date_from="2025", event_dates=True) == names("N2 B3")


def test_event_dates_overlap_precision(tiny_index):
    """A year mention (B1: "2024") covers every day of it; a month mention its days."""
    assert found(tiny_index, date_from="2024-12", date_to="2025-06", event_dates=True) == names("T3 B1 B3")
    assert found(tiny_index, date_from="2024-04-12", date_to="2024-04-12", event_dates=True) == names("G2 B1")
    assert found(tiny_index, date_to="2024-01", event_dates=True) == names("F1 F3 G1 B1")


def test_event_to_is_inclusive(tiny_index):
    assert found(tiny_index, date_to="2023-11-01", event_dates=True) == names("F3 G1")
    assert found(tiny_index, date_to="2023-10-31", event_dates=True) == names("G1")
    assert found(tiny_index, date_from="2025-06-30", event_dates=True) == names("B3 N2")


# --- text -----------------------------------------------------------------------------------------------
def test_text_words_are_anded(tiny_index):
    assert found(tiny_index, q="customs") == names("T2")
    assert found(tiny_index, q="China") == names("F2 B1 B2")
    assert found(tiny_index, q="China Georgia") == names("B1 B2")


def test_text_phrase(tiny_index):
    assert found(tiny_index, q='"new supply contracts"') == names("G2")
    assert found(tiny_index, q='"contracts supply"') == set()
    assert found(tiny_index, q="contracts supply") == names("G2")


def test_text_prefix(tiny_index):
    assert found(tiny_index, q="ferr*") == names("F1")
    assert found(tiny_index, q="ferr") == set()


def test_text_with_no_searchable_word_is_not_applied(tiny_index):
    assert [short(i) for i in matching_ids(tiny_index, Filters(q="!!! ...")) ] == ALL


# --- combinations ---------------------------------------------------------------------------------------
def test_combination_route_and_actor(tiny_index):
    assert found(tiny_index, routes=("middle_corridor",), actors=("China",)) == names("B2")
    assert found(tiny_index, primary_only=True, actors=("Azerbaijan",)) == names("G1 T1")


def test_combination_actor_and_dates(tiny_index):
    assert found(tiny_index, actors=("EU",), date_from="2025", event_dates=True) == names("B3")
    assert found(tiny_index, actors=("EU",), date_to="2024") == names("F3 G2")
    assert found(tiny_index, routes=("tripp",), date_from="2024-12", event_dates=True) == names("T3")
    assert found(tiny_index, routes=("tripp",), date_from="2025") == names("T1 T3")


def test_combination_text_route_actor_dates(tiny_index):
    assert found(tiny_index, q="gas", routes=("middle_corridor",)) == names("G3")
    assert found(tiny_index, q="China", routes=("btk",), primary_only=True, date_from="2025",
                 actors=("Georgia",)) == names("B1")


# --- order, counts, other passages ----------------------------------------------------------------------
def test_date_order_and_relevance_order(tiny_index):
    f = Filters(routes=("middle_corridor",))
    assert [short(i) for i in lazy_hits(tiny_index, f).ids] == ["B2", "G3", "F1"]
    assert [short(i) for i in lazy_hits(tiny_index, f, order="relevance").ids] == ["F1", "B2", "G3"]


def test_route_counts_ignore_the_route_filter(tiny_index):
    every = {"middle_corridor": 3, "btk": 2, "instc": 2, "sgc": 1, "tripp": 2}
    assert route_counts(tiny_index, Filters()) == every
    assert route_counts(tiny_index, Filters(routes=("btk",))) == every
    assert route_counts(tiny_index, Filters(primary_only=True)) == dict.fromkeys(every, 1)


def test_route_counts_follow_every_other_filter(tiny_index):
    assert route_counts(tiny_index, Filters(actors=("China",))) == {"btk": 2, "middle_corridor": 1}
    assert route_counts(tiny_index, Filters(date_from="2024-12", date_to="2025-06", event_dates=True)) == \
        {"tripp": 1, "btk": 1}
    assert route_counts(tiny_index, Filters(q="gas")) == {"sgc": 1, "middle_corridor": 1}
    assert route_counts(tiny_index, Filters(date_from="2025")) == {"tripp": 2, "btk": 1, "middle_corridor": 1}
    assert route_counts(tiny_index, Filters(actors=("Iran", "Russia"), all_actors=True)) == {"instc": 1}


def test_other_ids_are_the_matching_passages_off_the_shown_routes(tiny_index):
    shown = ("middle_corridor", "btk", "instc", "sgc", "tripp")
    assert {short(i) for i in other_ids(tiny_index, Filters(), shown)} == names("F3 G2 N3 T2 B3")
    assert {short(i) for i in other_ids(tiny_index, Filters(routes=("btk",)), ("btk",))} == \
        set(ALL) - names("F2 B1")
    assert [short(i) for i in other_ids(tiny_index, Filters(actors=("China",)), ("btk",))] == ["B2"]
    assert [short(i) for i in other_ids(tiny_index, Filters(q="customs"), ())] == ["T2"]


# --- the app's state: URL parameters -> filters -> passages -----------------------------------------------
def state_filters(state: ViewState) -> Filters:
    """The query filters the app uses for a view."""
    return state.to_filters()


def from_url(index, params: dict) -> set[str]:
    state = ViewState.from_query_params(params)
    assert not state.problems, state.problems
    again = ViewState.from_query_params(state.to_query_params())
    assert again == state
    return {short(h.id) for h in search_passages(index, state_filters(state))}


def test_state_primary_with_route(tiny_index):
    assert from_url(tiny_index, {"route": "btk"}) == names("F2 B1")
    assert from_url(tiny_index, {"route": "btk", "primary": "1"}) == names("B1")


def test_state_all_actors(tiny_index):
    assert from_url(tiny_index, {"actor": ["Azerbaijan", "EU"]}) == names("G1 G2 T1 F3 B3")
    assert from_url(tiny_index, {"actor": ["Azerbaijan", "EU"], "all_actors": "1"}) == names("G2")


def test_state_event_dates(tiny_index):
    assert from_url(tiny_index, {"from": "2023", "to": "2023", "dates": "events"}) == names("F3 G1")
    assert from_url(tiny_index, {"from": "2023", "to": "2023"}) == set()
    assert from_url(tiny_index, {"from": "2024-05", "to": "2024-05"}) == names("G1 G2 G3 N1 N2 N3")


def test_state_text(tiny_index):
    assert from_url(tiny_index, {"q": "customs"}) == names("T2")
    assert from_url(tiny_index, {"q": "gas", "route": "middle_corridor"}) == names("G3")


# --- the CLI, in process ------------------------------------------------------------------------------------
def cli_ids(db, *args: str) -> list[str]:
    run = CliRunner().invoke(cli, ["passages", "--db", str(db), "--quiet", *args])
    assert run.exit_code == 0, run.output
    return [short(json.loads(line)["id"]) for line in run.output.splitlines() if line.strip()]


def test_cli_route_primary_only(tiny_db):
    assert cli_ids(tiny_db, "--route", "btk") == ["B1", "F2"]
    assert cli_ids(tiny_db, "--route", "btk", "--primary-only") == ["B1"]


def test_cli_all_actors(tiny_db):
    assert cli_ids(tiny_db, "--actor", "azerbaijan", "--actor", "EU") == ["B3", "T1", "G1", "G2", "F3"]
    assert cli_ids(tiny_db, "--actor", "azerbaijan", "--actor", "EU", "--all-actors") == ["G2"]


def test_cli_event_dates(tiny_db):
    assert cli_ids(tiny_db, "--from", "2023", "--to", "2023", "--event-dates") == ["G1", "F3"]
    assert cli_ids(tiny_db, "--from", "2023", "--to", "2023") == []
    assert cli_ids(tiny_db, "--from", "2024-05", "--to", "2024-05-28") == ["N1", "N2", "N3", "G1", "G2", "G3"]


def test_cli_text(tiny_db):
    assert cli_ids(tiny_db, "--q", "customs") == ["T2"]
    assert cli_ids(tiny_db, "--q", "gas", "--route", "middle_corridor", "--actor", "Turkey") == ["G3"]
    run = CliRunner().invoke(cli, ["passages", "--db", str(tiny_db), "--q", "!!!"])
    assert run.exit_code == 2 and "no searchable word" in run.output


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "24", "2024/05"])
def test_cli_bad_date_is_a_usage_error(tiny_db, bad):
    run = CliRunner().invoke(cli, ["passages", "--db", str(tiny_db), "--from", bad])
    assert run.exit_code == 2 and bad in run.output and "Traceback" not in run.output
