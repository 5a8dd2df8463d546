"""Literal prefilters for regexes: words a match cannot do without, read off the regex itself.

:func:`required` parses a compiled pattern (``re._parser``, the standard library's own parser) and returns
lower-case strings of which every match contains at least one, or None when it cannot tell. A passage whose
:func:`folded` text holds none of them cannot match, so the regex scan is skipped: same result, most scans
avoided. The few characters ``re.IGNORECASE`` equates with an ASCII letter (``İ ı ſ K``) are folded to it.
"""
from __future__ import annotations

import re
from functools import cache

try:  # Python >= 3.11
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_ODD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_Lits = frozenset[str] | None


def folded(text: str) -> str:
    """Lower case, with the characters ``re.IGNORECASE`` matches to an ASCII letter made that letter."""
    if not text.isascii() and any(c in text for c in "\u0130\u0131\u017f\u212a"):
        text = text.translate(_ODD)
    return text.lower()


def _score(s: frozenset[str]) -> tuple[int, int]:
    return min(map(len, s)), -len(s)


def _seq(items) -> list[frozenset[str]]:
    """Sets of alternatives a sequence needs, every one of them: its items' and its runs of literals."""
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is C.LITERAL and av < 128:  # ASCII: its IGNORECASE equals fold to it (see folded)
            run += chr(av).lower()
            continue
        if run:
            out.append(frozenset([run]))
            run = ""
        out += _item(op, av)
    if run:
        out.append(frozenset([run]))
    return out


def _one(items) -> frozenset[str] | None:
    """The most selective single set a sequence needs (for an alternative of a branch)."""
    sets = _seq(items)
    return max(sets, key=_score) if sets else None


def _item(op, av) -> list[frozenset[str]]:
    if op is C.SUBPATTERN:
        return _seq(av[-1])
    if op is C.BRANCH:
        alts = [_one(a) for a in av[1]]
        return [] if any(a is None for a in alts) else [frozenset().union(*alts)]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
        return _seq(av[2])
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq(av)
    return []


@cache
def _required(pattern: str, flags: int, most: int) -> tuple[tuple[str, ...], ...]:
    try:
        sets = _seq(P.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an unknown construct: no prefilter, the regex always runs
        return ()
    sets = [x for x in dict.fromkeys(sets) if x and all(x)]
    # a string holding another of its group adds nothing ("prime minister" holds "minister"): dropped, fewer scans
    return tuple(tuple(sorted(w for w in x if not any(v != w and v in w for v in x)))
                 for x in sorted(sets, key=_score, reverse=True)[:most])


def required(pattern: re.Pattern[str], most: int = 3) -> tuple[tuple[str, ...], ...]:
    """Groups of lower-case strings: every match of ``pattern`` contains one string of each group (the
    ``most`` most selective groups; () when none is known)."""
    return _required(pattern.pattern, pattern.flags, most)


def may_match(groups: tuple[tuple[str, ...], ...], low: str) -> bool:
    """False only when ``low`` (:func:`folded` text) lacks every string of some group: no match possible."""
    return all(any(w in low for w in g) for g in groups)


# ------------------------------------------------------------------------------------------------ anchors
def _lead(items: list) -> frozenset[str] | None:
    """Lower-case strings one of which every match of the sequence ``items`` starts with; None when unknown."""
    run = ""
    for i, (op, av) in enumerate(items):
        if op is C.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if op is C.IN and run == "" and _letter_class(av):
            run = _letter_class(av)  # [Ll]: the case-insensitive letter idiom
            continue
        if run:  # a literal prefix, then what the next item starts with ("ro" + "ad"/"ute" from roads?|route)
            more = _lead([(op, av)]) if op in (C.BRANCH, C.SUBPATTERN) else None
            return frozenset(run + m for m in more) if more else frozenset([run])
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width before anything is consumed
            continue
        if op is C.SUBPATTERN:
            return _lead(list(av[-1]))  # known: the group never matches empty, so the match starts with it
        if op is C.BRANCH:
            return _union(*(_lead(list(a)) for a in av[1]))
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            body = _lead(list(av[2]))
            return body if av[0] >= 1 else _union(body, _lead(items[i + 1:]))
        return None
    return frozenset([run]) if run else None


def _letter_class(av) -> str:
    """The one lower-case ASCII letter a character class such as ``[Ll]`` stands for, else ''."""
    chars = {chr(v).lower() for op, v in av if op is C.LITERAL and v < 128}
    if len(chars) == 1 and all(op is C.LITERAL for op, _ in av) and next(iter(chars)).isalpha():
        return next(iter(chars))
    return ""


def _union(*sets: frozenset[str] | None) -> frozenset[str] | None:
    return None if any(s is None for s in sets) else frozenset().union(*sets)  # type: ignore[arg-type]


@cache
def _leading(pattern: str, flags: int) -> tuple[str, ...] | None:
    try:
        found = _lead(list(P.parse(pattern, flags)))
    except Exception:  # noqa: BLE001 - an unknown construct: no anchors, the regex scans the passage
        return None
    return tuple(sorted(found)) if found and all(found) else None


def leading(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of ``pattern`` starts with (in :func:`folded` text);
    None when the regex does not tell (then it must scan the whole text)."""
    return _leading(pattern.pattern, pattern.flags)


def run_start(run: re.Pattern[str], reversed_text: str, at: int) -> int:
    """Where the run of characters that ``run`` (a character class repeated, e.g. ``\\s*``) matches, ending at
    offset ``at`` of a text, starts; ``reversed_text`` is that text reversed (``text[::-1]``, made once)."""
    k = len(reversed_text) - at
    return at - (run.match(reversed_text, k).end() - k)  # type: ignore[union-attr]  # a `*` run always matches


def anchored_finditer(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, trying ``pattern.match`` only at ``starts``.

    ``starts`` (sorted) must hold every offset where a match can begin, e.g. the offsets of its
    :func:`leading` strings in the :func:`folded` text. Matches are taken left to right and scanning goes
    on after each, exactly as ``finditer`` does (the patterns given here never match the empty string).
    """
    out: list[re.Match[str]] = []
    pos = 0
    for s in starts:
        if s >= pos and (m := pattern.match(text, s)):
            out.append(m)
            pos = m.end()
    return out
