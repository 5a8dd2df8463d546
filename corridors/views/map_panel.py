"""The map: constant base map, route layers swapped in place, clicks turned into a selection id.

The map follows the selection: a new selection (map click, route list, ``?select=``) or a passage's
"Show on map" fits the map to it (`corridors.map_follow.FitTo`). The map reports its view (zoom, centre),
which the URL keeps (``map=Z/LAT/LON``); a fresh map iframe opens at the view of the link it was opened from.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from corridors import map_follow, map_view
from corridors import state as S
from corridors.state import MapView, ViewState
from corridors.views.figures import segments_as_of
from geo import map_labels, web_map
from routes.models import Route

RETURNED = ["last_active_drawing", "last_object_clicked_count", "zoom", "center"]
HEIGHT = 600


def _built_view() -> MapView | None:
    (south, west), (north, east) = web_map.REGION_BOUNDS
    return S.map_view_of(web_map.START_ZOOM, (south + north) / 2, (west + east) / 2)


def reported_view(value: Mapping[str, Any] | None) -> MapView | None:
    """The (zoom, lat, lon) st_folium last reported, or None before the map has reported a view of its own.

    A new iframe first reports the view the map was built with, before it moves to the link's view or fits
    the region; that report is not a view anyone chose, so it is ignored.
    """
    if not isinstance(value, Mapping) or not isinstance(value.get("center"), Mapping):
        return None
    center = value["center"]
    view = S.map_view_of(value.get("zoom"), center.get("lat"), center.get("lng"))
    return None if view == _built_view() else view


def follow_target(layers, state: ViewState, highlight: Collection[str]) -> map_follow.FitTo | None:
    """What the map fits to now: the picked passage's routes, else the selection; None when neither is set."""
    if not state.select and not state.passage:
        return None
    token = f"{state.select or ''}|{state.passage or ''}"
    collections = (layers.segments, layers.nodes)
    bounds = None
    if state.passage and highlight:
        bounds = map_follow.target_bounds(collections, routes=set(highlight))
    if bounds is None and state.select:
        bounds = map_follow.target_bounds(collections, ids={state.select}, routes={state.select})
    return map_follow.FitTo(token, bounds)


def _start_view(basemap: str) -> MapView | None:
    """The view a fresh iframe opens at: the link's, or (after a basemap change re-mounts it) the current one."""
    ss = st.session_state
    if ss.get(S.KEY_MAP_BASE) not in (None, basemap):
        ss[S.KEY_MAP_START] = reported_view(ss.get(S.KEY_MAP)) or ss.get(S.KEY_MAP_START)
    ss[S.KEY_MAP_BASE] = basemap
    return ss.get(S.KEY_MAP_START)


def map_panel(
    layers,
    *,
    looks: Mapping[str, Route],
    state: ViewState,
    counts: Mapping[str, int],
    visible: Collection[str],
    highlight: Collection[str] = (),
    basemap: str = "countries",
    basemap_source: Mapping | str | None = None,
) -> str | None:
    """Draw the map and return the id of a feature the user has just clicked (None if no new click).

    Filter changes swap the route layers without re-mounting the map; pan and zoom rerun the app only to
    keep the URL's map view. `basemap_source` is the URL of the static basemap file (or its data; default:
    the layers' data, inlined). With ``state.as_of`` each segment is drawn with the status it had then and
    those not yet proposed are hidden; the legend names the date. Tooltips give the drawn and the published
    length.
    """
    m = web_map.base_map(layers.basemap if basemap_source is None else basemap_source, default=basemap,
                         height=HEIGHT, status_date=state.as_of,
                         labels=map_labels.country_labels_cached(layers.basemap))
    segments = segments_as_of(layers.segments, state.as_of)
    group = web_map.route_layers(
        segments, layers.nodes, looks=looks, visible=visible, counts=counts,
        selected=state.select, highlight=highlight,
    )
    names = {rid: look.name for rid, look in looks.items()}
    colours = {rid: look.colour for rid, look in looks.items()}
    map_labels.Labels([
        *map_labels.route_labels(segments, names=names, colours=colours, visible=set(visible)),
        *map_labels.node_labels(layers.nodes, visible=set(visible)),
    ]).add_to(group)
    fit = follow_target(layers, state, highlight)
    if fit is not None:
        fit.add_to(group)
    start = _start_view(basemap)
    value = st_folium(
        m, key=S.KEY_MAP, height=HEIGHT, use_container_width=True, feature_group_to_add=group,
        returned_objects=RETURNED, zoom=start[0] if start else None,
        center=(start[1], start[2]) if start else None,
    )
    fid = map_view.feature_id_from_click(value)
    if fid is None:
        return None
    click = (fid, (value or {}).get("last_object_clicked_count"))
    if st.session_state.get(S.KEY_LAST_CLICK) == click:
        return None
    st.session_state[S.KEY_LAST_CLICK] = click
    return fid


@st.fragment
def map_fragment(layers, *, looks: Mapping[str, Route], state: ViewState, counts: Mapping[str, int],
                 visible: Collection[str], highlight: Collection[str] = (), basemap: str = "countries",
                 basemap_source: Mapping | str | None = None) -> None:
    """`map_panel` as a fragment: a pan or zoom reruns only this (to write the map view into the URL).

    A click on a feature is a new selection, which the whole page shows: it reruns the app.
    """
    from corridors.views import shell

    clicked = map_panel(layers, looks=looks, state=state, counts=counts, visible=visible, highlight=highlight,
                        basemap=basemap, basemap_source=basemap_source)
    if clicked:
        shell.select_from_map(clicked)
    shell.write_url(state)
