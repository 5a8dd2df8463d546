"""Sidebar: layer toggles with colour swatches, filters, basemap and an accessible selection list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import streamlit as st

from corridors import state as S
from corridors.state import ViewState
from corridors.views._html import swatch_css
from geo.web_legend import legend_css, legend_html
from geo.web_map import BASEMAPS
from routes.models import Route
from sources._dates import iso_or_none
from sources.index import fts_query

NO_ROUTES = "none"  # every layer switched off (an empty list means all layers)

#: Streamlit ellipsizes widget labels on one line; long route names ("Middle Corridor (Trans-Caspian
#: International Transport Route)") must wrap instead. Scoped to the sidebar's checkboxes.
SIDEBAR_CSS = """<style>
[data-testid="stSidebar"] [data-testid="stCheckbox"] [data-testid="stMarkdownContainer"],
[data-testid="stSidebar"] [data-testid="stCheckbox"] [data-testid="stMarkdownContainer"] p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
}
[data-testid="stSidebar"] [data-testid="stCheckbox"] label { align-items: flex-start; }
</style>"""


def route_key(route_id: str) -> str:
    """Session key of one route's layer toggle."""
    return f"{S.KEY_ROUTES}_{route_id}"


def seed_widgets(state: ViewState, *, route_ids: Sequence[str], actor_names: Sequence[str]) -> None:
    """Write `state` into the widgets' session keys (on first load, or when the URL changed)."""
    ss = st.session_state
    for rid in route_ids:
        ss[route_key(rid)] = not state.routes or rid in state.routes
    known = {a.casefold(): a for a in actor_names}
    ss[S.KEY_ACTORS] = [known[a.casefold()] for a in state.actors if a.casefold() in known]
    ss[S.KEY_DATE_FROM] = state.date_from or ""
    ss[S.KEY_DATE_TO] = state.date_to or ""
    ss[S.KEY_EVENTS] = state.dates == "events"
    ss[S.KEY_Q] = state.q or ""
    ss[S.KEY_PRIMARY] = state.primary
    ss[S.KEY_ALL_ACTORS] = state.all_actors
    ss[S.KEY_SELECT] = state.select
    ss[S.KEY_PASSAGE] = state.passage
    ss[S.KEY_AS_OF] = _first_day(state.as_of)


def state_from_widgets(*, route_ids: Sequence[str], selectable: Mapping[str, str]) -> ViewState:
    """The view the widgets hold now (their session keys), read once at the start of a rerun.

    Streamlit writes a changed widget's value into its key before the rerun starts, so this is already
    the user's new choice: the counts, the map and the lists are all computed from it, and the widgets
    drawn later in the rerun show the same values (#13 point 2: no figure from an older state).
    A selection that is no longer selectable is cleared here, before the selection list is drawn.
    """
    ss = st.session_state
    on = [rid for rid in route_ids if ss.get(route_key(rid), True)]
    if ss.get(S.KEY_SELECT) is not None and ss.get(S.KEY_SELECT) not in selectable:
        ss[S.KEY_SELECT] = None
    actors = tuple(ss.get(S.KEY_ACTORS) or ())
    date_from, date_to = (str(ss.get(k) or "") for k in (S.KEY_DATE_FROM, S.KEY_DATE_TO))
    as_of = ss.get(S.KEY_AS_OF)
    return ViewState(
        routes=() if len(on) == len(route_ids) else (tuple(on) or (NO_ROUTES,)),
        actors=actors,
        date_from=iso_or_none(date_from) if date_from.strip() else None,
        date_to=iso_or_none(date_to) if date_to.strip() else None,
        dates="events" if ss.get(S.KEY_EVENTS) else "published",
        q=" ".join(str(ss.get(S.KEY_Q) or "").split()) or None,
        primary=bool(ss.get(S.KEY_PRIMARY)),
        all_actors=bool(ss.get(S.KEY_ALL_ACTORS)),
        select=ss.get(S.KEY_SELECT),
        passage=ss.get(S.KEY_PASSAGE),
        as_of=as_of.isoformat() if isinstance(as_of, dt.date) else None,
    )


def _first_day(iso: str | None) -> dt.date | None:
    from geo.history import parse_as_of

    return parse_as_of(iso) if iso else None


def legend(status_date: str | None = None) -> None:
    """The map's line and node legend (geo/style.toml, drawn with the map's own styles) under the layers."""
    st.sidebar.markdown(f"<style>{legend_css()}</style>", unsafe_allow_html=True)
    body = legend_html(collapsible=False, status_date=status_date)
    st.sidebar.markdown(f'<div class="ca-legend" style="margin-bottom:0.8rem" aria-label="Map legend">{body}</div>',
                        unsafe_allow_html=True)


