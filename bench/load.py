"""Load: N concurrent browser sessions against one local `streamlit run app.py` for a fixed time.

Run: .venv/bin/python bench/load.py [--sessions 20] [--seconds 60] [--db PATH] [--url URL [--pid PID]]
[--start-timeout S]

``--url`` drives an already running server (e.g. behind a reverse proxy) instead of starting one; its
memory is then reported only with ``--pid`` (the server process to read VmRSS from).

One Chromium, one browser context (= one Streamlit session) per simulated user. Each user loads the app,
waits for the map, then repeatedly changes a filter or selects a route: toggles a layer, types a search,
picks an actor, picks a route in the selection list, clears things again. Interaction latency is the time
from the action to the end of the rerun it caused (the app's ``script_finished`` message on its websocket,
then the page drawn: ``data-test-script-state`` back to ``notRunning``). Errors: timeouts, Streamlit
exception boxes, page errors. Server memory (VmRSS of the `streamlit run` process) before the users
arrive, after they have all loaded the page, and at the end. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, start_server, stop_server  # noqa: E402

VIEWPORT = {"width": 1280, "height": 1000}
# Count finished reruns from the app's own websocket: every ForwardMsg carrying ``script_finished`` (field 6,
# a varint) other than FINISHED_EARLY_FOR_RERUN (2). Counting changes of the page's
# ``data-test-script-state`` attribute missed runs when the browser was starved of CPU: React then renders
# "running" and "notRunning" in one commit, the attribute never changes, and the interaction timed out
# although the app had answered.
COUNT_RUNS = """() => {
  window.__runs = 0;
  const varint = (b, i) => { let v = 0, s = 1, x; do { x = b[i++]; v += (x & 0x7f) * s; s *= 128; } """ \
"""while (x & 0x80); return [v, i]; };
  const finishedRun = (buf) => {
    const b = new Uint8Array(buf);
    let i = 0;
    while (i < b.length) {
      let tag, v, n;
      [tag, i] = varint(b, i);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { [v, i] = varint(b, i); if (field === 6) return v !== 2; }
      else if (wire === 2) { [n, i] = varint(b, i); i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  // The old measure, kept to count what it misses: reruns seen as attribute changes on the app root.
  window.__domRuns = 0;
  const hook = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) { setTimeout(hook, 50); return; }
    let last = app.getAttribute('data-test-script-state');
    new MutationObserver((records) => {
      const seq = records.map((r) => r.oldValue).slice(1).concat([app.getAttribute('data-test-script-state')]);
      for (const now of seq) {
        if (now === 'notRunning' && last !== 'notRunning') window.__domRuns += 1;
        last = now;
      }
    }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  };
  if (window === window.top) hook();
  const Native = window.WebSocket;
  window.__sent = 0;
  window.WebSocket = class extends Native {
    send(data) { window.__sent += 1; return super.send(data); }
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (e.data instanceof ArrayBuffer && finishedRun(e.data)) window.__runs += 1;
      });
    }
  };
}"""
START_TIMEOUT_S = 180.0  # how long a session may take to show its first map (--start-timeout)
#: The text of the option the keyboard is on (the focused combobox's aria-activedescendant), or null.
ACTIVE_OPTION = """() => { const a = document.activeElement;
  const o = a && document.getElementById(a.getAttribute('aria-activedescendant') || '');
  return o ? o.innerText.trim() : null; }"""
SEARCHES = ["railway", "Meghri", "pipeline", "Caspian port", "Kars", "", "Iran", "", "gas", "ferry"]


def rss_mb(pid: int | tuple[int, ...]) -> float:
    """Resident memory of a process (or the sum over several server processes), MB."""
    if isinstance(pid, tuple):
        return sum(rss_mb(p) for p in pid) if pid else float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class User:
    """One simulated analyst: a browser context, its page and its figures."""

    def __init__(self, n: int, browser, url: str) -> None:
        self.n, self.browser, self.url = n, browser, url
        self.rng = random.Random(n)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.actions: dict[str, int] = {}
        self.dom_missed = 0  # interactions whose rerun the attribute observer did not see
        self.lost: dict[str, int] = {}  # inputs the page never sent to the app (sent again once)

    async def start(self) -> None:
        self.context = await self.browser.new_context(viewport=VIEWPORT)
        self.page = await self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        await self.page.add_init_script(f"({COUNT_RUNS})()")
        t0 = time.perf_counter()
        # 20 pages loading at once on 2 cores: not 30 s (--start-timeout, on a machine shared with more work)
        await self.page.goto(self.url, timeout=START_TIMEOUT_S * 1000)
        await self.page.frame_locator(MAP_IFRAME).last.locator(".leaflet-overlay-pane path").first.wait_for(
            timeout=START_TIMEOUT_S * 1000)
        await self.idle()
        self.first_map = time.perf_counter() - t0

    async def idle(self, before: int | None = None, timeout: float = 60_000) -> None:
        if before is None:
            await self.page.wait_for_function(
                "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
                " === 'notRunning'", timeout=timeout)
        else:  # the app finished the rerun, then the page has drawn it
            await self.page.wait_for_function(f"() => window.__runs > {before}", timeout=timeout)
            await self.idle(timeout=timeout)

    async def send(self, kind: str) -> None:
        """Perform one interaction of ``kind`` in the sidebar."""
        page, sb = self.page, self.page.locator('[data-testid="stSidebar"]')
        if kind == "layer":
            boxes = sb.get_by_role("checkbox")
            await boxes.nth(self.rng.randrange(await boxes.count())).click(force=True)
        elif kind == "search":
            box = sb.get_by_label("Search the passages")
            current = await box.input_value()  # the same text again would not rerun the app
            await box.fill(self.rng.choice([w for w in SEARCHES if w != current]))
            await box.press("Enter")
        elif kind == "actor":
            ms = sb.locator('[data-testid="stMultiSelect"]').first
            remove = ms.get_by_role("button", name="Remove", exact=False)
            if self.rng.random() < 0.3 and await remove.count():
                # a chip's own x: a click on the widget's "Clear all" opens the list here and clears nothing
                # (Streamlit 1.67, Chromium), so the driver waited for a rerun that never came
                await remove.first.click()
            else:
                sent = await page.evaluate("window.__sent")
                chosen = [await t.get_attribute("aria-label") or "" for t in await ms.locator("[data-tag]").all()]
                await self.choose(sb.get_by_role("combobox").first, self.rng.randrange(1, 12), chosen)
                # Close the list only once the choice has gone out: an Escape handled first cancels it.
                with contextlib.suppress(Exception):
                    await page.wait_for_function(f"() => window.__sent > {sent}", timeout=5_000)
                await page.keyboard.press("Escape")
        else:  # select a route (the keyboard-friendly twin of a map click)
            await self.choose(sb.get_by_role("combobox").last, self.rng.randrange(1, 10))

    async def reached(self, before: int, sent: int, timeout: float = 15_000) -> bool:
        """Whether the page sent anything to the app (or a rerun finished) after the interaction."""
        try:
            await self.page.wait_for_function(f"() => window.__sent > {sent} || window.__runs > {before}",
                                              timeout=timeout)
            return True
        except Exception:
            return False

    async def act(self) -> None:
        page = self.page
        kind = self.rng.choice(["layer", "search", "actor", "select", "layer", "select"])
        before, dom_before, sent = await page.evaluate("[window.__runs, window.__domRuns, window.__sent]")
        t0 = time.perf_counter()
        try:
            await self.send(kind)
            if not await self.reached(before, sent):  # a key or click lost in the browser: the app never saw it
                self.lost[kind] = self.lost.get(kind, 0) + 1
                await page.keyboard.press("Escape")
                await self.send(kind)
            await self.idle(before)
            self.latencies.append(time.perf_counter() - t0)
            if await page.evaluate("window.__domRuns") == dom_before:
                self.dom_missed += 1
            self.actions[kind] = self.actions.get(kind, 0) + 1
            if await page.locator('[data-testid="stException"]').count():
                self.errors.append(f"{kind}: exception shown: "
                                   f"{(await page.locator('[data-testid=stException]').first.inner_text())[:200]}")
        except Exception as exc:  # a timeout or a detached element is an error of this interaction
            runs = await page.evaluate("[window.__runs, window.__domRuns, window.__sent]")
            self.errors.append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]} "
                               f"(runs finished {runs[0] - before}, seen by the attribute {runs[1] - dom_before}, "
                               f"messages sent {runs[2] - sent})")
            await page.keyboard.press("Escape")

    async def choose(self, combobox, steps: int, chosen: Collection[str] = ()) -> None:
        """Open a select/multiselect and choose the option ``steps`` down from where the list opens, by
        keyboard: clicks on options of Streamlit's virtualised list can miss (the list stays open).

        ``chosen``: labels a multiselect holds already. Its list shows them too, and Enter on one changes
        nothing, so no rerun would come and the interaction would time out (the driver's error, not the
        app's): the keyboard moves on past them."""
        await self.open_list(combobox)
        for _ in range(steps):
            await self.page.keyboard.press("ArrowDown")
        for _ in range(len(chosen)):
            if await self.page.evaluate(ACTIVE_OPTION) not in chosen:
                break
            await self.page.keyboard.press("ArrowDown")
        await self.page.keyboard.press("Enter")

    async def open_list(self, combobox):
        """Open a select/multiselect's list (click, then the keyboard if the click did not open it)."""
        options = self.page.get_by_role("option")
        await combobox.click(force=True, timeout=10_000)
        try:
            await options.first.wait_for(timeout=2_000)
        except Exception:
            await combobox.focus()
            await self.page.keyboard.press("ArrowDown")
            await options.first.wait_for(timeout=10_000)
        return options

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            await self.act()
            await asyncio.sleep(self.rng.uniform(0.2, 1.0))  # think time


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))] if s else float("nan")


