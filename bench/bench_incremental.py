"""Incremental build: time from adding one article to a big corpus until it is searchable.

Builds a synthetic corpus (``bench/synth.py``, ``--factor`` times the bundled one) in full, then adds one
real article file and runs the incremental build (``build_index(..., incremental=True)``, what
``corridors build``/``corridors add`` do), then searches for a word of the new article. Prints the full
build time, the add → searchable time (split into ingest, annotate + write) and the passages annotated.

    .venv/bin/python bench/bench_incremental.py --factor 100
"""
from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_corpus  # noqa: E402

from corridors import incremental  # noqa: E402
from corridors.build import build_index  # noqa: E402
from corridors.query import Filters, search_passages  # noqa: E402
from corridors.store import open_store  # noqa: E402

NEW = ROOT / "tests" / "data" / "tuneset" / "files" / "azernews-tap-sgc.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--keep", help="keep the corpus and index in this folder")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-inc-"))
    corpus, db = work / f"corpus-{args.factor}", work / f"index-{args.factor}.sqlite"
    if not corpus.exists():
        make_corpus(corpus, args.factor)
    t0 = time.perf_counter()
    build_index((corpus,), db)
    full = time.perf_counter() - t0
    done: list = []
    real = incremental.update
    incremental.update = lambda *a, **k: done.append(real(*a, **k)) or done[-1]  # type: ignore[assignment]
    shutil.copy(NEW, corpus / "zz-new-article.txt")
    t1 = time.perf_counter()
    build_index((corpus,), db, incremental=True)
    store = open_store(db)
    hits = search_passages(store, Filters(q="TAP"), limit=25)
    add = time.perf_counter() - t1
    found = any(h.passage.source.file.endswith("zz-new-article.txt") for h in
                search_passages(store, Filters(q="TAP")))
    store.close()
    up = done[0] if done else None
    print(f"factor {args.factor}: full build {full:.1f} s")
    print(f"add one article → searchable: {add:.2f} s (in place: {up is not None}; "
          f"files changed {len(up.changed) if up else '?'}, passages annotated {up.passages if up else '?'}; "
          f"new article found by search: {found}; first page {len(hits)} hits)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    main()
