"""Published figures and status history in the app: the map as of a date, tooltip facts, the route card."""

from __future__ import annotations

import copy
import functools
import html
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from geo.history import History, default_history, parse_as_of, segment_status, source_label
from sources._dates import format_day


@functools.lru_cache(maxsize=1)
def _drawn_km() -> dict[str, float]:
    from geo.facts import length_km
    from geo.layers import load_layers

    return {row.id: length_km(row.geometry) for row in load_layers().segments.itertuples(index=False)}


def _source_name(history: History, source: str) -> str:
    src = source_label(history, source)
    return src.get("publisher") or f"passage {src['id']}"


def length_text(history: History, segment_id: str) -> str | None:
    """``"TANAP: drawn 1,879 km; Belt and Road Portal: 1,850 km"`` for the narrowest figure of a segment."""
    figs = history.figures_of(segment_id)
    if not figs:
        return None
    f = figs[0]
    drawn = sum(_drawn_km().get(s, 0.0) for s in f.segments)
    return f"{f.component}: drawn {drawn:,.0f} km; {_source_name(history, f.length_source)}: {f.length_km:,.0f} km"


def segments_as_of(collection: Mapping[str, Any], as_of: str | None) -> dict[str, Any]:
    """The browser segments at ``as_of``: not-yet-proposed ones dropped, ``status`` the one drawn then, and a
    ``facts`` property for the tooltip (status since, drawn vs published length)."""
    history = default_history()
    day = parse_as_of(as_of)
    out = []
    for feature in collection.get("features", []):
        props = dict(feature.get("properties") or {})
        sid = str(props.get("id", ""))
        now = segment_status(history, sid, str(props.get("status", "")), day)
        if now.draw is None:
            continue
        props["status"] = now.draw
        bits = []
        if now.event is not None and day is not None:
            bits.append(f"{now.lifecycle.replace('_', ' ')} since {now.event.date}")
        elif not now.dated and day is not None:
            bits.append("status undated")
        if (text := length_text(history, sid)) is not None:
            bits.append(text)
        props["facts"] = " · ".join(bits)
        out.append({**feature, "properties": props})
    return {**copy.copy(dict(collection)), "features": out}


def date_label(as_of: str | None) -> str | None:
    """``"1 January 2016"`` for an ISO date, None for today."""
    day = parse_as_of(as_of)
    return format_day(day) if day else None


def route_card(route_id: str, route_name: str, *, select: str | None, segment_ids: Sequence[str],
               as_of: str | None) -> None:
    """The figures (drawn and published length, capacity, sources) of a route and the status history of the
    selected segment (or of the route's segments), above its passages."""
    card = route_card_html(route_id, route_name, select=select, segment_ids=segment_ids, as_of=as_of)
    if card is not None:
        st.markdown(card, unsafe_allow_html=True)


def route_card_html(route_id: str, route_name: str, *, select: str | None, segment_ids: Sequence[str],
                    as_of: str | None) -> str | None:
    """The HTML of :func:`route_card` (None when the route has no figure and no history); every source is a
    ``[source]`` link: a reference opens its page, a corpus passage opens in the app (``?passage=``)."""
    history = default_history()
    figs = [f for f in history.figures.values() if f.route == route_id]
    ids = [select] if select in segment_ids else list(segment_ids)
    projects = [p for p in history.projects.values() if any(s in p["segments"] for s in ids)]
    if not figs and not projects:
        return None
    here = select or route_id
    rows = []
    for f in figs:
        drawn = sum(_drawn_km().get(s, 0.0) for s in f.segments)
        line = (f"<b>{html.escape(f.component)}</b>: drawn: {drawn:,.0f} km; "
                f"{html.escape(_source_name(history, f.length_source))}: {f.length_km:,.0f} km"
                f"{_link(history, f.length_source, here)}")
        if f.capacity is not None:
            year = f" ({f.capacity_year})" if f.capacity_year else " (year not stated)"
            line += (f"<br>design capacity {f.capacity:g} {html.escape(f.capacity_unit)}{year}"
                     f"{_link(history, f.capacity_source, here)}")
        rows.append(f"<li>{line}</li>")
    for p in projects:
        evs = "; ".join(f"{html.escape(e.date)} {html.escape(e.status.replace('_', ' '))}"
                        f"{_link(history, e.source, here)}" for e in p["events"])
        rows.append(f"<li><b>{html.escape(p['name'])}</b>: {evs}</li>")
    when = date_label(as_of)
    head = f"Figures and status history · {html.escape(route_name)}" + (f" · map as of {when}" if when else "")
    return f'<div class="ca-route-card" aria-label="Route figures"><b>{head}</b><ul>{"".join(rows)}</ul></div>'


def _link(history: History, source: str, select: str) -> str:
    """``[source]``: a reference links to its page; a corpus passage (``passage:<id>``) to the app showing that
    passage on the selection (``?select=…&passage=…``, the app's own URL state)."""
    src = source_label(history, source)
    if src["kind"] == "reference":
        title = html.escape(f"{src['title']} — {src['publisher']}" + (f", {src['date']}" if src["date"] else ""))
        return f' <a href="{html.escape(src["url"])}" title="{title}" target="_blank" rel="noopener">[source]</a>'
    if src["kind"] == "passage":
        href = "?" + urlencode({"select": select, "passage": src["id"]})
        title = html.escape(f"corpus passage {src['id']}")
        return f' <a href="{html.escape(href)}" title="{title}" target="_self">[source]</a>'
    return f' <span title="source not found">[{html.escape(source)}?]</span>'  # `corridors check` reports it
