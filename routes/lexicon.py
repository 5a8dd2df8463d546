"""The route lexicon: names, acronyms, components, operators, waypoints and look-alikes of every route.

Knowledge lives in data files: ``routes/lexicon.toml`` (hand-written), ``routes/waypoints.toml`` (generated
from the layers and GeoNames by :mod:`routes.make_waypoints`) and the catalog's aliases
(``routes/catalog.toml``). :func:`load_lexicon` compiles them into one Aho-Corasick automaton over *folded*
text (lower case, no diacritics, dashes and runs of spaces as one space), so finding every candidate in a
passage is one pass; :func:`find_terms` maps the hits back to offsets in the original text.
:func:`check_lexicon` validates the files for ``corridors check``.
"""
from __future__ import annotations

import bisect
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from routes._errors import RoutesDataError
from routes._toml import loads, read_toml
from routes.catalog import load_catalog
from sources._datadir import cleared_on_change, data_file
from sources._errors import Problem
from sources._tomlfile import array_lines, table_line, unknown_keys

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")
WAYPOINTS_PATH = Path(__file__).with_name("waypoints.toml")
KINDS = ("alias", "component", "operator", "lookalike", "place")
MODES = ("corridor", "rail", "road", "pipeline", "port")
_ID = re.compile(r"^[a-z][a-z0-9_]*/[a-z][a-z0-9_]*$")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x80, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha():
            table[cp] = base.lower()
    table.update({ord("ı"): "i", ord("İ"): "i", ord("ə"): "e", ord("Ə"): "e", ord("ł"): "l", ord("Ł"): "l",
                  ord("ø"): "o", ord("Ø"): "o", ord("đ"): "d", ord("ħ"): "h", ord("ʼ"): "'", ord("’"): "'",
                  ord("‘"): "'", ord("`"): "'"})
    for ch in "-‐‑‒–—―−\n\r\t\xa0\u2009\u202f\u200a\"“”«»„":
        table[ord(ch)] = " "
    return table


FOLD = _fold_table()
_SPACES = re.compile(r" {2,}")
# The characters FOLD changes: replacing just those (few per passage) is much faster than str.translate,
# which looks every character up in the table.
_FOLDED_CHARS = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(FOLD)) + "]")


def _fold_chars(text: str) -> str:
    """``text.translate(FOLD)``, faster."""
    return _FOLDED_CHARS.sub(lambda m: FOLD[ord(m.group())], text)


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text and the way back: ``orig(i)`` is the original offset of folded offset ``i``."""

    text: str
    _at: tuple[int, ...]
    _shift: tuple[int, ...]

    @property
    def same_offsets(self) -> bool:
        """Whether every folded offset is its original offset (no run of spaces collapsed)."""
        return not self._at

    def orig(self, i: int) -> int:
        k = bisect.bisect_right(self._at, i)
        return i + (self._shift[k - 1] if k else 0)


def fold(text: str) -> Folded:
    """Lower-case, strip diacritics, turn dashes and line breaks into spaces and collapse runs of spaces.

    Every character maps to one character before collapsing, so offsets can be mapped back exactly.
    """
    t = _fold_chars(text)
    low = t.lower()
    if len(low) != len(t):  # a rare character whose lower case is longer: fold it on its own
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in t)
    at, shift, removed = [], [], 0
    parts, last = [], 0
    for m in _SPACES.finditer(low):
        parts.append(low[last:m.start() + 1])
        removed += m.end() - m.start() - 1
        last = m.end()
        at.append(m.start() + 1 - (removed - (m.end() - m.start() - 1)))
        shift.append(removed)
    parts.append(low[last:])
    return Folded("".join(parts), tuple(at), tuple(shift))


def fold_term(term: str) -> str:
    return " ".join(term.translate(FOLD).lower().split())


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the automaton: what the words are (kind), for which route, and which part or place."""

    text: str
    kind: str  # alias | component | operator | lookalike | place
    route: str | None
    ref: str  # component id, operator name, what a look-alike is, or a place key
    exact_case: bool = False  # acronyms
    shared: bool = False  # a component several routes use (see lexicon.toml)
    confuses: tuple[str, ...] = ()  # for a look-alike: the routes it is mistaken for


@dataclass(frozen=True, slots=True)
class RouteLex:
    """What the lexicon knows about one route besides its terms."""

    id: str
    mode: str
    nouns: tuple[str, ...]
    waypoints: tuple[str, ...]  # place keys in route order
    modes: tuple[str, ...] = ()  # the modes of its layer's segments (rail, road, sea, pipeline)
    shares_ground_with: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    key: str
    name: str
    spellings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    routes: dict[str, RouteLex]
    places: dict[str, Place]
    terms: tuple[Term, ...]
    automaton: object
    route_of_place: dict[str, frozenset[str]]
    capitals: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # places that count only in chains of three or more


