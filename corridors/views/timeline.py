"""Timeline view: dated mentions per route over time beside the routes' status changes; choosing a point lists
its passages and sets the map's date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

import streamlit as st

from corridors import state as S
from corridors.views._html import safe_colour

if TYPE_CHECKING:
    from corridors.query import Hit
    from routes.models import Route


def timeline_points(hits: Sequence[Hit], looks: Mapping[str, Route]) -> dict[tuple[str, str], list[Hit]]:
    """(route id, month YYYY-MM) -> passages with a dated mention in that month linked to that route."""
    points: dict[tuple[str, str], list[Hit]] = defaultdict(list)
    for hit in hits:
        months = sorted({d.date[:7] for d in hit.dates})
        for link in hit.routes:
            for month in months:
                if len(month) == 7:
                    points[(link.route_id, month)].append(hit)
    return dict(sorted(points.items(), key=lambda kv: (kv[0][1], kv[0][0])))


def status_events(feature_routes: Mapping[str, Sequence[str]], visible: Collection[str]) -> list[dict[str, str]]:
    """Status changes of the visible routes (geo/history.toml): route, date, status, project, says, source."""
    from geo.history import default_history, source_label

    history = default_history()
    out = []
    for proj in history.projects.values():
        routes = dict.fromkeys(r for s in proj["segments"] for r in feature_routes.get(s, ()) if r in visible)
        for ev in proj["events"]:
            src = source_label(history, ev.source)
            for rid in routes:
                out.append({"route": rid, "date": ev.date, "status": ev.status, "project": proj["name"],
                            "says": ev.says, "source": src.get("publisher") or f"passage {src['id']}"})
    return sorted(out, key=lambda e: (e["date"], e["route"]))


def _set_map_date() -> None:
    """Timeline choice -> the map's date (runs before the widgets draw, so the date control may change)."""
    choice = st.session_state.get(S.KEY_TIMELINE_POINT)
    if not choice:
        return
    iso = choice.split("|")[-1]
    from geo.history import parse_as_of

    day = parse_as_of(iso)
    st.session_state[S.KEY_AS_OF] = min(day, dt.date.today()) if day else None


def timeline(hits: Sequence[Hit], looks: Mapping[str, Route], *, events: Sequence[Mapping[str, str]] = ()
             ) -> list[Hit]:
    """Draw mentions per route by month and the status changes; return the passages of the chosen point."""
    import altair as alt

    st.subheader("Timeline of dated mentions and status changes", anchor=False)
    points = timeline_points(hits, looks)
    if not points and not events:
        st.info("No dated mention in the passages that match the filters, and no status change recorded.")
        return []
    route_ids = list(dict.fromkeys([r for r, _ in points] + [e["route"] for e in events]))
    names = {rid: (looks[rid].name if rid in looks else rid) for rid in route_ids}
    rows = [{"route": names[rid], "month": f"{month}-01", "passages": len(ps), "point": f"{rid}|{month}"}
            for (rid, month), ps in points.items()]
    ev_rows = [{"route": names[e["route"]], "day": _day(e["date"]), "status": e["status"].replace("_", " "),
                "project": e["project"], "source": e["source"]} for e in events]
    domain = [names[r] for r in route_ids]
    colours = [safe_colour(looks[r].colour) if r in looks else "#777777" for r in route_ids]
    y = alt.Y("route:N", title=None, sort=domain, axis=alt.Axis(labelLimit=320))
    colour = alt.Color("route:N", scale=alt.Scale(domain=domain, range=colours), legend=None)
    mentions = alt.Chart(alt.Data(values=rows)).mark_circle(opacity=0.85).encode(
        x=alt.X("month:T", title="Date (circles: dated mentions by month; diamonds: status changes)",
                axis=alt.Axis(format="%Y", labelOverlap=True)),
        y=y, size=alt.Size("passages:Q", legend=None, scale=alt.Scale(range=[40, 600])), color=colour,
        tooltip=["route:N", alt.Tooltip("month:T", format="%Y-%m"), "passages:Q"])
    changes = alt.Chart(alt.Data(values=ev_rows)).mark_point(shape="diamond", filled=True, size=120,
                                                              stroke="#222222", strokeWidth=0.8).encode(
        x="day:T", y=y, color=colour,
        tooltip=["route:N", alt.Tooltip("day:T", format="%Y-%m-%d"), "status:N", "project:N", "source:N"])
    chart = alt.layer(mentions, changes).properties(height=60 + 40 * len(domain))
    st.altair_chart(chart, use_container_width=True)
    labels = {f"m|{rid}|{month}": f"{month} · {names[rid]} · {len(ps)} passage{'s' if len(ps) != 1 else ''}"
              for (rid, month), ps in points.items()}
    labels.update({f"e|{e['route']}|{e['date']}": f"{e['date']} · {names[e['route']]} · {e['project']}: "
                   f"{e['status'].replace('_', ' ')}" for e in events})
    labels = dict(sorted(labels.items(), key=lambda kv: kv[0].split("|")[2]))
    choice = st.selectbox("Point (sets the map's date)", options=[None, *labels], key=S.KEY_TIMELINE_POINT,
                          on_change=_set_map_date,
                          format_func=lambda v: "— choose a date and route —" if v is None else labels.get(v, v))
    if choice is None or choice not in labels:
        return []
    kind, rid, when = choice.split("|")
    st.caption(f"The map now shows the corridors as of {when} (sidebar: Map as of).")
    return points.get((rid, when), []) if kind == "m" else []


def _day(iso: str) -> str:
    parts = iso.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))
