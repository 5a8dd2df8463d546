"""The views read typed query results (``corridors.query.Hit`` and its ``Link``/``Passage``/``Article``),
here real hits of the hand-made corpus ``tests/data/tiny`` (its table: ``tests/data/tiny/README.md``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corridors.query import Filters, Relevance, search_passages
from corridors.views import citations, timeline
from routes.catalog import load_catalog

T, F, N, B = ("vance-2025-tripp-and-the-armenian-debate", "quill-2024-caspian-ferries-strain-under-middle-corridor",
              "hart-2024-iran-and-russia-revive-the-north-south", "quill-2025-the-btk-railway-two-years-on")


@pytest.fixture(scope="module")
def hits(tiny_index):
    return {h.id: h for h in search_passages(tiny_index, Filters())}


def test_hit_spans_are_the_links_evidence_actors_dates_and_search_words(hits):
    t3 = hits[f"{T}#p3"]  # tripp (mention), russia, December 2024
    spans = citations.hit_spans(t3, routes=None, q="russia")
    text = t3.passage.text
    ev = [text[s:e] for s, e, css in spans if css == "ev"]
    assert ev == [e.text for lk in t3.routes for e in lk.evidence] and ev
    assert [text[s:e] for s, e, css in spans if css == "actor"] == [m.text for m in t3.actors]
    assert [text[s:e] for s, e, css in spans if css == "date"] == ["December 2024"]
    assert {text[s:e].lower() for s, e, css in spans if css == "q"} == {"russia"}
    assert not [c for *_, c in citations.hit_spans(t3, routes=("btk",), q=None) if c == "ev"]


def test_badge_meta_line_and_citation_read_the_hit(hits):
    looks = load_catalog()
    f2, f3 = hits[f"{F}#p2"], hits[f"{F}#p3"]
    assert ">mention<" in citations.badge(f2, None, None)
    assert "no route link" in citations.badge(f2, None, ("tripp",))
    assert "no route link" in citations.badge(f3, None, None)
    rel = citations.badge(f2, Relevance("primary", 7, 2, True), ("btk",))
    assert "ca-primary" in rel and "score 7: 2 evidence; article topic" in rel and "· 7" in rel
    meta = citations._meta_line(f2, looks, {"china": "People's Republic of China"})
    assert f"Routes: {looks['btk'].name} (mention)" in meta and "People&#x27;s Republic of China" in meta
    assert citations.citation_text(f2) == f2.citation and "Quill" in f2.citation
    assert citations.citation_text(replace(f2, citation="")).endswith(f'"{f2.article.title}", ¶2')


def test_reviewed_badge_for_an_override_link_or_a_pending_correction(hits):
    t1 = hits[f"{T}#p1"]
    assert citations.reviewed(t1, {}) == ""
    assert "reviewed" in citations.reviewed(t1, {t1.id: []})
    by_hand = replace(t1, routes=tuple(replace(lk, origin="override") for lk in t1.routes))
    assert "corrected by hand" in citations.reviewed(by_hand, {})


def test_split_by_places_keeps_order(hits, tiny_index):
    page = [hits[f"{N}#p2"], hits[f"{N}#p1"], hits[f"{F}#p2"]]  # N1 names Rasht and Astara, no other does
    mentions = tiny_index.place_mentions([h.id for h in page])
    naming, rest = citations.split_by_places(page, ["astara"], mentions)
    assert [h.id for h in naming] == [f"{N}#p1"]
    assert [h.id for h in rest] == [f"{N}#p2", f"{F}#p2"]
    assert citations.split_by_places(page, ["kars"], mentions) == ([], page)


def test_timeline_points_are_route_and_month_of_each_dated_mention(hits):
    points = timeline.timeline_points(list(hits.values()), load_catalog())
    # Year-precision dates (G1 "2023", B1 "2024") have no month and make no point.
    assert {k: [h.id for h in v] for k, v in points.items()} == {
        ("middle_corridor", "2024-01"): [f"{F}#p1"], ("instc", "2024-05"): [f"{N}#p1"],
        ("tripp", "2024-12"): [f"{T}#p3"], ("instc", "2026-03"): [f"{N}#p2"]}
