"""People by their role: officials the catalog does not know, attributed to their state or body.

"Turkish Foreign Minister Hakan Fidan", "Iran's Ambassador Khalil Shirgholami", "Rovshan Rustamov, the head of
Azerbaijan Railways" and "Hakan Fidan, Turkey's foreign minister" each name an official; when the person is not
in the catalog the mention is attributed to the role's state or body (the actor named right before the role,
or in the words after it) rather than dropped. Within one article, a later bare surname ("Fidan said") is the
same official. :func:`found_officials` lists them so the catalog can grow.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sources._dates import MONTHS
from sources._prefilter import anchored_finditer, folded, required, run_start
from sources.models import ActorMention

if TYPE_CHECKING:
    from sources.actors import ActorCatalog
    from sources.models import Passage

_ROLE = (r"(?:(?:former|acting|then|deputy|first deputy|vice|interim|new|current)\s+)*"
         r"(?:president|vice[- ]president|prime minister|premier|"
         r"(?:[a-z]+\s+(?:and\s+)?){0,3}?minister(?:\s+of\s+(?!the\b)[a-z]+(?:\s+(?:and|of)\s+[a-z]+){0,3}\b)?|"
         r"secretary[- ]general|secretary of state|"
         r"ambassador|envoy|special (?:envoy|representative)|chairman|chairwoman|chairperson|chair|ceo|"
         r"chief executive(?: officer)?|head|director(?:[- ]general)?|spokes(?:man|woman|person)|speaker|"
         r"commissioner|high representative|chancellor|king|emir|crown prince|sultan|governor|senator|"
         r"commander|chief of staff|adviser|advisor|aide|ombudsman|managing director|general manager|official)")
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽƏ"
_TOKEN = rf"[{_UP}][\w'’]*(?:-[{_UP}]?[\w'’]+)*"
_NAME = rf"{_TOKEN}(?:\s+(?:(?:al|el|bin|ibn|de|da|van|von|der|le|di)\s+)*{_TOKEN}){{0,2}}"
_BEFORE = re.compile(rf"(?<![\w'’-])(?P<role>(?i:{_ROLE}))(?P<of>\s+of\s+(?:the\s+)?{_TOKEN}(?:\s+{_TOKEN}){{0,2}}?)?,?"
                     rf"\s+(?P<name>{_NAME})")
_AFTER = re.compile(rf"(?P<name>{_TOKEN}(?:\s+(?:(?:al|el|bin|ibn|de|da|van|von|der|le|di)\s+)*{_TOKEN}){{1,2}}),"
                    rf"\s+(?:(?:the|a|an)\s+)?(?P<tail>[^,;.()]{{0,40}}?(?i:{_ROLE})"
                    rf"(?:\s+(?:of|at|for|to)\s+(?:the\s+)?[^,;.()]{{2,60}})?)")
_GAP = re.compile(r"^(?:['’]s)?\s+(?:(?:the|former|acting|then|new)\s+)?(?:[a-z]+\s+)?$")
_STOP = {"The", "A", "An", "In", "On", "At", "And", "Of", "For", "To", "With", "This", "That", "His", "Her", "Its",
         "Their", "It", "He", "She", "They", "As", "But", "If", "When", "While", "After", "Before", "During",
         "Since", "Said", "Says", "Has", "Had", "Was", "Is", "Will", "Would", "Mr", "Mrs", "Ms", "Dr", "Minister",
         "President", *MONTHS, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
         "Sunday", "However", "Meanwhile", "Also", "Office", "Ministry", "Government", "Council", "Affairs"}


# Words of institutions and offices: a "name" holding one is not a person's ("Supervisory Board Rashad").
_INSTITUTION = {"Board", "Supervisory", "Development", "Chairman", "Head", "Director", "Committee", "Ministry",
                "Agency", "Company", "Holding", "Bank", "Railways", "Railway", "Group", "Corporation", "Fund",
                "Council", "Commission", "Department", "Service", "Office", "Authority", "State", "National",
                "Transport", "Energy", "Economy", "Foreign", "Defence", "Defense", "Digital", "General", "Deputy",
                "Republic", "Parliament", "Assembly", "Union", "Organization", "Organisation", "Port", "Customs"}


_WORD = re.compile(r"\S+")
_OF_TAIL = re.compile(r"\s+of\s.*$")


def _clean_name(span: str, start: int) -> tuple[str, int, int] | None:
    """Drop stop words from the end of a name; None if it starts with one, holds an institution's word,
    has fewer than two words left or is in capitals."""
    tokens = list(_WORD.finditer(span))
    while tokens and tokens[-1].group(0) in _STOP:
        tokens.pop()
    words = [t.group(0) for t in tokens]
    if (len(words) < 2 or words[0] in _STOP or _INSTITUTION & set(words)
            or any(w.isupper() and len(w) > 1 for w in words)):
        return None
    return span[tokens[0].start():tokens[-1].end()], start + tokens[0].start(), start + tokens[-1].end()


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def _body_before(role_start: int, text: str, mentions: list[ActorMention]) -> str | None:
    for m in reversed(mentions):
        if m.end <= role_start and _GAP.match(text[m.end:role_start]):
            return m.actor_id
        if m.end <= role_start:
            return None
    return None


_REFERENCE = re.compile(r"\b[Tt]he\s+(?P<role>(?:[a-z]+\s+)?(?:prime minister|minister|president|head of state|premier|"
                        r"chairman|ceo|ambassador|envoy|speaker|foreign minister))\b")


def _heads(role: str) -> list[str]:
    """The words a later "the ..." may use for a role: "Kazakh Transport Minister" -> kazakh transport minister,
    transport minister, minister; never "minister" for a prime or deputy minister."""
    role = _OF_TAIL.sub("", " ".join(role.lower().split()))
    words = role.split()
    heads = [" ".join(words[i:]) for i in range(len(words))]
    heads = [h for h in heads if not ({"deputy", "vice", "first"} & set(words) - set(h.split()))
             and not (h == "minister" and "prime" in words)]
    return heads + (["head of state"] if words[-1:] == ["president"] and len(heads) else [])


# Where a "role before name" match can start. Every match holds one of these words inside its role, and only
# letters, spaces and hyphens lie between the match's start and that word ("former deputy prime minister").
_ROLE_WORDS = required(re.compile(f"(?i:{_ROLE})"))
_NOT_ROLE_CHAR = re.compile(r"[^\w\s-]|[\d_]")  # a role's words have none of these (letters are kept generously)
_SPACE = re.compile(r"\s")


def role_word_offsets(low: str) -> list[int]:
    """Sorted offsets in ``low`` (:func:`folded` text) of the role words (overlapping ones too)."""
    if len(_ROLE_WORDS) != 1:
        return [0]  # unknown: the callers scan the passage in full
    found: set[int] = set()
    for w in _ROLE_WORDS[0]:  # str.find per word, inline: this runs on every passage
        i = low.find(w)
        while i >= 0:
            found.add(i)
            i = low.find(w, i + 1)
    return sorted(found)


def _before_matches(text: str, low: str, hits: list[int]) -> list[re.Match[str]]:
    """``list(_BEFORE.finditer(text))``, found by trying ``_BEFORE.match`` only where a match can start.

    The pattern opens with a case-insensitive alternation that the regex engine tries at every word of the
    passage (a tenth of a millisecond per passage, the largest cost of the actor step). A match starts at a
    word start in the run of letters, spaces and hyphens that ends with a role word, so only those starts are
    tried, in order, scanning on after each match as ``finditer`` does. ``low`` is the :func:`folded` text,
    ``hits`` its :func:`role_word_offsets`.
    """
    if not hits:
        return []
    if len(low) != len(text) or len(_ROLE_WORDS) != 1:  # offsets would not carry over: the plain scan
        return list(_BEFORE.finditer(text))
    stops = [m.start() for m in _NOT_ROLE_CHAR.finditer(text)]
    out: list[re.Match[str]] = []
    pos, tried, i = 0, -1, 0  # every start below tried + 1 is known to fail (or lies inside a match)
    while i < len(hits):
        hit = hits[i]
        if hit < pos:
            i += 1
            continue
        k = bisect.bisect_left(stops, hit)
        run = max(pos, tried + 1, stops[k - 1] + 1 if k else 0)
        m = next((m for start in (run, *(w.end() for w in _SPACE.finditer(text, run, hit)))
                  if (m := _BEFORE.match(text, start))), None)
        if m is None:
            tried, i = hit, i + 1
        else:  # the same role word may also be the next match's: it is looked at again
            out.append(m)
            pos, tried = m.end(), m.end() - 1
    return out


_PUNCT = re.compile(r"[,;.()]")
_NAME_RUN = re.compile(r"[\w'’\s-]*")  # the characters a name (tokens, particles, spaces) is made of
_CAPITAL = re.compile(f"[{_UP}]")


def _after_matches(text: str, low: str, hits: list[int]) -> list[re.Match[str]]:
    """``list(_AFTER.finditer(text))``, trying ``_AFTER.match`` only where a match can start.

    A match is a name, a comma, then a tail holding a role word with none of ``,;.()`` between the comma and
    it. So only a comma that is the last of those characters before a role word (``hits``: offsets in the
    :func:`folded` text ``low``) can follow a name, and the name starts at a capital letter in the run of name
    characters that ends at that comma; only those starts are tried, in order, as ``finditer`` would.
    """
    if len(low) != len(text) or len(_ROLE_WORDS) != 1:  # offsets would not carry over: the plain scan
        return list(_AFTER.finditer(text))
    puncts = [m.start() for m in _PUNCT.finditer(text)]
    commas = sorted({c for h in hits if (k := bisect.bisect_left(puncts, h)) and text[c := puncts[k - 1]] == ","})
    if not commas:
        return []
    rev = text[::-1]
    starts: list[int] = []
    for c in commas:
        run = run_start(_NAME_RUN, rev, c)
        starts += [m.start() for m in _CAPITAL.finditer(text, run, c)]
    return anchored_finditer(_AFTER, text, sorted(set(starts)))


def _roles(text: str, mentions: list[ActorMention]) -> Iterable[tuple[str, int, int, str | None, str, str | None]]:
    """``(name, start, end, body id, role, catalogued person id)`` for each person named with a role."""
    low = folded(text)  # a passage without the words every match needs (a role) is not scanned
    hits = role_word_offsets(low)
    for m in _before_matches(text, low, hits):
        inside = [x for x in mentions if m.start("role") <= x.start < m.start("name")]
        body = inside[0].actor_id if inside else _body_before(m.start("role"), text, mentions)
        name = _clean_name(m.group("name"), m.start("name"))
        person = next((x.actor_id for x in mentions if x.start <= m.start("name") < x.end), None)
        if name and (body or person):
            yield (*name, body, m.group("role"), person)
    for m in _after_matches(text, low, hits) if hits and "," in text else ():
        inside = [x for x in mentions if m.start("tail") <= x.start < m.end("tail")]
        name = _clean_name(m.group("name"), m.start("name"))
        if inside and name:
            yield (*name, inside[0].actor_id, "", None)


def _remember(memory: dict[str, str], key: str, actor_id: str) -> None:
    """Record a name or role for the article; a role two bodies hold is ambiguous (empty)."""
    if memory.get(key, actor_id) != actor_id:
        memory[key] = ""
    else:
        memory[key] = actor_id


def officials_in_text(text: str, mentions: list[ActorMention], cat: ActorCatalog, memory: dict[str, str]
                      ) -> list[ActorMention]:
    """Mentions of officials the catalog does not know, attributed to their state or body.

    ``memory`` (name or surname -> actor id) holds the officials found earlier in the article and is updated.
    """
    taken = [(m.start, m.end) for m in mentions]
    out: list[ActorMention] = []
    for m in mentions:  # a catalogued person named in full: the bare surname later is the same person
        if cat.actors[m.actor_id].kind == "person" and " " in m.text and m.text.split()[-1] not in cat.alias_to_id:
            memory.setdefault(m.text.split()[-1], m.actor_id)
    for name, s, e, body, role, person in _roles(text, mentions):
        for head in _heads(role) if role else ():
            _remember(memory, f"the {head}", person or body)
        if body and not person and _free(s, e, taken) and name not in cat.alias_to_id:
            out.append(ActorMention(body, name, s, e))
            taken.append((s, e))
            memory.setdefault(name, body)
            memory.setdefault(name.split()[-1], body)
    # only the names this passage holds (the others cannot match): a smaller regex, mostly none at all
    names = [k for k, v in memory.items() if v and not k.startswith("the ") and k in text]
    if names:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
                             + r")(?![\w-])")
        for m in pattern.finditer(text):
            if _free(m.start(), m.end(), taken):
                out.append(ActorMention(memory[m.group(0)], m.group(0), m.start(), m.end()))
                taken.append(m.span())
    roles_known = any(v and k.startswith("the ") for k, v in memory.items())
    for m in _REFERENCE.finditer(text) if roles_known else ():
        actor = memory.get("the " + m.group("role").lower())
        if actor and _free(m.start(), m.end(), taken):
            out.append(ActorMention(actor, m.group(0), m.start(), m.end()))
            taken.append(m.span())
    return out


def found_officials(passages: Iterable[Passage], cat: ActorCatalog | None = None) -> Counter[tuple[str, str]]:
    """How often each uncatalogued official was found, as ``(name, state or body id)``, full names only."""
    from sources.actors import annotate_actors, default_actors, uncatalogued

    cat = cat or default_actors()
    mentions, _ = annotate_actors(passages, cat)
    out: Counter[tuple[str, str]] = Counter()
    for ms in mentions.values():
        for m in ms:
            name = uncatalogued(m, cat)
            if name and " " in name:
                out[(name, m.actor_id)] += 1
    return out
