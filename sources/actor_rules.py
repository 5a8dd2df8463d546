"""Context rules: when words that name an actor do not refer to it.

- A state's name or demonym inside a longer place or geographic name is not the state: a compass or "New"/"Latin"
  word glued before it ("East Azerbaijan", "New Mexico", "Latin American"), a geographic noun after it ("South
  China Sea", "Indian Ocean", "Armenian Highlands") or "Gulf/Sea/Bay/Strait of" before it ("Gulf of Mexico").
- A name inside another proper name is not the actor: a publication, school or venue named after a place
  ("Washington Post", "Georgia Tech", "Astana International Forum", "Minsk agreements").
- A capital alone as a waypoint of a route ("Baku–Tbilisi–Kars railway", "from Baku to Tbilisi") or as a venue
  ("talks in Abu Dhabi") is not its state; a capital acting ("Tehran warned") is.
- Georgia the US state ("Atlanta, Georgia", "the state of Georgia", or US-state cues with no sign of the
  country in the passage) is not Georgia the country.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sources.actors import ActorCatalog

Match = tuple[int, int, str]

_PREFIX = re.compile(r"(?:\b(?:North|South|East|West|Latin|Central|New|Upper|Lower|Greater|Inner|Outer|"
                     r"Anglo|Pan|Trans)[ -]|(?:Gulf|Sea|Bay|Strait|Straits|Isle) of )$")
_GEO_TAIL = re.compile(r"^[ -](?:Sea|Ocean|Gulf|Basin|Delta|Plateau|Highlands?|Lowlands?|Peninsula|River|Strait|Steppe|"
                       r"Mountains|Plain|Desert|Subcontinent|Canal|Lake|Valley|Coast|Riviera|Islands?|Shelf|Range)\b")
# A capitalised word after the alias that makes it part of another proper name (a paper, a school, an event).
_NAME_TAIL = re.compile(r"^[ -](?:Post|Times|Tech|Institute|University|College|School|Review|Journal|Herald|"
                        r"Tribune|Daily|Today|Club|Foundation|Center|Centre|Airport|Street|Avenue|Square|Stadium|"
                        r"Consensus|Monthly|Quarterly|Observer|Standard|Gazette|Power|Bulldogs|Hotel|Shipyard|Mall|Marathon|"
                        r"International|News|Weekly|Press)\b")
# A demonym naming a period, not the state acting: "Soviet-era", "post-Soviet", "Ottoman times".
_PERIOD_TAIL = re.compile(r"^[ -](?:era|times|period|days|legacy|style|built|made|vintage|occupation)\b")
_PERIOD_HEAD = re.compile(r"\b(?:post|pre|ex|neo)-$")
# A demonym describing private people or firms, not the state acting: "Turkish firms", "Italian journalists".
_PRIVATE_TAIL = re.compile(r"^\s+(?:(?:private|construction|state-owned|oil|energy|logistics|shipping|"
                           r"transport)\s+)??(?:firms?|compan(?:y|ies)|businesses|businessmen|businesspeople|"
                           r"investors|entrepreneurs|contractors|journalists|reporters|tourists|travell?ers|"
                           r"language|speakers|cuisine|scholars|academics|historians|writers|footballers?|"
                           r"students|workers|truckers|drivers|migrants|origin)\b")
_EVENT_TAIL = re.compile(r"^[ -](?:(?:International |Energy |Economic |Global )?(?:Forum|Week|Summit|Process|"
                         r"Format|Agreements?|Accords?|Protocols?|Declaration|Conference|Dialogue|Talks|Platform|"
                         r"Principles|Convention|Communiqu[eé]|Group|Expo|Marathon|Games|Olympics|Commission|Committee|"
                         r"Final Act|Charter|Document|Initiative|Statute)|"
                         r"(?:format|process|agreements?|accords?|protocols?|talks|platform|principles|convention|"
                         r"summit|forum|declaration|communiqu[eé])\b)")
# A capitalised word glued before a catalogued surname that is not a title: another person of that name.
_OTHER_FIRST_NAME = re.compile(r"(?:^|(?<![.!?:;\"“])\s|[(\"“])"
                               r"(?!(?:The|A|An|This|That|In|On|At|And|But|As|When|While|After|"
                               r"With|For|By|From|Under|Of|If|President|Minister|Premier|Mr|Mrs|Ms|Dr|Prime|Foreign|Leader|"
                               r"Chairman|Speaker|General|Ambassador|Envoy|Secretary|Senator|Governor|King|Sheikh|"
                               r"Commissioner|Chancellor|Representative|Deputy|Vice|Spokesman|Spokeswoman|"
                               r"Spokesperson|Former|Then)\b)[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-ÿā-ž]+\s$")
# A capital naming a facility or place in it: "the Port of Baku", "Baku port", "Tbilisi station".
_PLACE_HEAD = re.compile(r"\b(?:Port|port|City|Bay|Harbou?r) of\s+$")
_PLACE_TAIL = re.compile(r"^\s+(?:[Pp]ort|[Ss]eaport|[Aa]irport|[Ss]tation|[Tt]erminal|[Hh]arbou?r|[Rr]egion|"
                         r"[Oo]blast|[Pp]rovince|[Dd]istrict|[Bb]ay|[Ss]hipyard)\b")
_DASH = "-‐‑–—"
_ROUTE_WORDS = re.compile(r"^(?:[\w'’-]+\s+){0,3}?(?:rail(?:way|road)?s?|pipelines?|corridors?|roads?|highways?|"
                          r"lines?|routes?|links?|ferry|ferries|flights?|motorways?|connections?|trains?|"
                          r"cables?|interconnectors?)\b", re.I)
_VENUE = re.compile(r"(?:\b(?:in|at|via|through|near|outside|across|around|inside|visited|visiting|"
                    r"visit to|trip to|arrived in|held in|hosted in|based in))\s+$")
_US_CUE = re.compile(r"\b(?:Atlanta|Savannah|Augusta|Macon|Peach State|Brian Kemp|Stacey Abrams|Raffensperger|"
                     r"Ossoff|Warnock|Fulton County|Alabama|Florida|Tennessee|South Carolina|North Carolina|"
                     r"Carolina|Georgia Power|Georgia Tech|University of Georgia)\b")
_US_LOCAL = re.compile(r"(?:(?:\bstate of|\bU\.?S\.? state of|[A-Z][a-z]+,)\s+Georgia\b(?!,? the country)|"
                       r"\bGeorgia(?:,? (?:USA|U\.S\.|US)\b|'s governor| (?:Governor|Senate|House|voters|"
                       r"Republicans?|Democrats?|county|counties|Legislature)\b))")
_COUNTRY_CUE = re.compile(r"\b(?:Tbilisi|Georgian|Georgians|Caucasus|Abkhazia|Ossetia|Batumi|Poti|Anaklia|Kutaisi|"
                          r"Armenia|Azerbaijan|Turkey|Türkiye|Russia|Black Sea|Kobakhidze|Saakashvili|Ivanishvili)\b")


def _in_chain(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The span of a dash-joined chain of capitalised names the word at ``s:e`` belongs to, if any."""
    left = s
    while left >= 2 and text[left - 1] in _DASH and text[left - 2].isalpha():
        j = left - 2
        while j > 0 and (text[j - 1].isalpha() or text[j - 1] in "'’"):
            j -= 1
        if not text[j].isupper():
            break
        left = j
    right = e
    while right + 1 < len(text) and text[right] in _DASH and text[right + 1].isupper():
        j = right + 1
        while j < len(text) and (text[j].isalpha() or text[j] in "'’"):
            j += 1
        right = j
    return (left, right) if (left, right) != (s, e) else None


