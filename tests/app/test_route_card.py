"""The route card (figures and status history): every source shows as a ``[source]`` link, whatever its form.

A history source is ``ref:<key>`` (an external page) or ``passage:<id>`` (a corpus passage). The card used to
print a passage source as its raw id (``[blank-2025-trump-makes-a-move-in-the-caucasus#p1]`` on TRIPP, and
the two Lachin events) while references showed ``[source]``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from corridors.views.figures import route_card_html
from geo.history import default_history
from geo.layers import load_layers
from routes.catalog import load_catalog

BRACKETED = re.compile(r"\[([^\]]*)\]")
LINK = re.compile(r'<a href="([^"]*)"[^>]*>\[source\]</a>')


def _segments(route_id: str) -> list[str]:
    segs = load_layers().segments
    return [str(s) for s in segs[segs["route"] == route_id]["id"]]


def _sources(route_id: str, segment_ids: list[str]) -> list[str]:
    history = default_history()
    out = []
    for f in history.figures.values():
        if f.route == route_id:
            out += [f.length_source] + ([f.capacity_source] if f.capacity is not None else [])
    for p in history.projects.values():
        if any(s in p["segments"] for s in segment_ids):
            out += [e.source for e in p["events"]]
    return out


@pytest.mark.parametrize("route_id", sorted(load_catalog()))
def test_every_source_on_every_card_is_a_source_link(route_id):
    segment_ids = _segments(route_id)
    card = route_card_html(route_id, route_id, select=None, segment_ids=segment_ids, as_of=None)
    sources = _sources(route_id, segment_ids)
    if card is None:
        assert not sources
        return
    assert sources
    assert set(BRACKETED.findall(card)) == {"source"}, card
    links = LINK.findall(card)
    assert len(links) == len(sources)
    passages = [s.partition(":")[2] for s in sources if s.startswith("passage:")]
    opened = [parse_qs(urlparse(h.replace("&amp;", "&")).query) for h in links if h.startswith("?")]
    assert [q["passage"] for q in opened] == [[p] for p in passages]
    assert all(q["select"] == [route_id] for q in opened)


def test_tripp_and_lachin_cite_corpus_passages():
    """The two cards whose history cites corpus passages (so the test above covers the passage form)."""
    for route_id, n in (("tripp", 1), ("lachin", 2)):
        card = route_card_html(route_id, route_id, select=None, segment_ids=_segments(route_id), as_of=None)
        assert card is not None and card.count("passage=") == n


def test_an_unknown_source_is_marked_not_hidden():
    from corridors.views import figures
    from geo.history import source_label

    history = default_history()
    assert source_label(history, "ref:nowhere")["kind"] == "ref"
    assert figures._link(history, "ref:nowhere", "tripp") == ' <span title="source not found">[ref:nowhere?]</span>'
