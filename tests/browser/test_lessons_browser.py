"""Teaching in Chromium: stepping with the keyboard and a clicker, presentation mode, print."""

import io
import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from conditions import content
from lessons import content as lesson_content
from tests.browser.conftest import axe_violations

LESSON = "/lessons/from-the-neck-to-the-lower-back/"


@pytest.fixture
def site(live_server, transactional_db):
    content.load()
    lesson_content.load()
    return live_server.url


def selected(page) -> list[str]:
    return page.locator("svg.body-map a.region.is-selected").evaluate_all(
        "els => [...new Set(els.map(e => e.dataset.region))]"
    )


def test_arrow_keys_and_a_clicker_step_through_a_lesson(site, page, console_problems):
    page.goto(site + LESSON)
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator(".step-count")).to_have_text("Step 1 of 4")
    assert selected(page) == ["back-of-neck"]
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/2/$"))
    expect(page.locator(".step-count")).to_have_text("Step 2 of 4")
    page.keyboard.press("PageDown")  # what a presentation clicker sends
    expect(page).to_have_url(re.compile(r"/3/$"))
    expect(page.locator("#details-heading")).to_have_text("Secondary lower back pain")
    page.wait_for_function(
        "() => document.querySelector('a[data-region=\"lower-back\"].is-selected')"
    )
    assert selected(page) == ["lower-back"]
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/2/$"))
    page.keyboard.press("PageUp")
    expect(page).to_have_url(re.compile(r"/1/$"))
    page.keyboard.press("End")
    expect(page.locator(".step-count")).to_have_text("Step 4 of 4")
    page.keyboard.press("Home")
    expect(page.locator(".step-count")).to_have_text("Step 1 of 4")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert console_problems == []


def test_the_highlights_change_with_each_step(site, page):
    page.goto(site + LESSON + "1/")
    page.wait_for_function("() => window.htmx !== undefined")
    first = page.locator("#overlay").inner_html()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".step-count")).to_have_text("Step 2 of 4")
    assert page.locator("#overlay").inner_html() != first


def test_steps_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + LESSON + "2/")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"/3/$"))
    expect(page.locator(".step-count")).to_have_text("Step 3 of 4")
    context.close()


def test_presentation_mode_is_legible_from_the_back_of_the_room(site, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(site + LESSON + "2/?present=1")
    expect(page.locator(".site-header")).to_be_hidden()
    font_size = "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)"
    body = page.evaluate(font_size, ".caption p")
    heading = page.evaluate(font_size, "#details-heading")
    assert body >= 28
    assert heading > body
    diagram = page.locator(".diagram").bounding_box()
    assert diagram["height"] > 0.6 * 1080  # fits the projector's height, not a thumbnail
    assert page.evaluate("() => document.documentElement.scrollHeight") <= 1080 + 1
    for _ in range(10):  # the arrow pages through a long step first, then moves on
        page.keyboard.press("ArrowRight")
        if "/3/" in page.url:
            break
    expect(page).to_have_url(re.compile(r"/3/\?present=1$"))
    expect(page.locator("body")).to_have_class(re.compile(r"\bpresent\b"))
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement !== null")
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/3/$"))
    expect(page.locator(".site-header")).to_be_visible()
    context.close()


def test_presentation_mode_survives_choosing_a_region(site, page):
    page.goto(site + "/regions/lower-back/?present=1")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.body-map a[data-region="right-hip"]').first.click()
    expect(page.locator("#details-heading")).to_have_text("Hip, right")
    expect(page).to_have_url(re.compile(r"/regions/right-hip/\?present=1$"))


def test_a_lesson_step_has_no_accessibility_violations(site, page):
    page.goto(site + LESSON + "3/")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/regions/left-wrist/", "/regions/lower-back/"])
def test_printing_a_region_gives_a_one_page_handout(site, page, path):
    """The lower back is the busiest region (about forty links): it must fit too."""
    page.goto(site + path)
    page.emulate_media(media="print")
    expect(page.locator(".filters")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".diagram")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(pypdfium2.PdfDocument(io.BytesIO(pdf))) == 1