# compiled once (re's own cache costs a lookup per call, and these run for every match)
_DASH_SPLIT = re.compile(f"[{_DASH}]")
_DASH_CAPITAL = re.compile(f"^[{_DASH}][A-Z]")
_FROM_END = re.compile(r"\bfrom\s+$")
_TO_NEXT = re.compile(r"^\s+(?:to|and)\s+[A-Z]")
_FROM_X_TO_END = re.compile(r"\bfrom\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:to|and on to)\s+$")
_POSSESSIVE_GAP = re.compile(r"(?:['’]s)?\s+")
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?")
_POSSESSIVE_HEAD = re.compile(r"^['’]s\b")
_BASED = re.compile(r"^-based\b")


def _venue(text: str, s: int, after: str) -> bool:
    """A capital as the venue of a meeting ("talks in Baku"), or "Baku-based"."""
    return bool(_VENUE.search(text[max(0, s - 20):s]) and not _POSSESSIVE_HEAD.match(after) or _BASED.match(after))


def _waypoint(text: str, s: int, e: int, names: set[str]) -> bool:
    """A capital as a stop of a route: in a dash chain with a non-capital or before a route word, or from X to Y."""
    chain = _in_chain(text, s, e)
    if chain:
        members = _DASH_SPLIT.split(text[chain[0]:chain[1]])
        if any(m not in names for m in members) or _ROUTE_WORDS.match(text[chain[1]:chain[1] + 40].lstrip()):
            return True
    before = text[max(0, s - 60):s]
    after = text[e:e + 60]
    return bool(_FROM_END.search(before) and _TO_NEXT.match(after) or _FROM_X_TO_END.search(before))


