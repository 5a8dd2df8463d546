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


def subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_actor_csto_shows_its_passages_as_other_passages(app):
    app.query_params["actor"] = "CSTO"
    at = app.run()
    n = len(csto_passages())
    assert n >= 5
    heading = next(h for h in subheaders(at) if h.startswith("Other passages"))
    assert heading.startswith(f"Other passages ({n})")
    assert len(quotes(at)) == n  # none on the layers, all of them in "Other passages"


def test_sources_view_respects_the_filters(app):
    at = app.run()
    at.segmented_control[0].set_value("sources").run()
    everything = at.dataframe[0].value
    app2 = AppTest.from_file(APP, default_timeout=240)
    app2.query_params["actor"] = "CSTO"
    app2.query_params["view"] = "sources"
    at2 = app2.run()
    table = at2.dataframe[0].value
    assert 0 < len(table) < len(everything)
    assert all("/" not in f for files in everything["files"] for f in files.split(", "))  # bundled: in the folder
    assert table["matching passages"].sum() == len(csto_passages())
    assert any(f"{len(table)} of {len(everything)} articles have passages matching the filters" in c.value
               for c in at2.caption)


def csto_passages() -> list:
    import os

    from corridors.query import Filters, search_passages
    from corridors.store import open_store

    return search_passages(open_store(os.environ["CORRIDORS_DB"]), Filters(actors=("CSTO",)))


def test_source_line_shows_the_path_inside_the_corpus_folder(app):
    app.query_params["select"] = "tripp"
    at = app.run()
    lines = [m.group(1) for q in quotes(at) if (m := re.search(r'<div class="ca-source">([^<]*)</div>', q))]
    assert lines and len(lines) == len(quotes(at))
    for line in lines:
        assert re.fullmatch(r"Source: [^/]+\.txt, line \d+", line), line  # bundled files sit in the folder itself


# --- actor picker (issue 13 point 1) -----------------------------------------------------------------------

@pytest.mark.parametrize("typed, actor", [("Iran", "Iran"), ("Tehran", "Iran"), ("Ankara", "Turkey"),
                                          ("Kremlin", "Russia"), ("Washington", "United States"),
                                          ("Pezeshkian", "Iran"), ("Iranian", "Iran")])
def test_the_first_option_a_typed_word_finds_is_its_actor(app, typed, actor):
    """The picker filters labels by substring and Enter adds the first match: that must be the right actor."""
    from corridors import state as S

    at = app.run()
    picker = at.multiselect(key=S.KEY_ACTORS)
    assert picker.proto.DESCRIPTOR.fields_by_name["filter_mode"].enum_type.values_by_number[
        picker.proto.filter_mode].name == "FILTER_MODE_CONTAINS"  # the order below is the order the user sees
    labels = list(picker.options)
    first = next(label for label in labels if typed.casefold() in label.casefold())
    assert first.split(" · ")[0] == actor
    assert typed.casefold() in first.casefold()  # the word typed stays visible in the option


def test_select_all_matches_is_off(app):
    from corridors import state as S

    at = app.run()
    proto = at.multiselect(key=S.KEY_ACTORS).proto
    assert proto.select_all == 0  # 0: the "Select all" / "Select N matches" option is never shown


def listed(at: AppTest) -> int:
    """Passages the map view lists: on the layers shown plus "Other passages"."""
    counts = [int(m.group(1)) for c in at.caption for m in [re.match(r"(\d+) passages?;", c.value)] if m]
    other = next(int(re.search(r"\((\d+)\)", h).group(1)) for h in subheaders(at) if h.startswith("Other passages"))
    on_layers = counts[0] if counts and not subheaders(at)[0].startswith("Other") else 0
    return on_layers + other


def test_all_of_these_actors_switch_is_the_clis_all_actors(app):
    import os

    from corridors import state as S
    from corridors.query import Filters, search_passages
    from corridors.store import open_store

    app.query_params["actor"] = ["Iran", "Russia"]
    at = app.run()
    idx = open_store(os.environ["CORRIDORS_DB"])
    any_of = len(search_passages(idx, Filters(actors=("Iran", "Russia"))))
    all_of = len(search_passages(idx, Filters(actors=("Iran", "Russia"), all_actors=True)))
    assert 0 < all_of < any_of
    assert listed(at) == any_of
    at.toggle(key=S.KEY_ALL_ACTORS).set_value(True).run()
    assert listed(at) == all_of
    assert at.query_params.get("all_actors") in ("1", ["1"])
