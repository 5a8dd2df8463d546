"""The month patterns of sources.dates, tried only near month names, find exactly what finditer finds (#15)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from sources import dates as D

ROOT = Path(__file__).resolve().parents[2]
WORDS = ["in", "In", "on", "By", "during", "early", "late", "mid-", "mid", "Mid-", "last", "This", "of", "June",
         "May", "March", "December", "12", "3rd", "1", "21st", "2025", ",", "x", "to", "Last", "lastJune", "Mayor",
         "5th", "Early", "since", "Until", "from"]


def _same(text: str) -> None:
    months = [m.start() for m in D._MONTH_WORD.finditer(text)]
    for kind, pat in D._PATTERNS:
        if kind in D._MONTH_KINDS:
            want = [m.span() for m in pat.finditer(text)]
            assert [m.span() for m in D._matches(kind, pat, text, months)] == want, (kind, text)


@pytest.mark.parametrize("text", [
    "On 12 June 2025 and on the 3rd of\\nMarch, in early May, by mid-December; Last  June, lastJune.",
    "The deal of June 5, 2024 and 21st of  May 2023 (from late March).",
])
def test_month_patterns_match_as_finditer(text: str) -> None:
    _same(text.replace("\\n", "\n"))
    assert D.dates_in_text(text.replace("\\n", "\n"))


def test_month_patterns_match_as_finditer_on_random_and_real_texts() -> None:
    from sources.ingest import corpus_files, ingest_files

    for p in ingest_files(corpus_files([ROOT / "sources" / "corpus"])).passages:
        _same(p.text)
    rnd = random.Random(1)
    hits = 0
    for _ in range(20000):
        t = "".join(rnd.choice(WORDS) + rnd.choice(["", " ", "  ", "\n"]) for _ in range(rnd.randint(1, 8)))
        _same(t)
        hits += bool(D._PATTERNS[-2][1].search(t))
    assert hits > 1000  # the texts do hold month expressions
