"""Issue 13 point 7 in Chromium: a segment lists the passages naming its places first under a heading that
says so; "Find a place" selects the place's node, drawn selected (bigger) in the Leaflet map."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import map_frame
from tests.browser.test_browser import folium_frame, wait_idle

SHOTS = Path(__file__).resolve().parents[2] / "tests" / "browser" / "screenshots"

NODE_RADII = """(id) => {
  const out = {};
  for (const group of (window.feature_group || [])) {
    group.eachLayer(function visit(layer) {
      if (layer.eachLayer && !layer.feature) { layer.eachLayer(visit); return; }
      const f = layer.feature;
      if (f && f.properties.kind !== 'segment' && layer.options.radius) out[f.properties.id] = layer.options.radius;
    });
  }
  return out;
}"""


def test_segment_lists_its_place_passages_first(app_server, watched):
    page = watched.page
    page.goto(f"{app_server.url}/?select=tripp-kars-dilucu")
    map_frame(page)
    head = page.get_by_role("heading", name="Passages naming Kars")
    head.first.wait_for(timeout=90_000)
    wait_idle(page)
    text = head.first.inner_text()
    assert "Iğdır" in text and "Nakhchivan" in text
    assert page.get_by_role("heading", name="Other passages on").count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "segment-kars-dilucu.png"), full_page=False)


def test_place_search_highlights_its_node(app_server, watched):
    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    box = page.get_by_role("textbox", name="Find a place")
    box.wait_for(timeout=90_000)
    box.fill("Kars")
    box.press("Enter")
    page.wait_for_url("**select=junction-kars**", timeout=60_000)
    page.get_by_role("heading", name="Passages naming Kars (").first.wait_for(timeout=60_000)
    wait_idle(page)
    radii = folium_frame(page).evaluate(NODE_RADII, "junction-kars")
    others = [r for k, r in radii.items() if k.startswith("junction-") and k != "junction-kars"]
    assert others and radii["junction-kars"] > max(others)  # drawn selected
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "place-search-kars.png"), full_page=False)
