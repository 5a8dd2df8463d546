"""Data classes for the route catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RouteKind = Literal["corridor", "related"]


@dataclass(frozen=True, slots=True)
class Route:
    """One corridor or related line as described in ``routes/catalog.toml``.

    Attributes
    ----------
    id
        Stable id, also the layer file name (``geo/layers/<id>.geojson``).
    name
        Display name.
    kind
        ``"corridor"`` (one of the five) or ``"related"``.
    aliases
        Names used in text for this route (plain strings, for passage linking).
    stakeholders
        Actor names with a stake in the route.
    colour
        Map colour, ``#rrggbb``.
    description
        One paragraph.
    """

    id: str
    name: str
    kind: RouteKind
    aliases: tuple[str, ...]
    stakeholders: tuple[str, ...]
    colour: str
    description: str
