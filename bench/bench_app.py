"""Benchmark the app against the bare reference page (bench/bare_page.py); prints figures and ratios.

Run: /work/venv/bin/python bench/bench_app.py [--runs N]
Figures: server start -> first map visible (Chromium), filter change -> map updated (app only; the bare
page has no filter) and the bytes the browser receives over the websocket for that rerun, server rerun time
(AppTest, warm caches), map payload (st_folium args) size, and what the map iframe fetches as static files
(the basemap, once per page load, cached by the browser).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, VIEWPORT, start_server, stop_server  # noqa: E402

PATHS = ".leaflet-overlay-pane path"


def first_map(script: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from process start to health, and to the map's first drawn path in Chromium."""
    from playwright.sync_api import sync_playwright

    t0 = time.perf_counter()
    server = start_server(script, env=env)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(server.url)
            page.frame_locator(MAP_IFRAME).last.locator(PATHS).first.wait_for(timeout=120_000)
            visible = time.perf_counter() - t0
            browser.close()
    finally:
        stop_server(server)
    return server.started_in, visible


def filter_change(env: dict[str, str], runs: int) -> tuple[list[float], list[int], int]:
    """Toggle a layer off/on in the sidebar `runs` times.

    Returns the seconds until the map's path count changed, the websocket bytes received per toggle (the
    rerun's deltas: the map element is re-sent whole), and the bytes fetched from /app/static/ besides the
    vendored Leaflet (the static basemap, once per page load).
    """
    from playwright.sync_api import sync_playwright

    server = start_server(ROOT / "app.py", env=env)
    times: list[float] = []
    received: list[int] = [0]
    static: list[int] = [0]
    per_change: list[int] = []

    def on_ws(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    def on_response(response) -> None:
        if "/app/static/" in response.url and "/vendor/" not in response.url:
            try:
                static[0] += len(response.body())
            except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
                pass

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.on("websocket", on_ws)
            page.context.on("response", on_response)
            page.goto(server.url)
            frame = page.frame_locator(MAP_IFRAME).last
            frame.locator(PATHS).first.wait_for(timeout=120_000)
            page.wait_for_timeout(1500)
            box = page.locator('[data-testid="stSidebar"]').get_by_role("checkbox", name="Middle Corridor", exact=False)
            for _ in range(runs):
                before = frame.locator(PATHS).count()
                bytes0 = received[0]
                t0 = time.perf_counter()
                box.click(force=True)
                page.wait_for_function(
                    """([sel, n]) => { const f = [...document.querySelectorAll(sel)].pop();
                        return f && f.contentDocument &&
                          f.contentDocument.querySelectorAll('.leaflet-overlay-pane path').length !== n; }""",
                    arg=[MAP_IFRAME, before], timeout=30_000,
                )
                times.append(time.perf_counter() - t0)
                page.wait_for_timeout(700)
                per_change.append(received[0] - bytes0)
            browser.close()
    finally:
        stop_server(server)
    return times, per_change, static[0]


def reruns(script: Path, env: dict[str, str], runs: int) -> tuple[list[float], int, int]:
    """Warm AppTest rerun times and the map payload sizes (script, feature group) in characters."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ.update(env)
    at = AppTest.from_file(str(script), default_timeout=240).run()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    return times, len(args["script"]) + len(args["header"]), len(args.get("feature_group") or "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args()
    env = {"CORRIDORS_DB": str(Path(tempfile.mkdtemp()) / "bench.sqlite")}
    app, bare = ROOT / "app.py", ROOT / "bench" / "bare_page.py"

    app_rerun, app_base, app_group = reruns(app, env, opts.runs)  # also builds the index once
    bare_rerun, bare_base, bare_group = reruns(bare, env, opts.runs)
    app_health, app_visible = first_map(app, env)
    bare_health, bare_visible = first_map(bare, env)
    change, change_bytes, static_bytes = filter_change(env, opts.runs)

    med = statistics.median
    print(f"{'figure':44} {'app':>10} {'bare':>10} {'ratio':>7}")
    rows = [
        ("server start -> health (s)", app_health, bare_health),
        ("server start -> first map visible (s)", app_visible, bare_visible),
        ("server rerun, warm (s, median)", med(app_rerun), med(bare_rerun)),
        ("map payload: base script+header (KiB)", app_base / 1024, bare_base / 1024),
        ("map payload: route feature group (KiB)", app_group / 1024, bare_group / 1024),
    ]
    for name, a, b in rows:
        print(f"{name:44} {a:10.3f} {b:10.3f} {a / b if b else float('nan'):7.2f}")
    print(f"{'filter change -> map updated (s, median)':44} {med(change):10.3f} {'n/a':>10} "
          f"(runs: {', '.join(f'{t:.2f}' for t in change)}; STACK_NOTES bare figure ~0.55 s)")
    print(f"{'filter change -> websocket bytes (KiB, median)':44} {med(change_bytes) / 1024:10.1f} {'n/a':>10} "
          f"(runs: {', '.join(f'{b / 1024:.0f}' for b in change_bytes)})")
    print(f"{'static files fetched by the map, per load (KiB)':44} {static_bytes / 1024:10.1f} {'n/a':>10} "
          "(the basemap when served from /app/static/; the browser caches it)")


if __name__ == "__main__":
    main()
