"""Build the folium map the app shows: a constant base map plus one swappable FeatureGroup of route layers.

The base map (offline countries as the default base layer, OSM and CartoDB Positron as options, controls,
legend, CSS) never changes with filters, so st_folium keeps its iframe; the route layers go through
``st_folium(feature_group_to_add=...)`` and are swapped in place. Nothing here imports streamlit, so tests can
read the map's HTML directly; reading a click back is the app's business (``corridors.map_view``).

Styling comes from the ONE style source, ``geo/style.toml`` through `geo.style` (the print map and the preview
use the same functions): `segment_paths` turns a segment's strokes (casing, line) into Leaflet path options,
`node_style_leaflet` a node kind into CircleMarker options, and the legend (`geo.web_legend`) draws its samples
with those very functions.

The country basemap can be inlined (a dict) or fetched by the page from a served file (a URL; see
`geo.browser_geometry.publish_json`), so the ~600 KiB of polygons is not re-sent to the browser on every rerun.

Every string that reaches HTML (tooltips, layer names, legend labels) is escaped here with `html.escape`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import folium
from branca.element import MacroElement
from folium import plugins
from jinja2 import Template

from geo import style as geo_style
from geo.browser_geometry import feature_routes
from geo.map_keyboard import KeyboardInert
from geo.map_labels import Declutter, Label, Labels, label_css
from geo.offline_assets import use_offline_assets
from geo.web_legend import Legend, legend_css, legend_html
from routes.models import Route

log = logging.getLogger(__name__)

__all__ = ["BASEMAPS", "REGION_BOUNDS", "START_ZOOM", "FetchedGeoJson", "base_map", "casing_style", "map_css",
           "node_style_leaflet", "route_layers", "segment_paths", "segment_style", "tooltip_html"]

#: Region shown at start: (south, west), (north, east) in degrees, EPSG:4326.
REGION_BOUNDS = ((36.0, 38.0), (47.5, 58.5))
#: The view a new Leaflet map is built with (its centre is the middle of `REGION_BOUNDS`) before it fits them.
START_ZOOM = 5

BASEMAPS = {
    "countries": "Countries (offline)",
    "osm": "OpenStreetMap (internet)",
    "positron": "CartoDB Positron (internet)",
}

POSITRON_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
POSITRON_ATTR = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
    '&copy; <a href="https://carto.com/attributions">CARTO</a>'
)

#: Pixels added to the width of a selected or highlighted line (its dashes scale with it).
SELECT_EXTRA = 3.0
#: Opacity of a route with no passage matching the filters ("dimmed, not dropped").
DIM_OPACITY = 0.22


def map_css() -> str:
    """The map page's CSS: the legend box, the sea behind the countries, tooltips (colours from the style)."""
    muted = geo_style.colour("ink", "muted_web")
    return f"""
<style>
{legend_css()}
.leaflet-control.ca-legend {{ background: rgba(255,255,255,0.94); padding: 3px 8px; border-radius: 4px;
                             box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 80vw; }}
.leaflet-container {{ background: {geo_style.colour("basemap", "sea")}; font-family: system-ui, sans-serif; }}
.leaflet-interactive:focus {{ outline: none; }}
.ca-tip b {{ font-weight: 600; }}
.ca-tip .ca-n {{ color: {muted}; }}
</style>
"""


