"""`make screenshots`: the pictures in the README, taken from the running app."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conditions import content

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

SHOTS = [
    ("home", "/", {"width": 1440, "height": 1000}, False),
    ("lower-back", "/regions/lower-back/", {"width": 1440, "height": 1000}, False),
    ("side-of-neck", "/regions/left-side-of-neck/", {"width": 1440, "height": 1000}, False),
    ("phone", "/regions/left-wrist/", {"width": 375, "height": 812}, True),
    ("projector-1920x1080", "/regions/back-of-neck/", {"width": 1920, "height": 1080}, False),
]


@pytest.fixture
def site(live_server, transactional_db):
    content.load()
    return live_server.url


@pytest.mark.parametrize(
    ("name", "path", "viewport", "full_page"), SHOTS, ids=[s[0] for s in SHOTS]
)
def test_screenshot(site, browser, name, path, viewport, full_page):
    OUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    page.goto(site + path)
    expect(page.locator("#details-heading")).to_be_visible()
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full_page)
    context.close()
