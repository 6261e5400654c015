"""What only a browser shows: clicks, keyboard, history, highlights, accessibility."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def panel_heading(page):
    return page.locator("#details-heading")


def test_clicking_a_region_swaps_the_panel_pushes_the_url_and_highlights(
    site, page, console_problems
):
    page.goto(site + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.body-map a[data-region="left-wrist"]').first.click()
    expect(panel_heading(page)).to_have_text("Wrist, left")
    expect(page).to_have_url(re.compile(r"/regions/left-wrist/$"))
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    selected = page.locator("svg.body-map a.region.is-selected")
    assert set(selected.evaluate_all("els => els.map(e => e.dataset.region)")) == {"left-wrist"}
    connected = page.locator("svg.body-map a.region.is-connected")
    assert connected.count() > 0
    assert page.locator("#overlay svg path[marker-end]").count() > 0
    assert console_problems == []


def test_tab_to_the_diagram_and_enter_selects_a_place(site, page):
    page.goto(site + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    for _ in range(15):  # the header, the search, the skip link: the diagram is one stop
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.getAttribute('data-region')")
        if focused:
            break
    assert focused, "the diagram was not reachable with Tab"
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('data-region')")
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    name = label.split(":")[0]  # "Side of neck, right", then how many connections it has
    expect(page.locator(".region-tip")).to_have_text(name)
    page.keyboard.press("Enter")
    expect(panel_heading(page)).to_have_text(name)
    expect(page).to_have_url(re.compile(f"/regions/{focused}/$"))
    # The heading and the diagram's selection arrive in separate swaps: wait for both.
    expect(
        page.locator(f'svg.body-map a.is-selected[data-region="{focused}"]').first
    ).to_be_attached()


def test_back_restores_the_previous_selection(site, page):
    page.goto(site + "/regions/lower-back/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.body-map a[data-region="right-hip"]').first.click()
    expect(panel_heading(page)).to_have_text("Hip, right")
    page.go_back()
    expect(panel_heading(page)).to_have_text("Lower back")
    expect(page).to_have_url(re.compile(r"/regions/lower-back/$"))
    lower_back = page.locator('svg.body-map a[data-region="lower-back"]').first
    expect(lower_back).to_have_class(re.compile(r"\bis-selected\b"))
    page.go_forward()
    expect(panel_heading(page)).to_have_text("Hip, right")


def test_the_filters_work_through_htmx(site, page):
    page.goto(site + "/regions/lower-back/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_label("Where it may come from").check()
    expect(page).to_have_url(re.compile(r"direction=incoming"))
    expect(page.locator("#outgoing-heading")).to_have_count(0)


def test_the_page_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.locator('svg.body-map a[data-region="left-wrist"]').first.click()
    expect(page.locator("#details-heading")).to_have_text("Wrist, left")
    context.close()


@pytest.mark.parametrize("path", ["/", "/regions/lower-back/", "/regions/left-side-of-neck/"])
def test_no_accessibility_violations(site, page, path):
    page.goto(site + path)
    assert axe_violations(page) == []


def test_no_accessibility_violations_after_an_htmx_swap(site, page):
    page.goto(site + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.body-map a[data-region="left-wrist"]').first.click()
    expect(panel_heading(page)).to_have_text("Wrist, left")
    page.locator("details.link-more").first.evaluate("d => d.open = true")
    assert axe_violations(page) == []


def test_a_phone_shows_the_diagram_then_the_panel(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site + "/regions/left-wrist/")
    diagram = page.locator(".diagram").bounding_box()
    details = page.locator("#details").bounding_box()
    assert details["y"] > diagram["y"] + diagram["height"] - 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    # The named list is the tap-friendly alternative: every link at least 24 by 24 CSS px.
    sizes = page.locator(".region-index a").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes)
    context.close()
