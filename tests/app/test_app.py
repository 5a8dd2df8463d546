"""The app driven by Streamlit's AppTest (no browser): views, filters, URL state, map clicks, escaping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from corridors import state as S

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
HOSTILE = ' <script>alert("x")</script><img src=x onerror=alert(1)> Zangezur'


@pytest.fixture(scope="module")
def hostile_env(tmp_path_factory):
    """A copy of the bundled corpus where one TRIPP paragraph carries HTML/JS, and its own index."""
    corpus = tmp_path_factory.mktemp("corpus")
    for f in (ROOT / "sources" / "corpus").glob("*.txt"):
        shutil.copy(f, corpus / f.name)
    files = sorted(corpus.glob("*.txt"))
    first = files[0].read_text(encoding="utf-8").splitlines()
    line = next(x for x in first if "Zangezur" in x and len(x) > 200)
    for f in files:  # every copy of the article, so it stays one article
        text = f.read_text(encoding="utf-8")
        f.write_text(text.replace(line, line + HOSTILE), encoding="utf-8")
    return {"CORRIDORS_CORPUS": str(corpus), "CORRIDORS_DB": str(corpus.parent / "hostile.sqlite")}


@pytest.fixture
def app(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("CORRIDORS_DB", str(tmp_path_factory.getbasetemp() / "app-index.sqlite"))
    monkeypatch.delenv("CORRIDORS_CORPUS", raising=False)
    return AppTest.from_file(APP, default_timeout=240)


def map_args(at: AppTest) -> dict:
    (el,) = at.get("component_instance")
    return json.loads(el.proto.json_args)


def quotes(at: AppTest) -> list[str]:
    return [m.value for m in [*at.markdown, *at.html] if 'class="ca-quote"' in m.value]


def qp(at: AppTest, key: str) -> list[str]:
    """All values of a query parameter (AppTest gives a str for one value, a list for several)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def segment_ids(at: AppTest, route: str) -> list[str]:
    import re

    return re.findall(rf'"id": "({route}-[a-z0-9-]+)"', map_args(at)["feature_group"])


def map_features(at: AppTest) -> list[dict]:
    """Every GeoJSON feature in the swappable route layers (decoded from the feature group's JS)."""
    text = map_args(at)["feature_group"]
    decoder = json.JSONDecoder()
    features = []
    pos = text.find("_add(")
    while pos != -1:
        data, end = decoder.raw_decode(text, pos + len("_add("))
        features += data.get("features", [])
        pos = text.find("_add(", end)
    return features


def segment_weights(at: AppTest) -> dict[str, set[float]]:
    """Route id -> the line widths its segments are drawn with."""
    weights: dict[str, set[float]] = {}
    for f in map_features(at):
        props = f["properties"]
        if props.get("kind") == "segment":
            weights.setdefault(props["route"], set()).add(props["style"]["weight"])
    return weights


def vocab_weights(route: str, at: AppTest) -> set[float]:
    from geo.style import segment_style

    return {segment_style("#000000", f["properties"]["mode"], f["properties"]["status"]).weight
            for f in map_features(at) if f["properties"].get("route") == route and f["properties"]["kind"] == "segment"}


def passage_on(db: str, primary: str, mention: str) -> str:
    """A passage whose primary link is `primary` and which also mentions `mention`."""
    import sqlite3

    with sqlite3.connect(db) as con:
        row = con.execute(
            "SELECT a.passage_id FROM links a JOIN links b ON a.passage_id = b.passage_id "
            "WHERE a.route_id = ? AND a.strength = 'primary' AND b.route_id = ? AND b.strength != 'primary' "
            "ORDER BY a.passage_id LIMIT 1", (primary, mention)).fetchone()
    assert row, f"no passage with {primary} primary and {mention} mentioned"
    return row[0]


def click(at: AppTest, feature_id: str) -> None:
    args = map_args(at)
    feature = {"type": "Feature", "properties": {"id": feature_id}, "geometry": None}
    at.session_state[args["key"]] = dict(args["default"], last_active_drawing=feature, last_object_clicked_count=1)
    at.run()


@pytest.mark.parametrize("view", ["map", "sources", "timeline", "export"])
def test_each_view_runs(app, view):
    app.run()
    app.session_state[S.KEY_VIEW] = view
    app.run()
    assert not app.exception, [e.message for e in app.exception]


def test_export_view_previews_and_offers_downloads(app):
    """Smoke test: the Export view renders a preview for the current selection and a download button."""
    app.query_params["select"] = "tripp"
    app.run()
    app.session_state[S.KEY_VIEW] = "export"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.get("image"), "a preview image"
    assert "1 route(s)" in str(app.get("image")[0].proto), "the preview is of the selected route"
    assert app.get("download_button")
    assert not any(el for el in app.get("component_instance") if "feature_group" in json.loads(el.proto.json_args)
                   and "tripp" in (json.loads(el.proto.json_args).get("feature_group") or "")), \
        "the main map is not drawn in the Export view"


