"""The map follows the selection: fit the selected route, segment, node or passage's routes, once per choice.

`FitTo` goes into the swappable route layers. The page evaluates those layers whenever they change; the
element remembers (in the map's window) the token of the last target it fitted, so a filter change that
re-sends the layers does not undo the user's pan, while a new selection (or a new "Show on map") fits again
and scrolls the page back to the map.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from geo.browser_geometry import feature_routes

#: Pixels kept free around the fitted extent, and the closest zoom a fit goes to (a node is a point).
FIT_PADDING = 40
FIT_MAX_ZOOM = 10

Bounds = tuple[tuple[float, float], tuple[float, float]]


def _points(geometry: Mapping[str, Any] | None) -> Iterable[tuple[float, float]]:
    """Every (lng, lat) of a GeoJSON geometry."""
    if not geometry:
        return
    stack = [geometry.get("coordinates")]
    while stack:
        c = stack.pop()
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            yield float(c[0]), float(c[1])
        elif isinstance(c, (list, tuple)):
            stack.extend(c)


def target_bounds(collections: Iterable[Mapping[str, Any]], *, ids: Collection[str] = (),
                  routes: Collection[str] = ()) -> Bounds | None:
    """The ((south, west), (north, east)) of the features whose ``id`` is in `ids` or that belong to `routes`.

    None when no feature matches (an unknown id, or a route without geometry).
    """
    xs: list[float] = []
    ys: list[float] = []
    for collection in collections:
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            if str(props.get("id", "")) in ids or any(r in routes for r in feature_routes(props)):
                for x, y in _points(feature.get("geometry")):
                    xs.append(x)
                    ys.append(y)
    if not xs:
        return None
    return (min(ys), min(xs)), (max(ys), max(xs))


class FitTo(MacroElement):
    """Fit the map to `bounds` (padded) the first time this page sees `token`, and scroll the map into view.

    Add it to a FeatureGroup that is on the map.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (window.caFitted === {{ this.token|tojson }}) { return; }
            window.caFitted = {{ this.token|tojson }};
            {% if this.bounds %}
            map.fitBounds({{ this.bounds|tojson }}, {padding: [{{ this.padding }}, {{ this.padding }}],
                                                    maxZoom: {{ this.max_zoom }}, animate: false});
            {% endif %}
            try {
                if (window.frameElement) { window.frameElement.scrollIntoView({block: "nearest"}); }
            } catch (e) { /* a cross-origin parent: nothing to scroll */ }
        })({{ this._parent._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, token: str, bounds: Bounds | None, *, padding: int = FIT_PADDING,
                 max_zoom: int = FIT_MAX_ZOOM) -> None:
        super().__init__()
        self._name = "FitTo"
        self.token = token
        self.bounds = [list(bounds[0]), list(bounds[1])] if bounds else None
        self.padding = int(padding)
        self.max_zoom = int(max_zoom)