def base_map(
    basemap: Mapping[str, Any] | str, *, default: str = "countries", height: int = 620, legend: bool = True,
    controls: bool = True, status_date: str | None = None, labels: Sequence[Label] = (),
) -> folium.Map:
    """Build the constant part of the map: base layers, controls, legend and CSS.

    Parameters
    ----------
    basemap
        Country polygons for the offline base layer (already simplified for the browser), or the URL of a
        served file holding them (`geo.browser_geometry.publish_json`): the page then fetches it once instead
        of carrying it.
    default
        Which base layer is shown first: a key of `BASEMAPS`.
    height
        Map height, pixels.
    legend
        Add the legend control (bottom left).
    controls
        Add the internet tile layers with a layer control, and the fullscreen and measure controls (the
        export view's small notes map has only the offline countries).
    status_date
        The date the map shows (ISO), for the legend; None for today.
    labels
        Permanent labels of the base map (countries, `geo.map_labels.country_labels`); with `controls`
        the map also gets the labels pane and the script that hides labels where they do not fit.

    Returns
    -------
    m
        A folium Map with no route layers; pass those to st_folium's ``feature_group_to_add``.
    """
    use_offline_assets()
    (south, west), (north, east) = REGION_BOUNDS
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=START_ZOOM,
        tiles=None,
        control_scale=True,
        height=height,
        min_zoom=3,
        max_zoom=13,
        world_copy_jump=False,
    )
    m.get_root().header.add_child(folium.Element(map_css()))
    m.get_root().header.add_child(folium.Element(f"<style>{label_css()}</style>"))

    _countries(basemap, show=default == "countries").add_to(m)
    if not controls:
        _fit_region(m)
        return m
    _tile_layers(m, default)
    plugins.Fullscreen(position="topleft", title="Full screen", title_cancel="Leave full screen").add_to(m)
    plugins.MeasureControl(
        position="topleft", primary_length_unit="kilometers", secondary_length_unit="miles",
        primary_area_unit="sqkilometers", secondary_area_unit=None,
    ).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    Declutter().add_to(m)
    KeyboardInert().add_to(m)
    if labels:
        Labels(labels).add_to(m)
    if legend:
        Legend(legend_html(status_date=status_date)).add_to(m)
    _fit_region(m)
    return m


def _fit_region(m: folium.Map) -> None:
    """Fit the map to `REGION_BOUNDS` at once, without the zoom animation.

    Where the region's fit is not `START_ZOOM` (a phone-sized map) an animated fit would still be running
    when the route layers fit the map to a selection (`corridors.map_follow.FitTo`), and its end would put
    the map back on the whole region.
    """
    fit = folium.FitBounds([list(REGION_BOUNDS[0]), list(REGION_BOUNDS[1])])
    fit.options["animate"] = False
    m.add_child(fit)


def _countries(basemap: Mapping[str, Any] | str, *, show: bool) -> folium.FeatureGroup:
    """The offline base layer: country polygons (inlined, or fetched from a served URL) in the style's colours."""
    countries = folium.FeatureGroup(name=BASEMAPS["countries"], overlay=False, show=show)
    land = {"color": geo_style.colour("basemap", "border"), "weight": geo_style.colour("basemap", "border_weight"),
            "fillColor": geo_style.colour("basemap", "land"), "fillOpacity": 1.0}
    if isinstance(basemap, str):
        FetchedGeoJson(basemap, style=land, attribution="Borders: Natural Earth").add_to(countries)
    else:
        folium.GeoJson(dict(basemap), name="countries", interactive=False, attribution="Borders: Natural Earth",
                       style_function=None, smooth_factor=1.0, **{"style": land}).add_to(countries)
    return countries


def _tile_layers(m: folium.Map, default: str) -> None:
    """The two internet base layers (OpenStreetMap, CartoDB Positron)."""
    folium.TileLayer(
        "OpenStreetMap", name=BASEMAPS["osm"], overlay=False, show=default == "osm", max_zoom=13
    ).add_to(m)
    folium.TileLayer(
        POSITRON_URL, attr=POSITRON_ATTR, name=BASEMAPS["positron"], overlay=False,
        show=default == "positron", max_zoom=13, subdomains="abcd",
    ).add_to(m)


def _mode_status(properties: Mapping[str, Any], colour: str) -> tuple[str, str, str]:
    """A segment's (colour, mode, status), falling back to road / operational and the unknown-route colour."""
    mode, status = str(properties.get("mode", "")), str(properties.get("status", "")).replace(" ", "_")
    labels = geo_style.legend_labels()
    if mode not in labels["mode"] or status not in labels["status"]:
        log.warning("segment %s: unknown mode/status %r/%r, drawn as road/operational",
                    properties.get("id"), mode, status)
        mode = mode if mode in labels["mode"] else "road"
        status = status if status in labels["status"] else "operational"
    if not isinstance(colour, str) or len(colour) != 7 or not colour.startswith("#"):
        colour = geo_style.colour("ink", "unknown_route")
    return colour, mode, status


