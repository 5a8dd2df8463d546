"""The map as of a date in real Chromium: fewer lines drawn in 2010 than today, the legend names the date.

Also writes screenshots (2010, 2016, today) to CORRIDORS_SHOTS when that folder is set, for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.browser.conftest import MAP_IFRAME, map_frame


def _open(page, base_url: str, query: str):
    page.goto(f"{base_url}/{query}")
    frame = map_frame(page)
    page.wait_for_timeout(1500)
    return frame


def _shot(page, name: str) -> None:
    folder = os.environ.get("CORRIDORS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_map_as_of_dates(app_server, watched) -> None:
    page = watched.page
    counts = {}
    for label, query in (("2010", "?as_of=2010-01-01"), ("2016", "?as_of=2016-01-01"), ("today", "")):
        frame = _open(page, app_server.url, query)
        counts[label] = frame.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
        legend = frame.locator(".ca-legend").first.text_content()
        if query:
            assert f"Status on {query[7:]}" in legend, legend
        else:
            assert "Status on" not in legend
        _shot(page, f"map-as-of-{label}.png")
    assert counts["2010"] < counts["2016"] < counts["today"], counts
    assert page.locator(MAP_IFRAME).count() >= 1
