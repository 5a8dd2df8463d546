"""Permanent labels on the interactive map: route names along their lines, countries and the main nodes.

Each label is a point, a text, a minimum zoom (the zoom from which it fits: a route's or country's extent
is wider than the text) and a priority. The page draws them as Leaflet DivIcon markers in their own pane,
non-interactive and out of the tab order, and a small script (`Declutter`, on the constant base map) hides,
after every zoom or pan and whenever labels are added, the labels below their minimum zoom, those cut by
the map's edge and any label that would overlap one of higher priority. Texts reach the page as JSON and are
set with ``textContent``, never parsed as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from geo.browser_geometry import round_coords
from geo.style import colour

#: Approximate width of one label character, pixels (12 px system-ui, bold for routes).
CHAR_PX = 7.0
MIN_ZOOM, MAX_ZOOM = 3, 12
#: Priorities: higher wins when two labels overlap (countries are few and short, and place the routes).
PRIORITY = {"country": 40, "route": 30, "node-main": 20, "node": 5}
#: Where along its longest run a route's label may sit, in order of preference (the first free one is shown).
ROUTE_LABEL_SPOTS = (0.5, 0.35, 0.65, 0.2, 0.8)
#: Node kinds labelled from a low zoom ("main nodes"); the others from `MINOR_NODE_ZOOM`.
MAIN_NODE_KINDS = {"port": 6, "terminal": 6}
MINOR_NODE_ZOOM = 8
#: Countries labelled: those with land inside this box (south, west, north, east), degrees.
COUNTRY_BOX = (30.0, 25.0, 56.0, 80.0)
PANE = "ca_labels"


def label_css() -> str:
    """The labels' CSS (colours from ``geo/style.toml``)."""
    ink, node, halo = colour("ink", "label_web"), colour("ink", "node_label_web"), colour("ink", "halo")
    country = colour("basemap", "country_label_web")
    return f"""
.leaflet-{PANE}-pane {{ pointer-events: none; }}
.ca-label {{ pointer-events: none; white-space: nowrap; }}
.ca-label span {{ display: inline-block; transform: translate(-50%, -50%) rotate(var(--ca-angle, 0deg));
  font: 12px/1.1 system-ui, sans-serif; color: {ink}; text-shadow: 0 0 2px {halo}, 0 0 2px {halo}, 0 0 3px {halo}; }}
.ca-label-route span {{ font-weight: 700; color: var(--ca-colour, {ink}); font-size: 12px; }}
.ca-label-country span {{ color: {country}; font-size: 11px; letter-spacing: 0.08em; text-transform: uppercase; }}
.ca-label-node span {{ transform: translate(7px, -50%); font-size: 11px; color: {node}; }}
"""


@dataclass(frozen=True, slots=True)
class Label:
    """One permanent map label: position (degrees), plain text, css kind, min zoom, priority, angle (deg).

    ``route`` is the route a route or node label belongs to (empty for a country). Labels sharing a
    non-empty ``group`` are alternative spots for one text: only the first that fits is shown.
    """

    lat: float
    lng: float
    text: str
    kind: str
    min_zoom: int
    priority: int
    angle: float = 0.0
    colour: str = "#222222"
    route: str = ""
    group: str = ""


def _mercator(lng: float, lat: float) -> tuple[float, float]:
    """Web Mercator x, y in radians (y grows northward)."""
    lat = max(-85.0, min(85.0, lat))
    return math.radians(lng), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_zoom(extent_radians: float, text: str, *, margin: float = 1.3) -> int:
    """The lowest zoom at which `extent_radians` of Web Mercator spans `text` (times `margin`) in pixels."""
    need = len(text) * CHAR_PX * margin
    if extent_radians <= 0:
        return MAX_ZOOM
    z = math.log2(need * 2 * math.pi / (256 * extent_radians))
    return int(max(MIN_ZOOM, min(MAX_ZOOM, math.ceil(z))))


def short_name(name: str) -> str:
    """A label's text: the display name without a trailing parenthesised expansion."""
    head = name.split(" (", 1)[0].strip()
    return head or name


