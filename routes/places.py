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
    # only the few non-ASCII characters are looked at (a join over every character was most of the cost)
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _is_word(ch: str) -> bool:
    """What the regex ``\\w`` matches: a letter or digit (``str.isalnum``) or the underscore."""
    return ch.isalnum() or ch == "_"


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
    """Places and one Aho-Corasick automaton over all their folded spellings."""

    def __init__(self, places: Iterable[Place]) -> None:
        import ahocorasick

        self.places: dict[str, Place] = {p.id: p for p in places}
        by_spelling: dict[str, str] = {}
        for p in self.places.values():
            for s in p.spellings:
                for form in (fold(s), fold(s).upper()):
                    by_spelling.setdefault(form, p.id)
        self._by_spelling = by_spelling
        self._auto = ahocorasick.Automaton()
        for form, pid in by_spelling.items():
            self._auto.add_word(form, (len(form), pid))
        if by_spelling:
            self._auto.make_automaton()

    def find(self, text: str) -> list[PlaceMatch]:
        """Every place spelling in `text`, in order, as whole words (the longest at a position; no overlaps).

        One automaton pass instead of a regex alternation of every spelling, which tried them all at each
        position; the result is the regex's own: leftmost, then longest, whole-word matches, scanning on
        after each one.
        """
        if not self._by_spelling:
            return []
        folded = fold(text)
        n = len(folded)
        longest: dict[int, tuple[int, str]] = {}  # start -> (end, place) of the longest whole-word spelling
        for last, (size, pid) in self._auto.iter(folded):
            start, end = last - size + 1, last + 1
            if (start and _is_word(folded[start - 1])) or (end < n and _is_word(folded[end])):
                continue
            if end > longest.get(start, (-1, ""))[0]:
                longest[start] = (end, pid)
        out, pos = [], 0
        for start in sorted(longest):
            end, pid = longest[start]
            if start >= pos:
                out.append(PlaceMatch(pid, start, end, text[start:end]))
                pos = end
        return out

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
    from geo.layers import load_nodes

    nodes = load_nodes()  # not load_layers: its frames import geopandas, a second of every build's start
    points = {str(props.get("id", "")): (geom.x, geom.y) for props, geom in nodes}
    names = {str(props.get("id", "")): str(props.get("name", "")) for props, geom in nodes}
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