class _Entry:
    """An automaton value: the key's length and its terms; ``always`` holds the terms, one per distinct
    meaning, when none of them depends on the original text's case (then nothing is checked per hit)."""

    __slots__ = ("size", "terms", "always")

    def __init__(self, size: int, terms: tuple[Term, ...]) -> None:
        self.size = size
        self.terms = terms
        plain = all(not t.exact_case and t.kind != "place" for t in terms)
        self.always = tuple({(t.kind, t.route, t.ref): t for t in terms}.values()) if plain else None


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in a passage, with offsets into the original text."""

    start: int
    end: int
    term: Term


def _read(path: Path) -> dict:
    try:
        return loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: does not parse as TOML: {exc}") from exc
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror})") from exc


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _terms_of(rid: str, table: dict, catalog_aliases: tuple[str, ...]) -> list[Term]:
    terms = [Term(n, "alias", rid, rid) for n in [*catalog_aliases, *_strings(table.get("names"))]
             if not _is_acronym(n)]
    terms += [Term(a, "alias", rid, rid, True) for a in [*_strings(table.get("acronyms")),
                                                         *(n for n in catalog_aliases if _is_acronym(n))]]
    for comp in table.get("component", []):
        shared = bool(comp.get("shared", False))
        terms += [Term(n, "component", rid, comp["id"], False, shared) for n in _strings(comp.get("names"))]
        terms += [Term(a, "component", rid, comp["id"], True, shared) for a in _strings(comp.get("acronyms"))]
    for op in table.get("operator", []):
        names = _strings(op.get("names"))
        terms += [Term(n, "operator", rid, names[0]) for n in names]
    return terms


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in name


def load_lexicon(path: str | Path | None = None, waypoints_path: str | Path | None = None,
                 catalog_path: str | Path | None = None) -> Lexicon:
    """Read and compile the lexicon.

    Raises
    ------
    RoutesDataError
        Carrying every problem of :func:`validate_lexicon`.
    """
    p = Path(path) if path else data_file("routes/lexicon.toml")
    wp = Path(waypoints_path) if waypoints_path else data_file("routes/waypoints.toml")
    if problems := validate_lexicon(p, wp, catalog_path):
        raise RoutesDataError(problems)
    data, gen = _read(p), _read(wp)
    catalog = load_catalog(catalog_path)
    places: dict[str, Place] = {}
    for key, p in gen.get("place", {}).items():
        places[key] = Place(key, p["name"], tuple(_strings(p.get("spellings"))))
    for key, p in data.get("place", {}).items():
        old = places.get(key)
        spell = tuple(dict.fromkeys([*(old.spellings if old else ()), *_strings(p.get("spellings"))]))
        places[key] = Place(key, old.name if old else spell[0], spell)
    # a spelling that is another place's own name belongs to that place only (GeoNames lists "Kars" for Kadirli)
    own = {fold_term(p.name): k for k, p in places.items()}
    places = {k: Place(k, p.name, tuple(s for s in p.spellings if own.get(fold_term(s), k) == k))
              for k, p in places.items()}
    routes: dict[str, RouteLex] = {}
    terms: list[Term] = []
    for rid, table in data.get("route", {}).items():
        layer = gen.get("route", {}).get(rid, {})
        order = list(layer.get("order", []))
        order += [k for k in _strings(table.get("waypoints")) if k not in order]
        countries = tuple(_strings(table.get("countries")))
        order += [k for k in countries if k not in order]
        routes[rid] = RouteLex(rid, table.get("mode", "corridor"), tuple(_strings(table.get("nouns"))), tuple(order),
                               tuple(_strings(layer.get("modes"))), tuple(_strings(table.get("shares_ground_with"))),
                               countries)
        terms += _terms_of(rid, table, catalog[rid].aliases if rid in catalog else ())
    for look in data.get("lookalike", []):
        what, nots = str(look.get("is", "")), tuple(_strings(look.get("not")))
        terms += [Term(n, "lookalike", None, what, False, False, nots) for n in _strings(look.get("names"))]
        terms += [Term(a, "lookalike", None, what, True, False, nots) for a in _strings(look.get("acronyms"))]
    for key, place in places.items():
        terms += [Term(s, "place", None, key) for s in place.spellings]
    route_of_place: dict[str, set[str]] = {}
    for rid, r in routes.items():
        for key in r.waypoints:
            route_of_place.setdefault(key, set()).add(rid)
    by_key: dict[str, tuple[Term, ...]] = {}
    for t in terms:
        key = fold_term(t.text)
        if key:
            by_key[key] = (*by_key.get(key, ()), t)
    auto = ahocorasick.Automaton()
    for key, ts in by_key.items():
        auto.add_word(key, _Entry(len(key), ts))
    auto.make_automaton()
    return Lexicon(routes, places, tuple(terms), auto, {k: frozenset(v) for k, v in route_of_place.items()},
                   frozenset(_strings(data.get("capitals"))),
                   frozenset(k for r in routes.values() for k in r.countries))


@cleared_on_change
@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The bundled lexicon (cached)."""
    return load_lexicon()


