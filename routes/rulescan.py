"""The linking rules' regexes run only where they can match: their words are looked up first, then each
regex is tried only at the offsets where one of its leading strings occurs.

The descriptive patterns, the blocks and the generic-reference regex of ``routes/linking.toml`` each need
certain words (their ``needs``, and the literals :func:`sources._prefilter.required` reads off the regex) and
start with one of a few strings (:func:`sources._prefilter.leading`). A rule whose words are absent from the
passage is skipped; the others are tried (``re.match``) only where their leading strings occur in the
:func:`folded` text, which finds exactly what scanning the passage with ``finditer`` finds.

The words are found in one Aho-Corasick pass (pyahocorasick) over the folded text. Short strings ("the",
"to", "via") are left out of it: they occur in nearly every passage and the automaton would report each
occurrence to Python (with them the pass cost 34 µs per passage of the 100x synthetic corpus, several times
more); a group of required literals holding one is taken as present (it is only a prefilter), and the offsets
of a short leading string are found with ``str.find`` when a rule that starts with it is tried.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from routes.linking_rules import Rules
from sources._prefilter import anchored_finditer, folded, leading, required

__all__ = ["RuleScan", "Scan", "rule_scan"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled regex with what it needs: ``needs`` (one of them, in the lower-cased text), ``groups``
    (one string of each: the groups of :func:`required` without a short string) and ``leads`` (where a match
    can start; None: anywhere)."""

    pattern: re.Pattern[str]
    needs: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    leads: tuple[str, ...] | None


SHORT = 3  # strings this short are not in the automaton (see the module docstring)


def _rule(pattern: re.Pattern[str], needs: tuple[str, ...] = ()) -> Rule:
    groups = tuple(g for g in required(pattern) if all(len(w) > SHORT for w in g))
    return Rule(pattern, needs, groups, leading(pattern))


@dataclass(frozen=True, slots=True)
class RuleScan:
    """The rules of one :class:`Rules` with the automaton over all their words."""

    patterns: tuple[Rule, ...]  # in the order of ``rules.patterns``
    blocks: tuple[Rule, ...]
    context: Rule
    automaton: ahocorasick.Automaton | None  # over the strings longer than SHORT

    @classmethod
    def of(cls, rules: Rules) -> RuleScan:
        patterns = tuple(_rule(p, needs) for _, p, _, _, needs in rules.patterns)
        blocks = tuple(_rule(b, needs) for b, needs in rules.blocks)
        context = _rule(rules.context)
        rules_ = (*patterns, *blocks, context)
        words = {w for r in rules_ for w in (*r.needs, *(x for g in r.groups for x in g), *(r.leads or ()))
                 if len(w) > SHORT}
        auto = None
        if words:
            auto = ahocorasick.Automaton()
            for w in sorted(words):
                auto.add_word(w, w)
            auto.make_automaton()
        return cls(patterns, blocks, context, auto)


_SCANS: dict[int, tuple[Rules, RuleScan]] = {}


def rule_scan(rules: Rules) -> RuleScan:
    """The :class:`RuleScan` of ``rules``, built once per rules object."""
    hit = _SCANS.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = _SCANS[id(rules)] = (rules, RuleScan.of(rules))
    return hit[1]


class Scan:
    """One text, folded once, with the offsets of the rules' strings in it."""

    __slots__ = ("text", "low", "lower", "aligned", "_at", "blocked")

    def __init__(self, text: str, rs: RuleScan) -> None:
        self.text = text
        self.low = low = folded(text)
        # ``needs`` were always looked for in ``text.lower()``; it differs from the folded text only when the
        # text holds one of the few letters folded() changes (then needs are looked for in it, as before)
        lower = text.lower()
        self.lower = None if lower == low else lower
        self.aligned = len(low) == len(text)  # offsets in the folded text are offsets in the text
        at: dict[str, list[int]] = {}
        if rs.automaton is not None:
            for end, w in rs.automaton.iter(low):
                if w in at:
                    at[w].append(end - len(w) + 1)
                else:
                    at[w] = [end - len(w) + 1]
        self._at = at  # every string of the automaton that occurs; short ones added when looked up
        self.blocked: list[tuple[int, int]] | None = None  # the blocks' spans, once found (routes.linking)

    def wanted(self, rule: Rule) -> bool:
        """The rule's ``needs`` (one of them) and its required literals (one of each group) occur."""
        at = self._at
        if rule.needs:
            if self.lower is not None:
                if not any(w in self.lower for w in rule.needs):
                    return False
            elif not any(w in at if len(w) > SHORT else w in self.low for w in rule.needs):
                return False
        return all(any(w in at for w in g) for g in rule.groups)

    def _offsets(self, word: str) -> list[int] | tuple[()]:
        if len(word) > SHORT:
            return self._at.get(word, ())
        at = self._at.get(word)
        if at is None:
            at, low, i = [], self.low, self.low.find(word)
            while i >= 0:
                at.append(i)
                i = low.find(word, i + 1)
            self._at[word] = at
        return at

    def matches(self, rule: Rule) -> list[re.Match[str]]:
        """``list(rule.pattern.finditer(text))``, tried only where a match can start."""
        if rule.leads is None or not self.aligned:
            return list(rule.pattern.finditer(self.text))
        starts = sorted({s for w in rule.leads for s in self._offsets(w)})
        return anchored_finditer(rule.pattern, self.text, starts) if starts else []
