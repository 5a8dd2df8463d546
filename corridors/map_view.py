"""Reading the web map back: the app side of the map (the map itself is built in `geo.web_map`).

st_folium reports what the user did on the map as a dict; this module turns it into the app's terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def feature_id_from_click(value: Mapping[str, Any] | None) -> str | None:
    """Return the id of the feature in st_folium's ``last_active_drawing`` (None if absent)."""
    if not value:
        return None
    drawing = value.get("last_active_drawing")
    if not isinstance(drawing, Mapping):
        return None
    props = drawing.get("properties")
    if not isinstance(props, Mapping):
        return None
    fid = props.get("id")
    return str(fid) if fid else None
