"""The candidate-start scan of sources.actor_roles finds exactly what the plain regex scan finds."""
from __future__ import annotations

import random

import pytest

from sources._prefilter import folded
from sources.actor_roles import _AFTER, _BEFORE, _after_matches, _before_matches, role_word_offsets

WORDS = ["former", "Deputy", "prime minister", "Minister", "of", "Foreign", "Affairs", "Hakan", "Fidan", "the",
         "HEAD", "ahead", "vice-president", "Vice President", "Ilham", "Aliyev", ",", "said", "\u017fecretary",
         "KING", "\u0130lham", "and", "Transport", "minister", "Ali", "Baba", "chief of staff", "Chairman", "(",
         "2024", "official", "Special envoy", "Turkish", "Energy", "\u2019s", "-", "Rovshan", "Rustamov"]


def _spans(ms) -> list:
    return [(m.span(), m.groupdict()) for m in ms]


@pytest.mark.parametrize("text", [
    "Turkish Foreign Minister Hakan Fidan met Iran's Ambassador Khalil Shirgholami.",
    "the president Ali Baba and the minister Hakan Fidan",  # a match ends before the next role word
    "former deputy prime minister Ali Baba, then head Rovshan Rustamov",
    "ahead of the vote, Chairman Ali Baba said",  # a role word inside a word
    "no role here at all",
])
def test_same_matches_as_the_regex_scan(text: str) -> None:
    got = _spans(_before_matches(text, folded(text), role_word_offsets(folded(text))))
    assert got == _spans(_BEFORE.finditer(text))
    if "Fidan" in text or "Baba" in text:
        assert got


def test_same_matches_on_random_texts() -> None:
    rng = random.Random(3)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 30))) for _ in range(3000)]
    assert sum(1 for t in texts if _BEFORE.search(t)) > 500  # the texts do hold officials
    for t in texts:
        assert _spans(_before_matches(t, folded(t), role_word_offsets(folded(t)))) == _spans(_BEFORE.finditer(t)), t


def test_no_role_word_no_official() -> None:
    """Both role patterns are skipped when the passage holds no role word: neither could match there."""
    rng = random.Random(5)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 30))) for _ in range(3000)]
    for t in texts:
        if not role_word_offsets(folded(t)):
            assert not _BEFORE.search(t) and not _AFTER.search(t), t
    assert any(not role_word_offsets(folded(t)) for t in texts)


@pytest.mark.parametrize("text", [
    "Hakan Fidan, Turkey's foreign minister, met Rovshan Rustamov, the head of Azerbaijan Railways.",
    "Ali Baba, (the head) said; Ali Baba, said. Hakan Fidan, a former deputy prime minister",
    "In Baku, Ilham Aliyev, the president, and Ali Baba, minister of energy",
    "Jean-Yves Le Drian, France's foreign minister, said",  # a hyphen inside the name
])
def test_name_then_role_matches_are_the_regex_scans(text: str) -> None:
    got = _spans(_after_matches(text, folded(text), role_word_offsets(folded(text))))
    assert got == _spans(_AFTER.finditer(text)) and got


def test_name_then_role_matches_on_random_texts() -> None:
    rng = random.Random(4)
    words = WORDS + ["Ali,", "Fidan,", "Aliyev,", "Baba.", "the", "a"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randrange(3, 30))) for _ in range(4000)]
    assert sum(1 for t in texts if _AFTER.search(t)) > 300
    for t in texts:
        low = folded(t)
        assert _spans(_after_matches(t, low, role_word_offsets(low))) == _spans(_AFTER.finditer(t)), t
