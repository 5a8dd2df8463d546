"""Keep the map one stop in the keyboard's tab order: its lines and nodes are reached through the route list.

Leaflet 1.9 listens for ``focus`` on every layer that has a tooltip (to open the tooltip for keyboard
users), and Chromium puts an SVG element with a focus listener into the tab order: Tab then walks through
every line of the map, popping a tooltip each time, and Enter does nothing. `KeyboardInert` gives every
vector layer an explicit ``tabindex="-1"`` as it is added (focusable by script, skipped by Tab). The map
container stays focusable (arrow keys pan, +/- zoom) and so do its controls; the sidebar's "Route,
segment or node" list is the keyboard way to select.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


class KeyboardInert(MacroElement):
    """Take every path of the map out of the tab order, now and whenever a layer is added."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            function inert(layer) {
                var el = layer && typeof layer.getElement === "function" && layer.getElement();
                if (el && el.tagName && el.tagName.toLowerCase() === "path") { el.setAttribute("tabindex", "-1"); }
            }
            map.on("layeradd", function (e) { inert(e.layer); });
            map.eachLayer(inert);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "KeyboardInert"
