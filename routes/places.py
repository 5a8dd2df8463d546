"""Places a passage names: the layers' nodes (and a few towns on the lines) with their spellings.

Spellings live in ``geo/place_names.toml``. Text and spellings are folded one character for one character
(diacritics dropped, dotless ı → i), so ``Iğdır`` and ``Igdir`` meet and spans index the original text.
One compiled regex finds every spelling as a whole word, case-sensitive on the spelling as written and on
its all-capitals form ("Kars" never matches "Karsh…" or "kars").
"""
from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

from sources._datadir import cleared_on_change, data_file
from sources._errors import DataError, Problem

LOG = logging.getLogger(__name__)
PLACES_PATH = Path(__file__).resolve().parents[1] / "geo" / "place_names.toml"
NEAR_DEGREES = 0.05  # a place this close to a segment's line (about 5 km) is on it

__all__ = ["Place", "PlaceMatch", "Gazetteer", "fold", "validate_places", "load_places", "find_places",
           "segment_places", "default_gazetteer"]


@dataclass(frozen=True, slots=True)
class Place:
    """A place: id, display name, the node it is drawn as (or None), its point (lon, lat), its spellings."""

    id: str
    name: str
    node: str | None
    point: tuple[float, float] | None
    spellings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """One spelling of a place found in a text, at ``text[start:end]``."""

    place: str
    start: int
    end: int
    text: str


_FOLD_SPECIAL = {"ı": "i", "ə": "a", "Ə": "A", "ł": "l", "ø": "o"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)[:1]
    return _FOLD_SPECIAL.get(ch, base if base.isalnum() else ch)


def fold(text: str) -> str:
    """Drop diacritics one character for one character (same length, so spans carry over)."""
    if text.isascii():
        return text
    return "".join(ch if ch < "\x80" else _fold_char(ch) for ch in text)


def validate_places(path: str | Path | None = None, node_ids: Iterable[str] | None = None
                    ) -> tuple[list[Place], list[Problem]]:
    """Read the place spellings; return the usable places and one :class:`Problem` per bad entry."""
    p = Path(path) if path else data_file("geo/place_names.toml")
    try:
        text = p.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [], [Problem(str(p), None, f"place spellings cannot be read: {exc}")]
    nodes = set(node_ids) if node_ids is not None else None
    places: list[Place] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for pid, raw in (data.get("place") or {}).items():
        line = _line_of(text, f"[place.{pid}]")
        bad = _entry_problem(raw, nodes)
        if bad:
            problems.append(Problem(str(p), line, f"place {pid}: {bad}"))
            continue
        for s in raw["spellings"]:
            other = seen.setdefault(fold(s), pid)
            if other != pid:
                problems.append(Problem(str(p), line, f"place {pid}: spelling {s!r} is also a spelling of {other}"))
        at = raw.get("at")
        places.append(Place(pid, str(raw.get("name") or ""), raw.get("node"),
                            (float(at[0]), float(at[1])) if at else None, tuple(raw["spellings"])))
    return places, problems


def _line_of(text: str, needle: str) -> int | None:
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else None


def _entry_problem(raw: object, nodes: set[str] | None) -> str | None:
    if not isinstance(raw, dict):
        return "is not a table"
    sp = raw.get("spellings")
    if not isinstance(sp, list) or not sp or not all(isinstance(s, str) and s.strip() for s in sp):
        return "needs spellings = a list of non-empty strings"
    node, at = raw.get("node"), raw.get("at")
    if (node is None) == (at is None):
        return "needs exactly one of node = \"<node id>\" or at = [lon, lat]"
    if node is not None and (not isinstance(node, str) or (nodes is not None and node not in nodes)):
        return f"node {node!r} is not a node of geo/nodes.geojson"
    if at is not None and not (isinstance(at, list) and len(at) == 2
                               and all(isinstance(v, (int, float)) for v in at)
                               and -180 <= at[0] <= 180 and -90 <= at[1] <= 90):
        return "at must be [lon, lat] in degrees"
    return None


def load_places(path: str | Path | None = None, node_ids: Iterable[str] | None = None) -> list[Place]:
    """The places, or :class:`~sources._errors.DataError` with every problem."""
    places, problems = validate_places(path, node_ids)
    if problems:
        raise DataError(problems)
    return places


class Gazetteer:
    """Places and one compiled regex over all their folded spellings."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: dict[str, Place] = {p.id: p for p in places}
        by_spelling: dict[str, str] = {}
        for p in self.places.values():
            for s in p.spellings:
                for form in (fold(s), fold(s).upper()):
                    by_spelling.setdefault(form, p.id)
        self._by_spelling = by_spelling
        alts = sorted(by_spelling, key=len, reverse=True)  # longest first: "Bandar Abbas" before "Bandar"
        self._rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w)")

    def find(self, text: str) -> list[PlaceMatch]:
        """Every place spelling in `text`, in order, as whole words."""
        folded = fold(text)
        return [PlaceMatch(self._by_spelling[m.group(0)], m.start(), m.end(), text[m.start():m.end()])
                for m in self._rx.finditer(folded)]

    def ids(self, text: str) -> tuple[str, ...]:
        """The ids of the places `text` names, in order of first mention."""
        return tuple(dict.fromkeys(m.place for m in self.find(text)))

    def search(self, query: str) -> list[Place]:
        """Places whose name or a spelling starts with `query` (case and diacritics ignored)."""
        q = fold(query).strip().casefold()
        if not q:
            return []
        return [p for p in self.places.values()
                if any(fold(s).casefold().startswith(q) for s in (p.name, *p.spellings))]


def find_places(text: str, gazetteer: Gazetteer | None = None) -> tuple[str, ...]:
    """The ids of the places `text` names (the bundled gazetteer by default)."""
    return (gazetteer or default_gazetteer()).ids(text)


@cleared_on_change
@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of ``geo/place_names.toml`` with node points from the bundled layers."""
    from geo.layers import load_layers

    layers = load_layers()
    points = {str(r.id): (r.geometry.x, r.geometry.y) for r in layers.nodes.itertuples()}
    names = {str(r.id): str(r.name) for r in layers.nodes.itertuples()}
    places = load_places(node_ids=points)
    return Gazetteer(Place(p.id, p.name or names.get(p.node or "", p.id), p.node,
                           p.point or points.get(p.node or ""), p.spellings) for p in places)


def segment_places(segments: Mapping[str, tuple[str, BaseGeometry | None]], gazetteer: Gazetteer,
                   near: float = NEAR_DEGREES) -> dict[str, tuple[str, ...]]:
    """``{segment id: place ids}``: places named in the segment's name or lying on/near its line.

    `segments`: segment id -> (name, shapely geometry).
    """
    from shapely.geometry import Point

    out: dict[str, tuple[str, ...]] = {}
    for sid, (name, geom) in segments.items():
        ids = list(gazetteer.ids(name))
        for p in gazetteer.places.values():
            if p.point and p.id not in ids and geom is not None and geom.distance(Point(p.point)) <= near:
                ids.append(p.id)
        out[sid] = tuple(ids)
    return out
