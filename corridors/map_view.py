"""Build the folium map the app shows: a constant base map plus one swappable FeatureGroup of route layers.

The base map (offline countries as the default base layer, OSM and CartoDB Positron as options, controls,
legend, CSS) never changes with filters, so st_folium keeps its iframe; the route layers go through
``st_folium(feature_group_to_add=...)`` and are swapped in place. Nothing here imports streamlit, so tests can
read the map's HTML directly.

Styling comes from the ONE shared vocabulary, ``geo/style.toml`` through `geo.style` (the static print export
uses the same functions): `segment_style` turns it into Leaflet path options, `node_style_leaflet` into
CircleMarker options, and the map's legend control draws its samples with those very functions.

The country basemap can be inlined (a dict) or fetched by the page from a static file (a URL; see
`publish_static`), so the ~600 KiB of polygons is not re-sent to the browser on every rerun.

Every string that reaches HTML (tooltips, layer names, legend labels) is escaped here with `html.escape`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import logging
import os
import tempfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium import plugins
from jinja2 import Template

from corridors.map_keyboard import KeyboardInert
from corridors.map_labels import LABEL_CSS, Declutter, Label, Labels
from corridors.offline_assets import use_offline_assets
from geo import style as geo_style

log = logging.getLogger(__name__)

#: Region shown at start: (south, west), (north, east) in degrees, EPSG:4326.
REGION_BOUNDS = ((36.0, 38.0), (47.5, 58.5))
#: The view a new Leaflet map is built with (its centre is the middle of `REGION_BOUNDS`) before it fits them.
START_ZOOM = 5

SEA_COLOUR = "#c9dcea"
LAND_COLOUR = "#f4f1ea"
BORDER_COLOUR = "#a59f94"

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

#: The legend's styles (shared by the map control and the sidebar copy; the map control adds a box).
LEGEND_CSS = """
.ca-legend { font: 12px/1.35 system-ui, sans-serif; color: #222; }
.ca-legend summary { cursor: pointer; font-weight: 600; }
.ca-legend .ca-cols { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: flex-start; margin-top: 3px; }
.ca-legend h4 { margin: 0 0 2px 0; padding: 0; font-size: 11px; font-weight: 600; color: #555;
                text-transform: uppercase; letter-spacing: 0.03em; }
.ca-legend .ca-row { display: flex; align-items: center; gap: 6px; white-space: nowrap; min-height: 17px; }
.ca-legend svg { flex: none; }
.ca-legend .ca-note { margin-top: 3px; color: #555; font-size: 11px; white-space: normal; }
"""

MAP_CSS = f"""
<style>
{LEGEND_CSS}
.leaflet-control.ca-legend {{ background: rgba(255,255,255,0.94); padding: 3px 8px; border-radius: 4px;
                             box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 80vw; }}
.leaflet-container {{ background: {SEA_COLOUR}; font-family: system-ui, sans-serif; }}
.leaflet-interactive:focus {{ outline: none; }}
.ca-tip b {{ font-weight: 600; }}
.ca-tip .ca-n {{ color: #555; }}
</style>
"""

#: Pixels added to the width of a selected or highlighted line (its dashes scale with it).
SELECT_EXTRA = 3.0
#: Opacity of a route with no passage matching the filters ("dimmed, not dropped").
DIM_OPACITY = 0.22
#: Rail casing: a white line this many pixels wider under the line (geo/preview.py: +1.5 pt = +2 px).
CASING_EXTRA = 2.0
CASING_COLOUR = "#ffffff"
#: Neutral colour of the legend's mode and status samples (route colours are in the sidebar).
LEGEND_COLOUR = "#444444"
#: The mode whose width the legend's status samples use.
LEGEND_STATUS_MODE = "road"


@dataclass(frozen=True, slots=True)
class RouteLook:
    """What the map needs to know about a route: its id, display name and colour (``#rrggbb``)."""

    id: str
    name: str
    colour: str


def feature_routes(properties: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the route ids a segment or node belongs to (``route`` string or ``routes`` list)."""
    routes = properties.get("routes")
    if isinstance(routes, (list, tuple)):
        return tuple(str(r) for r in routes)
    route = routes if isinstance(routes, str) else properties.get("route")
    if isinstance(route, str):
        return tuple(r.strip() for r in route.split(",") if r.strip())
    return ()


def _round_coords(coords: Any, precision: int) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), precision)
    return [_round_coords(c, precision) for c in coords]


def browser_geojson(collection: Mapping[str, Any], *, tolerance: float = 0.01, precision: int = 4) -> dict:
    """Return a copy of a FeatureCollection light enough for the browser.

    Lines and polygons are simplified (Douglas-Peucker, topology-preserving) and every coordinate is rounded;
    properties are kept. Use full-detail layers for spatial facts and print, this only for the web map.

    Parameters
    ----------
    collection
        GeoJSON FeatureCollection, EPSG:4326.
    tolerance
        Simplification tolerance, degrees (0.01 degrees is about 1 km).
    precision
        Decimal places kept (4 is about 11 m).

    Returns
    -------
    collection
        A new FeatureCollection (the input is not modified).
    """
    import shapely.geometry as sg

    features = []
    for feature in collection.get("features", []):
        geometry = feature.get("geometry")
        if geometry and geometry.get("type") not in ("Point", "MultiPoint") and tolerance > 0:
            shape = sg.shape(geometry).simplify(tolerance, preserve_topology=True)
            geometry = sg.mapping(shape)
        if geometry:
            geometry = {"type": geometry["type"], "coordinates": _round_coords(geometry["coordinates"], precision)}
        features.append({"type": "Feature", "properties": dict(feature.get("properties") or {}), "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def browser_basemap(collection: Mapping[str, Any], *, tolerance: float = 0.03, precision: int = 3) -> dict:
    """Return the country polygons simplified as a coverage (shared borders once: no gaps) for the browser.

    Parameters
    ----------
    collection
        Country polygons, EPSG:4326.
    tolerance
        Simplification tolerance, degrees (0.03 degrees is about 3 km; the page then carries ~0.5 MB).
    precision
        Decimal places kept (3 is about 110 m).

    Returns
    -------
    collection
        A new FeatureCollection with only the ``name`` property kept.
    """
    import shapely
    import shapely.geometry as sg

    features = [f for f in collection.get("features", []) if f.get("geometry")]
    shapes = shapely.coverage_simplify([sg.shape(f["geometry"]) for f in features], tolerance)
    simplified = [
        {"type": "Feature", "properties": {"name": (f.get("properties") or {}).get("name")}, "geometry": sg.mapping(g)}
        for f, g in zip(features, shapes)
    ]
    return browser_geojson({"type": "FeatureCollection", "features": simplified}, tolerance=0, precision=precision)


def base_map(
    basemap: Mapping[str, Any] | str, *, default: str = "countries", height: int = 620, legend: bool = True,
    controls: bool = True, status_date: str | None = None, labels: Sequence[Label] = (),
) -> folium.Map:
    """Build the constant part of the map: base layers, controls, legend and CSS.

    Parameters
    ----------
    basemap
        Country polygons for the offline base layer (already simplified for the browser), or the URL of a
        static file holding them (`publish_static`): the page then fetches it once instead of carrying it.
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
        Permanent labels of the base map (countries, `corridors.map_labels.country_labels`); with `controls`
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
    m.get_root().header.add_child(folium.Element(MAP_CSS))
    m.get_root().header.add_child(folium.Element(f"<style>{LABEL_CSS}</style>"))

    countries = folium.FeatureGroup(name=BASEMAPS["countries"], overlay=False, show=default == "countries")
    land = {"color": BORDER_COLOUR, "weight": 0.8, "fillColor": LAND_COLOUR, "fillOpacity": 1.0}
    if isinstance(basemap, str):
        FetchedGeoJson(basemap, style=land, attribution="Borders: Natural Earth").add_to(countries)
    else:
        folium.GeoJson(
            dict(basemap),
            name="countries",
            interactive=False,
            attribution="Borders: Natural Earth",
            style_function=None,
            smooth_factor=1.0,
            **{"style": land},
        ).add_to(countries)
    countries.add_to(m)
    if not controls:
        m.fit_bounds([list(REGION_BOUNDS[0]), list(REGION_BOUNDS[1])])
        return m
    folium.TileLayer(
        "OpenStreetMap", name=BASEMAPS["osm"], overlay=False, show=default == "osm", max_zoom=13
    ).add_to(m)
    folium.TileLayer(
        POSITRON_URL, attr=POSITRON_ATTR, name=BASEMAPS["positron"], overlay=False,
        show=default == "positron", max_zoom=13, subdomains="abcd",
    ).add_to(m)

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
    m.fit_bounds([list(REGION_BOUNDS[0]), list(REGION_BOUNDS[1])])
    return m


def _vocab_style(properties: Mapping[str, Any], colour: str) -> geo_style.SegmentStyle:
    """`geo.style.segment_style` for a segment's mode and status (road / operational for unknown values)."""
    mode, status = str(properties.get("mode", "")), str(properties.get("status", "")).replace(" ", "_")
    labels = geo_style.legend_labels()
    if mode not in labels["mode"] or status not in labels["status"]:
        log.warning("segment %s: unknown mode/status %r/%r, drawn as road/operational",
                    properties.get("id"), mode, status)
        mode = mode if mode in labels["mode"] else "road"
        status = status if status in labels["status"] else "operational"
    if not isinstance(colour, str) or len(colour) != 7 or not colour.startswith("#"):
        colour = "#555555"
    return geo_style.segment_style(colour, mode, status)


def segment_style(
    properties: Mapping[str, Any], colour: str, *, dimmed: bool = False, selected: bool = False
) -> dict[str, Any]:
    """Leaflet path options of a segment, from the shared vocabulary (`geo.style.segment_style`).

    Colour from its route, width from its mode, dashes and opacity from its status (sea legs always dotted).
    A selected line is `SELECT_EXTRA` px wider with its dashes scaled to the new width (the pattern stays the
    one the legend shows); a dimmed one has `DIM_OPACITY`.
    """
    vocab = _vocab_style(properties, colour)
    if selected:
        vocab = dataclasses.replace(vocab, weight=vocab.weight + SELECT_EXTRA)
    style: dict[str, Any] = {
        "color": vocab.colour,
        "weight": vocab.weight,
        "opacity": DIM_OPACITY if dimmed else (1.0 if selected else vocab.opacity),
        "lineCap": "butt" if vocab.dash else "round",
        "lineJoin": "round",
    }
    if vocab.dash_array:
        style["dashArray"] = vocab.dash_array
    return style


def casing_style(properties: Mapping[str, Any], *, dimmed: bool = False, selected: bool = False) -> dict | None:
    """Leaflet options of the white casing drawn under a segment whose mode has one (rail), else None."""
    vocab = _vocab_style(properties, "#000000")
    if not vocab.casing:
        return None
    weight = vocab.weight + (SELECT_EXTRA if selected else 0) + CASING_EXTRA
    return {"color": CASING_COLOUR, "weight": weight, "opacity": DIM_OPACITY if dimmed else 0.9,
            "lineCap": "round", "lineJoin": "round", "interactive": False}


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


def _line_sample(style: Mapping[str, Any], casing: Mapping[str, Any] | None = None, width: int = 46) -> str:
    """An inline SVG line drawn with the same options a map path gets (Leaflet draws paths in SVG too)."""
    def line(st: Mapping[str, Any]) -> str:
        dash = f' stroke-dasharray="{html.escape(str(st["dashArray"]))}"' if st.get("dashArray") else ""
        return (f'<line x1="3" y1="7" x2="{width - 3}" y2="7" stroke="{html.escape(str(st["color"]))}" '
                f'stroke-width="{st["weight"]:g}" stroke-opacity="{st["opacity"]:g}" '
                f'stroke-linecap="{st.get("lineCap", "round")}"{dash}/>')
    body = (line(casing) if casing else "") + line(style)
    return f'<svg width="{width}" height="14" aria-hidden="true">{body}</svg>'


def _node_sample(style: Mapping[str, Any]) -> str:
    r = style["radius"]
    size = int(2 * r + 4)
    return (f'<svg width="{size}" height="{size}" aria-hidden="true"><circle cx="{size / 2:g}" cy="{size / 2:g}" '
            f'r="{r:g}" fill="{html.escape(style["fillColor"])}" fill-opacity="{style["fillOpacity"]:g}" '
            f'stroke="{html.escape(style["color"])}" stroke-width="{style["weight"]:g}"/></svg>')


def legend_html(*, collapsible: bool = True, open_: bool = False, status_date: str | None = None) -> str:
    """The map legend: every mode, status and node kind of `geo/style.toml`, drawn with the map's own styles.

    Mode samples are operational lines (sea: its own dotted pattern); status samples use the
    `LEGEND_STATUS_MODE` width. Colours are neutral: each route's colour is in the sidebar's layer list.
    Style it with `LEGEND_CSS` inside an element of class ``ca-legend``.

    Parameters
    ----------
    collapsible
        Wrap it in ``<details>`` with a "Legend" summary (the map control); else a plain block (sidebar).
    open_
        Whether the ``<details>`` starts open.
    status_date
        The date the map shows (ISO), when it is not today: the status column says so.
    """
    labels = geo_style.legend_labels()
    mode_rows = []
    for mode, label in labels["mode"].items():
        props = {"mode": mode, "status": "operational"}
        mode_rows.append(f'<div class="ca-row">{_line_sample(segment_style(props, LEGEND_COLOUR), casing_style(props))}'
                         f"{html.escape(label)}</div>")
    status_rows = []
    for status, label in labels["status"].items():
        props = {"mode": LEGEND_STATUS_MODE, "status": status}
        status_rows.append(f'<div class="ca-row">{_line_sample(segment_style(props, LEGEND_COLOUR))}'
                           f"{html.escape(label)}</div>")
    node_rows = [f'<div class="ca-row">{_node_sample(node_style_leaflet(kind))}{html.escape(label)}</div>'
                 for kind, label in labels["node"].items()]
    faded = segment_style({"mode": LEGEND_STATUS_MODE, "status": "operational"}, LEGEND_COLOUR, dimmed=True)
    status_head = f"Status on {html.escape(status_date)}" if status_date else "Status"
    cols = "".join(f"<div><h4>{title}</h4>{''.join(rows)}</div>"
                   for title, rows in (("Mode", mode_rows), (status_head, status_rows), ("Nodes", node_rows)))
    body = (f'<div class="ca-cols">{cols}</div>'
            f'<div class="ca-note ca-row">{_line_sample(faded, width=30)} faded: no passage matches the filters'
            "</div>")
    if status_date:
        body += (f'<div class="ca-note ca-asof">Map as of {html.escape(status_date)}: each segment with the status it '
                 "had then; segments not yet proposed are hidden.</div>")
    if not collapsible:
        return body
    return f'<details{" open" if open_ else ""}><summary>Legend</summary>{body}</details>'



class Legend(MacroElement):
    """A Leaflet control holding fixed HTML (the legend); clicks and scrolls on it do not reach the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", "ca-legend");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, legend: str, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = legend
        self.position = position


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


def publish_static(collection: Mapping[str, Any], static_dir: str | Path, name: str,
                   *, url_prefix: str = "/app/static") -> str | None:
    """Write `collection` as compact JSON under ``static_dir/generated/`` and return its served URL.

    The file name carries a hash of the content, so browsers may cache it for good and a changed basemap gets
    a new URL; an existing file is reused. The write is atomic (temp file + rename), so concurrent servers
    never serve half a file.

    Parameters
    ----------
    collection
        GeoJSON to publish (already simplified for the browser).
    static_dir
        The folder Streamlit serves at ``/app/static`` (``static/`` next to ``app.py``).
    name
        File name stem, e.g. ``"countries"``.
    url_prefix
        Where `static_dir` is served.

    Returns
    -------
    url
        ``/app/static/generated/<name>-<hash>.json``, or None when the folder cannot be written (the caller then
        inlines the data).
    """
    data = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = Path(static_dir) / "generated"
    target = folder / f"{name}-{digest}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by the app at start (corridors.map_view.publish_static)\n*\n")
        if not target.exists() or target.stat().st_size != len(data):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
    except OSError as exc:
        log.warning("cannot publish %s under %s (%s); the map inlines it", name, folder, exc)
        return None
    return f"{url_prefix}/generated/{target.name}"


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
    looks: Mapping[str, RouteLook],
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
    by_route: dict[str, list[dict]] = {}
    casings: list[dict] = []
    for feature in segments.get("features", []):
        props = feature.get("properties") or {}
        routes = [r for r in feature_routes(props) if r in visible]
        if not routes:
            continue
        route = routes[0]
        look = looks.get(route, RouteLook(route, route, "#555555"))
        fid = str(props.get("id", ""))
        is_selected = route in highlight or (selected is not None and selected in (fid, route))
        count = counts.get(route, 0)
        casing = casing_style(props, dimmed=count == 0, selected=is_selected)
        if casing:
            casings.append({"type": "Feature", "properties": {"route": route, "kind": "casing", "style": casing},
                            "geometry": feature.get("geometry")})
        new_props = {
            "id": fid,
            "route": route,
            "kind": "segment",
            "mode": str(props.get("mode", "")),
            "status": str(props.get("status", "")),
            "style": segment_style(props, look.colour, dimmed=count == 0, selected=is_selected),
            "tip": tooltip_html(
                [look.name], str(props.get("name", fid)), count,
                " · ".join(str(props[k]).replace("_", " ") for k in ("mode", "status", "facts") if props.get(k)),
            ),
        }
        by_route.setdefault(route, []).append(
            {"type": "Feature", "properties": new_props, "geometry": feature.get("geometry")}
        )
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

    node_features = []
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
                "tip": tooltip_html(
                    [looks[r].name if r in looks else r for r in routes],
                    str(props.get("name", fid)),
                    count,
                    geo_style.legend_labels()["node"].get(kind, kind.replace("_", " ")) or None,
                ),
            },
        })
    if node_features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": node_features},
            name="nodes",
            control=False,
            marker=folium.CircleMarker(radius=4, fill=True),
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        ).add_to(group)
    return group


def feature_id_from_click(value: Mapping[str, Any] | None) -> str | None:
    """Return the id of the feature in st_folium's ``last_active_drawing`` (None if absent)."""
    if not value:
        return None
    drawing = value.get("last_active_drawing")
    if not isinstance(drawing, Mapping):
        return None
    props = drawing.get("properties")
    if not isinstance(props, Mapping):
        return None
    fid = props.get("id")
    return str(fid) if fid else None


