"""Waypoint chains: two or more places of one route named together are evidence for that route.

A chain is a run of place names joined by dashes ("Kars–Iğdır–Nakhchivan"), by "to"/"via"/"through"
("from Aktau to Baku"), or by "and" after "between" ("between Rasht and Astara"). Acceptance:

* three or more distinct places joined by dashes or "to" are a chain on their own;
* two places need a transport noun right after them ("the Kars–Iğdır railway"), or a transport word in the
  same sentence together with "from … to …" / "between … and …" / a dash ("freight from Aktau to Baku");
* two places joined by a dash with no transport word are a *weak* chain: evidence only in an article whose
  topic is the route ("works in Marabda–Tetritskaro" in an article about the BTK railway);
* states (the routes' `countries`) count only in dash chains of three or more places;
* comma and "and" lists alone ("Baku, Tbilisi and Ankara") are never chains (capitals stand for governments).

The chain belongs to the route(s) whose waypoints cover the most of its places (at least two); a transport
noun keeps only routes of that mode (a "railway" is not a pipeline); among the rest, the most specific route
wins (fewest waypoints: "Baku–Tbilisi–Kars" is the BTK railway, not the whole Middle Corridor). A chain whose
places follow the route's own order is marked ``ordered`` (stronger evidence).

Places the lexicon does not spell exactly are matched fuzzily (rapidfuzz ``ratio`` on folded text, threshold
measured by ``bench/fuzzy_threshold.py``), but only next to a known place across a dash or "to".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from routes.lexicon import Hit, Lexicon, Term, fold_term

_DASH = r"[-‐‑‒–—―−/→]"
_DESC = r"(?:\s+(?:Autonomous\s+Republic|district|region|province|city|town|port|station|terminal|border))?"
_JOIN = re.compile(rf"^{_DESC}\s*(?:{_DASH}|->|>)\s*$")
_OF = r"(?:(?:[\w-]+\s+){0,3}?(?:city|town|port|village|station|terminal|hub)\s+of\s+)?"
_PLACE_OF = r"(?:(?:cit(?:y|ies)|towns?|ports?|villages?|stations?|terminals?|hubs?)\s+of\s+)?"  # "the border town of"
_TO = re.compile(rf"^{_DESC}\s+(?:and\s+)?(?:on\s+|then\s+)?(?:to|via|through|into|with)\s+(?:the\s+)?{_OF}$", re.I)
_AND = re.compile(rf"^{_DESC}\s+and\s+(?:the\s+)?{_OF}$", re.I)
_LEAD = re.compile(r"(?:\b(?:from|between|connect\w*|link\w*|join\w*)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                   rf"{_PLACE_OF})$", re.I)
_NOUN = re.compile(
    r"\s*(?:\([^)]{1,25}\)\s*)?(?:[a-z][\w-]*\s+){0,2}?"
    r"(railways?|railroads?|rail|trains?|lines?|pipelines?|roads?|highways?|motorways?|routes?|corridors?|links?|"
    r"connections?|ferry|ferries|sections?|segments?|stretch|legs?|branch|projects?|services?|crossings?|shipping)\b")
_TRANSPORT = re.compile(
    r"\b(?:rail\w*|trains?|freight|cargo|containers?|ferr(?:y|ies)|ship\w*|vessels?|pipelines?|gas|oil|roads?|"
    r"highways?|routes?|corridors?|lines?|links?|connect\w*|transport\w*|transit|wagons?|tonnes|tons|TEU|trucks?|"
    r"lorr(?:y|ies)|ports?|logistic\w*|sections?|segments?|travel\w*|deliver\w*|shipments?|stations?)\b", re.I)
_NOUN_MODE = {"railway": "rail", "railroad": "rail", "rail": "rail", "train": "rail", "road": "road",
              "highway": "road", "motorway": "road", "pipeline": "pipeline", "ferry": "sea", "ferries": "sea",
              "shipping": "sea"}
_SENTENCE = re.compile(r"[.!?;](?:\s|$)")
_CAP_AFTER = re.compile(rf"\s*(?:{_DASH}|\s+to\s+)\s*([A-ZÀ-ÞĀ-ſ][\w'’ʼ]+)")
_CAP_BEFORE = re.compile(rf"([A-ZÀ-ÞĀ-ſ][\w'’ʼ]+)\s*(?:{_DASH}|\s+to\s+)\s*$")


@dataclass(frozen=True, slots=True)
class Chain:
    """Places of one route named together, with the spans of each place."""

    start: int
    end: int
    places: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    routes: tuple[str, ...]
    ordered: bool
    noun: str | None
    fuzzy: bool = False
    # two places joined by a dash with no transport word: evidence only in an article about the route
    weak: bool = False


@dataclass(slots=True)
class _Slot:
    start: int
    end: int
    keys: set[str]
    fuzzy: bool = False


def _route_modes(lexicon: Lexicon, rid: str) -> frozenset[str]:
    r = lexicon.routes[rid]
    return frozenset(r.modes) | {r.mode}


_SPELLINGS: dict[int, tuple[Lexicon, list[str], list[str]]] = {}


def _spellings(lexicon: Lexicon) -> tuple[list[str], list[str]]:
    cached = _SPELLINGS.get(id(lexicon))
    if cached and cached[0] is lexicon:
        return cached[1], cached[2]
    names, keys = [], []
    for key, place in lexicon.places.items():
        if key in lexicon.route_of_place:
            for s in place.spellings:
                names.append(fold_term(s))
                keys.append(key)
    _SPELLINGS[id(lexicon)] = (lexicon, names, keys)
    return names, keys


def fuzzy_place(word: str, lexicon: Lexicon, threshold: float) -> tuple[str, float] | None:
    """The waypoint a capitalised word most likely spells, if its similarity reaches ``threshold``."""
    folded = fold_term(word)
    if len(folded) < 4:
        return None
    names, keys = _spellings_near(lexicon, len(folded), threshold)
    best = process.extractOne(folded, names, scorer=fuzz.ratio, score_cutoff=threshold)
    return (keys[best[2]], best[1]) if best else None


_NEAR: dict[tuple[int, int, float], tuple[Lexicon, list[str], list[str]]] = {}


def _spellings_near(lexicon: Lexicon, size: int, threshold: float) -> tuple[list[str], list[str]]:
    """The spellings (in their order) a word of ``size`` characters can reach ``threshold`` with: ``ratio`` is
    at most ``100 * (1 - |a - b| / (a + b))`` for lengths a and b (an insertion or deletion per character of
    difference), so the others cannot be the best match; a 0.01 margin keeps float rounding out of it."""
    hit = _NEAR.get((id(lexicon), size, threshold))
    if hit is None or hit[0] is not lexicon:
        names, keys = _spellings(lexicon)
        keep = [i for i, n in enumerate(names)
                if 100 * (1 - abs(len(n) - size) / (len(n) + size)) >= threshold - 0.01]
        hit = _NEAR[(id(lexicon), size, threshold)] = (lexicon, [names[i] for i in keep], [keys[i] for i in keep])
    return hit[1], hit[2]


_DASH_CHARS = frozenset("-‐‑‒–—―−/→")  # the characters of _DASH


def _run_start(text: str, end: int) -> int:
    """Where a ``_CAP_BEFORE`` match ending at ``end`` can begin: the start of the word before the joiner
    (a dash or " to ") that ``text[:end]`` ends with, else ``end`` (no match possible). Searching from
    there finds exactly what searching all of ``text[:end]`` does, without reading the whole prefix."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i > 0 and text[i - 1] in _DASH_CHARS:
        i -= 1
    elif i < end and i >= 3 and text[i - 2:i] == "to" and text[i - 3].isspace():
        i -= 2
    else:
        return end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_'’ʼ"):
        i -= 1
    return i


