"""The fast annotation gives exactly what the straightforward one gave (issue #15).

``tests/data/snapshots/annotations.json.gz`` holds every actor mention, passage actor closure, dated
mention and route link of the bundled corpus, the tuneset, the devset and the checkset, as the
straightforward matchers (one regex after another over every passage, on main before the speed work) made
them. Regenerate it only for an intended change of the rules:
``python -m tests.unit.test_annotate_identity --write``.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "data" / "snapshots" / "annotations.json.gz"
SETS = {"bundled": ROOT / "sources" / "corpus", "tuneset": ROOT / "tests" / "data" / "tuneset" / "files",
        "devset": ROOT / "tests" / "data" / "devset" / "files",
        "checkset": ROOT / "tests" / "data" / "checkset" / "files"}


def _plain(value):
    if dataclasses.is_dataclass(value):
        return [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def annotations_of(folder: Path, *, workers: int | None = None) -> dict:
    """Everything ``annotate`` finds in one folder, as plain JSON-able data keyed by passage id."""
    from corridors.build import annotate
    from sources.ingest import corpus_files, ingest_files

    report = ingest_files(corpus_files([folder]))
    ann = annotate(report) if workers is None else annotate(report, workers=workers)
    links: dict[str, list] = {}
    for lk in ann.links:
        links.setdefault(lk.passage_id, []).append(_plain(lk))
    return {"passages": [p.id for p in report.passages],
            "actors": {k: _plain(v) for k, v in ann.actor_mentions.items()},
            "closure": {k: list(v) for k, v in ann.passage_actors.items()},
            "dates": {k: _plain(v) for k, v in ann.dated_mentions.items()},
            "links": links}


def _snapshot() -> dict:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("name", list(SETS))
def test_annotation_matches_the_straightforward_matchers(name):
    want = _snapshot()[name]
    got = json.loads(json.dumps(annotations_of(SETS[name])))
    assert got["passages"] == want["passages"]
    for part in ("actors", "closure", "dates", "links"):
        diff = sorted(k for k in set(got[part]) | set(want[part]) if got[part].get(k) != want[part].get(k))
        assert not diff, f"{name}: {part} differ in {len(diff)} passage(s), e.g. {diff[0]}: " \
                         f"got {got[part].get(diff[0])} want {want[part].get(diff[0])}"


def test_a_pool_of_workers_gives_what_one_process_gives(tmp_path):
    """Chunks annotated in a process pool come back in the corpus's order, identical to one process."""
    import corridors.annotate as A

    old = A.CHUNK_PASSAGES
    A.CHUNK_PASSAGES = 20  # many chunks even for the bundled corpus
    try:
        pooled = annotations_of(SETS["bundled"], workers=2)
    finally:
        A.CHUNK_PASSAGES = old
    one = annotations_of(SETS["bundled"], workers=1)
    assert pooled == one
    assert list(pooled["actors"]) == list(one["actors"]) and list(pooled["links"]) == list(one["links"])


def test_the_bounded_search_before_a_place_finds_what_the_whole_prefix_search_finds():
    """routes.chains searches only the word before a joiner, not the whole text before a place."""
    import random

    from routes import chains

    rnd = random.Random(15)
    alphabet = list("Ab c-–/toKarsTo  '’x.,;1→\n")
    for _ in range(50000):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        full = chains._CAP_BEFORE.search(t)
        w = chains._run_start(t, len(t))
        part = chains._CAP_BEFORE.search(t[w:])
        assert (full and full.span(1)) == (part and (part.start(1) + w, part.end(1) + w)), t


def test_the_rewritten_date_regexes_match_what_the_originals_match():
    """sources.dates writes two patterns to start with a literal (a fast scan); same matches as before."""
    import random
    import re

    from sources import dates

    original = {"iso": re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
                "year": re.compile(r"(?<![\d$€£.,-])(?P<year>(?:19|20)\d{2})(?![\d%,.]\d|\d|-\d)")}
    new = dict(dates._PATTERNS)
    rnd = random.Random(15)
    alphabet = list("1920-.,$€ a5%0\n_x")
    for _ in range(50000):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        for kind, pat in original.items():
            assert [m.span() for m in pat.finditer(t)] == [m.span() for m in new[kind].finditer(t)], (kind, t)


def test_folding_only_the_changed_characters_equals_translating_every_one():
    from routes.lexicon import FOLD, _fold_chars

    every = "".join(chr(c) for c in range(0x3000))
    assert _fold_chars(every) == every.translate(FOLD)
    assert _fold_chars("Baku–Tbilisi—Kars \u201crail\u201d\n") == "Baku Tbilisi Kars  rail  "


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    sys.path.insert(0, str(ROOT))
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    data = {name: annotations_of(folder) for name, folder in SETS.items()}
    with gzip.open(SNAPSHOT, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(data, f, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    print(SNAPSHOT, SNAPSHOT.stat().st_size)
