"""Issue 13, points 5, 6 and 10 in Chromium: the map follows the selection, keeps its view in the URL, carries
permanent labels that do not collide, stays one stop for the keyboard, and the sidebar holds on a phone.

Everything is read where the user sees it: the URL, the widgets, and the Leaflet map's own bounds, zoom and
label elements inside the st_folium iframe.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests.browser.conftest import MAP_IFRAME, map_frame
from tests.browser.test_browser import folium_frame, passage_count, wait_idle

SHOTS = Path(__file__).resolve().parents[2] / "tests" / "browser" / "screenshots"

# The lat/lng extent of a route's drawn features, and the map's bounds and zoom, read in the map's iframe.
EXTENT = """(route) => {
  let s = 90, w = 180, n = -90, e = -180, found = 0;
  for (const group of (window.feature_group || [])) {
    group.eachLayer(function visit(layer) {
      if (layer.eachLayer && !layer.feature) { layer.eachLayer(visit); return; }
      const f = layer.feature;
      if (!f || f.properties.route !== route || f.properties.kind !== 'segment') return;
      const b = layer.getBounds(); found++;
      s = Math.min(s, b.getSouth()); w = Math.min(w, b.getWest());
      n = Math.max(n, b.getNorth()); e = Math.max(e, b.getEast());
    });
  }
  const m = map.getBounds();
  return {found, route: [s, w, n, e], map: [m.getSouth(), m.getWest(), m.getNorth(), m.getEast()],
          zoom: map.getZoom(), center: [map.getCenter().lat, map.getCenter().lng]};
}"""

VISIBLE_LABELS = """() => [...document.querySelectorAll('.ca-label')]
  .filter(el => el.style.visibility !== 'hidden')
  .map(el => { const r = el.firstChild.getBoundingClientRect();
               return {text: el.textContent, kind: el.className, l: r.left, t: r.top, r: r.right, b: r.bottom}; })"""


def extent(page, route: str) -> dict:
    return folium_frame(page).evaluate(EXTENT, route)


def contains(outer, inner) -> bool:
    s, w, n, e = outer
    return s <= inner[0] and w <= inner[1] and n >= inner[2] and e >= inner[3]


def wait_for_map(page, predicate, timeout: float = 20.0) -> None:
    """Poll the map (inside its iframe) until `predicate(frame)` holds; the frame may be re-created meanwhile."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate(folium_frame(page))
            if last:
                return
        except Exception as exc:  # a re-mount detached the frame: read the new one
            last = exc
        page.wait_for_timeout(250)
    raise AssertionError(f"map condition not met in {timeout}s: {last}")


def url_map(page) -> tuple[int, float, float] | None:
    m = re.search(r"[?&]map=(\d+)(?:/|%2F)(-?[\d.]+)(?:/|%2F)(-?[\d.]+)", page.url)
    return (int(m.group(1)), float(m.group(2)), float(m.group(3))) if m else None


def test_select_tripp_fits_the_map_to_it(app_server, watched):
    page = watched.page
    page.goto(app_server.url + "/?select=tripp")
    map_frame(page)
    page.get_by_text("Passages on TRIPP").first.wait_for(timeout=30_000)
    wait_for_map(page, lambda f: f.evaluate(EXTENT, "tripp")["zoom"] >= 7)
    ext = extent(page, "tripp")
    assert ext["found"] > 0
    assert contains(ext["map"], ext["route"]), ext
    assert ext["zoom"] >= 7, ext
    # the padding: TRIPP is not squeezed to the very edges
    s, w, n, e = ext["map"]
    assert ext["route"][1] - w > 0.02 * (e - w) and e - ext["route"][3] > 0.02 * (e - w), ext
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "tripp-selected.png"))
    # the URL now keeps that view
    page.wait_for_url(re.compile(r"map=\d+"), timeout=20_000)
    assert url_map(page)[0] == ext["zoom"]
    assert watched.console_errors == []


