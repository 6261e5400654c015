"""On a phone: every place can be tapped, small ones just beside them too; the Front/Back
switch and the swipe hint are in view; the sides note is never cut; the answer comes into view
with focus on it."""

import pytest
from playwright.sync_api import expect

from conditions import content

OUTSIDE = 4  # CSS px beyond the edge of a place narrower than 44 px, where a fingertip lands


@pytest.fixture
def phone(live_server, transactional_db, browser):
    content.load()
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True)
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    yield page
    page.close()


# Taps choose without fetching: the place a tap resolves to is recorded and the request dropped,
# so the page stays where it is between taps.
RECORD_CHOICES = """() => {
  window.chosen = [];
  document.addEventListener('htmx:beforeRequest', (event) => {
    const region = event.detail.elt.closest && event.detail.elt.closest('a.region');
    if (region) { window.chosen.push(region.dataset.region); event.preventDefault(); }
  });
}"""

# Brings place `i` into view (its view of the body, then the page scrolled to it) and returns
# its box, and for each point just outside its edges the small place whose own shape is there.
SHOW_PLACE = """([i, outside]) => {
  const links = [...document.querySelectorAll('svg.body-map a.region')];
  const link = links[i];
  const diagram = document.querySelector('.diagram');
  diagram.scrollLeft = link.closest('.view-back') ? diagram.scrollWidth : 0;
  const first = link.getBoundingClientRect();
  window.scrollBy(0, first.top + first.height / 2 - window.innerHeight / 2);
  const b = link.getBoundingClientRect();
  const [cx, cy] = link.dataset.centre.split(' ').map(Number);  // where its arrows end
  const svg = link.ownerSVGElement, centre = svg.createSVGPoint();
  centre.x = cx; centre.y = cy;
  const {x, y} = centre.matrixTransform(svg.getScreenCTM());
  // Beside each side across which it is narrower than a fingertip.
  const points = (b.width < 44 ? [[b.left - outside, y], [b.right + outside, y]] : []).concat(
    b.height < 44 ? [[x, b.top - outside], [x, b.bottom + outside]] : []);
  const small = (el) => {
    const r = el.getBoundingClientRect();
    return r.width < 44 || r.height < 44;
  };
  return {
    place: link.dataset.region, x, y, width: b.width, height: b.height,
    edges: points.filter(([px, py]) => px >= 0 && px < window.innerWidth).map(([px, py]) => {
      const under = document.elementFromPoint(px, py);
      const other = under && under.closest('a.region');
      return [px, py, other && other !== link && small(other) ? other.dataset.region : null];
    }),
  };
}"""


def test_every_place_is_chosen_by_a_tap_at_its_centre_and_small_ones_just_outside(phone):
    phone.evaluate(RECORD_CHOICES)
    count = phone.locator("svg.body-map a.region").count()
    assert count > 40
    missed, small = [], 0
    for index in range(count):
        place = phone.evaluate(SHOW_PLACE, [index, OUTSIDE])
        taps = [(place["x"], place["y"], None, "centre")]
        if place["width"] < 44 or place["height"] < 44:
            small += 1
            taps += [(x, y, other, "edge") for x, y, other in place["edges"]]
        for x, y, other, where in taps:
            phone.touchscreen.tap(x, y)
            chosen = phone.evaluate("() => window.chosen.pop()")
            # Just outside a small place may be on another small one: either is a fair answer.
            if chosen not in (place["place"], other):
                missed.append(f"{where} of {place['place']} at ({x:.0f}, {y:.0f}): {chosen}")
    assert small >= 5  # the enlarged targets were tried
    assert missed == [], "\n".join(missed)


def test_the_view_switch_and_hint_are_in_view_and_the_hint_goes_after_a_swipe(phone):
    switch = phone.locator(".view-switch")
    hint = phone.locator(".swipe-hint")
    expect(switch).to_be_in_viewport(ratio=1)
    expect(hint).to_be_in_viewport(ratio=1)
    front, back = (
        phone.locator('[data-show-view="front"]'),
        phone.locator('[data-show-view="back"]'),
    )
    for button in (front, back):
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    expect(front).to_have_attribute("aria-pressed", "true")
    phone.evaluate(
        "() => { const d = document.querySelector('.diagram'); d.scrollLeft = d.scrollWidth; }"
    )
    expect(back).to_have_attribute("aria-pressed", "true")
    expect(hint).to_be_hidden()
    front.tap()
    expect(front).to_have_attribute("aria-pressed", "true")
    assert phone.evaluate("() => document.querySelector('.diagram').scrollLeft") == 0
    expect(hint).to_be_hidden()  # gone for good once the reader has swiped


def test_the_sides_note_is_whole_under_each_view(phone):
    notes = phone.evaluate(
        """() => {
          const diagram = document.querySelector('.diagram').getBoundingClientRect();
          const shown = [...document.querySelectorAll('svg.body-map text.body-map-note')]
            .filter((t) => getComputedStyle(t).display !== 'none');
          return shown.map((t) => {
            const box = t.getBoundingClientRect();
            const view = Math.floor((box.left - diagram.left) / diagram.width);
            return {text: t.textContent, view,
                    whole: Math.floor((box.right - 1 - diagram.left) / diagram.width) === view};
          });
        }"""
    )
    assert [n["view"] for n in notes] == [0, 1]
    assert all(n["whole"] and n["text"] == "Left and right are the patient's." for n in notes)


def test_a_tap_brings_the_answer_into_view_with_focus_on_it(phone):
    phone.locator('svg.body-map a[data-region="lower-back"]').first.tap()
    heading = phone.locator("#details-heading")
    expect(heading).to_have_text("Lower back")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()
