"""The anchored rule scan (routes.rulescan, sources._prefilter.leading) finds exactly what finditer finds (#15)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from routes.linking import default_rules
from routes.rulescan import Scan, rule_scan
from sources._prefilter import anchored_finditer, folded, leading, may_match

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    """Real passages (bundled corpus and the tuning set) plus variants that stress case and folding."""
    from sources.ingest import corpus_files, ingest_files

    rep = ingest_files(corpus_files([ROOT / "sources" / "corpus", ROOT / "tests" / "data" / "tuneset" / "files"]))
    texts = [p.text for p in rep.passages]
    return texts + [t.upper() for t in texts[:40]] + [t.replace("i", "ı") for t in texts[:40]]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _spans(ms) -> list[tuple[int, int]]:
    return [m.span() for m in ms]


def test_every_rule_finds_through_the_scan_what_finditer_finds(texts):
    rules = default_rules()
    rs = rule_scan(rules)
    tried = found = 0
    for t in texts:
        scan = Scan(t, rs)
        for rule in (*rs.patterns, *rs.blocks, rs.context):
            want = _spans(rule.pattern.finditer(t))
            wanted = scan.wanted(rule)
            assert wanted or not want, (rule.pattern.pattern[:60], t[:80])  # the prefilter never drops a match
            if wanted:
                tried += 1
                got = _spans(scan.matches(rule))
                assert got == want, (rule.pattern.pattern[:60], t[:80])
                found += len(got)
    assert tried and found > 100  # the rules did run and match


def test_leading_strings_are_read_off_the_regex():
    assert leading(re.compile(r"\b(?:the|This|such\s+a)\s+x", re.I)) == ("such", "the", "this")
    assert leading(re.compile(r"(?:only\s+)?(?:roads?|route)\b")) == ("only", "road", "route")
    assert leading(re.compile(r"[Ss]pring")) == ("spring",)
    assert leading(re.compile(r"(?<![\d.])\d+")) is None  # a class: anywhere
    assert leading(re.compile(r"(?:x|\w+)y")) is None  # one alternative unknown: anywhere


def test_anchored_matching_equals_finditer_on_random_text():
    rnd = random.Random(15)
    pats = [re.compile(r"\b(?:the|this)\s+(?:new\s+){0,2}(?:road|railway)\b(?!\s+of)", re.I),
            re.compile(r"(?:ab|b)+a?"), re.compile(r"(?:only\s+)?(?:road|rail)s?", re.I)]
    alphabet = list("the ThIs new road railway of only ab s\n")
    for _ in range(20000):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        low = folded(t)
        for p in pats:
            starts = sorted({i for w in leading(p) or () for i in range(len(low)) if low.startswith(w, i)})
            assert _spans(anchored_finditer(p, t, starts)) == _spans(p.finditer(t)), (p.pattern, t)


def test_a_rule_whose_words_are_absent_is_skipped_and_its_leads_decide_where_it_is_tried():
    rs = rule_scan(default_rules())
    text = "The corridor through Syunik was discussed; the planned railway too."
    scan = Scan(text, rs)
    assert scan.wanted(rs.context)
    assert [m.group(0) for m in scan.matches(rs.context)] == ["The corridor", "the planned railway"]
    assert not Scan("Nothing about it here, then.", rs).wanted(rs.context)
    assert not may_match((("railway",),), "road")
