"""Relevance first (issue 13 point 4): primary links, then mentions; by evidence score and topic; then date."""
from __future__ import annotations

import pytest

from corridors.query import EVIDENCE_CAP, TOPIC_BONUS, Filters, lazy_hits, matching_ids, relevance

ROUTES = ("tripp", "middle_corridor", "instc", "sgc")


def strength(hit, route: str) -> str:
    return next((r.strength for r in hit.routes if r.route_id == route), "")


@pytest.mark.parametrize("route", ROUTES)
def test_primary_passages_come_first(bundled_index, route):
    hits = list(lazy_hits(bundled_index, Filters(routes=(route,)), order="relevance"))
    kinds = [strength(h, route) for h in hits]
    n_primary = kinds.count("primary")
    assert kinds[:min(3, n_primary)] == ["primary"] * min(3, n_primary)
    assert kinds == sorted(kinds, key=lambda k: k != "primary"), "a mention before a primary"
    assert sorted(h.id for h in hits) == sorted(matching_ids(bundled_index, Filters(routes=(route,))))


def test_relevance_changes_the_order_where_date_order_buries_the_primary(bundled_index):
    by_date = list(lazy_hits(bundled_index, Filters(routes=("instc",)), order="date"))
    first_primary = next(i for i, h in enumerate(by_date) if strength(h, "instc") == "primary")
    assert first_primary > 0  # the case of the issue: newest first puts mentions on top
    by_rel = list(lazy_hits(bundled_index, Filters(routes=("instc",)), order="relevance"))
    assert strength(by_rel[0], "instc") == "primary"


@pytest.mark.parametrize("route", ROUTES)
def test_within_a_strength_higher_score_first_then_newest(bundled_index, route):
    ids = list(lazy_hits(bundled_index, Filters(routes=(route,)), order="relevance").ids)
    rel = relevance(bundled_index, ids, (route,))
    date_pos = {pid: i for i, pid in enumerate(matching_ids(bundled_index, Filters(routes=(route,))))}
    for a, b in zip(ids, ids[1:]):
        if rel[a].strength == rel[b].strength:
            assert (-rel[a].score, date_pos[a]) < (-rel[b].score, date_pos[b])


def test_score_is_evidence_weight_capped_plus_topic(bundled_index):
    hits = list(lazy_hits(bundled_index, Filters(routes=("tripp",))))
    rel = relevance(bundled_index, [h.id for h in hits], ("tripp",))
    weights = {"alias": 3, "component": 3, "operator": 3, "override": 3, "waypoints": 2, "description": 2}
    topics = 0
    for h in hits:
        link = next(r for r in h.routes if r.route_id == "tripp")
        raw = sum(weights.get(e[3], 1) for e in link.evidence)
        r = rel[h.id]
        assert r.evidence == len(link.evidence)
        assert r.score == min(EVIDENCE_CAP, raw) + (TOPIC_BONUS if r.topic else 0)
        topics += r.topic
    assert 0 < topics < len(hits)  # some articles are about TRIPP, some only mention it


# --- "Other passages" (issue 13 point 8) -------------------------------------------------------------------

from corridors.query import other_ids, search_passages  # noqa: E402


@pytest.mark.parametrize("actor", ["CSTO", "Iran", "EU"])
def test_other_passages_and_the_layer_list_together_are_what_the_cli_finds(bundled_index, actor):
    from routes.catalog import load_catalog

    shown = tuple(load_catalog())
    cli = {h.id for h in search_passages(bundled_index, Filters(actors=(actor,)))}
    on_layers = set(matching_ids(bundled_index, Filters(actors=(actor,), routes=shown)))
    other = other_ids(bundled_index, Filters(actors=(actor,)), shown)
    assert on_layers.isdisjoint(other) and on_layers | set(other) == cli
    assert len(other) == len(set(other))


def test_csto_passages_link_to_no_route_and_are_all_other_passages(bundled_index):
    cli = [h.id for h in search_passages(bundled_index, Filters(actors=("CSTO",)))]
    assert len(cli) >= 5
    assert other_ids(bundled_index, Filters(actors=("CSTO",)), ("tripp", "instc")) == cli


def test_a_layer_switched_off_sends_its_passages_to_other(bundled_index):
    only_sgc = set(other_ids(bundled_index, Filters(), ("sgc",)))
    tripp = set(matching_ids(bundled_index, Filters(routes=("tripp",))))
    assert tripp <= only_sgc
    assert not tripp & set(other_ids(bundled_index, Filters(), ("tripp",)))