def test_select_tripp_fits_the_map_on_a_phone(app_server, browser):
    """390 px wide: the region's fit is another zoom than the built one, and its zoom animation used to end
    after the selection's fit, putting the whole region back (#15)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto(app_server.url + "/?select=tripp")
        map_frame(page)
        wait_for_map(page, lambda f: f.evaluate(EXTENT, "tripp")["zoom"] >= 6)
        page.wait_for_timeout(1500)  # anything still animating has ended by now
        ext = extent(page, "tripp")
        assert ext["found"] > 0
        assert ext["zoom"] >= 6, ext
        s, w, n, e = ext["map"]
        assert e - w < 0.5 * (58.5 - 38.0), ext  # far closer than the whole region
        cs, cw, cn, ce = ext["route"]
        assert w <= (cw + ce) / 2 <= e and s <= (cs + cn) / 2 <= n, ext  # the route's middle is in view
    finally:
        context.close()


def test_route_list_selection_fits_and_show_on_map_scrolls_back(app_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(app_server.url)
        map_frame(page)
        passage_count(page)
        start = extent(page, "lachin")
        assert not contains(start["map"], start["route"]) or start["zoom"] <= 5
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("combobox", name=re.compile("Route, segment or node")).click()
        page.keyboard.type("Route: Lachin")
        page.get_by_role("option", name=re.compile(r"^Route: Lachin")).click()
        page.wait_for_url(re.compile(r"select=lachin"), timeout=20_000)
        wait_for_map(page, lambda f: f.evaluate(EXTENT, "lachin")["zoom"] > start["zoom"])
        ext = extent(page, "lachin")
        assert contains(ext["map"], ext["route"]), ext
        wait_idle(page)

        # scroll down to a passage, press its "Show on map": the page comes back to the map
        button = page.get_by_role("button", name="Show on map").nth(2)
        button.scroll_into_view_if_needed()
        iframe = page.locator(MAP_IFRAME).last
        assert iframe.bounding_box()["y"] + iframe.bounding_box()["height"] < 0, "the map is scrolled out of view"
        button.click()
        page.wait_for_url(re.compile(r"passage="), timeout=20_000)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            box = page.locator(MAP_IFRAME).last.bounding_box()
            if box and box["y"] >= -1 and box["y"] + box["height"] <= 900 + 1:
                break
            page.wait_for_timeout(250)
        box = page.locator(MAP_IFRAME).last.bounding_box()
        assert box["y"] >= -1 and box["y"] + box["height"] <= 901, box
    finally:
        context.close()


def test_shared_link_restores_map_view_and_active_view(app_server, watched):
    page = watched.page
    page.goto(app_server.url + "/?map=9/40.5000/44.7000")
    map_frame(page)
    wait_for_map(page, lambda f: f.evaluate(EXTENT, "tripp")["zoom"] == 9)
    ext = extent(page, "tripp")
    assert abs(ext["center"][0] - 40.5) < 0.01 and abs(ext["center"][1] - 44.7) < 0.01, ext
    page.wait_for_url(re.compile(r"map=9(/|%2F)"), timeout=20_000)
    wait_idle(page)
    z, lat, lon = url_map(page)  # Leaflet snaps the centre to whole pixels: within ~100 m
    assert z == 9 and abs(lat - 40.5) < 0.005 and abs(lon - 44.7) < 0.005, page.url

    # zooming the map writes the new view into the URL
    page.frame_locator(MAP_IFRAME).last.locator(".leaflet-control-zoom-out").click()
    page.wait_for_url(re.compile(r"map=8(/|%2F)"), timeout=20_000)

    # the active view is in the URL too, and a link with it opens that view
    page.get_by_text("Timeline", exact=True).click()
    page.wait_for_url(re.compile(r"view=timeline"), timeout=20_000)
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    other.locator('[role="radio"][aria-checked="true"]').first.wait_for(timeout=60_000)
    assert other.get_by_role("radio", name="Timeline").get_attribute("aria-checked") == "true"
    assert other.get_by_role("radio", name="Map & citations").get_attribute("aria-checked") == "false"
    assert other.locator(MAP_IFRAME).count() == 0  # the map view is not drawn
    assert re.search(r"map=8(/|%2F)", other.url)  # and the map's view survives in the link
    other.close()
    assert watched.console_errors == []


def _overlaps(labels: list[dict]) -> list[tuple[str, str]]:
    bad = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]:
                bad.append((a["text"], b["text"]))
    return bad


def test_permanent_labels_name_routes_countries_and_nodes_without_overlap(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    wait_for_map(page, lambda f: len(f.evaluate(VISIBLE_LABELS)) > 5)
    labels = folium_frame(page).evaluate(VISIBLE_LABELS)
    kinds = {k for label in labels for k in ("route", "country", "node") if f"ca-label-{k}" in label["kind"]}
    assert {"route", "country"} <= kinds, labels
    assert "Armenia" in {label["text"] for label in labels}
    assert _overlaps(labels) == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "default.png"))

    # closer in, the main nodes are named too, still without collisions
    page.goto(app_server.url + "/?map=8/39.8000/45.4000")
    map_frame(page)
    wait_for_map(page, lambda f: any("ca-label-node" in x["kind"] for x in f.evaluate(VISIBLE_LABELS)))
    labels = folium_frame(page).evaluate(VISIBLE_LABELS)
    assert _overlaps(labels) == []
    assert any("ca-label-route" in x["kind"] for x in labels)
    # labels never take clicks or focus
    frame = folium_frame(page)
    assert frame.evaluate("() => [...document.querySelectorAll('.ca-label')].filter(e => e.tabIndex >= 0 || "
                          "getComputedStyle(e).pointerEvents !== 'none').length") == 0
    assert watched.console_errors == []


def test_tab_does_not_walk_through_map_lines(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    passage_count(page)
    page.locator(MAP_IFRAME).last.focus()
    inside = []
    for _ in range(25):
        page.keyboard.press("Tab")
        state = folium_frame(page).evaluate(
            "() => ({tag: document.activeElement.tagName.toLowerCase(),"
            " inMap: !!document.activeElement.closest("
            "'.leaflet-overlay-pane, .leaflet-marker-pane, .leaflet-ca_labels-pane'),"
            " tips: document.querySelectorAll('.leaflet-tooltip').length})")
        if page.evaluate("() => document.activeElement.tagName") != "IFRAME":
            break
        inside.append(state)
    assert inside, "Tab entered the map"
    assert [s for s in inside if s["inMap"] or s["tag"] == "path"] == []
    assert all(s["tips"] == 0 for s in inside)
    assert len(inside) <= 12, f"Tab stayed in the map for {len(inside)} presses"
    # every map line is out of the tab order
    assert folium_frame(page).evaluate(
        "() => [...document.querySelectorAll('.leaflet-overlay-pane path')]"
        ".filter(p => p.getAttribute('tabindex') !== '-1').length") == 0


def test_phone_sidebar_keeps_swatches_with_their_labels(app_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto(app_server.url)
        map_frame(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        if sidebar.get_attribute("data-collapsed") != "false":  # a phone starts with the sidebar closed
            page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for(timeout=30_000)
        page.wait_for_timeout(800)  # the slide-in transition
        box = sidebar.bounding_box()
        assert box["x"] >= -1 and box["width"] <= 391, box
        rows = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stSidebar"] """
                             """[data-testid="stCheckbox"]')]
          .slice(0, 9).map(cb => {
            const label = cb.querySelector('label'), sw = label && getComputedStyle(label, '::before');
            const text = cb.querySelector('[data-testid="stMarkdownContainer"]');
            if (!sw || !text || sw.content === 'none') return {missing: cb.innerText};
            const l = label.getBoundingClientRect(), t = text.getBoundingClientRect();
            return {text: cb.innerText, bg: sw.backgroundColor, w: parseFloat(sw.width), h: parseFloat(sw.height),
                    gap: t.left - l.left, top: t.top - l.top};
          })""")
        assert len(rows) == 9, rows
        for row in rows:  # the swatch is the label's ::before: coloured, before the tick box, on the label's line
            assert "missing" not in row, row
            assert row["bg"] not in ("", "rgba(0, 0, 0, 0)") and row["w"] > 10 and row["h"] > 2, row
            assert row["w"] + 10 <= row["gap"] < row["w"] + 80, f"swatch and tick box not just left of the text: {row}"
            assert abs(row["top"]) < 8, f"label text not on the swatch's row: {row}"
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "phone.png"))
    finally:
        context.close()


SEGMENT_EXTENT = """(id) => {
  let out = null;
  for (const group of (window.feature_group || [])) {
    group.eachLayer(function visit(layer) {
      if (layer.eachLayer && !layer.feature) { layer.eachLayer(visit); return; }
      if (layer.feature && layer.feature.properties.id === id && layer.getBounds) {
        const b = layer.getBounds(); out = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];
      }
    });
  }
  const m = map.getBounds();
  return {segment: out, map: [m.getSouth(), m.getWest(), m.getNorth(), m.getEast()], zoom: map.getZoom()};
}"""


def test_map_click_on_a_segment_fits_the_map_to_that_segment(app_server, watched):
    from tests.browser.test_browser import click_route

    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    passage_count(page)
    zoom0 = extent(page, "instc")["zoom"]
    segment = click_route(page, "instc")
    page.wait_for_url(re.compile(f"select={re.escape(segment)}"), timeout=20_000)
    wait_for_map(page, lambda f: f.evaluate(SEGMENT_EXTENT, segment)["zoom"] > zoom0)
    ext = folium_frame(page).evaluate(SEGMENT_EXTENT, segment)
    assert ext["segment"] and contains(ext["map"], ext["segment"]), ext
    assert watched.console_errors == []
