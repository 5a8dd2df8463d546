"""Prefilters read off a regex never skip a passage the regex matches (sources._prefilter, issue #15)."""
from __future__ import annotations

import re

import pytest

from sources._prefilter import folded, may_match, required


def _regexes():
    from routes.linking import default_rules
    from sources import actor_roles, actor_rules, dates

    rules = default_rules()
    yield from (p for _, p, *_ in rules.patterns)
    yield from (b for b, _ in rules.blocks)
    yield rules.context
    yield from (actor_roles._BEFORE, actor_roles._AFTER, actor_roles._REFERENCE, actor_rules._US_CUE)
    yield from (p for _, p in dates._PATTERNS)


def test_no_passage_a_regex_matches_is_filtered_out(bundled_report):
    texts = [p.text for p in bundled_report.passages]
    for rx in _regexes():
        groups = required(rx)
        for t in texts:
            if rx.search(t):
                assert may_match(groups, folded(t)), (rx.pattern[:80], t[:80])


@pytest.mark.parametrize("pattern, text", [
    (r"(?i)\biran\b", "İRAN"), (r"(?i)\biran\b", "ıran"), (r"(?i)kars", "\u212aars"), (r"(?i)caspian", "Caſpian"),
    (r"North[-–\s]South\s+corridor", "North–South corridor"),
    (r"(?:Baku|Tbilisi)\s+(?:port|station)", "TBILISI STATION"),
])
def test_the_characters_ignorecase_equates_with_ascii_letters_are_folded(pattern, text):
    rx = re.compile(pattern, re.IGNORECASE)
    assert rx.search(text)
    assert may_match(required(rx), folded(text))


def test_words_every_match_needs():
    rx = re.compile(r"\b(?:road|route)\s+(?:through|via)\s+(?:southern\s+)?Armenia\b", re.IGNORECASE)
    groups = {frozenset(g) for g in required(rx)}
    assert {frozenset({"through", "via"}), frozenset({"armenia"})} <= groups
    assert not may_match(required(rx), folded("a road to Armenia"))  # no "through"/"via": cannot match
    assert required(re.compile(r"\d+|x")) == () and may_match((), "anything")  # nothing known: always runs
