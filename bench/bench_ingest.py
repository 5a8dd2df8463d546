"""Ingest throughput on the bundled corpus and on synthetic corpora up to ~1,000x its size (one core).

Run: python bench/bench_ingest.py [--factors 1,10,100,1000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import make_corpus  # noqa: E402
from sources.ingest import corpus_files, ingest_files  # noqa: E402


def measure(files: list[Path]) -> tuple[float, int, int, int]:
    size = sum(f.stat().st_size for f in files)
    t = time.perf_counter()
    rep = ingest_files(files)
    return time.perf_counter() - t, size, len(rep.articles), len(rep.passages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", default="1,10,100,1000")
    args = ap.parse_args()
    print(f"{'corpus':<16}{'MB':>9}{'articles':>10}{'passages':>10}{'seconds':>9}{'MB/s':>8}")
    secs, size, arts, ps = measure(corpus_files())
    print(f"{'bundled':<16}{size / 1e6:>9.2f}{arts:>10}{ps:>10}{secs:>9.3f}{size / 1e6 / secs:>8.1f}")
    for factor in (int(x) for x in args.factors.split(",")):
        with tempfile.TemporaryDirectory() as d:
            make_corpus(d, factor)
            secs, size, arts, ps = measure(corpus_files([d]))
        print(f"{f'synthetic x{factor}':<16}{size / 1e6:>9.2f}{arts:>10}{ps:>10}{secs:>9.3f}{size / 1e6 / secs:>8.1f}",
              flush=True)


if __name__ == "__main__":
    main()
