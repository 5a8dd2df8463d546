"""Print the export time per format and size (target: slide PNG at 150 dpi in at most 2 s).

Usage: python bench/bench_export.py [--repeat N]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from corridors import export as ex
from corridors.build import build_index
from corridors.query import Filters
from corridors.store import open_store
from geo.layers import load_layers
from routes.catalog import load_catalog
from sources.ingest import BUNDLED_CORPUS

CASES = [
    ("five corridors", Filters(routes=("tripp", "middle_corridor", "instc", "btk", "sgc")), ()),
    ("tripp + 3 notes", Filters(routes=("tripp",)), ("39.0,46.2,Meghri", "39.2,45.4,Nakhchivan", "40.1,44.5,Yerevan")),
    ("actor iran", Filters(actors=("iran",)), ()),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        build_index((BUNDLED_CORPUS,), db)
        index, layers, catalog = open_store(db), load_layers(), load_catalog()
        ex.export_bytes(ex.plan_export(index, CASES[0][1], layers=layers, catalog=catalog), "png", dpi=50)  # warm
        print(f"{'case':<16} {'size':<13} {'format':<8} {'dpi':>4} {'best s':>7} {'plan s':>7} {'KiB':>7}")
        for name, filters, notes in CASES:
            for size in ("slide", "a4-landscape", "a4-portrait"):
                t0 = time.perf_counter()
                plan = ex.plan_export(index, filters, layers=layers, catalog=catalog, size=size,
                                      notes=[ex.parse_note(n, i + 1) for i, n in enumerate(notes)])
                t_plan = time.perf_counter() - t0
                fmts = ("png", "svg", "pdf", "geojson", "csv", "bibtex", "ris") if size == "slide" else ("png",)
                for fmt in fmts:
                    best, data = float("inf"), b""
                    for _ in range(args.repeat):
                        t0 = time.perf_counter()
                        data = ex.export_bytes(plan, fmt, dpi=150)
                        best = min(best, time.perf_counter() - t0)
                    dpi = "150" if fmt in ("png", "svg", "pdf") else "-"
                    print(f"{name:<16} {size:<13} {fmt:<8} {dpi:>4} {best:7.2f} {t_plan:7.2f} {len(data) / 1024:7.0f}")


if __name__ == "__main__":
    main()