def _accept(term: Term, original: str) -> bool:
    if term.exact_case:
        return original == term.text or original.replace("-", "") == term.text.replace("-", "")
    if term.kind == "place":
        return original[:1].isupper()
    return True


def find_terms(text: str, lexicon: Lexicon) -> list[Hit]:
    """Every lexicon term in ``text`` as non-overlapping hits, longest first, with original offsets.

    Overlaps go to the longer term (so "Baku–Tbilisi–Kars" is one alias, not three places, and a
    look-alike such as "Trans-Caspian Gas Pipeline" masks the "Trans-Caspian" it contains).
    """
    f = fold(text)
    s = f.text
    n = len(s)
    same = f.same_offsets
    cands: list[Hit] = []
    for end, entry in lexicon.automaton.iter(s):
        fs = end - entry.size + 1
        if (fs > 0 and s[fs - 1].isalnum()) or (end + 1 < n and s[end + 1].isalnum()):
            continue  # not whole words
        os_, oe = (fs, end + 1) if same else (f.orig(fs), f.orig(end) + 1)
        ok = entry.always
        if ok is None:
            original = text[os_:oe]
            # one hit per distinct meaning (a place may belong to several spellings; a term to one route)
            ok = {(t.kind, t.route, t.ref): t for t in entry.terms if _accept(t, original)}.values()
        for t in ok:
            cands.append(Hit(os_, oe, t))
    cands.sort(key=lambda h: (-(h.end - h.start), h.start))
    spans: dict[tuple[int, int], list[Hit]] = {}
    for h in cands:
        span = (h.start, h.end)
        if span in spans or not any(s0 < h.end and h.start < e0 for s0, e0 in spans):
            spans.setdefault(span, []).append(h)
    out: list[Hit] = []
    for hits in spans.values():
        kinds = {h.term.kind for h in hits}
        if "lookalike" in kinds:  # a look-alike masks everything else on its words
            hits = [h for h in hits if h.term.kind == "lookalike"][:1]
        elif kinds != {"place"}:  # a route's own name beats the place it is also the name of
            hits = [h for h in hits if h.term.kind != "place"]
        out.extend(hits)
    return sorted(out, key=lambda h: h.start)


# ------------------------------------------------------------------------------------------------ validation
def _line_of(text: str, needle: str) -> int:
    i = text.find(needle)
    return text.count("\n", 0, i) + 1 if i >= 0 else 0


_ROUTE_KEYS = ("mode", "names", "acronyms", "nouns", "waypoints", "countries", "shares_ground_with", "component",
               "operator")
_TOP_KEYS = ("route", "place", "lookalike", "capitals")


