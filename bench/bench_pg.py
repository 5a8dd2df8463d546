"""PostgreSQL vs SQLite: write time and query latency on the same large corpus, side by side.

Run: .venv/bin/python bench/bench_pg.py [--factor 480] [--runs 30] [--url postgresql://…] [--keep DIR]
     [--only KIND …]

Makes a synthetic corpus ``--factor`` times the bundled one (bench.synth: ~209 passages per copy, so 480 ≈
100k passages), ingests and annotates it once, writes it to a fresh SQLite index and to a PostgreSQL database
(``--url``, else a throwaway cluster from corridors.pgcluster), then times ``search_passages`` for typical
filters on both, alternating backends run by run (complete results and ``limit=25``), and ``route_counts``
(the layer badges) for the filters that change them; asserts both backends give identical results and
prints each kind's hits (passages, or links counted), p50/p95 and the PostgreSQL/SQLite ratio of the p95s.
Aim: PostgreSQL p95 within 2x of SQLite's. ``--only`` times only the kinds whose name contains a word given.

``--keep DIR`` keeps the corpus, the SQLite index and the cluster (left running) in ``DIR``; a later run with
the same ``DIR``, factor and schema reuses them instead of writing again (for EXPLAIN between runs; stop the
cluster with ``python -m corridors.pgcluster stop DIR/pg``). The write times are printed only when written.
"""
from __future__ import annotations

import argparse
import hashlib
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
from corridors.store.postgres_schema import DATA_SCHEMA  # noqa: E402
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


def write_both(work: Path, factor: int, db: Path, url: str) -> None:
    """Make the corpus, ingest and annotate it, write it to SQLite ``db`` and PostgreSQL ``url``; print times."""
    corpus = work / "corpus"
    if db.exists():
        db.unlink()
    if corpus.exists():
        import shutil

        shutil.rmtree(corpus)
    t = time.perf_counter()
    make_corpus(corpus, factor)
    files = corpus_files([corpus])
    report = ingest_files(files)
    ann = annotate(report)
    print(f"corpus: {factor}x bundled, {len(report.articles)} articles, {len(report.passages)} passages, "
          f"{len(ann.links)} links (ingest + annotate {time.perf_counter() - t:.0f} s)")
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


#: route_counts (the layer badges) for the filters that change them (the route filter itself does not).
COUNTS = {
    "no filter": Filters(),
    "actor": Filters(actors=("Iran",)),
    "actor primary": Filters(actors=("Iran",), primary_only=True),
    "event dates": QUERIES["event dates"],
    "text phrase": QUERIES["text phrase"],
}


def _same(a, b) -> bool:
    """Whether two results are identical (hits compared whole, as JSON: passage, links, actors, dates, citation)."""
    if isinstance(a, list):
        return [h.to_json() for h in a] == [h.to_json() for h in b]
    return a == b


def cases():
    """(name, what to run on a store, the number of hits in its result) for every query kind timed."""
    def search(f: Filters, limit: int | None):
        return lambda idx: search_passages(idx, f, limit=limit)

    for limit in (None, 25):
        for name, f in QUERIES.items():
            yield f"{name}{' limit 25' if limit else ''}", search(f, limit), len
    for name, f in COUNTS.items():
        yield f"route_counts({name})", lambda idx, f=f: route_counts(idx, f), lambda got: sum(got.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, default=480)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway local cluster)")
    ap.add_argument("--only", nargs="*", help="time only the query kinds whose name contains one of these")
    ap.add_argument("--keep", type=Path, help="keep corpus, indexes and cluster here; reuse them next time")
    opts = ap.parse_args()
    work = opts.keep or Path(tempfile.mkdtemp(prefix="bench-pg-"))
    stamp = hashlib.sha256(f"{opts.factor}\n{DATA_SCHEMA}".encode()).hexdigest()[:16]
    reuse = bool(opts.keep and not opts.url and (work / "stamp").exists()
                 and (work / "stamp").read_text() == stamp and (work / "pg" / "port").exists())
    cluster = None
    url = opts.url
    if reuse:
        from corridors.pgcluster import attach

        cluster = attach(work / "pg")
        url = cluster.url("bench", "atlas", "atlas")
        print(f"reusing {work} (corpus, SQLite index and cluster of an earlier run; nothing written)")
    elif not url:
        from corridors.pgcluster import attach, start_cluster

        if (work / "pg" / "port").exists():
            attach(work / "pg").stop()
        cluster = start_cluster(work / "pg" if opts.keep else None)
        url = cluster.create_database("bench", owner="atlas", password="atlas")
    try:
        db = work / "bench.sqlite"
        if not reuse:
            write_both(work, opts.factor, db, url)
            if opts.keep:
                (work / "stamp").write_text(stamp)
        lite, pg = open_store(db), PostgresStore(url)
        print(f"{'query':<27} {'hits':>6}  {'SQLite p50/p95 ms':>18}  {'PostgreSQL p50/p95 ms':>22}  {'p95 ratio':>9}")
        for name, run, size in cases():
            if opts.only and not any(o in name for o in opts.only):
                continue
            got = run(lite)
            assert _same(got, run(pg)), f"{name}: the backends differ"
            times: dict[str, list[float]] = {"lite": [], "pg": []}
            for _ in range(opts.runs):
                for key, idx in (("lite", lite), ("pg", pg)):
                    times[key].append(_time(lambda idx=idx, run=run: run(idx)))
            lp, pp = pct(times["lite"], 95), pct(times["pg"], 95)
            print(f"{name:<27} {size(got):>6}  {statistics.median(times['lite']) * 1e3:>8.1f} / {lp * 1e3:>7.1f}  "
                  f"{statistics.median(times['pg']) * 1e3:>11.1f} / {pp * 1e3:>8.1f}  {pp / lp:>8.2f}x", flush=True)
        pg.close()
    finally:
        if cluster and not opts.keep:
            cluster.stop()


if __name__ == "__main__":
    main()