def test_map_has_routes_and_offline_assets(app):
    app.run()
    args = map_args(app)
    assert "tripp" in args["feature_group"] and "btk" in args["feature_group"]
    assert all(link.startswith("/app/static/vendor/") for link in args["js_links"] + args["css_links"])
    assert quotes(app), "the default view lists the passages of the layers shown"


def test_actor_filter_changes_list_and_url(app):
    app.run()
    before = len(quotes(app))
    app.multiselect(key=S.KEY_ACTORS).set_value(["Iran"]).run()
    after = quotes(app)
    assert not app.exception
    assert qp(app, "actor") == ["Iran"]
    assert 0 < len(after) <= before
    assert all('class="actor"' in q for q in after)


def test_actor_picker_lists_the_actors_found_with_counts(app):
    app.run()
    options = app.multiselect(key=S.KEY_ACTORS).options
    assert options[0].startswith("Azerbaijan · ")  # most passages first
    assert any(o.startswith("Iran · ") for o in options)
    assert not any(o.startswith("Tuvalu") for o in options)  # in the catalog, not in the corpus


def test_layers_toggle_writes_route_params_and_keeps_map_key(app):
    app.run()
    key = map_args(app)["key"]
    app.checkbox(key=f"{S.KEY_ROUTES}_btk").uncheck().run()
    assert "btk" not in qp(app, "route") and "tripp" in qp(app, "route")
    args = map_args(app)
    assert args["key"] == key, "a filter change must not re-mount the map"
    assert '"route": "btk"' not in args["feature_group"]


def test_query_params_restore_the_view(app):
    for k, v in {"route": ["tripp", "instc"], "actor": ["iran"], "primary": "1", "q": "railway",
                 "select": "tripp", "from": "2025"}.items():
        app.query_params[k] = v
    app.run()
    assert not app.exception
    assert app.checkbox(key=f"{S.KEY_ROUTES}_tripp").value is True
    assert app.checkbox(key=f"{S.KEY_ROUTES}_btk").value is False
    assert app.multiselect(key=S.KEY_ACTORS).value == ["Iran"]
    assert app.toggle(key=S.KEY_PRIMARY).value is True
    assert app.text_input(key=S.KEY_Q).value == "railway"
    assert app.selectbox(key=S.KEY_SELECT).value == "tripp"
    assert qp(app, "route") == ["tripp", "instc"]


def test_bad_query_params_are_ignored(app):
    app.query_params["from"] = "not-a-date"
    app.query_params["route"] = "atlantis"
    app.run()
    assert not app.exception
    assert app.text_input(key=S.KEY_DATE_FROM).value == ""


def test_click_on_map_selects_and_lists_its_passages(app):
    app.run()
    click(app, "btk")
    assert not app.exception
    assert app.selectbox(key=S.KEY_SELECT).value == "btk"
    assert qp(app, "select") == ["btk"]
    assert any("Baku–Tbilisi–Kars" in h.value for h in app.subheader)
    assert quotes(app)


def test_click_on_segment_selects_its_route_passages(app):
    app.run()
    seg = segment_ids(app, "tripp")[0]
    click(app, seg)
    assert app.selectbox(key=S.KEY_SELECT).value == seg
    assert quotes(app)


def test_selecting_a_passage_highlights_its_route(app):
    app.run()
    click(app, "btk")
    pick = next(b for b in app.button if b.key and b.key.startswith(f"{S.PREFIX}cit_pick_"))
    pick.click().run()
    assert qp(app, "passage")
    thick = {w - 3.0 for w in segment_weights(app)["btk"]}  # SELECT_EXTRA
    assert thick == vocab_weights("btk", app)


def test_selected_route_passage_highlights_only_that_route(app):
    """A TRIPP passage that also mentions the INSTC, picked under the TRIPP selection: INSTC stays thin."""
    app.run()
    import os

    pid = passage_on(os.environ["CORRIDORS_DB"], "tripp", "instc")
    app.query_params["select"] = "tripp"
    app.query_params["passage"] = pid
    app.run()
    assert not app.exception
    weights = segment_weights(app)
    assert {w - 3.0 for w in weights["tripp"]} == vocab_weights("tripp", app)
    assert weights["instc"] == vocab_weights("instc", app), "a merely mentioned route must not be highlighted"


def test_passage_without_selection_highlights_its_primary_routes(app):
    app.run()
    import os

    pid = passage_on(os.environ["CORRIDORS_DB"], "tripp", "instc")
    app.query_params["passage"] = pid
    app.run()
    assert not app.exception
    assert app.selectbox(key=S.KEY_SELECT).value is None
    weights = segment_weights(app)
    assert {w - 3.0 for w in weights["tripp"]} == vocab_weights("tripp", app)
    assert weights["instc"] == vocab_weights("instc", app)


