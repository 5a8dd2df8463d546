"""The Export view: live preview of the briefing map, title/subtitle, notes from the map, downloads.

A download can never be stale: the file is rendered when the button is clicked (a deferred download), from
the inputs as the server holds them then. The title, subtitle, size, note texts and the notes map write
every change, through their ``on_change`` callbacks (which Streamlit runs first thing in a rerun), into
one plain per-session dict (`live_inputs`); the preview and the download both read the export's inputs
from that dict with `inputs_of`, so what is downloaded is what the inputs say at click time, not what an
earlier run rendered.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

import folium
import streamlit as st
from folium import plugins
from streamlit_folium import st_folium

from corridors import export as ex
from corridors import map_view
from corridors.query import Filters
from corridors.state import KEY_EXPORT_CLICKED as KEY_CLICKED
from corridors.state import KEY_EXPORT_FORMAT as KEY_FORMAT
from corridors.state import KEY_EXPORT_LIVE as KEY_LIVE
from corridors.state import KEY_EXPORT_NOTE_TEXT as KEY_NOTE_TEXT
from corridors.state import KEY_EXPORT_NOTES_MAP as KEY_NOTES_MAP
from corridors.state import KEY_EXPORT_SIZE as KEY_SIZE
from corridors.state import KEY_EXPORT_SUBTITLE as KEY_SUBTITLE
from corridors.state import KEY_EXPORT_TITLE as KEY_TITLE
from corridors.state import ViewState

DOWNLOADS = {"png": "PNG image", "svg": "SVG (text as text)", "pdf": "PDF (full source list)",
             "geojson": "GeoJSON (layers + notes)", "csv": "CSV (cited passages)", "bibtex": "BibTeX",
             "ris": "RIS"}
SUFFIX = {"png": "png", "svg": "svg", "pdf": "pdf", "geojson": "geojson", "csv": "csv", "bibtex": "bib", "ris": "ris"}


def filters_from_state(state: ViewState) -> Filters:
    """The query filters of the app's state."""
    return state.to_filters()


def selected_routes(select: str | None, layers, catalog: Mapping[str, Any]) -> tuple[str, ...]:
    """The routes a selection (route, segment or node id) stands for; empty when nothing is selected."""
    if not select:
        return ()
    if select in catalog:
        return (select,)
    seg = layers.segments[layers.segments["id"] == select]
    if len(seg):
        return tuple(seg["route"])
    node = layers.nodes[layers.nodes["id"] == select]
    if len(node):
        return tuple(r for r in str(node["routes"].iloc[0]).split(",") if r in catalog)
    return ()


INPUT_KEYS = (KEY_TITLE, KEY_SUBTITLE, KEY_SIZE, KEY_NOTE_TEXT, KEY_NOTES_MAP, KEY_CLICKED)


def live_inputs() -> dict[str, Any]:
    """This session's dict of export inputs (one object for the whole session; download callables keep it)."""
    live = st.session_state.get(KEY_LIVE)
    if not isinstance(live, dict):
        live = st.session_state[KEY_LIVE] = {}
    return live


def _record(key: str) -> None:
    """on_change callback: copy a widget's new value into the live inputs."""
    live_inputs()[key] = st.session_state.get(key)


def _sync_live() -> dict[str, Any]:
    """Copy every export input's current value into the live dict (first run, or a value seeded in code)."""
    live = live_inputs()
    for key in INPUT_KEYS:
        if key in st.session_state:
            live[key] = st.session_state[key]
    return live


def inputs_of(live: Mapping[str, Any]) -> tuple[str, str, str, list[dict]]:
    """Title, subtitle, size and note features (with their texts) from the live inputs.

    Clicked points are the ones already kept plus the notes map's last click if it is not kept yet (a click
    the server has seen but no rerun has processed); drawn shapes are the notes map's drawings.
    """
    value = live.get(KEY_NOTES_MAP) or {}
    clicked = [list(c) for c in live.get(KEY_CLICKED) or []]
    last = value.get("last_clicked") if isinstance(value, Mapping) else None
    if last and (not clicked or clicked[-1] != [last["lng"], last["lat"]]):
        clicked.append([last["lng"], last["lat"]])
    drawings = list(value.get("all_drawings") or []) if isinstance(value, Mapping) else []
    features = [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": c}}
                for c in clicked] + [dict(d) for d in drawings]
    texts = str(live.get(KEY_NOTE_TEXT) or "").splitlines()
    for i, f in enumerate(features):
        f["properties"] = {**(f.get("properties") or {}), "text": texts[i] if i < len(texts) else ""}
    return (str(live.get(KEY_TITLE) or ""), str(live.get(KEY_SUBTITLE) or ""),
            str(live.get(KEY_SIZE) or "slide"), features)


