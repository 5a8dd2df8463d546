"""The map works with no internet: every asset comes from the app's own server."""

from __future__ import annotations

from tests.browser.conftest import map_frame


def test_bare_page_draws_map_with_zero_external_requests(bare_server, watched):
    page = watched.page
    page.goto(bare_server.url)
    frame = map_frame(page)
    assert frame.locator(".leaflet-control-zoom-fullscreen").count() == 1
    assert frame.locator(".leaflet-control-scale").count() == 1
    page.wait_for_timeout(1000)
    assert watched.external_requests(bare_server.url) == []
    assert any("/app/static/vendor/leaflet-1.9.4/leaflet.js" in u for u in watched.requests)
    assert watched.console_errors == []
