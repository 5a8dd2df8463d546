"""Hostile input in a real browser: nothing a corpus or a route name carries runs, shows as markup or links out.

The app runs on tests/data/hostile/corpus (CORRIDORS_CORPUS) from a temporary copy of the project whose route
catalog carries the hostile names of tests/data/hostile/route_names.toml. Every payload sets
``window.__pwned``; after loading, hovering and opening every view it must still be unset in every frame.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, map_frame, start_server, stop_server

HOSTILE = ROOT / "tests" / "data" / "hostile"
SAFE_SCHEMES = ("http://", "https://", "#", "/", "blob:", "about:blank", "mailto:")
HANDLERS = "[onerror],[onload],[onmouseover],[onclick],[onfocus]"


def hostile_project(dest: Path) -> Path:
    """Copy what the app needs, with hostile display names in the route catalog; return the copy's app.py."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "corpus")
    for name in ("corridors", "sources", "routes", "geo", "static"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy(ROOT / "app.py", dest / "app.py")
    names = tomllib.loads((HOSTILE / "route_names.toml").read_text(encoding="utf-8"))
    catalog = dest / "routes" / "catalog.toml"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    current = None
    for i, line in enumerate(lines):
        if line.startswith("[") and line.rstrip().endswith("]"):
            current = line.strip()[1:-1]
        elif current in names and line.startswith("name = "):
            lines[i] = "name = " + repr(names[current]).replace("\\\\", "\\")
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest / "app.py"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-app")
    app = hostile_project(base / "project")
    env = {"CORRIDORS_CORPUS": str(HOSTILE / "corpus"), "CORRIDORS_DB": str(base / "index.sqlite"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    server = start_server(app, env=env, timeout=90)
    yield server
    stop_server(server)


def all_frames_state(page) -> list[dict]:
    """For every frame: whether a payload ran, elements with event handlers, and every link's href."""
    out = []
    for frame in page.frames:
        try:
            out.append(frame.evaluate(
                """(handlers) => ({url: location.href, pwned: window.__pwned,
                    handlers: [...document.querySelectorAll(handlers)].map(e => e.outerHTML.slice(0, 120)),
                    scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned'))
                                .length,
                    hrefs: [...document.querySelectorAll('a[href], area[href]')].map(a => a.getAttribute('href'))})""",
                HANDLERS,
            ))
        except Exception as exc:  # a frame detached while re-mounting
            out.append({"url": frame.url, "error": str(exc), "pwned": None, "handlers": [], "scripts": 0,
                        "hrefs": []})
    return out


def assert_inert(page) -> None:
    for state in all_frames_state(page):
        assert state["pwned"] is None, f"payload ran in {state['url']}"
        assert not state["handlers"], (state["url"], state["handlers"])
        assert not state["scripts"], state["url"]
        for href in state["hrefs"]:
            assert href.lower().startswith(SAFE_SCHEMES) or "://" not in href and ":" not in href.split("/")[0], \
                (state["url"], href)
            assert "__pwned" not in href, href


def test_hostile_corpus_and_route_names_stay_inert(hostile_server, watched):
    page = watched.page
    page.goto(hostile_server.url)
    frame = map_frame(page, timeout=120_000)
    page.locator(".ca-quote").first.wait_for(timeout=60_000)

    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "<script>window.__pwned=1</script>" in text  # shown as text, escaped
    assert '<img src=x onerror="window.__pwned=1">' in text
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert 'TRIPP <img src=x onerror="window.__pwned=1">' in sidebar
    assert "[click here](javascript:window.__pwned=1)" in text or "click here" in text

    # the 6,000-letter word wraps inside its quote instead of widening the page
    widths = page.evaluate("""() => [...document.querySelectorAll('.ca-quote')]"""
                           """.map(q => [q.scrollWidth, q.clientWidth])""")
    assert all(sw <= cw + 2 for sw, cw in widths), widths

    # hover everything that could carry an event handler: quotes, map lines and nodes (tooltips)
    for quote in page.locator(".ca-quote").all()[:12]:
        quote.hover()
    frame.locator(".leaflet-interactive").first.wait_for()
    page.frames[-1]  # noqa: B018
    for f in page.frames:
        if f.url and "streamlit_folium" in (f.name or "") + f.url or f.locator(".leaflet-container").count():
            f.evaluate("""() => document.querySelectorAll('.leaflet-interactive').forEach(p => {
                for (const t of ['mouseover', 'mousemove', 'click'])
                    p.dispatchEvent(new MouseEvent(t, {bubbles: true, clientX: 10, clientY: 10}));
            })""")
    page.wait_for_timeout(1500)
    assert_inert(page)

    # read in context (the whole article, all paragraphs), then the other views
    page.get_by_role("button", name="Read in context").first.click()
    page.locator(".ca-context").first.wait_for(timeout=30_000)
    assert_inert(page)
    for view in ("Sources", "Timeline"):
        page.get_by_text(view, exact=True).first.click()
        page.wait_for_timeout(2500)
        assert_inert(page)
    assert not [e for e in watched.console_errors if "pageerror" in e], watched.console_errors
