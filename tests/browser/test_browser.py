"""The real app in Chromium: the map draws, clicks select, filters narrow, links restore, nothing leaks out."""

from __future__ import annotations

import re

from tests.browser.conftest import MAP_IFRAME, map_frame

COUNT = re.compile(r"(\d+) passages?;")

# Client coordinates (inside the map iframe) of a point on a route's line that no other line covers.
POINT_ON_ROUTE = """(route) => {
  for (const group of (window.feature_group || [])) {
    for (const layer of Object.values(group._layers)) {
      for (const sub of Object.values(layer._layers || {})) {
        const f = sub.feature;
        if (f && f.properties.route === route && f.properties.kind === 'segment' && sub._path) {
          const path = sub._path, len = path.getTotalLength(), m = path.getScreenCTM();
          for (const t of [0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6]) {
            const p = path.getPointAtLength(len * t);
            const x = p.x * m.a + p.y * m.c + m.e, y = p.x * m.b + p.y * m.d + m.f;
            if (document.elementFromPoint(x, y) === path) return {x, y, id: f.properties.id};
          }
        }
      }
    }
  }
  return null;
}"""


def passage_count(page) -> int:
    page.get_by_text(COUNT).first.wait_for(timeout=30_000)
    return int(COUNT.search(page.get_by_text(COUNT).first.inner_text()).group(1))


def folium_frame(page):
    return next(f for f in reversed(page.frames) if "streamlit_folium" in f.url)


def click_route(page, route: str) -> str:
    frame = folium_frame(page)
    point = frame.evaluate(POINT_ON_ROUTE, route)
    assert point, f"no drawn segment of {route}"
    box = page.locator(MAP_IFRAME).last.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    return point["id"]


def wait_count_below(page, total: int, timeout: float = 20.0) -> int:
    """Poll the passage count until it drops below `total` (the rerun may still be drawing); return it."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        n = passage_count(page)
        if n < total or time.monotonic() > deadline:
            return n
        page.wait_for_timeout(250)


def wait_idle(page) -> None:
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)


def test_map_draws_offline_without_console_errors(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    frame = map_frame(page)
    assert frame.locator(".leaflet-overlay-pane path.leaflet-interactive").count() > 10
    assert frame.locator(".leaflet-control-zoom-fullscreen").count() == 1
    passage_count(page)
    assert watched.external_requests(app_server.url) == []
    assert watched.console_errors == []


def test_click_on_route_line_lists_its_passages(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    total = passage_count(page)
    segment = click_route(page, "btk")
    heading = page.get_by_text(re.compile("Passages (on|naming) ")).filter(has_not_text="layers shown")
    heading.first.wait_for(timeout=20_000)
    wait_idle(page)
    assert f"select={segment}" in page.url
    assert passage_count(page) < total
    assert watched.console_errors == []


def test_actor_filter_changes_the_list(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    total = passage_count(page)
    page.get_by_role("combobox").first.click()
    page.get_by_role("option", name=re.compile(r"^China")).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"actor=China"), timeout=20_000)
    wait_idle(page)
    assert wait_count_below(page, total) < total
    assert watched.console_errors == []


def test_shared_url_restores_the_view(app_server, watched):
    page = watched.page
    page.goto(app_server.url + "/?route=tripp&route=instc&actor=Iran&select=tripp&primary=1")
    map_frame(page)
    page.get_by_text("Passages on TRIPP").first.wait_for(timeout=30_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Iran").first.is_visible()
    assert not sidebar.get_by_role("checkbox", name=re.compile("Baku–Tbilisi–Kars")).is_checked()
    assert sidebar.get_by_role("checkbox", name=re.compile("TRIPP")).is_checked()
    frame = folium_frame(page)
    routes = frame.evaluate("""() => [...new Set(window.feature_group.flatMap(g => Object.values(g._layers)
        .flatMap(l => Object.values(l._layers || {}).map(s => s.feature && s.feature.properties.route))))]""")
    assert set(routes) <= {"tripp", "instc"}
    assert watched.external_requests(app_server.url) == []
    assert watched.console_errors == []


def test_basemap_is_fetched_once_and_drawn_under_the_routes(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    frame = map_frame(page)
    frame.locator(".leaflet-ca_basemap-pane path").first.wait_for(state="attached", timeout=30_000)
    assert frame.locator(".leaflet-ca_basemap-pane path").count() > 10
    fetched = [u for u in watched.requests if "/component/corridors.map_assets.map_static/countries-" in u]
    assert len(fetched) == 1, fetched
    # the land arrives after the routes: it must still be under them (a click on a line reaches the line)
    segment = click_route(page, "tripp")
    page.wait_for_url(re.compile(f"select={re.escape(segment)}"), timeout=20_000)
    assert watched.external_requests(app_server.url) == []
    assert watched.console_errors == []


def test_long_route_names_wrap_in_the_sidebar(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    label = sidebar.get_by_text(re.compile(r"Middle Corridor \(Trans-Caspian International Transport Route\)"))
    label.first.wait_for(timeout=30_000)
    cut = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stSidebar"] [data-testid="stCheckbox"] [data-testid="stMarkdownContainer"]')]
        .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.innerText)""")
    assert cut == []
    box = label.first.bounding_box()
    assert box["height"] > 30, "the long name takes more than one line"


def test_export_view_shows_preview_and_a_working_notes_map(app_server, watched):
    page = watched.page
    page.goto(app_server.url + "/?route=tripp")
    map_frame(page)
    page.get_by_text("Export", exact=True).click()
    page.get_by_text(re.compile(r"\d+ route\(s\), \d+ citation\(s\)")).wait_for(timeout=60_000)
    notes_map = page.locator(MAP_IFRAME).last
    page.wait_for_function(
        "() => { const f = [...document.querySelectorAll('iframe[title=\"streamlit_folium.st_folium\"]')];"
        " return f.length && f[f.length - 1].getBoundingClientRect().height > 100; }", timeout=30_000)
    frame = page.frame_locator(MAP_IFRAME).last
    frame.locator(".leaflet-draw").first.wait_for(timeout=30_000)
    assert notes_map.bounding_box()["height"] > 100
    assert watched.external_requests(app_server.url) == []
    assert watched.console_errors == []