def _extend_fuzzy(text: str, slots: list[_Slot], lexicon: Lexicon, threshold: float,
                  taken: set[tuple[int, int]]) -> list[_Slot]:
    known = {(s.start, s.end) for s in slots} | taken
    grown = list(slots)
    frontier = list(slots)
    while frontier:
        new = []
        for s in frontier:
            w = _run_start(text, s.start)
            for m, base in ((_CAP_AFTER.match(text, s.end), 0), (_CAP_BEFORE.search(text[w:s.start]), w)):
                if not m:
                    continue
                a, b = m.start(1) + base, m.end(1) + base
                if any(x < b and a < y for x, y in known):
                    continue
                hit = fuzzy_place(m.group(1), lexicon, threshold)
                if hit:
                    slot = _Slot(a, b, {hit[0]}, True)
                    known.add((a, b))
                    new.append(slot)
        grown += new
        frontier = new
    return sorted(grown, key=lambda s: s.start)


def _groups(text: str, slots: list[_Slot]) -> list[list[tuple[str, _Slot]]]:
    """Runs of slots joined by connectors; each slot carries the connector that joined it ('' for the first)."""
    groups: list[list[tuple[str, _Slot]]] = []
    for s in slots:
        if groups:
            prev = groups[-1][-1][1]
            gap = text[prev.end:s.start]
            how = "dash" if _JOIN.match(gap) else "to" if _TO.match(gap) else "and" if _AND.match(gap) else ""
            if how and len(gap) <= 45:
                groups[-1].append((how, s))
                continue
        groups.append([("", s)])
    return [g for g in groups if len(g) >= 2]


