"""The diagram with a keyboard and a screen reader: one tab stop, arrow keys head to toe, each
place named once with its side and connections, Enter brings the answer into view."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

MOST_PRESSES = 12


def _ready(page):
    page.wait_for_function("() => window.htmx !== undefined")


def test_the_diagram_is_one_tab_stop_and_names_each_place_once(site, page):
    page.goto(site + "/")
    _ready(page)
    stops = page.evaluate(
        "() => [...document.querySelectorAll('svg.body-map a.region')]"
        ".filter((a) => a.tabIndex >= 0).map((a) => a.dataset.region)"
    )
    assert stops == ["head"]
    named = page.evaluate(
        "() => [...document.querySelectorAll('svg.body-map a.region:not([aria-hidden])')]"
        ".map((a) => [a.dataset.region, a.getAttribute('aria-label')])"
    )
    places = [place for place, _ in named]
    assert len(places) == len(set(places)) > 30  # each place once
    for place, label in named:
        assert label.split(":")[1].strip().split()[1].startswith("connection"), label
        if place.startswith(("left-", "right-")):
            assert label.split(":")[0].endswith(", " + place.split("-")[0]), label
    # Tab leaves the diagram at once.
    page.locator('svg.body-map a[data-region="head"]:not([aria-hidden])').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('a.region')") is None


# Breadth first over the keys from the diagram's tab stop, pressing them in the page: how many
# presses each place takes at least.
PRESSES_TO_EACH_PLACE = """(keys) => {
  const links = [...document.querySelectorAll('svg.body-map a.region:not([aria-hidden])')];
  const start = links.find((a) => a.tabIndex === 0);
  const presses = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const link = queue.shift();
    for (const key of keys) {
      link.focus();
      link.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
      const next = document.activeElement;
      if (next && links.includes(next) && !presses.has(next)) {
        presses.set(next, presses.get(link) + 1);
        queue.push(next);
      }
    }
  }
  return Object.fromEntries(links.map((a) => [a.dataset.region, presses.get(a) ?? null]));
}"""


def test_any_place_is_at_most_twelve_key_presses_from_the_tab_stop(site, page):
    page.goto(site + "/")
    _ready(page)
    keys = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"]
    keys += list("abcdefghijklmnopqrstuvwxyz")
    presses = page.evaluate(PRESSES_TO_EACH_PLACE, keys)
    assert None not in presses.values(), [p for p, n in presses.items() if n is None]
    assert max(presses.values()) <= MOST_PRESSES, presses
    # The arrows alone walk head to toe, keeping to a side.
    page.reload()
    _ready(page)
    page.locator('svg.body-map a[data-region="head"]:not([aria-hidden])').focus()
    walk = []
    for key in ["ArrowDown"] * 4 + ["ArrowLeft", "ArrowDown"]:
        page.keyboard.press(key)
        walk.append(page.evaluate("() => document.activeElement.dataset.region"))
    assert walk == [
        "right-side-of-neck",
        "back-of-neck",
        "right-shoulder",
        "right-upper-arm",
        "left-upper-arm",
        "left-elbow",
    ]


def test_enter_opens_the_answer_with_focus_on_it_in_view_at_1366_by_768(site, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site + "/")
    _ready(page)
    page.locator('svg.body-map a[data-region="head"]:not([aria-hidden])').focus()
    page.keyboard.press("End")  # the foot: the page scrolls down to it
    foot = page.evaluate("() => document.activeElement.dataset.region")
    page.evaluate("() => document.activeElement.scrollIntoView({block: 'end'})")
    page.keyboard.press("Enter")
    heading = page.locator("#details-heading")
    expect(heading).to_have_text("Foot, right" if foot == "right-foot" else "Foot")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()


def test_the_skip_link_goes_to_the_answer(site, page):
    page.goto(site + "/regions/lower-back/")
    _ready(page)
    skip = page.locator(".skip-to-answer")
    skip.focus()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#details-heading")).to_be_focused()


SIZES = [(320, 640), (390, 844), (768, 1024), (1366, 768), (1920, 1080)]


def test_axe_finds_nothing_at_every_size_normal_and_presenting(site, page):
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for query in ("", "?present=1"):
            page.goto(site + "/regions/lower-back/" + query)
            problems = [(v["id"], v["targets"]) for v in axe_violations(page)]
            assert problems == [], f"{width}x{height}{query}: {problems}"