def test_passage_highlight_rule(tiny_index):
    """On real hits of the tiny corpus (T1: tripp primary, F2: btk mention, F3: no route), T1 given an extra
    INSTC mention link in front."""
    from dataclasses import replace

    from corridors.query import Filters, search_passages
    from corridors.views.citations import passage_highlight
    from routes.models import Evidence, Link

    hits = {h.id: h for h in search_passages(tiny_index, Filters())}
    t1 = hits["vance-2025-tripp-and-the-armenian-debate#p1"]
    assert [(lk.route_id, lk.strength) for lk in t1.routes] == [("tripp", "primary")]
    instc = Link(t1.id, "instc", "mention", "auto", (Evidence(0, 4, t1.passage.text[:4]),))
    hit = replace(t1, routes=(instc, *t1.routes))
    assert passage_highlight(hit) == ("tripp",)
    assert passage_highlight(hit, selected_routes=("instc",)) == ("instc",)
    assert passage_highlight(hits["quill-2024-caspian-ferries-strain-under-middle-corridor#p2"]) == ("btk",)
    assert passage_highlight(hits["quill-2024-caspian-ferries-strain-under-middle-corridor#p3"]) == ()


def test_map_styles_come_from_the_shared_vocabulary(app):
    """Every line and node is styled by geo.style (the print export uses the same functions)."""
    from geo.style import node_style, segment_style

    app.run()
    from routes.catalog import load_catalog

    colours = {r.id: r.colour for r in load_catalog().values()}
    features = map_features(app)
    segments = [f["properties"] for f in features if f["properties"].get("kind") == "segment"]
    assert segments
    for props in segments:
        vocab = segment_style(colours[props["route"]], props["mode"], props["status"])
        style = props["style"]
        assert style["color"] == vocab.colour
        assert style["weight"] == vocab.weight
        assert style.get("dashArray") == vocab.dash_array
        assert style["opacity"] in (vocab.opacity, 0.22)
    casings = [f for f in features if f["properties"].get("kind") == "casing"]
    assert len(casings) == sum(segment_style("#000000", p["mode"], p["status"]).casing for p in segments)
    nodes = [f for f in features if f["properties"].get("kind") == "node"]
    assert nodes and all(f["properties"]["style"]["fillColor"] in {node_style(k).fill for k in
                         ("port", "border_crossing", "terminal", "junction", "checkpoint")} for f in nodes)


def test_legend_shows_every_mode_status_and_node_style(app):
    import html as html_lib

    from geo.style import legend_labels

    app.run()
    sidebar = "\n".join(m.value for m in app.sidebar.markdown)
    script = map_args(app)["script"]
    for group in legend_labels().values():
        for label in group.values():
            assert html_lib.escape(label) in sidebar
            assert json.dumps(html_lib.escape(label))[1:-1] in script  # the map's (collapsed) legend control
    assert 'stroke-dasharray="5,5"' in sidebar  # planned road: dash [2, 2] x 2.5 px


def test_basemap_is_a_static_file_not_inlined(app):
    app.run()
    import re

    script = map_args(app)["script"]
    from corridors import map_assets

    url = re.search(r'fetch\("/component/corridors\.map_assets\.map_static/(countries-[0-9a-f]{16}\.json)"\)', script)
    assert url, "the map fetches the basemap from the served cache folder"
    path = map_assets.served_folder() / url.group(1)
    assert ROOT not in path.parents, "generated files never go into the repository"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) > 10
    assert len(script) < 100_000, "the ~600 KiB basemap is not inlined in every rerun's map element"


def test_read_in_context_shows_whole_article(app):
    app.run()
    ctx = next(b for b in app.button if b.key and b.key.startswith(f"{S.PREFIX}cit_ctx_"))
    ctx.click().run()
    assert any('class="ca-here"' in m.value for m in app.markdown)


def test_hostile_passage_is_escaped(monkeypatch, hostile_env):
    for k, v in hostile_env.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params["q"] = "onerror"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    html_out = "\n".join(m.value for m in [*at.markdown, *at.html])
    assert "&lt;script&gt;" in html_out
    assert "<script" not in html_out.replace("<style>", "") and "<img" not in html_out


def test_a_search_with_no_searchable_word_says_it_is_not_applied(app):
    app.run()
    app.text_input(key=S.KEY_Q).set_value("%%%").run()
    assert not app.exception
    assert any("No searchable word" in w.value for w in app.sidebar.warning)


def test_a_long_list_shows_a_page_of_cards_and_more_on_request(app):
    from corridors.views.citations import PAGE

    at = app.run()
    caption = next(c.value for c in at.caption if " passages; highlighted" in c.value)
    total = int(caption.split()[0])
    assert total > 2 * PAGE, "the bundled corpus's default list is long enough to page"
    first = quotes(at)
    more = [b for b in at.button if b.label == f"Show {PAGE} more"]
    assert more, [b.label for b in at.button if "more" in b.label]
    more[0].click().run()
    second = quotes(at)
    assert len(second) - len(first) == PAGE
    assert second[:PAGE] == first[:PAGE], "the first page stays in place above the next"

