"""Timeline view: dated mentions per route over time; choosing a point lists its passages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from corridors import state as S
from corridors.map_view import RouteLook
from corridors.views._html import field, safe_colour


def timeline_points(hits: Sequence[Any], looks: Mapping[str, RouteLook]) -> dict[tuple[str, str], list[Any]]:
    """(route id, month YYYY-MM) -> passages with a dated mention in that month linked to that route."""
    points: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for hit in hits:
        months = sorted({str(field(d, "date_start") or field(d, "date") or "")[:7] for d in field(hit, "dates", []) or []})
        for link in field(hit, "routes", []) or []:
            rid = str(field(link, "route") or field(link, "route_id"))
            for month in months:
                if len(month) == 7:
                    points[(rid, month)].append(hit)
    return dict(sorted(points.items(), key=lambda kv: (kv[0][1], kv[0][0])))


def timeline(hits: Sequence[Any], looks: Mapping[str, RouteLook]) -> list[Any]:
    """Draw mentions per route by month; return the passages of the chosen point (empty if none)."""
    import altair as alt

    st.subheader("Timeline of dated mentions", anchor=False)
    points = timeline_points(hits, looks)
    if not points:
        st.info("No dated mention in the passages that match the filters.")
        return []
    names = {rid: (looks[rid].name if rid in looks else rid) for rid, _ in points}
    rows = [{"route": names[rid], "month": f"{month}-01", "passages": len(ps), "point": f"{rid}|{month}"}
            for (rid, month), ps in points.items()]
    domain = list(dict.fromkeys(names[r] for r, _ in points))
    colours = [safe_colour(looks[r].colour) if r in looks else "#777777" for r in dict.fromkeys(r for r, _ in points)]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_circle(opacity=0.85)
        .encode(
            x=alt.X("month:T", title="Month of the dated event",
                    axis=alt.Axis(format="%b %Y", labelOverlap=True)),
            y=alt.Y("route:N", title=None, sort=domain, axis=alt.Axis(labelLimit=320)),
            size=alt.Size("passages:Q", legend=None, scale=alt.Scale(range=[40, 600])),
            color=alt.Color("route:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
            tooltip=["route:N", alt.Tooltip("month:T", format="%Y-%m"), "passages:Q"],
        )
        .properties(height=60 + 40 * len(domain))
    )
    st.altair_chart(chart, use_container_width=True)
    labels = {f"{rid}|{month}": f"{month} · {names[rid]} · {len(ps)} passage{'s' if len(ps) != 1 else ''}"
              for (rid, month), ps in points.items()}
    choice = st.selectbox("Point", options=[None, *labels], key=S.KEY_TIMELINE_POINT,
                          format_func=lambda v: "— choose a month and route —" if v is None else labels[v])
    if choice is None:
        return []
    rid, month = choice.split("|")
    return points.get((rid, month), [])
