"""Bare reference page for bench/bench_app.py: the same map layers as the app, with no app logic.

No index, no query, no state: read the GeoJSON files, build the same folium map (vendored assets,
simplified basemap and lines) and hand it to st_folium, swapping the route layers in place as the app
does. The country layer reaches the page as the app's does: a served file the map fetches once
(`corridors.map_assets`), not ~700 KiB inlined into every rerun's map element (which made every rerun of
this page slower than the app's and the comparison unfair in the app's favour). A sidebar has one
toggle per route and a search box that dims the routes whose id does not contain the text, so a layer
toggle and a filter change can be timed against the app's.
Run: streamlit run bench/bare_page.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import browser_geometry, web_map  # noqa: E402
from routes.models import Route  # noqa: E402


@st.cache_resource
def layers():
    basemap = json.loads((ROOT / "geo" / "basemap" / "countries_simplified.geojson").read_text())
    segments = {"type": "FeatureCollection", "features": []}
    for path in sorted((ROOT / "geo" / "layers").glob("*.geojson")):
        segments["features"] += json.loads(path.read_text())["features"]
    nodes_path = ROOT / "geo" / "nodes.geojson"
    nodes = json.loads(nodes_path.read_text()) if nodes_path.exists() else {"features": []}
    return (
        browser_geometry.browser_basemap(basemap),
        browser_geometry.browser_geojson(segments),
        browser_geometry.browser_geojson(nodes),
    )


@st.cache_resource
def served_basemap(_basemap: dict):
    from corridors import map_assets

    return map_assets.publish(_basemap, "countries")


st.set_page_config(page_title="bare", layout="wide")
basemap, segments, nodes = layers()
published = served_basemap(basemap)
if published:
    from corridors import map_assets

    map_assets.register()
routes = sorted({r for f in segments["features"] for r in browser_geometry.feature_routes(f["properties"])})
palette = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]
looks = {r: Route(id=r, name=r, kind="related", aliases=(), stakeholders=(), colour=palette[i % len(palette)],
               description="") for i, r in enumerate(routes)}
visible = {r for r in routes if st.sidebar.checkbox(r, value=True, key=f"bare_{r}")}
q = st.sidebar.text_input("Search", key="bare_q").strip().casefold()
counts = {r: int(not q or q in r) for r in routes}
group = web_map.route_layers(segments, nodes, looks=looks, visible=visible, counts=counts)
st_folium(web_map.base_map(published[0] if published else basemap), feature_group_to_add=group, height=620,
          use_container_width=True, returned_objects=["last_active_drawing"], key="bare")
