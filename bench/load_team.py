"""Load, team setup vs laptop setup: two app servers on PostgreSQL behind haproxy, beside one server on SQLite.

Run: .venv/bin/python bench/load_team.py [--sessions 20] [--seconds 60] [--start-timeout 180]

One command, cleaned up at the end: starts a throwaway PostgreSQL cluster (corridors.pgcluster), builds the
bundled corpus into it (``corridors build --db URL``'s code), starts two ``streamlit run app.py`` servers with
``CORRIDORS_DB=postgresql://…`` and Debian's haproxy with ``deploy/haproxy.cfg`` (its ports rewritten to free
ones) in front, and drives the proxy with ``bench/load.py --url``. Then the same load against one server on a
SQLite index of the same corpus. While each run lasts it samples, once a second, the database connections
held (``pg_stat_activity`` rows of the index database, this sampler's own left out) and the RSS of each
streamlit server. Prints load.py's own report for each run, then a side-by-side table.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import rss_mb  # noqa: E402
from corridors.pgcluster import free_port, start_cluster  # noqa: E402
from tests.browser.conftest import start_server, stop_server  # noqa: E402

START_TIMEOUT = 180.0  # passed to load.py --start-timeout (main's --start-timeout)


class Sampler(threading.Thread):
    """Once a second: the index database's connections (pg_stat_activity) and each server's RSS."""

    def __init__(self, pids: list[int], admin_url: str | None, dbname: str | None) -> None:
        super().__init__(daemon=True)
        self.pids, self.admin_url, self.dbname = pids, admin_url, dbname
        self.conns: list[int] = []
        self.rss: dict[int, list[float]] = {p: [] for p in pids}
        self.done = threading.Event()

    def run(self) -> None:
        con = None
        if self.admin_url:
            import psycopg

            con = psycopg.connect(self.admin_url, autocommit=True)
        while not self.done.wait(1.0):
            for p in self.pids:
                self.rss[p].append(rss_mb(p))
            if con is not None:
                self.conns.append(con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                                              "pid <> pg_backend_pid()", (self.dbname,)).fetchone()[0])
        if con is not None:
            con.close()

    def stop(self) -> None:
        self.done.set()
        self.join(10)


def haproxy_config(front: int, stats: int, backends: list[int], folder: Path) -> Path:
    """deploy/haproxy.cfg with its ports replaced by free ones (the file itself is the configuration used)."""
    text = (ROOT / "deploy" / "haproxy.cfg").read_text()
    for old, new in (("127.0.0.1:8600", front), ("127.0.0.1:8609", stats), ("127.0.0.1:8601", backends[0]),
                     ("127.0.0.1:8602", backends[1])):
        assert old in text, f"deploy/haproxy.cfg no longer binds {old}"
        text = text.replace(old, f"127.0.0.1:{new}")
    path = folder / "haproxy.cfg"
    path.write_text(text)
    return path


def start_haproxy(cfg: Path, port: int) -> subprocess.Popen:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        sys.exit("haproxy is not installed (apt-get install -y haproxy)")
    proc = subprocess.Popen([haproxy, "-f", str(cfg), "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    sys.exit(f"haproxy did not answer on {port}: {proc.stderr.read().decode(errors='replace') if proc.stderr else ''}")


def drive(url: str, pids: list[int], sessions: int, seconds: float, admin: str | None, dbname: str | None) -> dict:
    """Run bench/load.py against ``url`` while sampling; its figures and the samples."""
    sampler = Sampler(pids, admin, dbname)
    sampler.start()
    cmd = [sys.executable, str(ROOT / "bench" / "load.py"), "--url", url, "--sessions", str(sessions),
           "--seconds", str(seconds), "--start-timeout", str(START_TIMEOUT),
           *[a for p in pids for a in ("--pid", str(p))]]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    sampler.stop()
    print(out.stdout, end="")
    if out.returncode:
        print(out.stderr[-3000:], file=sys.stderr)
    figures = {"p50": _grab(r"latency: p50 (\d+) ms", out.stdout), "p95": _grab(r"p95 (\d+) ms", out.stdout),
               "errors": _grab(r"errors: (\d+)", out.stdout),
               "interactions": _grab(r"interactions: (\d+)", out.stdout),
               "rss_end": [s[-1] if s else float("nan") for s in sampler.rss.values()],
               "rss_max": [max(s) if s else float("nan") for s in sampler.rss.values()],
               "conns": sampler.conns}
    return figures


def _grab(pattern: str, text: str) -> float:
    m = re.search(pattern, text)
    return float(m.group(1)) if m else float("nan")


def team_run(opts, work: Path) -> dict:
    from corridors.store import postgres
    from sources.ingest import BUNDLED_CORPUS

    cluster = start_cluster(work / "pg")
    servers, proxy = [], None
    try:
        url = cluster.create_database("atlas", owner="atlas", password="atlas")
        t = time.perf_counter()
        postgres.build_corpus(url, (BUNDLED_CORPUS,))
        print(f"PostgreSQL: bundled corpus built into {postgres.redact(url)} in {time.perf_counter() - t:.0f} s")
        env = {"CORRIDORS_DB": url, "CORRIDORS_CACHE_DIR": str(work / "cache-pg")}
        servers = [start_server(ROOT / "app.py", env=env, timeout=120) for _ in range(2)]
        front, stats = free_port(), free_port()
        ports = [int(s.url.rsplit(":", 1)[1]) for s in servers]
        proxy = start_haproxy(haproxy_config(front, stats, ports, work), front)
        print(f"haproxy on :{front} in front of streamlit on :{ports[0]} and :{ports[1]}")
        return drive(f"http://127.0.0.1:{front}", [s.process.pid for s in servers], opts.sessions, opts.seconds,
                     cluster.url("postgres"), "atlas")
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(10)
        for s in servers:
            stop_server(s)
        cluster.stop()


def sqlite_run(opts, work: Path) -> dict:
    from corridors.build import build_index
    from sources.ingest import BUNDLED_CORPUS

    db = work / "laptop.sqlite"
    build_index((BUNDLED_CORPUS,), db)
    env = {"CORRIDORS_DB": str(db), "CORRIDORS_CACHE_DIR": str(work / "cache-lite")}
    server = start_server(ROOT / "app.py", env=env, timeout=120)
    try:
        return drive(server.url, [server.process.pid], opts.sessions, opts.seconds, None, None)
    finally:
        stop_server(server)


def table(team: dict, lite: dict, sessions: int, seconds: float) -> None:
    conns = team["conns"]
    rows = [
        ("latency p50 (s)", f"{team['p50'] / 1e3:.1f}", f"{lite['p50'] / 1e3:.1f}"),
        ("latency p95 (s)", f"{team['p95'] / 1e3:.1f}", f"{lite['p95'] / 1e3:.1f}"),
        ("interactions", f"{team['interactions']:.0f}", f"{lite['interactions']:.0f}"),
        ("errors", f"{team['errors']:.0f}", f"{lite['errors']:.0f}"),
        ("DB connections held (min/median/max)",
         f"{min(conns)}/{statistics.median(conns):.0f}/{max(conns)}" if conns else "n/a", "n/a (a file)"),
        ("server RSS at end (MB)", " + ".join(f"{r:.0f}" for r in team["rss_end"]),
         " + ".join(f"{r:.0f}" for r in lite["rss_end"])),
        ("server RSS max (MB)", " + ".join(f"{r:.0f}" for r in team["rss_max"]),
         " + ".join(f"{r:.0f}" for r in lite["rss_max"])),
    ]
    print(f"\n{sessions} sessions x {seconds:.0f} s, {os.cpu_count()} cores (browsers, servers and the database "
          f"on one machine)")
    print(f"{'':<38} {'2 servers + haproxy, PostgreSQL':>32} {'1 server, SQLite':>18}")
    for name, a, b in rows:
        print(f"{name:<38} {a:>32} {b:>18}")


def main() -> None:
    global START_TIMEOUT
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--start-timeout", type=float, default=START_TIMEOUT,
                    help="seconds a session may take to show its first map (load.py --start-timeout)")
    opts = ap.parse_args()
    START_TIMEOUT = opts.start_timeout
    work = Path(tempfile.mkdtemp(prefix="load-team-"))
    os.chmod(work, 0o755)  # the cluster folder inside is handed to the postgres user when run as root
    try:
        team = team_run(opts, work)
        lite = sqlite_run(opts, work)
        table(team, lite, opts.sessions, opts.seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