def segment_paths(properties: Mapping[str, Any], colour: str, *, dimmed: bool = False,
                  selected: bool = False) -> list[dict[str, Any]]:
    """Leaflet path options of every stroke of a segment, bottom first (`geo.style.segment_strokes`).

    Colour from its route, width from its mode, dashes and opacity from its status (sea legs always dotted),
    a casing under modes that have one. A selected line is `SELECT_EXTRA` px wider with its dashes scaled to
    the new width (the pattern stays the one the legend shows); a dimmed one has `DIM_OPACITY`.
    """
    strokes = geo_style.segment_strokes(*_mode_status(properties, colour), extra=SELECT_EXTRA if selected else 0.0)
    paths = []
    for stroke in strokes:
        opacity = DIM_OPACITY if dimmed else (stroke.opacity if stroke.casing or not selected else 1.0)
        path: dict[str, Any] = {"color": stroke.colour, "weight": stroke.weight, "opacity": opacity,
                                "lineCap": stroke.cap, "lineJoin": "round"}
        if stroke.dash_array:
            path["dashArray"] = stroke.dash_array
        if stroke.casing:
            path["interactive"] = False
        paths.append(path)
    return paths


def segment_style(properties: Mapping[str, Any], colour: str, *, dimmed: bool = False,
                  selected: bool = False) -> dict[str, Any]:
    """Leaflet path options of a segment's line (the top stroke of `segment_paths`)."""
    return segment_paths(properties, colour, dimmed=dimmed, selected=selected)[-1]


def casing_style(properties: Mapping[str, Any], *, dimmed: bool = False, selected: bool = False) -> dict | None:
    """Leaflet options of the casing drawn under a segment whose mode has one (rail), else None."""
    paths = segment_paths(properties, "#000000", dimmed=dimmed, selected=selected)
    return paths[0] if len(paths) > 1 else None


def node_style_leaflet(kind: str, *, dimmed: bool = False, selected: bool = False) -> dict[str, Any]:
    """CircleMarker options of a node, from the shared vocabulary (`geo.style.node_style`)."""
    ns = geo_style.node_style(kind)
    return {
        "color": ns.edge,
        "weight": 2.5 if selected else 1.2,
        "fill": True,
        "fillColor": ns.fill,
        "fillOpacity": DIM_OPACITY if dimmed else 0.95,
        "opacity": 0.4 if dimmed else 1.0,
        "radius": ns.radius + (3 if selected else 0),
    }


class FetchedGeoJson(MacroElement):
    """A non-interactive GeoJSON layer whose data the page fetches from `url` (same origin, no jQuery).

    Add it to a FeatureGroup of the map. Its paths go to their own pane between the tiles (z 200) and the
    overlays (z 400): the data arrives after the route layers are drawn and would otherwise cover them.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (!map.getPane({{ this.pane|tojson }})) {
                map.createPane({{ this.pane|tojson }}).style.zIndex = 250;
            }
        })({{ this._parent._parent.get_name() }});
        var {{ this.get_name() }} = L.geoJson(null, {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        fetch({{ this.url|tojson }}).then(function (r) {
            if (!r.ok) { throw new Error("HTTP " + r.status); }
            return r.json();
        }).then(function (data) { {{ this.get_name() }}.addData(data); })
          .catch(function (e) { console.error("basemap " + {{ this.url|tojson }} + ": " + e); });
        {% endmacro %}
    """)

    def __init__(self, url: str, *, style: Mapping[str, Any], attribution: str) -> None:
        super().__init__()
        self._name = "FetchedGeoJson"
        self.url = url
        self.pane = "ca_basemap"
        self.options = {"style": dict(style), "interactive": False, "attribution": attribution, "pane": self.pane}


def tooltip_html(route_names: list[str], name: str, count: int | None, extra: str | None = None) -> str:
    """Escaped tooltip: route name(s), segment or node name, number of citing passages."""
    parts = [f"<b>{html.escape(', '.join(route_names))}</b>", html.escape(name)]
    if extra:
        parts.append(html.escape(extra))
    if count is not None:
        parts.append(f'<span class="ca-n">{count} citing passage{"" if count == 1 else "s"}</span>')
    return '<div class="ca-tip">' + "<br>".join(parts) + "</div>"


