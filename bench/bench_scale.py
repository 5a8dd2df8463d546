"""Scale: end-to-end `corridors build` MB/s and peak memory, index size, query latency, app rerun vs corpus size.

Run: /work/venv/bin/python bench/bench_scale.py [--factors 1,10,100,500] [--runs 50] [--app-runs 10] [--no-app]
     [--baseline DIR]   (DIR: a checkout of another commit, e.g. ``git archive main | tar -x -C DIR``)

Each factor makes a synthetic corpus that many times the bundled one (bench.synth.make_corpus: renamed
articles, shuffled paragraphs, dates spread over 2015-2026), then measures:

* build, end to end: ``corridors build --corpus DIR --db PATH --quiet`` as a separate process (interpreter
  start, imports, parse, actors, dates, links, index) — wall seconds, MB/s (corpus bytes / seconds), CPU
  seconds (user+sys, children included) and peak memory (the sum of the RSS of the build process and its
  pool workers, sampled every 20 ms from /proc); growth is linear when s/MB stays flat from factor to factor;
* with ``--baseline DIR``, the same end-to-end build run by the code in DIR right before, on the same corpus
  (side by side in one run: the machine may be shared, so only figures taken together compare);
* in-process stages (``--stages``): ingest, annotate, write timed one by one;
* index size on disk;
* ``search_passages`` latency p50/p95 over ``--runs`` runs for typical filters (route; route+actor;
  route+actor+dates; text search), both complete (every hit, the CLI's default) and with ``limit=25``;
* the app's server rerun after a filter change (streamlit AppTest on app.py with CORRIDORS_DB pointing at
  the index; warm caches, a new date filter each run so the query cache never answers);
* the map payload (st_folium's script + header + route feature group) in KiB.

Aims (issue #15): end-to-end build >= 5 MB/s at 100x, linear growth; query p95 <= 20 ms, app rerun <= 300 ms.
The machine may be shared: compare figures taken in one run.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import make_corpus  # noqa: E402
from corridors.build import annotate, build_meta, full_batch  # noqa: E402
from corridors.query import Filters, search_passages  # noqa: E402
from corridors.store import open_store, write_store  # noqa: E402
from sources.ingest import corpus_files, ingest_files  # noqa: E402

QUERIES = {
    "route": Filters(routes=("tripp",)),
    "route+actor": Filters(routes=("tripp",), actors=("Iran",)),
    "route+actor+dates": Filters(routes=("middle_corridor",), actors=("China",), date_from="2019-01",
                                 date_to="2022-12"),
    "text": Filters(q="railway"),
}


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc), 0 when it is gone."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                total += next((int(ln.split()[1]) * 1024 for ln in f if ln.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def build_e2e(corpus: Path, db: Path, code: Path = ROOT) -> dict:
    """``corridors build`` end to end in its own process, with the code in ``code``: wall and CPU seconds,
    peak RSS of the process tree."""
    files = corpus_files([corpus])
    size = sum(f.stat().st_size for f in files)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    env = dict(os.environ, CORRIDORS_CACHE_DIR=str(db.parent / "cache"))
    cmd = [sys.executable, "-m", "corridors.cli", "build", "--corpus", str(corpus), "--db", str(db), "--quiet",
           *(["--timings"] if code == ROOT else [])]  # a baseline checkout may not have the option
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    after = os.times()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"corridors build failed ({proc.returncode}): {err[-500:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    idx = open_store(db)
    try:
        rep = idx.report
    finally:
        idx.close()
    steps = [ln.rsplit(": ", 1) for ln in err.splitlines() if ln.endswith(" s)") and ": " in ln]
    return {"bytes": size, "articles": rep.get("articles", 0), "passages": rep.get("passages", 0), "build_s": wall,
            "cpu_s": cpu, "peak_rss": peak, "index_bytes": db.stat().st_size, "steps": steps}


def build_stages(corpus: Path, db: Path) -> dict:
    """Build in this process the way build_index does, timing each step (ingest, annotate, write)."""
    files = corpus_files([corpus])
    t0 = time.perf_counter()
    report = ingest_files(files)
    t1 = time.perf_counter()
    ann = annotate(report)
    t2 = time.perf_counter()
    db.unlink(missing_ok=True)
    write_store(db, full_batch(report, ann, build_meta(files, (corpus,), report)))
    t3 = time.perf_counter()
    out = {"ingest_s": t1 - t0, "annotate_s": t2 - t1, "write_s": t3 - t2}
    del report, ann
    gc.collect()
    return out


def query_latency(db: Path, runs: int) -> dict:
    """p50/p95 in ms of search_passages per query, complete and limit=25; plus hit counts."""
    idx = open_store(db)
    out = {}
    for name, f in QUERIES.items():
        for limit in (None, 25):
            search_passages(idx, f, limit=limit)  # warm
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                hits = search_passages(idx, f, limit=limit)
                times.append((time.perf_counter() - t) * 1000)
            out[(name, limit)] = (statistics.median(times), pct(times, 95), len(hits))
    idx.close()
    return out


def app_rerun(db: Path, runs: int) -> dict:
    """AppTest: cold first run, warm reruns after a filter change, and the map payload."""
    from streamlit.testing.v1 import AppTest

    from corridors import state as S

    os.environ["CORRIDORS_DB"] = str(db)
    os.environ.pop("CORRIDORS_CORPUS", None)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    t = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(at.exception)
    at.run()  # warm: every cache_resource filled
    times = []
    for i in range(runs):
        # A date never asked before: the query cache cannot answer, the app re-queries and redraws.
        at.text_input(key=S.KEY_DATE_FROM).set_value(f"{2015 + i // 12}-{i % 12 + 1:02d}")
        t = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t) * 1000)
        if at.exception:
            raise RuntimeError(at.exception)
    actor_times = []
    for _i, actors in enumerate((["Iran"], ["China"], ["Russia"], ["Turkey"], ["Iran", "Russia"])):
        at.multiselect(key=S.KEY_ACTORS).set_value(actors)
        t = time.perf_counter()
        at.run()
        actor_times.append((time.perf_counter() - t) * 1000)
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    base = len(args.get("script", "")) + len(args.get("header", ""))
    group = len(args.get("feature_group") or "")
    page = sum(len(m.value) for m in at.markdown)
    return {"cold_s": cold, "rerun_p50": statistics.median(times), "rerun_p95": pct(times, 95),
            "actor_p50": statistics.median(actor_times), "payload_base": base, "payload_group": group,
            "markdown": page}


def _print_build(label: str, b: dict) -> None:
    print(f"{label}: {b['passages']} passages, {b['bytes'] / 1e6:.1f} MB, "
          f"corridors build {b['build_s']:.1f} s "
          f"= {b['bytes'] / 1e6 / b['build_s']:.2f} MB/s ({b['build_s'] / (b['bytes'] / 1e6):.2f} s/MB), "
          f"CPU {b['cpu_s']:.1f} s, peak RSS {b['peak_rss'] / 1e6:.0f} MB", flush=True)
    if b.get("steps"):
        walls = [float(t.split(" s ")[0]) for _, t in b["steps"]]
        print("  steps (wall s, CPU s of the build process; a pool's workers not included): "
              + "; ".join(f"{name} {t}" for name, t in b["steps"])
              + f"; other (interpreter start, imports, report) {b['build_s'] - sum(walls):.2f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factors", default="1,10,100", help="comma-separated, e.g. 1,10,100,500,1000")
    ap.add_argument("--runs", type=int, default=50, help="query runs per filter")
    ap.add_argument("--app-runs", type=int, default=10, help="app reruns per factor")
    ap.add_argument("--no-app", action="store_true", help="skip the AppTest rerun figures")
    ap.add_argument("--no-queries", action="store_true", help="skip the query latency figures")
    ap.add_argument("--stages", action="store_true", help="also time ingest, annotate and write in this process")
    ap.add_argument("--baseline", type=Path, help="also build with the code of this checkout (side by side)")
    ap.add_argument("--keep", help="keep corpora and indexes in this folder (default: a temporary one)")
    opts = ap.parse_args()
    factors = [int(x) for x in opts.factors.split(",")]
    from bench.bench_incremental import compile_bytecode
    compile_bytecode()  # as an installed copy has it
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(opts.keep) if opts.keep else Path(tmp)
        for factor in factors:
            corpus, db = base / f"x{factor}", base / f"x{factor}.sqlite"
            if not corpus.exists():
                make_corpus(corpus, factor)
            if opts.baseline:
                _print_build(f"x{factor} baseline", build_e2e(corpus, base / f"x{factor}-baseline.sqlite",
                                                            opts.baseline.resolve()))
            b = build_e2e(corpus, db)
            _print_build(f"x{factor}", b)
            if opts.stages:
                st = build_stages(corpus, base / f"x{factor}-stages.sqlite")
                print(f"  in-process stages: ingest {st['ingest_s']:.1f} s, annotate {st['annotate_s']:.1f} s, "
                      f"write {st['write_s']:.1f} s", flush=True)
            q = {} if opts.no_queries else query_latency(db, opts.runs)
            for (name, limit), (p50, p95, n) in q.items():
                print(f"  query {name:<18} limit={str(limit):<4} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  hits {n}",
                      flush=True)
            try:
                a = {} if opts.no_app else app_rerun(db, opts.app_runs)
            except RuntimeError as exc:  # the app itself failed: report it, keep the other figures
                print(f"  app: failed: {str(exc)[:300]}", flush=True)
                a = {}
            if a:
                print(f"  app: cold {a['cold_s']:.2f} s, rerun after date change p50 {a['rerun_p50']:.0f} ms "
                      f"p95 {a['rerun_p95']:.0f} ms, after actor change p50 {a['actor_p50']:.0f} ms, "
                      f"payload {a['payload_base'] / 1024:.0f}+{a['payload_group'] / 1024:.0f} KiB, "
                      f"citation markdown {a['markdown'] / 1024:.0f} KiB", flush=True)
            rows.append((factor, b, q, a))
    print()
    head = (f"{'factor':>6} {'passages':>9} {'MB':>7} {'build s':>8} {'build MB/s':>10} {'s/MB':>6} {'CPU s':>6} "
            f"{'peak RSS MB':>11} {'index MB':>8} " + " ".join(f"{n + ' p50/p95':>24}" for n in QUERIES if q)
            + f" {'rerun p50/p95 ms':>17} {'payload KiB':>11}")
    print(head)
    for factor, b, q, a in rows:
        lat = " ".join(f"{f'{q[(n, None)][0]:.1f}/{q[(n, None)][1]:.1f} ({q[(n, 25)][1]:.1f})':>24}"
                       for n in QUERIES if q)
        rerun = f"{a['rerun_p50']:.0f}/{a['rerun_p95']:.0f}" if a else "-"
        payload = f"{(a['payload_base'] + a['payload_group']) / 1024:.0f}" if a else "-"
        print(f"{factor:>6} {b['passages']:>9} {b['bytes'] / 1e6:>7.1f} {b['build_s']:>8.1f} "
              f"{b['bytes'] / 1e6 / b['build_s']:>10.2f} {b['build_s'] / (b['bytes'] / 1e6):>6.2f} {b['cpu_s']:>6.1f} "
              f"{b['peak_rss'] / 1e6:>11.0f} {b['index_bytes'] / 1e6:>8.1f} {lat} {rerun:>17} {payload:>11}")
    if len(rows) > 1:
        per_mb = [(f, b["build_s"] / (b["bytes"] / 1e6)) for f, b, _, _ in rows]
        print("growth (s/MB relative to the previous factor): " + ", ".join(
            f"x{f2}: {s2 / s1:.2f}" for (_, s1), (f2, s2) in zip(per_mb, per_mb[1:]))
              + "  (1.00 = linear; below 1 = start-up cost spread over more data)")
    print("query columns: complete result p50/p95 ms (p95 with limit=25) ; aims: end-to-end build >= 5 MB/s at "
          "100x, query p95 <= 20 ms, rerun <= 300 ms")


if __name__ == "__main__":
    main()
