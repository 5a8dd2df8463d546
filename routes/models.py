"""Data classes for the route catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

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


class Evidence(NamedTuple):
    """Words of a passage that tie it to a route: offsets into the passage text, the words, and the rule.

    ``kind`` is the rule that found the words: alias, component, operator, waypoints, description, context,
    override.
    """

    start: int
    end: int
    text: str
    kind: str = "alias"


@dataclass(frozen=True, slots=True)
class Link:
    """A passage ↔ route link: strength (``primary``/``mention``), origin (``auto``/``override``), the
    evidence spans and, for overrides, the reason."""

    passage_id: str
    route_id: str
    strength: str
    origin: str
    evidence: tuple[Evidence, ...]
    reason: str | None = None
