"""Issue 13 points 1 and 4 in Chromium: the actor picker picks one actor on Enter; relevance first."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import map_frame
from tests.browser.test_browser import wait_idle


def actors_in_url(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("actor", [])


@pytest.mark.parametrize("typed, actor", [("Tehran", "Iran"), ("Iran", "Iran")])
def test_typing_a_word_and_enter_picks_exactly_one_actor(app_server, watched, typed, actor):
    page = watched.page
    page.goto(app_server.url)
    map_frame(page)
    box = page.get_by_role("combobox").first
    box.click()
    page.keyboard.type(typed, delay=40)
    page.wait_for_timeout(400)
    page.get_by_role("option").first.wait_for(timeout=10_000)
    assert typed.casefold() in page.get_by_role("option").first.inner_text().casefold()  # the word stays visible
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(rf"actor={actor}"), timeout=20_000)
    wait_idle(page)
    assert actors_in_url(page) == [actor]
    chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] [data-tag]')
    assert chips.count() == 1 and chips.first.inner_text().startswith(actor)
    assert watched.console_errors == []


BADGE = '.ca-card .ca-badge'


@pytest.mark.parametrize("route", ["tripp", "middle_corridor"])
def test_the_first_three_passages_of_a_selected_route_are_primary(app_server, watched, route):
    page = watched.page
    page.goto(f"{app_server.url}/?select={route}")
    map_frame(page)
    page.locator(BADGE).nth(2).wait_for(timeout=30_000)
    wait_idle(page)
    first = [page.locator(BADGE).nth(i).inner_text() for i in range(3)]
    assert all(b.startswith("primary") for b in first), first
