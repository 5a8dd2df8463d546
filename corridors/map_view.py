"""Build the folium map the app shows: a constant base map plus one swappable FeatureGroup of route layers.

The base map (offline countries as the default base layer, OSM and CartoDB Positron as options, controls,
CSS) never changes with filters, so st_folium keeps its iframe; the route layers go through
``st_folium(feature_group_to_add=...)`` and are swapped in place. Nothing here imports streamlit, so tests can
read the map's HTML directly.

Every string that reaches HTML (tooltips, layer names) is escaped here with `html.escape`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import folium
from folium import plugins

from corridors.offline_assets import use_offline_assets

#: Region shown at start: (south, west), (north, east) in degrees, EPSG:4326.
REGION_BOUNDS = ((36.0, 38.0), (47.5, 58.5))

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

MAP_CSS = f"""
<style>
.leaflet-container {{ background: {SEA_COLOUR}; font-family: system-ui, sans-serif; }}
.leaflet-interactive:focus {{ outline: none; }}
.ca-tip b {{ font-weight: 600; }}
.ca-tip .ca-n {{ color: #555; }}
</style>
"""

# Fallback styling until geo.style lands: weight by mode, dash pattern by status.
MODE_WEIGHT = {"rail": 4.0, "road": 3.0, "pipeline": 3.0, "sea": 2.5}
STATUS_DASH = {
    "operational": None,
    "under_construction": "9 5",
    "planned": "3 6",
    "proposed": "1 7",
}
DIM_OPACITY = 0.22
NODE_RADIUS = 5


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


def base_map(basemap: Mapping[str, Any], *, default: str = "countries", height: int = 620) -> folium.Map:
    """Build the constant part of the map: base layers, controls and CSS.

    Parameters
    ----------
    basemap
        Country polygons for the offline base layer (already simplified for the browser).
    default
        Which base layer is shown first: a key of `BASEMAPS`.
    height
        Map height, pixels.

    Returns
    -------
    m
        A folium Map with no route layers; pass those to st_folium's ``feature_group_to_add``.
    """
    use_offline_assets()
    (south, west), (north, east) = REGION_BOUNDS
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        height=height,
        min_zoom=3,
        max_zoom=13,
        world_copy_jump=False,
    )
    m.get_root().header.add_child(folium.Element(MAP_CSS))

    countries = folium.FeatureGroup(name=BASEMAPS["countries"], overlay=False, show=default == "countries")
    folium.GeoJson(
        dict(basemap),
        name="countries",
        interactive=False,
        attribution="Borders: Natural Earth",
        style_function=None,
        smooth_factor=1.0,
        **{"style": {"color": BORDER_COLOUR, "weight": 0.8, "fillColor": LAND_COLOUR, "fillOpacity": 1.0}},
    ).add_to(countries)
    countries.add_to(m)
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
    m.fit_bounds([list(REGION_BOUNDS[0]), list(REGION_BOUNDS[1])])
    return m


def segment_style(
    properties: Mapping[str, Any], colour: str, *, dimmed: bool = False, selected: bool = False
) -> dict[str, Any]:
    """Leaflet path style of a segment: colour from its route, weight from its mode, dashes from its status."""
    weight = MODE_WEIGHT.get(str(properties.get("mode", "")), 3.0)
    style: dict[str, Any] = {
        "color": colour,
        "weight": weight + (3 if selected else 0),
        "opacity": DIM_OPACITY if dimmed else (1.0 if selected else 0.9),
        "lineCap": "round",
    }
    dash = STATUS_DASH.get(str(properties.get("status", "")))
    if dash:
        style["dashArray"] = dash
    return style


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
        Route ids drawn thicker too (e.g. the routes of the selected passage).

    Returns
    -------
    group
        A FeatureGroup; each feature keeps its properties, so a click returns its ``id``.
    """
    group = folium.FeatureGroup(name="Routes", control=False)
    by_route: dict[str, list[dict]] = {}
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
        new_props = {
            "id": fid,
            "route": route,
            "kind": "segment",
            "style": segment_style(props, look.colour, dimmed=count == 0, selected=is_selected),
            "tip": tooltip_html(
                [look.name], str(props.get("name", fid)), count,
                " · ".join(str(props[k]).replace("_", " ") for k in ("mode", "status") if props.get(k)),
            ),
        }
        by_route.setdefault(route, []).append(
            {"type": "Feature", "properties": new_props, "geometry": feature.get("geometry")}
        )
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
        colour = looks[routes[0]].colour if routes[0] in looks else "#555555"
        count = sum(counts.get(r, 0) for r in routes)
        is_selected = fid == selected or any(r in highlight or r == selected for r in routes)
        node_features.append({
            "type": "Feature",
            "geometry": feature.get("geometry"),
            "properties": {
                "id": fid,
                "route": routes[0],
                "kind": "node",
                "style": {
                    "color": "#333333",
                    "weight": 2.5 if is_selected else 1,
                    "fillColor": colour,
                    "fillOpacity": DIM_OPACITY if count == 0 else 0.95,
                    "opacity": 0.4 if count == 0 else 1.0,
                    "radius": NODE_RADIUS + (3 if is_selected else 0),
                },
                "tip": tooltip_html(
                    [looks[r].name if r in looks else r for r in routes],
                    str(props.get("name", fid)),
                    count,
                    str(props.get("kind", "")).replace("_", " ") or None,
                ),
            },
        })
    if node_features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": node_features},
            name="nodes",
            control=False,
            marker=folium.CircleMarker(radius=NODE_RADIUS),
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        ).add_to(group)
    return group


def map_html(m: folium.Map) -> str:
    """Return the standalone HTML page of a map (for tests, the bare benchmark page and size figures)."""
    return m.get_root().render()


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


def geojson_size(collection: Mapping[str, Any]) -> int:
    """Bytes of compact JSON, as a rough payload figure."""
    return len(json.dumps(collection, separators=(",", ":")))