def _notes_map(layers, routes: tuple[str, ...], catalog: Mapping[str, Any], basemap: Mapping | str) -> None:
    """A small map to click or draw notes on; its clicks and drawings go to the live inputs.

    It uses the main map's offline base (countries) and the routes' own colours, so notes are placed
    against the same picture the export shows.
    """
    segs = layers.segments[layers.segments["route"].isin(routes)] if routes else layers.segments
    x0, y0, x1, y1 = segs.total_bounds
    m = map_view.base_map(basemap, height=360, legend=False, controls=False)
    m.fit_bounds([[y0, x0], [y1, x1]])
    colours = {rid: getattr(r, "colour", "#555555") for rid, r in catalog.items()}
    lines = segs[["id", "route", "geometry"]].copy()
    lines["geometry"] = lines.geometry.simplify(0.005)
    folium.GeoJson(lines.to_json(), name="routes", interactive=False,
                   style_function=lambda f: {"color": colours.get(f["properties"]["route"], "#555555"),
                                             "weight": 3, "opacity": 0.9}).add_to(m)
    plugins.Draw(export=False, draw_options={"circle": False, "circlemarker": False, "rectangle": False},
                 edit_options={"edit": False}).add_to(m)
    value = st_folium(m, key=KEY_NOTES_MAP, height=360, use_container_width=True,
                      returned_objects=["all_drawings", "last_clicked"],
                      on_change=partial(_record, KEY_NOTES_MAP)) or {}
    live = live_inputs()
    if KEY_NOTES_MAP not in live:
        live[KEY_NOTES_MAP] = value
    clicked = [list(c) for c in st.session_state.get(KEY_CLICKED, [])]
    last = (live.get(KEY_NOTES_MAP) or {}).get("last_clicked")
    if last and (not clicked or clicked[-1] != [last["lng"], last["lat"]]):
        clicked.append([last["lng"], last["lat"]])
    st.session_state[KEY_CLICKED] = live[KEY_CLICKED] = clicked


def _render(index, layers, catalog, filters: Filters, routes: tuple[str, ...], live: Mapping[str, Any],
            fmt: str, dpi: float) -> bytes:
    """Plan and render the export from the live inputs as they are now (the download callable)."""
    title, subtitle, size, features = inputs_of(live)
    plan = ex.plan_export(index, filters, layers=layers, catalog=catalog, title=title, subtitle=subtitle,
                          notes=ex.notes_from_features(features), size=size, routes=routes or None)
    return ex.export_bytes(plan, fmt, dpi=dpi)


def export_panel(index, layers, catalog: Mapping[str, Any], state: ViewState, *, basemap: Mapping | str) -> None:
    """Draw the Export view for the current filters and selection.

    Parameters
    ----------
    index
        The open index.
    layers
        ``geo.layers.Layers`` at full detail (GeoDataFrames, EPSG:4326), not the browser copy.
    catalog
        Routes by id (``routes.catalog.load_catalog()``).
    state
        The app's view state (filters and selection).
    basemap
        The browser basemap (its static URL or data), as for the main map.
    """
    filters = filters_from_state(state)
    routes = selected_routes(state.select, layers, catalog)
    left, right = st.columns([2, 3])
    with left:
        st.text_input("Title", key=KEY_TITLE, placeholder="(made from the routes and actors)",
                      on_change=_record, args=(KEY_TITLE,))
        st.text_input("Subtitle", key=KEY_SUBTITLE, on_change=_record, args=(KEY_SUBTITLE,))
        st.selectbox("Size", ["slide", "a4-landscape", "a4-portrait"], key=KEY_SIZE, on_change=_record,
                     args=(KEY_SIZE,))
        st.caption("Notes: click the map to drop a numbered point, or draw a line or polygon with the tools.")
        _notes_map(layers, routes or filters.routes, catalog, basemap)
        st.text_area("Note texts (one line per note, in order)", key=KEY_NOTE_TEXT, height=100,
                     on_change=_record, args=(KEY_NOTE_TEXT,))
        if st.button("Clear clicked points"):
            st.session_state[KEY_CLICKED] = []
            live_inputs()[KEY_CLICKED] = []
            st.rerun()
    live = _sync_live()
    title, subtitle, size, features = inputs_of(live)
    try:
        notes = ex.notes_from_features(features)
        plan = ex.plan_export(index, filters, layers=layers, catalog=catalog, title=title, subtitle=subtitle,
                              notes=notes, size=size, routes=routes or None, as_of=state.as_of)
    except ex.ExportError as exc:
        right.error(str(exc))
        return
    with right:
        st.image(ex.export_bytes(plan, "png", dpi=80), caption=f"{len(plan.routes)} route(s), "
                 f"{len(plan.cited)} citation(s), {len(notes)} note(s)", width="stretch")
        fmt = st.selectbox("Download", list(DOWNLOADS), format_func=DOWNLOADS.get, key=KEY_FORMAT)
        if fmt:
            st.download_button(
                f"Download {DOWNLOADS[fmt]}", key=f"{KEY_FORMAT}_button", on_click="ignore",
                data=partial(_render, index, layers, catalog, filters, routes, live, fmt, 200),
                file_name=f"corridor-atlas.{SUFFIX[fmt]}", mime=ex.MIME[fmt],
                help="Rendered when you click, from the title, size and notes as they are then.")