async def drive(url: str, pid: int | None, sessions: int, seconds: float) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = User(-1, browser, url)  # one session first: builds caches, so "before" is the idle app
        await warm.start()
        await warm.context.close()
        rss_before = rss_mb(pid)
        users = [User(i, browser, url) for i in range(sessions)]
        t0 = time.perf_counter()
        starts = await asyncio.gather(*(u.start() for u in users), return_exceptions=True)
        start_errors = [f"start: {s}" for s in starts if isinstance(s, Exception)]
        loaded = time.perf_counter() - t0
        rss_loaded = rss_mb(pid)
        live = [u for u, s in zip(users, starts) if not isinstance(s, Exception)]
        until = time.monotonic() + seconds
        await asyncio.gather(*(u.run(until) for u in live))
        rss_after = rss_mb(pid)
        await browser.close()

    lat = [x for u in live for x in u.latencies]
    errors = start_errors + [e for u in users for e in u.errors]
    actions: dict[str, int] = {}
    for u in live:
        for k, v in u.actions.items():
            actions[k] = actions.get(k, 0) + v
    firsts = [u.first_map for u in live]
    print(f"machine: {os.cpu_count()} cores; {sessions} sessions for {seconds:.0f} s against {url}")
    print(f"all {len(live)}/{sessions} sessions showed the map in {loaded:.1f} s "
          f"(first map per session p50 {statistics.median(firsts):.1f} s, max {max(firsts):.1f} s)" if firsts else
          "no session loaded")
    print(f"interactions: {len(lat)} ({', '.join(f'{k} {v}' for k, v in sorted(actions.items()))}); "
          f"{len(lat) / seconds:.1f}/s")
    print(f"latency: p50 {statistics.median(lat) * 1000:.0f} ms, p95 {pct(lat, 95) * 1000:.0f} ms, "
          f"max {max(lat) * 1000:.0f} ms" if lat else "latency: no interaction completed")
    lost: dict[str, int] = {}
    for u in live:
        for k, v in u.lost.items():
            lost[k] = lost.get(k, 0) + v
    print(f"errors: {len(errors)}; reruns the old attribute observer missed: "
          f"{sum(u.dom_missed for u in live)} of {len(lat)}; inputs lost in the browser and sent again: "
          f"{sum(lost.values())} ({', '.join(f'{k} {v}' for k, v in sorted(lost.items())) or 'none'})")
    for e in errors[:15]:
        print(f"  {e}")
    print(f"server RSS: {rss_before:.0f} MB idle after one session, {rss_loaded:.0f} MB with {len(live)} sessions "
          f"loaded, {rss_after:.0f} MB after {seconds:.0f} s of load "
          f"(+{(rss_after - rss_before) / max(1, len(live)):.1f} MB per session)")


def main() -> None:
    global START_TIMEOUT_S
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", help="index file (default: a fresh one built from the bundled corpus)")
    parser.add_argument("--url", help="drive an app already running there (e.g. a proxy in front of several "
                                      "servers) instead of starting one; --pid names its servers for memory")
    parser.add_argument("--pid", type=int, action="append", default=[],
                        help="with --url: a server process whose memory to report (repeatable; summed)")
    parser.add_argument("--start-timeout", type=float, default=START_TIMEOUT_S,
                        help="seconds a session may take to show the map before it counts as an error")
    opts = parser.parse_args()
    START_TIMEOUT_S = opts.start_timeout
    if opts.url:
        asyncio.run(drive(opts.url, tuple(opts.pid), opts.sessions, opts.seconds))
        return
    db = opts.db or str(Path(tempfile.mkdtemp()) / "load.sqlite")
    server = start_server(ROOT / "app.py", env={"CORRIDORS_DB": db}, timeout=120)
    try:
        asyncio.run(drive(server.url, server.process.pid, opts.sessions, opts.seconds))
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