def _georgia_us(text: str, s: int, e: int, passage_us: bool) -> bool:
    local = text[max(0, s - 30):e + 30]
    offset = s - max(0, s - 30)
    return any(m.start() <= offset + 20 and m.end() >= offset for m in _US_LOCAL.finditer(local)) or passage_us


def _national(text: str, s: int, e: int, kept: list[Match], raw: list[Match], cat: ActorCatalog) -> bool:
    """An institution's name right after a state ("Armenia's") or before "of <state>" is that state's own."""
    if kept and cat.actors[cat.alias_to_id[kept[-1][2]]].kind == "state" and _POSSESSIVE_GAP.fullmatch(
            text[kept[-1][1]:s]):
        return True
    nxt = next((m for m in raw if m[0] >= e), None)
    return bool(nxt and cat.actors[cat.alias_to_id[nxt[2]]].kind == "state"
                and _OF_GAP.fullmatch(text[e:nxt[0]]))


def keep_mentions(text: str, raw: list[Match], cat: ActorCatalog) -> list[Match]:
    """The matches that refer to their actor (see the module docstring for the rules)."""
    state_words = cat.state_words
    passage_us: bool | None = None  # looked for only when "Georgia" is named (two scans of the passage)
    kept = []
    for s, e, w in raw:
        form = cat.alias_form.get(w)
        actor = cat.actors[cat.alias_to_id[w]]
        before, after = text[max(0, s - 20):s], text[e:e + 40]
        if actor.kind == "state" and form in ("name", "demonym", "capital") and (
                _PREFIX.search(before) or _GEO_TAIL.match(after)):
            continue
        if form == "demonym" and (_PERIOD_TAIL.match(after) or _PERIOD_HEAD.search(before)
                                  or _PRIVATE_TAIL.match(text[e:e + 60])):
            continue
        if form in ("name", "capital", "metonym") and (_NAME_TAIL.match(after) or
                                                       (form == "capital" and _EVENT_TAIL.match(after))):
            continue
        if form == "capital" and (_venue(text, s, after) or _waypoint(text, s, e, state_words)
                                  or _PLACE_HEAD.search(before) or _PLACE_TAIL.match(after)):
            continue
        if form == "combining" and not _DASH_CAPITAL.match(after):
            continue  # "Sino" only in "Sino-Russian"
        if form == "name" and after.startswith("$"):
            continue  # "US$5 billion" is a currency
        if w in cat.national_bodies and _national(text, s, e, kept, raw, cat):
            continue  # "Armenia's Security Council", "the Security Council of Armenia" are Armenia's own
        if w == "Georgia" and actor.id == "georgia":
            if passage_us is None:
                passage_us = bool(_US_CUE.search(text)) and not _COUNTRY_CUE.search(text)
            if _georgia_us(text, s, e, passage_us):
                continue
        if actor.kind == "person" and " " not in w and _OTHER_FIRST_NAME.search(before):
            continue  # "Yusif Aliyev" is not Ilham Aliyev
        kept.append((s, e, w))
    return kept
