"""Search, condition pages and chains in a real browser: keyboard, htmx swaps, accessibility."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def open_map(page, url):
    page.goto(url)
    page.wait_for_function("() => window.htmx !== undefined")


def test_typing_then_arrow_down_and_enter_selects_a_region(site, page, console_problems):
    open_map(page, site + "/")
    box = page.get_by_role("combobox", name="Search conditions, parts of the body and symptoms")
    box.press_sequentially("wrist", delay=30)
    expect(page.locator("#search-listbox [role='option']").first).to_contain_text("Wrist")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "search-option-1")
    expect(page.locator("#search-option-1")).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.locator("#details-heading")).to_have_text("Wrist")
    expect(page).to_have_url(re.compile(r"/regions/wrist/$"))
    selected = page.locator("svg.body-map a.region.is-selected")
    assert set(selected.evaluate_all("els => els.map(e => e.dataset.region)")) == {
        "left-wrist",
        "right-wrist",
    }
    expect(page.locator("#search-listbox")).to_have_count(0)  # the suggestions closed
    expect(box).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert console_problems == []


def test_a_misspelt_condition_is_found_and_opens_its_page(site, page, console_problems):
    open_map(page, site + "/")
    box = page.locator("#search-input")
    box.press_sequentially("carpel tunnel", delay=20)
    expect(page.locator("#search-option-1")).to_contain_text("Carpal tunnel syndrome")
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")  # walking back and forth keeps one active option
    expect(page.locator("[role='option'][aria-selected='true']")).to_have_count(1)
    box.press("Enter")
    expect(page.locator("#details-heading")).to_have_text("Carpal tunnel syndrome")
    expect(page).to_have_url(re.compile(r"/conditions/carpal-tunnel-syndrome/$"))
    assert page.locator("svg.body-map a.region.is-selected").count() >= 2
    assert page.locator("#overlay svg path[marker-end]").count() > 0
    assert console_problems == []


def test_escape_closes_the_suggestions(site, page):
    open_map(page, site + "/")
    box = page.locator("#search-input")
    box.press_sequentially("knots", delay=20)
    expect(page.locator("#search-listbox")).to_be_visible()
    box.press("Escape")
    expect(page.locator("#search-listbox")).to_have_count(0)


def test_search_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.locator("#search-input").fill("sciatic")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#details-heading")).to_have_text("Results for “sciatic”")
    page.get_by_role("link", name="Sciatica", exact=True).click()
    expect(page.locator("#details-heading")).to_have_text("Sciatica")
    context.close()


def test_the_chain_form_works_through_htmx(site, page, console_problems):
    open_map(page, site + "/chains/")
    page.get_by_label("From", exact=True).select_option("back-of-neck")
    page.get_by_label("To", exact=True).select_option("lower-back")
    page.get_by_role("button", name="Show the chains").click()
    expect(page.locator("#details-heading")).to_have_text("From back of the neck to lower back")
    expect(page).to_have_url(re.compile(r"/chains/\?from=back-of-neck&to=lower-back$"))
    assert page.locator("#overlay svg path[marker-end]").count() > 0
    page.get_by_role("link", name="Show only chain 1 on the map").click()
    expect(page.locator(".chain.is-shown")).to_have_count(1)
    assert console_problems == []


def test_no_accessibility_violations_with_the_suggestions_open(site, page):
    open_map(page, site + "/")
    page.locator("#search-input").press_sequentially("tingling", delay=20)
    expect(page.locator("#search-listbox")).to_be_visible()
    page.locator("#search-input").press("ArrowDown")
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=tingling",
        "/conditions/carpal-tunnel-syndrome/",
        "/mechanisms/spinal-cord-compression/",
        "/chains/?from=back-of-neck&to=lower-back",
        "/chains/?from=wrist&to=lower-back&show=1",
        "/chains/",
        "/?symptom=tingling",
    ],
)
def test_no_accessibility_violations(site, page, console_problems, path):
    page.goto(site + path)
    page.locator("details.link-more").evaluate_all("ds => ds.forEach(d => d.open = true)")
    assert axe_violations(page) == []
    assert console_problems == []


@pytest.mark.parametrize("path", ["/chains/?from=back-of-neck&to=lower-back", "/search/?q=knots"])
def test_the_new_pages_fit_a_phone(site, browser, path):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(site + path)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    context.close()


def test_on_a_phone_pressing_search_brings_the_results_into_view(site, browser):
    # Issue 13: the results sit under the diagram, 2,770 px down; the page used to stay at the top.
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    open_map(page, site + "/")
    page.locator("#search-input").fill("wrist pain")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search/\?q=wrist\+pain"))
    heading = page.locator("#details-heading")
    expect(heading).to_be_focused()
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 200
    first = page.locator(".search-result-line a").first
    expect(first).to_have_text("Wrist")
    expect(first).to_be_in_viewport()
    context.close()
