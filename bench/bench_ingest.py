"""Ingest throughput per format (MB/s, articles/s) and on synthetic corpora up to ~1,000x the bundled one.

Per format: every file of that type in the given folders (default: the bundled corpus, the format fixtures
and tests/data/devset + tuneset when present), each ingested on its own, timed together (one core).

Run: python bench/bench_ingest.py [--factors 1,10,100,1000] [--formats-only] [DIR ...]
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


ROOT = Path(__file__).resolve().parent.parent
FORMAT_DIRS = (ROOT / "sources" / "corpus", ROOT / "tests" / "data" / "formats", ROOT / "tests" / "data" / "devset",
               ROOT / "tests" / "data" / "tuneset")


def per_format(dirs: list[Path], repeat: int = 3) -> None:
    """Print MB/s and articles/s for each file type found in ``dirs``."""
    files = corpus_files([d for d in dirs if d.is_dir()])
    by_fmt: dict[str, list[Path]] = {}
    for f in files:
        by_fmt.setdefault(f.suffix.lower().lstrip("."), []).append(f)
    print(f"{'format':<8}{'files':>7}{'MB':>9}{'articles':>10}{'seconds':>9}{'MB/s':>8}{'articles/s':>12}")
    for fmt, fs in sorted(by_fmt.items()):
        size = sum(f.stat().st_size for f in fs)
        best, arts = float("inf"), 0
        for _ in range(repeat):
            t = time.perf_counter()
            arts = sum(len(ingest_files([f]).articles) for f in fs)
            best = min(best, time.perf_counter() - t)
        print(f"{fmt:<8}{len(fs):>7}{size / 1e6:>9.3f}{arts:>10}{best:>9.3f}"
              f"{size / 1e6 / best:>8.2f}{arts / best:>12.1f}",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", default="1,10,100,1000")
    ap.add_argument("--formats-only", action="store_true", help="Only the per-format table.")
    ap.add_argument("dirs", nargs="*", type=Path, help="Folders for the per-format table.")
    args = ap.parse_args()
    per_format(args.dirs or list(FORMAT_DIRS))
    if args.formats_only:
        return
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