def as_of_control() -> str | None:
    """The "Map as of" date control (empty = today); returns the chosen date, ISO."""
    chosen = st.sidebar.date_input(
        "Map as of", key=S.KEY_AS_OF, min_value=dt.date(1990, 1, 1), max_value=dt.date.today(),
        format="YYYY-MM-DD",
        help="Draw each segment with the status it had on this date (geo/history.toml); segments not yet "
             "proposed then are hidden. Empty: today.",
    )
    return chosen.isoformat() if isinstance(chosen, dt.date) else None


def actor_label(name: str, aliases: Sequence[str], counts: Mapping[str, int] | None) -> str:
    """"Iran · 52 (Tehran, Iranian, …, Masoud Pezeshkian)": the name, the passages found and every word that
    finds the actor, so whatever the user typed is in the label (the picker filters by substring)."""
    n = f" · {counts.get(name, 0)}" if counts is not None else ""
    return f"{name}{n} ({', '.join(aliases)})" if aliases else f"{name}{n}"


def _select_label(options: Mapping[str | None, str]):
    return lambda value: options.get(value, str(value))


def sidebar(
    state: ViewState,
    *,
    looks: Mapping[str, Route],
    counts: Mapping[str, int],
    actors: Mapping[str, tuple[str, ...]],
    selectable: Mapping[str, str],
    actor_counts: Mapping[str, int] | None = None,
) -> None:
    """Draw the sidebar's widgets for `state` (the view `state_from_widgets` read at the start of this rerun).

    Parameters
    ----------
    state
        The view of this rerun, read from the widgets' keys (`state_from_widgets`): the widgets hold it.
    looks
        Route id -> name and colour, catalog order.
    counts
        Route id -> passages matching the current filters (0 draws the route dimmed).
    actors
        Actor name -> aliases.
    selectable
        Every selectable id (routes, segments, nodes) -> its label, for the keyboard-friendly list.
    actor_counts
        Actor name -> passages a filter by it finds; when given, the picker lists the actors found in the
        corpus, most passages first, with their counts (and any actor already chosen).
    """
    sb = st.sidebar
    swatches = "".join(swatch_css(route_key(rid), look.colour, dimmed=counts.get(rid, 0) == 0)
                       for rid, look in looks.items())
    sb.markdown(SIDEBAR_CSS.replace("</style>", swatches + "</style>"), unsafe_allow_html=True)
    sb.markdown("### Layers")
    for rid, look in looks.items():  # one element per layer: the swatch is its label's ::before (swatch_css)
        n = counts.get(rid, 0)
        label = f"{look.name} ({n})" if n else f"{look.name} (no matching passages)"
        sb.checkbox(label, key=route_key(rid))
    as_of_control()
    if st.session_state.get(S.KEY_VIEW, "map") == "map":
        legend(state.as_of)

    sb.markdown("### Filters")
    options = list(actors)
    if actor_counts is not None:
        options = list(dict.fromkeys([*actor_counts, *state.actors]))
    sb.multiselect(
        "Actors", options=options, key=S.KEY_ACTORS,
        format_func=lambda a: actor_label(a, actors.get(a, ()), actor_counts),
        help="Type a name, alias, capital, demonym or leader (Tehran, Iranian, Pezeshkian → Iran) and press Enter "
             "to add the first match: one actor at a time.",
        filter_mode="contains", select_all=False,
    )
    sb.toggle("All of these actors", key=S.KEY_ALL_ACTORS, disabled=len(state.actors) < 2,
              help="Off: passages naming any of the chosen actors. On: only passages naming every "
                   "one of them (as `corridors passages --all-actors`).")
    sb.toggle("Dates of events (not publication)", key=S.KEY_EVENTS)
    c1, c2 = sb.columns(2)
    date_from = c1.text_input("From", key=S.KEY_DATE_FROM, placeholder="2025-06")
    date_to = c2.text_input("To", key=S.KEY_DATE_TO, placeholder="2025-11")
    bad = [d for d in (date_from, date_to) if d.strip() and iso_or_none(d) is None]
    if bad:
        sb.warning("Dates are ISO: 2025, 2025-08 or 2025-08-08. Ignored: " + ", ".join(repr(b) for b in bad))
    q = sb.text_input("Search the passages", key=S.KEY_Q, placeholder="e.g. Meghri railway")
    if q.strip() and not fts_query(q):
        sb.warning(f"No searchable word (letters or digits) in {q.strip()!r}: the search is not applied.")
    sb.toggle("Primary links only", key=S.KEY_PRIMARY, help="Passages substantially about a route")

    sb.markdown("### Selection")
    options: dict[str | None, str] = {None: "— nothing selected —", **selectable}
    sb.selectbox(
        "Route, segment or node", options=list(options), key=S.KEY_SELECT, format_func=_select_label(options),
        help="The same as clicking it on the map.",
    )
    sb.radio("Basemap", options=list(BASEMAPS), format_func=BASEMAPS.get, key=S.KEY_BASEMAP, horizontal=False)