def validate_lexicon(path: str | Path | None = None, waypoints_path: str | Path | None = None,
                     catalog_path: str | Path | None = None) -> list[Problem]:
    """Every problem of the lexicon files (``lexicon.toml``, ``waypoints.toml``) with ``path:line``."""
    p = Path(path) if path else data_file("routes/lexicon.toml")
    wp = Path(waypoints_path) if waypoints_path else data_file("routes/waypoints.toml")
    data, raw, problems = read_toml(p, "route lexicon")
    gen, _, more = read_toml(wp, "waypoints")
    if data is None or gen is None:
        return problems + more
    try:
        catalog = load_catalog(catalog_path)
    except RoutesDataError as exc:
        return [*exc.problems]
    problems += unknown_keys(data, _TOP_KEYS, p, None, "route lexicon")
    known_places = set(gen.get("place", {})) | set(data.get("place", {}))
    for rid, table in data.get("route", {}).items():
        problems += _route_problems(p, raw, rid, table, catalog, known_places, wp.name)
    for k in _strings(data.get("capitals")):
        if k not in known_places:
            problems.append(Problem(str(p), _line_of(raw, "capitals") or None, f"capital {k!r} is not a place"))
    for rid in catalog:
        if rid not in data.get("route", {}):
            problems.append(Problem(str(p), None, f"route {rid!r} of the catalog has no [route.{rid}] table"))
    looks = array_lines(raw, "lookalike")
    for i, look in enumerate(data.get("lookalike", []), start=1):
        line = looks[i - 1] if i <= len(looks) else None
        if not str(look.get("is", "")).strip():
            problems.append(Problem(str(p), line,
                                    f"look-alike #{i} ({_strings(look.get('names'))[:1]}) needs `is` (what it is)"))
        for rid in _strings(look.get("not")):
            if rid not in catalog:
                problems.append(Problem(str(p), line, f"look-alike #{i}: `not` names unknown route {rid!r}"))
        problems += unknown_keys(look, ("is", "not", "names", "acronyms"), p, line, f"look-alike #{i}")
    problems += _conflicts(p, raw, data, catalog)
    for rid, r in gen.get("route", {}).items():
        for k in r.get("order", []):
            if k not in gen.get("place", {}):
                problems.append(Problem(str(wp), table_line(_raw(wp), f"route.{rid}"),
                                        f"route {rid}: waypoint {k!r} has no [place.{k}]; "
                                        "rerun python -m routes.make_waypoints"))
    return problems


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def check_lexicon(path: str | Path | None = None, waypoints_path: str | Path | None = None,
                  catalog_path: str | Path | None = None) -> list[str]:
    """:func:`validate_lexicon` as ``path:line: what is wrong`` lines; [] when all is well."""
    return [str(x) for x in validate_lexicon(path, waypoints_path, catalog_path)]


def _route_problems(p: Path, raw: str, rid: str, table: dict, catalog: dict, known_places: set[str],
                    places_file: str) -> list[Problem]:
    """Problems of one ``[route.<id>]`` table and its components."""
    line = table_line(raw, f"route.{rid}")
    problems = unknown_keys(table, _ROUTE_KEYS, p, line, f"route {rid}")

    def put(msg: str, at: int | None = line) -> None:
        problems.append(Problem(str(p), at, msg))

    if rid not in catalog:
        put(f"route {rid!r} is not in the route catalog")
    if table.get("mode", "corridor") not in MODES:
        put(f"route {rid}: mode {table.get('mode')!r} not in {MODES}")
    for key in ("names", "acronyms", "nouns", "waypoints", "countries", "shares_ground_with"):
        if key in table and (not isinstance(table[key], list) or len(_strings(table[key])) != len(table[key])):
            put(f"route {rid}: {key!r} must be a list of strings")
    for k in [*_strings(table.get("waypoints")), *_strings(table.get("countries"))]:
        if k not in known_places:
            put(f"route {rid}: waypoint {k!r} is not a place of {places_file} or [place.*]")
    for other in _strings(table.get("shares_ground_with")):
        if other not in catalog:
            put(f"shares_ground_with names unknown route {other!r}")
    for comp in table.get("component", []):
        cid = comp.get("id", "")
        cl = _line_of(raw, repr(cid).replace(chr(39), chr(34))) or line
        if not _ID.match(str(cid)) or not str(cid).startswith(rid + "/"):
            put(f"component id {cid!r} must look like '{rid}/<part>'", cl)
        if not _strings(comp.get("names")) and not _strings(comp.get("acronyms")):
            put(f"component {cid!r} has no names", cl)
    return problems


def _conflicts(p: Path, raw: str, data: dict, catalog: dict) -> list[Problem]:
    """A name given to two different routes, or to a route and a look-alike, is an error."""
    owner: dict[str, str] = {}
    problems = []
    entries: list[tuple[str, str]] = []
    for rid, table in data.get("route", {}).items():
        aliases = catalog[rid].aliases if rid in catalog else ()
        entries += [(n, rid) for n in [*aliases, *_strings(table.get("names")), *_strings(table.get("acronyms"))]]
        for part in [*table.get("component", []), *table.get("operator", [])]:
            entries += [(n, rid) for n in [*_strings(part.get("names")), *_strings(part.get("acronyms"))]]
    for look in data.get("lookalike", []):
        entries += [(n, "look-alike") for n in [*_strings(look.get("names")), *_strings(look.get("acronyms"))]]
    for name, who in entries:
        key = name if _is_acronym(name) else fold_term(name)
        if owner.setdefault(key, who) != who:
            problems.append(Problem(str(p), _line_of(raw, name) or None,
                                    f"{name!r} is given to both {owner[key]} and {who}"))
    return problems
