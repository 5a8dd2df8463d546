"""Annotation cost per passage, component by component, in one process (issue #15).

Run: python bench/bench_annotate.py [--factor 100] [--corpus DIR] [--dump FILE.json.gz] [--cold]

Makes (or reuses) the synthetic corpus ``factor`` times the bundled one (bench.synth.make_corpus, as
bench/bench_scale.py does), ingests it once, then times each annotation step over every passage with the
CPU clock of this process (``time.process_time``; workers=1, so the figure does not depend on other load):
actors, dates, route links (per article, with its headline) and places, in µs per passage. ``--dump`` writes
everything found (as tests/unit/test_annotate_identity.py serialises it) so two commits can be compared byte
for byte on the large corpus. ``--cold`` times rule loading and compiling in fresh processes instead.
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD = {
    "imports": "import routes.linking, routes.places, sources.actors, sources.dates",
    "default_rules": "from routes.linking import default_rules as f; f()",
    "default_actors": "from sources.actors import default_actors as f; f()",
    "default_gazetteer": "from routes.places import default_gazetteer as f; f()",
    "dates_first_call": "from sources.dates import dates_in_text as f; f('On 5 June 2025, in May, 2024.')",
}


def _plain(value):
    if dataclasses.is_dataclass(value):
        return [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def cold_times(runs: int = 3) -> dict[str, float]:
    """CPU ms of each loader in a fresh interpreter (imports done first), best of ``runs``."""
    out = {}
    for name, stmt in COLD.items():
        pre = "" if name == "imports" else COLD["imports"]
        code = (f"import time,sys; sys.path.insert(0,{str(ROOT)!r}); {pre}\n"
                f"t=time.process_time(); {stmt}; print(time.process_time()-t)")
        best = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                        check=True, cwd=ROOT).stdout) for _ in range(runs))
        out[name] = best * 1000
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--corpus", type=Path, help="an existing corpus folder (default: make one in a temp dir)")
    ap.add_argument("--dump", type=Path, help="write every annotation found to this .json.gz")
    ap.add_argument("--cold", action="store_true", help="time rule loading in fresh processes")
    opts = ap.parse_args()
    if opts.cold:
        for name, ms in cold_times().items():
            print(f"{name:20s} {ms:8.1f} ms CPU (fresh process)")
        return

    from bench.synth import make_corpus
    from routes.linking import default_rules, links_for_article
    from routes.places import default_gazetteer
    from sources.actors import annotate_actors, default_actors
    from sources.dates import annotate_dates
    from sources.ingest import corpus_files, ingest_files

    corpus = opts.corpus
    if corpus is None:
        corpus = Path(tempfile.mkdtemp(prefix="bench-annotate-")) / f"x{opts.factor}"
    if not corpus.is_dir() or not any(corpus.iterdir()):
        make_corpus(corpus, opts.factor)
    report = ingest_files(corpus_files([corpus]))
    passages = list(report.passages)
    articles = {a.id: a for a in report.articles}
    by_article: dict[str, list] = {}
    for p in passages:
        by_article.setdefault(p.article_id, []).append(p)
    default_rules(), default_actors(), default_gazetteer()
    n = len(passages)
    print(f"{n} passages, {len(by_article)} articles, {sum(len(p.text) for p in passages) / 1e6:.1f} M characters")

    def timed(label, fn):
        t = time.process_time()
        out = fn()
        dt = time.process_time() - t
        print(f"{label:8s} {dt * 1e6 / n:8.1f} µs/passage  ({dt:.2f} s CPU)")
        return out, dt

    (mentions, closure), ta = timed("actors", lambda: annotate_actors(passages))
    dates, td = timed("dates", lambda: annotate_dates(passages, articles))
    gaz = default_gazetteer()
    links, tl = timed("links", lambda: [lk for aid, ps in by_article.items()
                                        for lk in links_for_article(ps, None, articles[aid].title
                                                                    if aid in articles else None)])
    places, tp = timed("places", lambda: {p.id: tuple(f) for p in passages if (f := gaz.find(p.text))})
    print(f"{'total':8s} {(ta + td + tl + tp) * 1e6 / n:8.1f} µs/passage")
    if opts.dump:
        by_p: dict[str, list] = {}
        for lk in links:
            by_p.setdefault(lk.passage_id, []).append(_plain(lk))
        data = {"actors": {k: _plain(v) for k, v in mentions.items()},
                "closure": {k: list(v) for k, v in closure.items()},
                "dates": {k: _plain(v) for k, v in dates.items()}, "links": by_p,
                "places": {k: _plain(v) for k, v in places.items()}}
        with gzip.open(opts.dump, "wt", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, sort_keys=True)
        print("wrote", opts.dump)


if __name__ == "__main__":
    main()
