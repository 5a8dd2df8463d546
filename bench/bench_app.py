"""Benchmark the app against the bare reference page (bench/bare_page.py), side by side in ONE run.

Run: .venv/bin/python bench/bench_app.py [--first 3] [--changes 9] [--app PATH]

Both pages are measured in the same run, alternately (app, bare, app, bare, ...), so the machine's load
falls on both; the ratios are the figures. Headless Debian Chromium through Playwright.

* server start -> first route drawn: a fresh `streamlit run` per try, from process start until the map
  iframe has drawn its first route path (the index is built and the caches on disk warm beforehand).
* layer toggle -> map updated: a click on a sidebar layer toggle until the map's path count changes.
* filter change -> map updated: a search typed in the sidebar (the app's passage search; the bare page's
  box dims routes the same way) until the lines' drawn styles change.
* ... -> last frame (page done): the same actions until the last websocket frame the page received for
  them (the app draws its passage lists in a second run once the map has reported that it is drawn).
* pan -> rerun done (app only): a drag on the map until the rerun it causes has finished, and the bytes
  the browser received for it (the app reruns once per move to keep the map view in the URL).
Medians of the tries, every try listed. `--app` times another checkout's app.py (e.g. the previous commit).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import COUNT_RUNS  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, VIEWPORT, start_server, stop_server  # noqa: E402

PATHS = ".leaflet-overlay-pane path"
#: A signature of what the map draws: the number of route paths and their stroke opacities.
SIGNATURE = """(sel) => { const f = [...document.querySelectorAll(sel)].pop();
  if (!f || !f.contentDocument) return null;
  const ps = [...f.contentDocument.querySelectorAll('.leaflet-overlay-pane path')];
  return ps.length + ':' + ps.map((p) => p.getAttribute('stroke-opacity')).join(','); }"""


def first_map(browser, script: Path, env: dict[str, str]) -> float:
    """Seconds from `streamlit run` process start to the map's first drawn route path."""
    t0 = time.perf_counter()
    server = start_server(script, env=env, timeout=180)
    try:
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(server.url)
        page.frame_locator(MAP_IFRAME).last.locator(PATHS).first.wait_for(timeout=180_000)
        took = time.perf_counter() - t0
        page.close()
    finally:
        stop_server(server)
    return took


