"""The map: constant base map, route layers swapped in place, clicks turned into a selection id."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import streamlit as st
from streamlit_folium import st_folium

from corridors import map_view
from corridors import state as S
from corridors.state import ViewState
from corridors.views.figures import segments_as_of

RETURNED = ["last_active_drawing", "last_object_clicked_count"]
HEIGHT = 600


def map_panel(
    layers,
    *,
    looks: Mapping[str, map_view.RouteLook],
    state: ViewState,
    counts: Mapping[str, int],
    visible: Collection[str],
    highlight: Collection[str] = (),
    basemap: str = "countries",
    basemap_source: Mapping | str | None = None,
) -> str | None:
    """Draw the map and return the id of a feature the user has just clicked (None if no new click).

    Pan and zoom do not rerun the app (only the click keys are returned); filter changes swap the route
    layers without re-mounting the map. `basemap_source` is the URL of the static basemap file (or its data;
    default: the layers' data, inlined). With ``state.as_of`` each segment is drawn with the status it had
    then and those not yet proposed are hidden; the legend names the date. Tooltips give the drawn and the
    published length.
    """
    m = map_view.base_map(layers.basemap if basemap_source is None else basemap_source, default=basemap,
                          height=HEIGHT, status_date=state.as_of)
    group = map_view.route_layers(
        segments_as_of(layers.segments, state.as_of), layers.nodes, looks=looks, visible=visible, counts=counts,
        selected=state.select, highlight=highlight,
    )
    value = st_folium(
        m, key=S.KEY_MAP, height=HEIGHT, use_container_width=True, feature_group_to_add=group,
        returned_objects=RETURNED,
    )
    fid = map_view.feature_id_from_click(value)
    if fid is None:
        return None
    click = (fid, (value or {}).get("last_object_clicked_count"))
    if st.session_state.get(S.KEY_LAST_CLICK) == click:
        return None
    st.session_state[S.KEY_LAST_CLICK] = click
    return fid