def _lines(geometry: Mapping[str, Any] | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "LineString":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def _along(line: list[list[float]], t: float) -> tuple[float, float]:
    """The (lng, lat) at fraction `t` of a polyline's length (measured in Mercator)."""
    pts = [_mercator(p[0], p[1]) for p in line]
    steps = [math.dist(a, b) for a, b in zip(pts, pts[1:])]
    goal, run = sum(steps) * t, 0.0
    for (pa, pb), step in zip(zip(pts, pts[1:]), steps):
        if run + step >= goal and step > 0:
            f = (goal - run) / step
            return pa[0] + (pb[0] - pa[0]) * f, pa[1] + (pb[1] - pa[1]) * f
        run += step
    return pts[-1]


def _unmercator(x: float, y: float) -> tuple[float, float]:
    return math.degrees(x), math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def route_labels(segments: Mapping[str, Any], *, names: Mapping[str, str], colours: Mapping[str, str],
                 visible: Collection[str]) -> list[Label]:
    """One label per visible route, at the middle of its longest line, turned along the line there.

    A route's segments that meet end to end are merged first (`shapely.ops.linemerge`), so a route drawn in
    many short segments is labelled along its longest continuous run, from the zoom where the name fits it.

    Parameters
    ----------
    segments
        Browser FeatureCollection of segments (``route`` property, LineString/MultiLineString geometry).
    names, colours
        Route id -> display name / ``#rrggbb`` colour.
    visible
        Route ids drawn on the map.
    """
    from shapely.geometry import MultiLineString
    from shapely.ops import linemerge

    from geo.browser_geometry import feature_routes

    parts: dict[str, list[list[list[float]]]] = {}
    for feature in segments.get("features", []):
        routes = [r for r in feature_routes(feature.get("properties") or {}) if r in visible]
        if routes:
            parts.setdefault(routes[0], []).extend(ln for ln in _lines(feature.get("geometry")) if len(ln) >= 2)
    longest: dict[str, tuple[float, list[list[float]]]] = {}
    for route, lines in parts.items():  # segments that meet end to end make one line to label
        merged = linemerge(MultiLineString(lines)) if lines else None
        for geom in getattr(merged, "geoms", [merged] if merged is not None else []):
            line = [list(c) for c in geom.coords]
            pts = [_mercator(p[0], p[1]) for p in line]
            length = sum(math.dist(a, b) for a, b in zip(pts, pts[1:]))
            if length > longest.get(route, (-1.0, []))[0]:
                longest[route] = (length, line)
    labels = []
    for route, (length, line) in longest.items():
        text = short_name(names.get(route, route))
        for rank, t in enumerate(ROUTE_LABEL_SPOTS):
            x, y = _along(line, t)
            (x0, y0), (x1, y1) = _along(line, max(0.0, t - 0.08)), _along(line, min(1.0, t + 0.08))
            angle = -math.degrees(math.atan2(y1 - y0, x1 - x0)) if (x0, y0) != (x1, y1) else 0.0
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
            lat, lng = round_coords(_unmercator(x, y)[::-1], 4)
            labels.append(Label(lat, lng, text, "route", fit_zoom(length, text),
                                PRIORITY["route"] - rank, round(angle, 1),
                                colours.get(route) or colour("ink", "label_web"),
                                route, group=f"route:{route}"))
    return labels


def node_labels(nodes: Mapping[str, Any], *, visible: Collection[str]) -> list[Label]:
    """Labels of the nodes on visible routes: main kinds (`MAIN_NODE_KINDS`) from a low zoom, others later."""
    from geo.browser_geometry import feature_routes

    labels = []
    for feature in nodes.get("features", []):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if geometry.get("type") != "Point" or not any(r in visible for r in feature_routes(props)):
            continue
        kind = str(props.get("kind", ""))
        main = kind in MAIN_NODE_KINDS
        on = [r for r in feature_routes(props) if r in visible]
        lng, lat = geometry["coordinates"][:2]
        labels.append(Label(lat, lng, str(props.get("name") or props.get("id", "")), "node",
                            MAIN_NODE_KINDS.get(kind, MINOR_NODE_ZOOM),
                            PRIORITY["node-main" if main else "node"], route=on[0]))
    return labels


def country_labels(basemap: Mapping[str, Any], *, box: tuple[float, float, float, float] = COUNTRY_BOX) -> list[Label]:
    """A label per country with land in `box`, at the pole of inaccessibility of its largest part there.

    Its minimum zoom is the one where that part is wider than the name.
    """
    import shapely.geometry as sg
    from shapely.ops import polylabel

    south, west, north, east = box
    clip = sg.box(west, south, east, north)
    labels = []
    for feature in basemap.get("features", []):
        name = (feature.get("properties") or {}).get("name")
        if not name or not feature.get("geometry"):
            continue
        shape = sg.shape(feature["geometry"])
        if not shape.intersects(clip):
            continue
        part = shape.intersection(clip)
        parts = list(getattr(part, "geoms", [part]))
        polys = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
        if not polys:
            continue
        big = max(polys, key=lambda p: p.area)
        point = polylabel(big, tolerance=0.05)
        x0, _, x1, _ = big.bounds
        lat, lng = round_coords([point.y, point.x], 3)
        labels.append(Label(lat, lng, str(name), "country",
                            fit_zoom(math.radians(x1 - x0), str(name), margin=1.1), PRIORITY["country"]))
    return labels


_COUNTRY_CACHE: dict[int, tuple[Any, list[Label]]] = {}


def country_labels_cached(basemap: Mapping[str, Any]) -> list[Label]:
    """`country_labels` of a basemap object, computed once per object (the app's basemap never changes)."""
    hit = _COUNTRY_CACHE.get(id(basemap))
    if hit is None or hit[0] is not basemap:
        hit = (basemap, country_labels(basemap))
        _COUNTRY_CACHE.clear()
        _COUNTRY_CACHE[id(basemap)] = hit
    return hit[1]


class Labels(MacroElement):
    """A layer of permanent DivIcon labels (non-interactive, keyboard-inert) in the pane `Declutter` creates."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (parent) {
            var group = L.layerGroup();
            {{ this.labels|tojson }}.forEach(function (d) {
                var span = document.createElement("span");
                span.textContent = d.text;
                span.style.setProperty("--ca-angle", d.angle + "deg");
                span.style.setProperty("--ca-colour", d.colour);
                var icon = L.divIcon({className: "ca-label ca-label-" + d.kind, html: span, iconSize: null});
                var m = L.marker([d.lat, d.lng], {icon: icon, interactive: false, keyboard: false,
                                                  pane: {{ this.pane|tojson }}});
                m.options.caMinZoom = d.min_zoom;
                m.options.caPriority = d.priority;
                m.options.caGroup = d.group;
                if (d.route) {  // like the lines' features: which route this label belongs to
                    m.feature = {type: "Feature", properties: {kind: "label", route: d.route},
                                 geometry: {type: "Point", coordinates: [d.lng, d.lat]}};
                }
                group.addLayer(m);
            });
            group.addTo(parent);
            if (window.caDeclutterSoon) { window.caDeclutterSoon(); }
            return group;
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, labels: Iterable[Label]) -> None:
        super().__init__()
        self._name = "Labels"
        self.pane = PANE
        self.labels = [asdict(label) for label in labels]


class Declutter(MacroElement):
    """Create the labels pane; hide labels below their minimum zoom or overlapping a higher-priority one."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            map.createPane({{ this.pane|tojson }}).style.zIndex = 640;
            function boxes(a, b) {
                return a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom + 1 && b.top < a.bottom + 1;
            }
            window.caDeclutter = function () {
                var zoom = map.getZoom(), size = map.getContainer().getBoundingClientRect(), kept = [], all = [],
                    groups = {};
                map.eachLayer(function (layer) {
                    if (layer.options && layer.options.caPriority !== undefined && layer._icon) { all.push(layer); }
                });
                all.sort(function (a, b) { return b.options.caPriority - a.options.caPriority; });
                all.forEach(function (layer) {
                    var el = layer._icon, span = el.firstChild, group = layer.options.caGroup,
                        show = zoom >= layer.options.caMinZoom && !(group && groups[group]);
                    if (show && span) {
                        var r = span.getBoundingClientRect();
                        show = r.left >= size.left && r.right <= size.right """ \
"""&& r.top >= size.top && r.bottom <= size.bottom
                            && !kept.some(function (k) { return boxes(k, r); });
                        if (show) { kept.push(r); if (group) { groups[group] = true; } }
                    }
                    el.style.visibility = show ? "visible" : "hidden";
                    el.classList.toggle("ca-label-hidden", !show);
                });
            };
            var timer = null;
            window.caDeclutterSoon = function () {
                clearTimeout(timer);
                timer = setTimeout(window.caDeclutter, 60);
            };
            map.on("zoomend moveend resize", window.caDeclutter);
            map.on("layeradd", window.caDeclutterSoon);
            if (window.ResizeObserver) { new ResizeObserver(window.caDeclutterSoon).observe(map.getContainer()); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Declutter"
        self.pane = PANE