class Page:
    """One open page of a running server, with its map signature and websocket counters."""

    def __init__(self, browser, url: str, toggle: str, search: str) -> None:
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.add_init_script(f"({COUNT_RUNS})()")
        self.received = [0]
        self.last_frame = [0.0]
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        self.page.goto(url)
        self.frame = self.page.frame_locator(MAP_IFRAME).last
        self.frame.locator(PATHS).first.wait_for(timeout=180_000)
        self.page.wait_for_timeout(2000)
        sb = self.page.locator('[data-testid="stSidebar"]')
        self.toggle = sb.get_by_role("checkbox", name=toggle, exact=False).first
        self.search = sb.get_by_label(search)

    def _frame(self, payload) -> None:
        self.received[0] += len(payload)
        self.last_frame[0] = time.perf_counter()

    def signature(self) -> str | None:
        return self.page.evaluate(SIGNATURE, MAP_IFRAME)

    def timed(self, action: Callable[[], None]) -> tuple[float, float]:
        """Seconds from `action` until the map draws something else, and until the last frame the page got."""
        self.settle()
        before = self.signature()
        t0 = time.perf_counter()
        action()
        self.page.wait_for_function(f"(b) => ({SIGNATURE})({MAP_IFRAME!r}) !== b", arg=before, timeout=60_000)
        took = time.perf_counter() - t0
        self.settle()
        return took, max(took, self.last_frame[0] - t0)

    def settle(self) -> None:
        """Wait until the page is quiet: no script running and no websocket frame for 600 ms.

        A page may follow one run with another (the app draws its lists once the map reports it has drawn);
        the next action starts only when all of that is over, on both pages alike.
        """
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.page.wait_for_function(
                "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
                " === 'notRunning'", timeout=60_000)
            got = self.received[0]
            self.page.wait_for_timeout(600)
            if self.received[0] == got:
                return

    def type_search(self, text: str) -> None:
        self.search.fill(text)
        self.search.press("Enter")

    def pan(self) -> tuple[float, int]:
        """Drag the map; seconds until the rerun it causes has finished, and the bytes received meanwhile."""
        self.settle()
        box = self.page.locator(MAP_IFRAME).last.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        runs, got = self.page.evaluate("window.__runs"), self.received[0]
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + 60, y + 30, steps=5)
        self.page.mouse.up()
        t0 = time.perf_counter()
        self.page.wait_for_function(f"() => window.__runs > {runs}", timeout=60_000)
        took = time.perf_counter() - t0
        self.page.wait_for_timeout(400)
        return took, self.received[0] - got


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def row(name: str, app: list[float], bare: list[float] | None, unit: str = "s") -> None:
    a = med(app)
    b = med(bare) if bare else float("nan")
    ratio = f"{a / b:7.2f}" if bare else "    n/a"
    runs = "; ".join(f"{label} " + ", ".join(f"{v:.2f}" for v in vals) for label, vals in
                     (("app", app), ("bare", bare or [])) if vals)
    print(f"{name:40} {a:9.3f} {b:9.3f} {ratio}  n={len(app)} ({unit}: {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=3, help="tries of the first map (each a fresh server)")
    parser.add_argument("--changes", type=int, default=9, help="tries of each toggle, filter change and pan")
    parser.add_argument("--app", default=str(ROOT / "app.py"), help="the app script to time (default: this one)")
    opts = parser.parse_args()
    from playwright.sync_api import sync_playwright

    env = {"CORRIDORS_DB": str(Path(tempfile.mkdtemp()) / "bench.sqlite")}
    app, bare = Path(opts.app), ROOT / "bench" / "bare_page.py"
    firsts: dict[Path, list[float]] = {app: [], bare: []}
    toggles: dict[str, list[float]] = {"app": [], "bare": []}
    filters: dict[str, list[float]] = {"app": [], "bare": []}
    toggles_done: dict[str, list[float]] = {"app": [], "bare": []}
    filters_done: dict[str, list[float]] = {"app": [], "bare": []}
    pans: list[float] = []
    pan_bytes: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for script in (app, bare):  # warm-up, not counted: builds the index and the on-disk layer cache
            first_map(browser, script, env)
        for _ in range(opts.first):
            for script in (app, bare):
                firsts[script].append(first_map(browser, script, env))
        servers = {"app": start_server(app, env=env, timeout=180), "bare": start_server(bare, env=env)}
        try:
            pages = {"app": Page(browser, servers["app"].url, "Middle Corridor", "Search the passages"),
                     "bare": Page(browser, servers["bare"].url, "middle_corridor", "Search")}
            for i in range(opts.changes):
                for name, pg in pages.items():
                    took, done = pg.timed(lambda pg=pg: pg.toggle.click(force=True))
                    toggles[name].append(took)
                    toggles_done[name].append(done)
                    word = "Meghri" if i % 2 == 0 else ""
                    took, done = pg.timed(lambda pg=pg, word=word: pg.type_search(word))
                    filters[name].append(took)
                    filters_done[name].append(done)
            if pages["app"].toggle.is_checked() is False:
                pages["app"].toggle.click(force=True)
            for _ in range(opts.changes):
                took, got = pages["app"].pan()
                pans.append(took)
                pan_bytes.append(got / 1024)
        finally:
            for server in servers.values():
                stop_server(server)
        browser.close()

    print(f"app: {app}")
    print(f"{'figure (medians)':40} {'app':>9} {'bare':>9} {'ratio':>7}")
    row("server start -> first route drawn", firsts[app], firsts[bare])
    row("layer toggle -> map updated", toggles["app"], toggles["bare"])
    row("filter change -> map updated", filters["app"], filters["bare"])
    row("layer toggle -> last frame (page done)", toggles_done["app"], toggles_done["bare"])
    row("filter change -> last frame (page done)", filters_done["app"], filters_done["bare"])
    row("pan -> its rerun finished (app)", pans, None)
    row("pan -> websocket bytes received (app)", pan_bytes, None, unit="KiB")


if __name__ == "__main__":
    main()
