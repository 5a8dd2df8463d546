"""Page plumbing shared by the views: URL <-> widgets sync, pending map clicks, selection helpers, page CSS.

Besides the filters and the selection, the URL keeps the page: the active view (``view``) and the map's
view (``map=Z/LAT/LON``, as the map last reported it), so a shared link opens the same picture.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import streamlit as st

from corridors import state as S
from corridors.state import ViewState
from corridors.views.sidebar import seed_widgets, state_from_widgets
from routes.models import Route

VIEWS = {"map": "Map & citations", "sources": "Sources", "timeline": "Timeline", "export": "Export"}
assert tuple(VIEWS) == S.VIEW_NAMES, "shell.VIEWS and state.VIEW_NAMES list the same views"

#: The app's own CSS (phone layout of the sidebar, ...), read once and added to every page.
PAGE_CSS = Path(__file__).resolve().parents[2] / "static" / "app.css"


@lru_cache(maxsize=1)
def _page_css() -> str:
    try:
        return PAGE_CSS.read_text(encoding="utf-8")
    except OSError:
        return ""


def page_css() -> None:
    """Add ``static/app.css`` to the page (Streamlit has no stylesheet option; a style element it is)."""
    css = _page_css()
    if css:
        st.markdown(f"<style>{css}</style>", unsafe_allow_html=True)


def state_from_url(*, route_ids: Sequence[str], actor_names: Sequence[str]) -> ViewState:
    """Read the URL; when it differs from what the widgets show (first load, shared link), seed them.

    A map click stored by the previous run is applied here, before any widget is drawn. A link's active
    view is seeded into the view switch and its map view becomes the view a fresh map opens at.
    """
    page_css()
    from corridors.cached import actor_name_of

    url = ViewState.from_query_params(st.query_params).restricted_to(
        routes=[*route_ids, "none"], actors=actor_names, actor_of=actor_name_of
    )
    synced = st.session_state.get(S.KEY_SYNCED)
    # The map view is written back on every pan and zoom; a rerun sent before the browser shows that write
    # carries the previous URL. A map-view difference alone is therefore never a new link to seed from.
    if synced is None or replace(synced, map_view=None) != replace(url, map_view=None):
        seed_widgets(url, route_ids=route_ids, actor_names=actor_names)
        st.session_state[S.KEY_VIEW] = url.view
        st.session_state[S.KEY_MAP_START] = url.map_view
        st.session_state[S.KEY_SYNCED] = url
    pending = st.session_state.pop(S.KEY_PENDING_SELECT, None)
    if pending is not None:
        st.session_state[S.KEY_SELECT] = pending
        st.session_state[S.KEY_PASSAGE] = None
    st.session_state.setdefault(S.KEY_BASEMAP, "countries")
    st.session_state.setdefault(S.KEY_VIEW, "map")
    for problem in url.problems:
        st.toast(f"Ignored in the link: {problem}")
    return url


def view_state(*, route_ids: Sequence[str], actor_names: Sequence[str], selectable: Mapping[str, str]) -> ViewState:
    """THE view of this rerun, read once before anything is drawn (#13 point 2).

    The URL seeds the widgets when it is new (first load, a shared link, back/forward); then the state is
    read from the widgets' keys, which already hold what the user has just changed. Counts, map, lists
    and the URL written back all come from this one object.
    """
    state_from_url(route_ids=route_ids, actor_names=actor_names)
    return state_from_widgets(route_ids=route_ids, selectable=selectable)


def page_state(state: ViewState) -> ViewState:
    """`state` with the page's active view and the map's last reported view (else the one the URL had)."""
    from corridors.views.map_panel import reported_view

    synced = st.session_state.get(S.KEY_SYNCED)
    view = st.session_state.get(S.KEY_VIEW) or S.VIEW_NAMES[0]
    map_now = reported_view(st.session_state.get(S.KEY_MAP)) or (synced.map_view if synced else None)
    return replace(state, view=view if view in S.VIEW_NAMES else S.VIEW_NAMES[0], map_view=map_now)


def write_url(state: ViewState) -> None:
    """Make the URL show `state` plus the page's view and map view (only when it changed: no extra history)."""
    state = page_state(state)
    if ViewState.from_query_params(st.query_params) != state:
        st.query_params.from_dict(state.to_query_params())
    st.session_state[S.KEY_SYNCED] = state


def select_from_map(feature_id: str) -> None:
    """Remember a map click and rerun so the sidebar list shows it too."""
    st.session_state[S.KEY_PENDING_SELECT] = feature_id
    st.rerun()


def selectable(looks: Mapping[str, Route], layers) -> dict[str, str]:
    """Every route, segment and node id -> a readable label, routes first."""
    items = {rid: f"Route: {look.name}" for rid, look in looks.items()}
    for fid, name in layers.feature_names.items():
        routes = ", ".join(looks[r].name if r in looks else r for r in layers.feature_routes.get(fid, ()))
        items.setdefault(fid, f"{name} ({routes})")
    return items


def selection_routes(select: str | None, layers, route_ids: Sequence[str]) -> tuple[str, ...]:
    """The route ids a selection stands for (a route itself, or the routes of a segment or node)."""
    if select is None:
        return ()
    if select in route_ids:
        return (select,)
    return tuple(layers.feature_routes.get(select, ()))
