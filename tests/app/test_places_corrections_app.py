"""Issue 13 points 7 and 11 in AppTest: a segment lists the passages naming its places first; a place search
selects (highlights) its node; a link corrected in the app is gone after the rebuild, the file holds it."""

from __future__ import annotations

import shutil
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from corridors import state as S
from corridors.corrections import user_overrides_path
from corridors.views.citations import PAGE
from routes.places import default_gazetteer
from sources.ingest import BUNDLED_CORPUS
from tests.app.test_app import APP, quotes


@pytest.fixture
def app(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path_factory.getbasetemp() / "app-index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    monkeypatch.setenv("CORRIDORS_CORRECTIONS_DIR", str(tmp_path_factory.mktemp("data")))
    return AppTest.from_file(APP, default_timeout=240)


def subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_segment_lists_passages_naming_its_places_first(app):
    app.query_params["select"] = "tripp-kars-dilucu"
    at = app.run()
    heads = subheaders(at)
    first = next(h for h in heads if h.startswith("Passages naming "))
    assert "Kars" in first and "Iğdır" in first and "Nakhchivan" in first
    rest = next(h for h in heads if h.startswith("Other passages on "))
    assert "TRIPP" in rest or "Trump Route" in rest
    n = int(first.rsplit("(", 1)[1].rstrip(")"))
    m = int(rest.rsplit("(", 1)[1].rstrip(")"))
    cards = quotes(at)
    shown = min(n, PAGE)  # each list shows a page of cards (and "Show more")
    assert n > 0 and m > 0 and len(cards) == shown + min(m, PAGE)
    gaz, wanted = default_gazetteer(), {"kars", "igdir", "dilucu", "nakhchivan"}
    # the first list's cards name a place of the segment; the others name none of them
    assert all(wanted & set(gaz.ids(c)) for c in cards[:shown])
    assert not any(wanted & set(gaz.ids(c)) for c in cards[shown:])


@pytest.mark.parametrize("typed,node,name", [("kars", "junction-kars", "Kars"), ("Astara", "border-astara", "Astara")])
def test_place_search_selects_and_lists_the_place(app, typed, node, name):
    at = app.run()
    at.text_input(key=f"{S.PREFIX}place_q").set_value(typed).run()
    assert at.session_state[S.KEY_SELECT] == node  # the node, drawn selected on the map
    head = next(h for h in subheaders(at) if h.startswith("Passages naming "))
    assert head.startswith(f"Passages naming {name} (")
    n = int(head.rsplit("(", 1)[1].rstrip(")"))
    cards = quotes(at)
    assert n == sum(1 for c in cards if name in c)  # exactly the cards that name it, and they come first
    assert all(name in c for c in cards[:n])
    rest = next(h for h in subheaders(at) if h.startswith("Other passages on "))
    assert rest.count(",") >= (1 if node == "junction-kars" else 0)  # a node on three routes names them all


def test_place_search_for_a_town_without_node_selects_its_segment(app):
    at = app.run()
    at.text_input(key=f"{S.PREFIX}place_q").set_value("Meghri").run()
    assert at.session_state[S.KEY_SELECT].startswith(("tripp-", "meghri-julfa-"))
    assert any(h.startswith("Passages naming Meghri (") for h in subheaders(at))


def test_link_corrected_in_app_is_gone_after_rebuild(monkeypatch, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    monkeypatch.setenv("CORRIDORS_CORPUS", str(corpus))
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path / "i.sqlite"))
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params["select"] = "instc"
    at.run()
    before = quotes(at)
    keys = [b.key for b in at.button if (b.key or "").startswith(f"{S.PREFIX}cit_fixopen_")]
    assert len(keys) == len(before)  # every card can be corrected
    assert not [r for r in at.radio if (r.key or "").startswith(f"{S.PREFIX}cit_fixact_")]  # no form until opened
    pid = keys[0].removeprefix(f"{S.PREFIX}cit_fixopen_")
    at.button(key=keys[0]).click().run()
    assert [r.key for r in at.radio if (r.key or "").startswith(f"{S.PREFIX}cit_fixact_")] == [
        f"{S.PREFIX}cit_fixact_{pid}"]  # the form of the opened card only
    at.radio(key=f"{S.PREFIX}cit_fixact_{pid}").set_value("remove")
    at.selectbox(key=f"{S.PREFIX}cit_fixroute_{pid}").set_value("instc")
    at.text_input(key=f"{S.PREFIX}cit_fixwhy_{pid}").set_value("passing <b>mention</b> only")
    next(b for b in at.button if b.label == "Save correction").click().run()
    f = user_overrides_path((corpus,))
    entry = tomllib.loads(f.read_text(encoding="utf-8"))["override"]
    assert entry == [{"passage": pid, "route": "instc", "action": "remove", "reason": "passing <b>mention</b> only"}]
    assert any("reviewed" in q for q in quotes(at))
    at.button(key=f"{S.PREFIX}cit_fixbuild_{pid}").click().run()
    after = quotes(at)
    assert len(after) == len(before) - 1
    assert f"{S.PREFIX}cit_fixact_{pid}" not in [r.key for r in at.radio]
