"""Issue 13, point 3 in Chromium: a download is rendered from the export's inputs as they are when it is clicked.

Each test changes an input and clicks Download while the app is still rerunning (300 ms later), then opens
the downloaded file: it must carry the new title, the new size, and the notes.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import MAP_IFRAME
from tests.browser.test_browser import wait_idle

SHOTS = Path(__file__).resolve().parents[2] / "tests" / "browser" / "screenshots"
PREVIEW = re.compile(r"\d+ route\(s\), \d+ citation\(s\), \d+ note\(s\)")


def open_export(page, base_url: str, fmt_label: str = "SVG (text as text)") -> None:
    page.goto(base_url + "/?route=tripp&view=export")
    page.get_by_text(PREVIEW).wait_for(timeout=90_000)
    wait_idle(page)
    page.get_by_role("combobox", name=re.compile("Download")).click()
    page.get_by_role("option", name=fmt_label).click()
    page.get_by_role("button", name=re.compile(r"^Download SVG")).wait_for(timeout=30_000)
    wait_idle(page)


def download(page, *, after_ms: int = 300) -> str:
    page.wait_for_timeout(after_ms)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile(r"^Download SVG")).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def svg_size(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"', svg)
    assert m, svg[:300]
    return float(m.group(1)), float(m.group(2))


def test_svg_downloaded_300ms_after_a_title_change_has_the_new_title(app_server, watched):
    page = watched.page
    open_export(page, app_server.url)
    title = page.get_by_role("textbox", name="Title", exact=True)
    title.fill("Fresh title 7f3a")
    title.press("Enter")
    svg = download(page, after_ms=300)
    assert "Fresh title 7f3a" in svg
    title.fill("Second title 91c2")
    title.press("Tab")
    svg = download(page, after_ms=300)
    assert "Second title 91c2" in svg and "Fresh title 7f3a" not in svg
    assert watched.console_errors == []


def test_a4_portrait_right_after_switching_and_notes_are_in_the_file(app_server, watched):
    page = watched.page
    open_export(page, app_server.url)
    slide_w, slide_h = svg_size(download(page, after_ms=0))
    assert slide_w > slide_h

    page.get_by_role("combobox", name=re.compile("Size")).click()
    page.get_by_role("option", name="a4-portrait").click()
    w, h = svg_size(download(page, after_ms=300))
    assert abs(w - 8.268 * 72) < 2 and abs(h - 11.693 * 72) < 2, (w, h)

    # a note: click the notes map, give it a text, download at once
    notes_map = page.locator(MAP_IFRAME).last
    page.frame_locator(MAP_IFRAME).last.locator(".leaflet-overlay-pane path").first.wait_for(timeout=30_000)
    box = notes_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.get_by_text(re.compile(r"\d+ route\(s\), \d+ citation\(s\), 1 note\(s\)")).wait_for(timeout=30_000)
    wait_idle(page)
    texts = page.get_by_label("Note texts (one line per note, in order)")
    texts.fill("Note alpha 5d2e")
    texts.press("Tab")
    svg = download(page, after_ms=300)
    assert "Note alpha 5d2e" in svg
    assert svg_size(svg) == (w, h)
    wait_idle(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "export-preview.png"))
    assert watched.console_errors == []
