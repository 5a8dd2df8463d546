"""PostgreSQL vs SQLite: write time and query latency on the same large corpus, side by side.

Run: .venv/bin/python bench/bench_pg.py [--factor 480] [--runs 30] [--url postgresql://…]

Makes a synthetic corpus ``--factor`` times the bundled one (bench.synth: ~209 passages per copy, so 480 ≈
100k passages), ingests and annotates it once, writes it to a fresh SQLite index and to a PostgreSQL database
(``--url``, else a throwaway cluster from corridors.pgcluster), then times ``search_passages`` for typical
filters on both, alternating backends run by run (complete results and ``limit=25``), and prints p50/p95 and
the PostgreSQL/SQLite ratio of the p95s. Aim: PostgreSQL p95 within 2x of SQLite's.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_scale import QUERIES as SCALE_QUERIES  # noqa: E402
from bench.synth import make_corpus  # noqa: E402
from corridors.build import annotate, build_meta, content_hash, corpus_record, full_batch  # noqa: E402
from corridors.query import Filters, route_counts, search_passages  # noqa: E402
from corridors.store import open_store, postgres, write_store  # noqa: E402
from corridors.store.postgres_read import PostgresStore  # noqa: E402
from sources.ingest import corpus_files, ingest_files  # noqa: E402

QUERIES = {  # the scale bench's queries plus every other filter kind
    **SCALE_QUERIES,
    "primary-only": Filters(primary_only=True, date_from="2024"),
    "all-actors": Filters(actors=("Iran", "Russia"), all_actors=True),
    "event dates": Filters(date_from="2025-06", date_to="2025-08", event_dates=True),
    "text phrase": Filters(q='"Middle Corridor" Kazakhstan'),
}


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, default=480)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway local cluster)")
    opts = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    cluster = None
    url = opts.url
    if not url:
        from corridors.pgcluster import start_cluster

        cluster = start_cluster()
        url = cluster.create_database("bench", owner="atlas", password="atlas")
    try:
        corpus = work / "corpus"
        t = time.perf_counter()
        make_corpus(corpus, opts.factor)
        files = corpus_files([corpus])
        report = ingest_files(files)
        ann = annotate(report)
        print(f"corpus: {opts.factor}x bundled, {len(report.articles)} articles, {len(report.passages)} passages, "
              f"{len(ann.links)} links (ingest + annotate {time.perf_counter() - t:.0f} s)")
        db = work / "bench.sqlite"
        record = corpus_record((corpus,))
        lite_s = _time(lambda: write_store(db, full_batch(report, ann, build_meta(files, (corpus,), report))))
        postgres.init(url)

        def write_pg() -> None:
            with postgres.connect(url) as con, con.transaction():
                postgres.write_corpus(con, postgres.corpus_key((corpus,)), report, ann,
                                      content_hash=content_hash(files), record=record)
            with postgres.connect(url, autocommit=True) as con:
                con.execute("VACUUM ANALYZE")

        pg_s = _time(write_pg)
        print(f"write: SQLite {lite_s:.1f} s ({db.stat().st_size / 2**20:.0f} MB), PostgreSQL {pg_s:.1f} s "
              f"(COPY in one transaction, then VACUUM ANALYZE)")
        lite, pg = open_store(db), PostgresStore(url)
        print(f"{'query':<20} {'n':>6}  {'SQLite p50/p95 ms':>18}  {'PostgreSQL p50/p95 ms':>22}  {'p95 ratio':>9}")
        for name, f in [*QUERIES.items(), *((f"{k} limit 25", v) for k, v in QUERIES.items())]:
            limit = 25 if name.endswith("limit 25") else None
            n = len(search_passages(lite, f, limit=limit))
            assert [h.id for h in search_passages(pg, f, limit=limit)] == \
                   [h.id for h in search_passages(lite, f, limit=limit)], name
            times: dict[str, list[float]] = {"lite": [], "pg": []}
            for _ in range(opts.runs):
                for key, idx in (("lite", lite), ("pg", pg)):
                    times[key].append(_time(lambda idx=idx, f=f, limit=limit: search_passages(idx, f, limit=limit)))
            lp, pp = pct(times["lite"], 95), pct(times["pg"], 95)
            print(f"{name:<20} {n:>6}  {statistics.median(times['lite']) * 1e3:>8.1f} / {lp * 1e3:>7.1f}  "
                  f"{statistics.median(times['pg']) * 1e3:>11.1f} / {pp * 1e3:>8.1f}  {pp / lp:>8.2f}x")
        rc = {k: [] for k in ("lite", "pg")}
        for _ in range(opts.runs):
            for key, idx in (("lite", lite), ("pg", pg)):
                rc[key].append(_time(lambda idx=idx: route_counts(idx, Filters(actors=("Iran",)))))
        print(f"{'route_counts(actor)':<20} {'':>6}  {statistics.median(rc['lite']) * 1e3:>8.1f} / "
              f"{pct(rc['lite'], 95) * 1e3:>7.1f}  {statistics.median(rc['pg']) * 1e3:>11.1f} / "
              f"{pct(rc['pg'], 95) * 1e3:>8.1f}  {pct(rc['pg'], 95) / pct(rc['lite'], 95):>8.2f}x")
        pg.close()
    finally:
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
