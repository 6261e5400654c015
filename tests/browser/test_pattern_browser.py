"""Choosing several places on the map with the mouse, and seeing what connects them."""

import io
import re

import pypdfium2
from playwright.sync_api import expect

from conditions import content
from tests.browser.conftest import axe_violations


def test_a_place_added_while_the_last_answer_is_on_its_way_is_kept(
    live_server, transactional_db, page, console_problems
):
    content.load()
    page.goto(live_server.url + "/regions/lower-back/")
    page.wait_for_function("() => window.htmx !== undefined")
    held = []  # the answer for the lower back and the calf, held back until the foot is added
    page.route(
        re.compile(r".*/pattern/\?at=lower-back&at=left-calf-and-shin$"),
        lambda route: held.append(route),
    )
    page.get_by_role("button", name="Several places").click()
    page.locator('svg.body-map a[data-region="left-calf-and-shin"]').first.click()
    page.wait_for_function("() => document.querySelectorAll('[data-several-chips] li').length == 2")
    while not held:
        page.wait_for_timeout(20)
    page.locator('svg.body-map a[data-region="left-foot"]').first.click(modifiers=["Shift"])
    held[0].continue_()
    first = page.locator("ol.explanations > li").first
    expect(first).to_have_attribute("data-explains", "lower-back left-calf-and-shin left-foot")
    expect(page).to_have_url(
        re.compile(r"/pattern/\?at=lower-back&at=left-calf-and-shin&at=left-foot$")
    )
    expect(page.locator("[data-several-chips] .chip")).to_have_count(3)
    assert console_problems == []


def test_choosing_several_places_by_mouse_shows_what_connects_them(
    live_server, transactional_db, page, console_problems
):
    content.load()
    page.goto(live_server.url + "/regions/lower-back/")
    page.wait_for_function("() => window.htmx !== undefined")
    toggle = page.get_by_role("button", name="Several places")
    toggle.click()  # starts from the place shown
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.locator('svg.body-map a[data-region="left-calf-and-shin"]').first.click()
    page.locator('svg.body-map a[data-region="left-foot"]').first.click(modifiers=["Shift"])
    first = page.locator("ol.explanations > li").first
    expect(first).to_have_attribute("data-condition", "sciatica")
    expect(first).to_have_attribute("data-explains", "lower-back left-calf-and-shin left-foot")
    expect(page).to_have_url(
        re.compile(r"/pattern/\?at=lower-back&at=left-calf-and-shin&at=left-foot$")
    )
    chips = page.locator("[data-several-chips] .chip")
    expect(chips).to_have_count(3)
    chosen = page.locator("svg.body-map a.region.is-selected")
    assert set(chosen.evaluate_all("els => els.map(e => e.dataset.region)")) == {
        "lower-back",
        "left-calf-and-shin",
        "left-foot",
    }
    assert page.locator("#overlay svg path[marker-end]").count() > 0
    assert axe_violations(page) == []
    # Printed, it is a one-page handout (A4 landscape, as a place's).
    assert len(pypdfium2.PdfDocument(io.BytesIO(page.pdf(prefer_css_page_size=True)))) == 1

    # A chip takes its place out, by keyboard too; one place left is that place's answer.
    page.get_by_role("button", name="Take out Foot, left").press("Enter")
    expect(page).to_have_url(re.compile(r"/pattern/\?at=lower-back&at=left-calf-and-shin$"))
    page.get_by_role("button", name="Take out Calf and shin, left").click()
    expect(page.locator("#details-heading")).to_have_text("Lower back")
    # Still choosing several: Enter on a place adds it, as a click does.
    page.locator('svg.body-map a[data-region="left-foot"]').first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/pattern/\?at=lower-back&at=left-foot$"))
    assert console_problems == []