def _accept(text: str, group: list[tuple[str, _Slot]], distinct: int, capitals: frozenset[str] = frozenset(),
            countries: frozenset[str] = frozenset()) -> tuple[bool | str, str | None]:
    first, last = group[0][1], group[-1][1]
    joins = {how for how, _ in group[1:]}
    noun_m = _NOUN.match(text, last.end)
    noun = noun_m.group(1).lower().rstrip("s") if noun_m else None
    noun = {"ferrie": "ferries", "railway": "railway"}.get(noun, noun) if noun else None
    lead = _LEAD.search(text[max(0, first.start - 60):first.start])
    if any(s.keys <= countries for _, s in group):  # states count only in long dash chains
        if distinct >= 3 and joins == {"dash"} and (noun or distinct >= 4):
            return "countries", noun
        return False, None
    if "and" in joins and not (lead and lead.group(0).lower().startswith(("between", "connect", "link", "join"))) \
            and not noun:
        return False, None
    if distinct >= 3 and joins <= {"dash", "to"}:
        return True, noun
    if distinct < 2:
        return False, None
    if noun:
        return True, noun
    if all(s.keys & capitals for _, s in group):  # "between Baku and Tehran": governments, not places
        return False, None
    if joins == {"dash"} or lead:
        s0 = max((m.end() for m in _SENTENCE.finditer(text, 0, first.start)), default=0)
        e0 = m.start() if (m := _SENTENCE.search(text, last.end)) else len(text)
        window = text[s0:first.start] + " " + text[last.end:e0]
        return (True if _TRANSPORT.search(window) else "weak" if joins == {"dash"} else False), None
    return False, None


def _resolve(lexicon: Lexicon, keysets: list[set[str]], noun: str | None, need: int = 2) -> tuple[list[str], bool]:
    cover: dict[str, list[int]] = {}
    for i, keys in enumerate(keysets):
        for rid in {r for k in keys for r in lexicon.route_of_place.get(k, ())}:
            cover.setdefault(rid, []).append(i)
    cands = {r: idx for r, idx in cover.items() if len({min(keysets[i]) for i in idx}) >= need}
    mode = _NOUN_MODE.get(noun or "")
    if mode:
        cands = {r: idx for r, idx in cands.items() if mode in _route_modes(lexicon, r)}
    if not cands:
        return [], False
    best = max(len(v) for v in cands.values())
    cands = {r: v for r, v in cands.items() if len(v) == best}
    size = min(len(lexicon.routes[r].waypoints) for r in cands)
    chosen = sorted(r for r in cands if len(lexicon.routes[r].waypoints) == size)
    order = lexicon.routes[chosen[0]].waypoints
    pos = [min(order.index(k) for k in keysets[i] if k in order) for i in cands[chosen[0]]]
    ordered = pos == sorted(pos) or pos == sorted(pos, reverse=True)
    return chosen, ordered


def find_chains(text: str, hits: list[Hit], lexicon: Lexicon, fuzzy_threshold: float = 101) -> list[Chain]:
    """Waypoint chains in ``text`` from its place hits (see the module docstring for the rules)."""
    by_span: dict[tuple[int, int], set[str]] = {}
    for h in hits:
        if h.term.kind == "place":
            by_span.setdefault((h.start, h.end), set()).add(h.term.ref)
    if not by_span:
        return []
    slots = [_Slot(s, e, k) for (s, e), k in sorted(by_span.items())]
    if fuzzy_threshold <= 100:
        slots = _extend_fuzzy(text, slots, lexicon, fuzzy_threshold, {(h.start, h.end) for h in hits})
    out = []
    for group in _groups(text, slots):
        keysets = [s.keys for _, s in group]
        distinct = len({frozenset(k) for k in keysets})
        ok, noun = _accept(text, group, distinct, lexicon.capitals, lexicon.countries)
        if not ok:
            continue
        routes, ordered = _resolve(lexicon, keysets, noun, need=3 if ok == "countries" and noun else
                                   len(keysets) if ok == "countries" else 2)
        if routes:
            ss = [s for _, s in group]
            out.append(Chain(ss[0].start, ss[-1].end, tuple(min(s.keys) for s in ss),
                             tuple((s.start, s.end) for s in ss),
                             tuple(routes), ordered, noun, any(s.fuzzy for s in ss), ok == "weak"))
    return out


TRANSPORT = _TRANSPORT
#: transport words by the mode they imply (words of no mode in _TRANSPORT fit every route)
MODE_WORDS = {
    "rail": re.compile(r"\b(?:rail\w*|trains?|wagons?|stations?|tracks?)\b", re.I),
    "road": re.compile(r"\b(?:roads?|highways?|motorways?|trucks?|lorr(?:y|ies)|bridges?)\b", re.I),
    "sea": re.compile(r"\b(?:ferr(?:y|ies)|ship\w*|vessels?|ports?|sea\s*ports?|TEU)\b", re.I),
    "pipeline": re.compile(r"\b(?:pipelines?|gas|oil)\b", re.I),
}
GENERIC_TRANSPORT = re.compile(
    r"\b(?:freight|cargo|containers?|corridors?|routes?|links?|connect\w*|transport\w*|transit|tonnes|tons|"
    r"logistic\w*|sections?|segments?|deliver\w*|shipments?)\b", re.I)

def fits_mode(text: str, start: int, end: int, modes: frozenset[str]) -> bool:
    """Whether ``text[start:end]`` speaks of transport by one of ``modes`` (or of transport in general)."""
    if GENERIC_TRANSPORT.search(text, start, end):
        return True
    return any(MODE_WORDS[m].search(text, start, end) for m in modes if m in MODE_WORDS)


__all__ = ["Chain", "TRANSPORT", "Term", "find_chains", "fits_mode", "fuzzy_place"]
