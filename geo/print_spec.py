"""What the print map draws: the plain data `geo.print_map` renders (routes, citations, notes, page size).

The caller (``corridors.export``) decides what is shown and passes it in a :class:`MapSpec`; routes are the
catalog's own `routes.models.Route` (its name and colour are its look, as on the web map).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.style import segment_style
from routes.models import Route

__all__ = ["FORMATS", "SIZES", "MapCitation", "MapNote", "MapSpec", "line_style", "short_name"]

#: Page sizes, inches (width, height).
SIZES: dict[str, tuple[float, float]] = {
    "slide": (13.333, 7.5),
    "a4-landscape": (11.693, 8.268),
    "a4-portrait": (8.268, 11.693),
}
FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True, slots=True)
class MapCitation:
    """A numbered citation: its number, the formatted citation line and the route it is keyed to.

    ``source`` (the citation without its paragraph) and ``locator`` (``¶3``) let consecutive citations of
    one article share a line in the list: ``4–6. Author, “Title”, …, ¶1 [4], ¶2 [5], ¶6 [6].``
    """

    number: int
    text: str
    route: str
    source: str = ""
    locator: str = ""


@dataclass(frozen=True, slots=True)
class MapNote:
    """A user's note: number, text and a geometry (Point, LineString or Polygon; degrees, EPSG:4326)."""

    number: int
    text: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class MapSpec:
    """Everything the renderer draws.

    Attributes
    ----------
    title, subtitle
        Title block; ``filters`` is a smaller line stating the filters (actors, dates, search).
    routes
        Visible routes in legend order.
    segments, nodes
        Layer GeoDataFrames (EPSG:4326) already restricted to the visible routes.
    citations
        Numbered citations, listed below the map and called out on the map at their route.
    notes
        The user's notes, drawn as numbered markers with their text.
    generated
        The date generated, ISO.
    size
        A key of :data:`SIZES`.
    """

    title: str
    routes: tuple[Route, ...]
    segments: gpd.GeoDataFrame
    nodes: gpd.GeoDataFrame
    subtitle: str = ""
    filters: str = ""
    citations: tuple[MapCitation, ...] = ()
    notes: tuple[MapNote, ...] = ()
    generated: str = ""
    size: str = "slide"
    attribution: str = "Basemap: Natural Earth (1:10m). Routes: Corridor Atlas layers."
    extra: dict[str, Any] = field(default_factory=dict)


def short_name(name: str) -> str:
    """A label-sized name: the part before a parenthesis (``Middle Corridor (…)`` → ``Middle Corridor``)."""
    cut = re.split(r"\s+\(", name, maxsplit=1)[0].strip()
    return cut or name


def line_style(colour: str, mode: str, status: str) -> dict[str, Any]:
    """Matplotlib line properties for a segment from the shared vocabulary (``geo.style``, as the web map).

    Returns
    -------
    dict
        ``color``, ``linewidth`` (points), ``linestyle``, ``alpha``.
    """
    st = segment_style(colour, mode, status)
    return {"color": st.colour, "linewidth": st.linewidth_pt, "linestyle": st.mpl_linestyle, "alpha": st.opacity}