def route_layers(
    segments: Mapping[str, Any],
    nodes: Mapping[str, Any],
    *,
    looks: Mapping[str, Route],
    visible: Collection[str],
    counts: Mapping[str, int],
    selected: str | None = None,
    highlight: Collection[str] = (),
) -> folium.FeatureGroup:
    """Build the swappable layers: one GeoJson per visible route plus one for nodes.

    Parameters
    ----------
    segments, nodes
        FeatureCollections (browser-simplified) whose properties carry ``id``, ``route``/``routes``,
        ``name``, ``mode``, ``status`` (segments) or ``kind`` (nodes).
    looks
        Route id -> name and colour.
    visible
        Route ids whose layers are on.
    counts
        Route id -> number of passages matching the current filters. Routes with 0 are drawn dimmed.
    selected
        Selected route, segment or node id (drawn thicker); None for no selection.
    highlight
        Route ids drawn thicker too (the routes the selected passage stands for, see
        ``corridors.views.citations.passage_highlight``).

    Returns
    -------
    group
        A FeatureGroup; each feature keeps its properties, so a click returns its ``id``.
    """
    group = folium.FeatureGroup(name="Routes", control=False)
    by_route, casings = _segment_features(segments, looks, visible, counts, selected, highlight)
    if casings:  # under every route's lines, so one route's casing never covers another's line
        folium.GeoJson({"type": "FeatureCollection", "features": casings}, name="casing", control=False,
                       interactive=False).add_to(group)
    for route in [r for r in looks if r in by_route] + [r for r in by_route if r not in looks]:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": by_route[route]},
            name=html.escape(looks[route].name if route in looks else route),
            control=False,
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        ).add_to(group)
    node_features = _node_features(nodes, looks, visible, counts, selected, highlight)
    if node_features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": node_features},
            name="nodes",
            control=False,
            marker=folium.CircleMarker(radius=4, fill=True),
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        ).add_to(group)
    return group


def _segment_features(segments: Mapping[str, Any], looks: Mapping[str, Route], visible: Collection[str],
                      counts: Mapping[str, int], selected: str | None, highlight: Collection[str]
                      ) -> tuple[dict[str, list[dict]], list[dict]]:
    """Each visible segment as a styled feature, by route, and the casings to draw under all of them."""
    by_route: dict[str, list[dict]] = {}
    casings: list[dict] = []
    for feature in segments.get("features", []):
        props = feature.get("properties") or {}
        routes = [r for r in feature_routes(props) if r in visible]
        if not routes:
            continue
        route = routes[0]
        look = looks.get(route)
        name, colour = (look.name, look.colour) if look else (route, geo_style.colour("ink", "unknown_route"))
        fid = str(props.get("id", ""))
        is_selected = route in highlight or (selected is not None and selected in (fid, route))
        count = counts.get(route, 0)
        *under, line = segment_paths(props, colour, dimmed=count == 0, selected=is_selected)
        casings += [{"type": "Feature", "properties": {"route": route, "kind": "casing", "style": path},
                     "geometry": feature.get("geometry")} for path in under]
        new_props = {
            "id": fid,
            "route": route,
            "kind": "segment",
            "mode": str(props.get("mode", "")),
            "status": str(props.get("status", "")),
            "style": line,
            "tip": tooltip_html(
                [name], str(props.get("name", fid)), count,
                " · ".join(str(props[k]).replace("_", " ") for k in ("mode", "status", "facts") if props.get(k)),
            ),
        }
        by_route.setdefault(route, []).append(
            {"type": "Feature", "properties": new_props, "geometry": feature.get("geometry")}
        )
    return by_route, casings


def _node_features(nodes: Mapping[str, Any], looks: Mapping[str, Route], visible: Collection[str],
                   counts: Mapping[str, int], selected: str | None, highlight: Collection[str]) -> list[dict]:
    """Each node of a visible route as a styled CircleMarker feature."""
    node_features = []
    kinds = geo_style.legend_labels()["node"]
    for feature in nodes.get("features", []):
        props = feature.get("properties") or {}
        routes = [r for r in feature_routes(props) if r in visible]
        if not routes:
            continue
        fid = str(props.get("id", ""))
        count = sum(counts.get(r, 0) for r in routes)
        is_selected = fid == selected or any(r in highlight or r == selected for r in routes)
        kind = str(props.get("kind", ""))
        node_features.append({
            "type": "Feature",
            "geometry": feature.get("geometry"),
            "properties": {
                "id": fid,
                "route": routes[0],
                "kind": "node",
                "style": node_style_leaflet(kind, dimmed=count == 0, selected=is_selected),
                "tip": tooltip_html([looks[r].name if r in looks else r for r in routes], str(props.get("name", fid)),
                                    count, kinds.get(kind, kind.replace("_", " ")) or None),
            },
        })
    return node_features
