"""The answer at a glance in a browser: in view after a tap, picked out both ways, reachable."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def _ready(page):
    page.wait_for_function("() => window.htmx !== undefined")


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].every((el) => {
             const box = el.getBoundingClientRect();
             return box.top >= 0 && box.bottom <= window.innerHeight;
           })""",
        selector,
    )


# The lower back is the busiest place: six warnings above five glance lines.
@pytest.mark.parametrize(
    ("slug", "name"), [("left-wrist", "Wrist, left"), ("lower-back", "Lower back")]
)
def test_on_a_phone_the_glance_lines_are_in_view_after_a_tap(site, browser, slug, name):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True)
    phone.goto(site + "/")
    _ready(phone)
    phone.locator(f'svg.body-map a[data-region="{slug}"]').first.tap()
    expect(phone.locator("#details-heading")).to_have_text(name)
    phone.wait_for_timeout(300)  # the scroll to the answer
    assert phone.locator(".glance-line").count() >= 3
    assert _in_view(phone, ".glance-line")
    phone.close()


def test_at_1440_by_1000_every_regions_glance_lines_are_in_view(site, page):
    page.set_viewport_size({"width": 1440, "height": 1000})
    for slug in ("lower-back", "back-of-neck", "left-wrist", "left-hand", "right-hip"):
        page.goto(f"{site}/regions/{slug}/")
        assert page.locator(".glance-line").count() >= 1, slug
        assert _in_view(page, ".glance-line"), slug


def test_hovering_a_line_picks_out_its_arrows_and_places(site, page):
    page.goto(site + "/regions/lower-back/")
    _ready(page)
    line = page.locator(".glance-line").first
    row = line.get_attribute("data-row")
    line.hover()
    picked = page.locator(".body-overlay a.arrow.is-picked")
    assert picked.count() >= 1
    for rows in picked.evaluate_all("els => els.map(e => e.dataset.rows)"):
        assert row in rows.split()
    assert page.locator("svg.body-map a.region.is-picked").count() >= 2
    assert page.locator(".diagram.is-picking").count() == 1
    page.mouse.move(0, 0)
    expect(page.locator(".body-overlay a.arrow.is-picked")).to_have_count(0)


def test_tapping_a_line_keeps_it_picked_and_stays_in_place(site, page):
    page.goto(site + "/regions/back-of-neck/")
    _ready(page)
    url = page.url
    line = page.locator(".glance-line").first
    line.click()
    page.mouse.move(0, 0)
    expect(line).to_have_class("glance-line is-picked")
    assert page.url == url  # the line picks; it does not jump to the row
    line.click()
    expect(line).to_have_class("glance-line")


def test_an_arrow_is_reachable_by_keyboard_named_and_picks_its_lines(site, page):
    page.goto(site + "/regions/lower-back/")
    _ready(page)
    arrow = page.locator(".body-overlay a.arrow").first
    assert arrow.get_attribute("aria-label")
    arrow.focus()
    rows = arrow.get_attribute("data-rows").split()
    picked = page.locator("#details [data-row].is-picked")
    assert picked.count() >= 1
    assert set(picked.evaluate_all("els => els.map(e => e.dataset.row)")) <= set(rows)


def test_a_rows_explanations_open_on_demand(site, page, console_problems):
    page.goto(site + "/regions/lower-back/")
    _ready(page)
    details = page.locator("#details .link-more").first
    details.locator("summary").click()
    expect(details.locator(".link-explained").first).to_be_visible()
    expect(details.locator("blockquote.citation").first).to_be_visible()
    assert page.url.endswith("/regions/lower-back/")  # opening a row changes no address
    assert console_problems == []


def test_presentation_mode_shows_the_glance_lines_large_and_the_rest_on_demand(site, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(site + "/regions/lower-back/?present=1")
    _ready(page)
    size = page.locator(".glance-line").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 24
    expect(page.locator("#answer-more")).to_be_hidden()
    page.get_by_role("button", name="Show the details").click()
    expect(page.locator("#answer-more")).to_be_visible()


def test_the_answer_at_a_glance_has_no_accessibility_violations(site, page):
    page.goto(site + "/regions/lower-back/")
    _ready(page)
    page.locator(".glance-line").first.hover()
    assert axe_violations(page) == []


# What the pointer finds at a point of the page: the region or arrow link, if any.
LINK_AT = """([x, y]) => {
  const link = document.elementFromPoint(x, y)?.closest('a');
  if (!link) return null;
  return link.dataset.region || (link.classList.contains('arrow') ? 'arrow' : 'other');
}"""


@pytest.mark.parametrize("slug", ["lower-back", "back-of-neck"])
def test_a_click_on_a_connected_place_chooses_it_not_the_arrow_ending_there(site, page, slug):
    page.set_viewport_size({"width": 1440, "height": 1600})  # the whole body in view
    page.goto(f"{site}/regions/{slug}/")
    _ready(page)
    places = page.locator("svg.body-map a.region.is-connected")
    assert places.count() >= 3
    for place in places.all():
        box = place.bounding_box()
        centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
        assert page.evaluate(LINK_AT, centre) == place.get_attribute("data-region")
