"""Browser ring: a real `streamlit run` server on a free port and Debian's Chromium driven by Playwright.

Every test in this folder gets the `browser` marker. The tests run whenever /usr/bin/chromium exists (or
CORRIDORS_CHROMIUM points at a binary); they skip only when no Chromium is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from corridors.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CORRIDORS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1800}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@dataclass
class Server:
    """A running `streamlit run` process."""

    url: str
    process: subprocess.Popen
    log: Path
    started_in: float = 0.0

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]


def start_server(script: str | Path, *, env: dict[str, str] | None = None, timeout: float = 60) -> Server:
    """Start `streamlit run script` on a free port and wait until /_stcore/health answers."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    t0 = time.perf_counter()
    fh = log.open("wb")
    process = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    server = Server(url, process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.output()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    server.started_in = time.perf_counter() - t0
                    return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout}s:\n{server.output()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict[str, str]:
    """Environment for the app server: a temporary index (CORRIDORS_DB) built from the bundled corpus."""
    db = tmp_path_factory.mktemp("index") / "corridors.sqlite"
    return {"CORRIDORS_DB": str(db), "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="session")
def app_server(app_env, request) -> Iterator[Server]:
    """`streamlit run app.py`; prints the server log if a test using it fails."""
    server = start_server(ROOT / "app.py", env=app_env)
    yield server
    stop_server(server)
    if request.session.testsfailed:
        sys.stderr.write(f"\n--- streamlit server log ({server.log}) ---\n{server.output()}\n")


@pytest.fixture(scope="session")
def bare_server() -> Iterator[Server]:
    """The bare reference page (bench/bare_page.py): same layers, no app logic."""
    server = start_server(ROOT / "bench" / "bare_page.py")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Watched:
    """A page plus what it did: console errors and every request URL."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def external_requests(self, base_url: str) -> list[str]:
        return [u for u in self.requests
                if not u.startswith(base_url) and not u.startswith(("data:", "blob:", "about:"))]


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    """A fresh tall page that records console errors and requests."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    w = Watched(page)
    page.on("console", lambda msg: msg.type == "error" and w.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: w.console_errors.append(f"pageerror: {exc}"))
    context.on("request", lambda req: w.requests.append(req.url))
    yield w
    context.close()


def map_frame(page, *, timeout: float = 90_000):
    """Wait until the st_folium iframe has drawn Leaflet paths; return its Frame.

    The first page load of a session builds the index, hence the generous timeout.
    """
    page.wait_for_selector(MAP_IFRAME, timeout=timeout)
    frame = page.frame_locator(MAP_IFRAME).last
    # a visible one: a map fitted to a selection draws the lines outside its view as empty paths
    frame.locator(".leaflet-overlay-pane path").filter(visible=True).first.wait_for(timeout=timeout)
    return frame
