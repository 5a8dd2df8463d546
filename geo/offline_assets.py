"""Point folium and its plugins at the vendored Leaflet assets served by the app itself.

folium loads Leaflet, jQuery, Bootstrap, Font Awesome and each plugin from CDNs; offline the map is blank.
`use_offline_assets()` rewrites the class-level asset lists once (same for every session, never per user)
so that every map references only ``/app/static/vendor/...`` (see ``static/vendor/README.md``).
"""

from __future__ import annotations

import re
from typing import Any

import folium
from folium import plugins

STATIC_PREFIX = "/app/static/vendor"

LEAFLET_JS = f"{STATIC_PREFIX}/leaflet-1.9.4/leaflet.js"
LEAFLET_CSS = f"{STATIC_PREFIX}/leaflet-1.9.4/leaflet.css"

#: class -> (default_js, default_css) served locally.
ASSETS: dict[Any, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {  # folium classes (untyped)
    folium.Map: ([("leaflet", LEAFLET_JS)], [("leaflet_css", LEAFLET_CSS)]),
    plugins.Fullscreen: (
        [("Control.Fullscreen.js", f"{STATIC_PREFIX}/leaflet.fullscreen-3.0.0/Control.FullScreen.js")],
        [("Control.FullScreen.css", f"{STATIC_PREFIX}/leaflet.fullscreen-3.0.0/Control.FullScreen.css")],
    ),
    plugins.MeasureControl: (
        [("leaflet_measure_js", f"{STATIC_PREFIX}/leaflet-measure-2.1.7/leaflet-measure.min.js")],
        [("leaflet_measure_css", f"{STATIC_PREFIX}/leaflet-measure-2.1.7/leaflet-measure.css")],
    ),
    plugins.Draw: (
        [("leaflet_draw_js", f"{STATIC_PREFIX}/leaflet-draw-1.0.4/leaflet.draw.js")],
        [("leaflet_draw_css", f"{STATIC_PREFIX}/leaflet-draw-1.0.4/leaflet.draw.css")],
    ),
}

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](https?:)?//""", re.IGNORECASE)


def use_offline_assets() -> None:
    """Make folium.Map and the plugins the app uses load their JS/CSS from the app's static folder.

    Idempotent; call it before building any map. jQuery, Bootstrap, Font Awesome and awesome-markers are
    dropped (nodes are CircleMarkers, so nothing needs them).
    """
    for cls, (js, css) in ASSETS.items():
        cls.default_js = list(js)
        cls.default_css = list(css)


