"""Corridor Atlas: the Streamlit entry point. Thin: config, cached data, ONE view state, then the views.

The view state is read once, before anything is drawn (`shell.view_state`): counts, map, lists and URL all
come from it. The map is drawn before the sidebar and the lists, so its update leaves first; it is a
fragment, so pan and zoom rerun only the map. The Sources, Timeline and Export views (geopandas and
matplotlib for the export) are imported only when they are opened.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from corridors import cached
from corridors import state as S
from corridors.config import config_from_env
from corridors.views import citations, figures, map_panel, shell, sidebar

st.set_page_config(page_title="Corridor Atlas", page_icon="🗺️", layout="wide")

cfg = config_from_env()
index, layers, looks, actors = cached.index(cfg), cached.map_layers(), cached.looks(), cached.actors()
actor_names = cached.actor_names_by_id()
db = cached.db_key(index)
route_ids = list(looks)
selectable = shell.selectable(looks, layers)

state = shell.view_state(route_ids=route_ids, actor_names=list(actors), selectable=selectable)
filters = state.to_filters()
counts = cached.route_counts(index, db, filters)
shell.write_url(state)
visible = [r for r in route_ids if not state.routes or r in state.routes]

st.title("Corridor Atlas", anchor=False)
view = st.segmented_control("View", options=list(shell.VIEWS), format_func=shell.VIEWS.get, key=S.KEY_VIEW,
                            label_visibility="collapsed") or "map"
read_article = lambda article_id: cached.article_passages(index, db, article_id)  # noqa: E731

sel_routes: tuple[str, ...] = ()
if view == "map":
    sel_routes = shell.selection_routes(state.select, layers, route_ids)
    passage_hit = None
    if state.passage:
        passage_hit = next((h for h in cached.passages(index, db, filters, tuple(route_ids))
                            if h.id == state.passage), None)
    highlight = citations.passage_highlight(passage_hit, selected_routes=sel_routes) if passage_hit else ()
    map_panel.map_fragment(layers, looks=looks, state=state, counts=counts, visible=visible,
                           highlight=highlight, basemap=st.session_state[S.KEY_BASEMAP],
                           basemap_source=cached.basemap_source())

sidebar.sidebar(state, looks=looks, counts=counts, actors=actors, selectable=selectable,
                actor_counts=cached.actor_counts(index, db))

if view == "map":
    if sel_routes:
        heading = f"Passages on {layers.feature_names.get(state.select) or looks[sel_routes[0]].name}"
        figures.route_card(sel_routes[0], looks[sel_routes[0]].name, select=state.select, as_of=state.as_of,
                           segment_ids=[f for f, r in layers.feature_routes.items() if sel_routes[0] in r])
        hits = cached.passages(index, db, filters, sel_routes, citations.order_control())
    else:
        hits = cached.passages(index, db, filters, tuple(visible))
        heading = "Passages on the layers shown" + (" (click a line to narrow)" if hits else "")
    citations.place_search()
    citations.passage_list(hits, heading=heading, select=state.select if sel_routes else None, index=index,
                           route_name=", ".join(looks[r].name for r in sel_routes),
                           corrections=citations.corrections_for(cfg, index),
                           looks=looks, routes=sel_routes or None, q=state.q,
                           selected_passage=state.passage, article_passages=read_article, actor_names=actor_names,
                           relevance_of=lambda ids: cached.relevance(index, db, ids, tuple(sel_routes or visible)))
    if not sel_routes:
        others = cached.other_passages(index, db, filters, tuple(visible))
        citations.citations(others, heading=f"Other passages ({len(others)}): linked to no route shown", looks=looks,
                            routes=None, q=state.q, selected_passage=state.passage, article_passages=read_article,
                            actor_names=actor_names, key_prefix="other", empty="No other passage matches the filters.")
elif view == "sources":
    from corridors.query import corpus_dirs_of
    from corridors.views import sources

    sources.sources(cached.articles(index, db), cached.passages(index, db, filters, ()),
                    filtered=replace(filters, routes=()) != replace(S.ViewState().to_filters(), routes=()),
                    corpus_dirs=corpus_dirs_of(index))
elif view == "timeline":
    from corridors.views import timeline

    chosen = timeline.timeline(cached.passages(index, db, filters, tuple(visible)), looks,
                               events=timeline.status_events(layers.feature_routes, visible))
    if chosen:
        citations.citations(chosen, heading="Passages at this point", looks=looks, routes=None, q=state.q,
                            selected_passage=state.passage, article_passages=read_article, actor_names=actor_names,
                            key_prefix="tl")
elif view == "export":
    from corridors.views import export_panel

    st.caption("A static briefing map of the current filters and selection: the same styles as the map above, "
               "with its legend, scale bar and the cited sources.")
    export_panel.export_panel(index, cached.full_layers(), cached.catalog(), state, basemap=cached.basemap_source())
