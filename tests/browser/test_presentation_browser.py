"""Presentation mode on a projector (issue 13): the figure fills the screen's height, nothing on
screen is too small to read from the back of the room, and a clicker's Page Down reads every step
of every shipped lesson to its end before it moves on."""

import re

import pytest
from playwright.sync_api import expect

from conditions import content
from lessons import content as lesson_content
from lessons.models import Lesson
from tests.browser.conftest import axe_violations

# Head to toe of the two figures, as a share of the window's height.
FIGURE_SHARE = """() => {
  const boxes = [...document.querySelectorAll('svg.body-map .silhouette')]
    .map(s => s.getBoundingClientRect());
  const top = Math.min(...boxes.map(b => b.top)), bottom = Math.max(...boxes.map(b => b.bottom));
  return (bottom - top) / innerHeight;
}"""

# Every piece of text a person can see now, with its size on screen (an SVG text's size times
# the drawing's scale): inside the window, not hidden, not scrolled out of its panel.
VISIBLE_TEXT_SIZES = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || element.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (!box.width || !box.height || box.bottom <= 0 || box.top >= innerHeight
        || box.right <= 0 || box.left >= innerWidth) continue;
    let outside = false;
    for (let up = element; up && up !== document.body; up = up.parentElement) {
      if (!/(auto|scroll|hidden)/.test(getComputedStyle(up).overflowY)) continue;
      const frame = up.getBoundingClientRect();
      if (box.bottom <= frame.top || box.top >= frame.bottom) { outside = true; break; }
    }
    if (outside) continue;
    let size = parseFloat(style.fontSize);
    if (element instanceof SVGElement) {
      const m = element.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    seen.push([Math.round(size * 10) / 10, node.textContent.trim().slice(0, 50)]);
  }
  return seen;
}"""

PANEL = """() => {
  const d = document.getElementById('details');
  const cue = d.querySelector('.more-below');
  return {top: d.scrollTop, shown: d.clientHeight, height: d.scrollHeight,
          cue: cue ? cue.offsetHeight : 0, more: d.classList.contains('has-more'),
          pageScroll: window.scrollY};
}"""


@pytest.fixture
def site(live_server, transactional_db):
    content.load()
    lesson_content.load()
    return live_server.url


def small_text(page) -> list:
    return [seen for seen in page.evaluate(VISIBLE_TEXT_SIZES) if seen[0] < 24]


def read_to_the_end(page, check_text: bool) -> tuple[int, list]:
    """Press Page Down until the panel shows its last line; each press moves on by less than a
    panel (a line of the last page stays), and the cue says whether more is below. Returns the
    number of presses and any text too small, seen on any page."""
    presses, too_small = 0, []
    while True:
        if check_text:
            too_small += small_text(page)
        panel = page.evaluate(PANEL)
        assert panel["pageScroll"] == 0  # the answer pages; the page itself never scrolls
        at_end = panel["top"] + panel["shown"] >= panel["height"] - 1
        assert panel["more"] == (not at_end), panel
        if at_end:
            return presses, too_small
        page.keyboard.press("PageDown")
        presses += 1
        moved = page.evaluate(PANEL)["top"] - panel["top"]
        assert 0 < moved < panel["shown"] - panel["cue"], (moved, panel)
        assert presses < 40


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_a_clicker_reads_every_step_of_every_lesson_to_its_end(site, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    lessons = [(lesson.slug, lesson.steps.count()) for lesson in Lesson.objects.published()]
    assert len(lessons) >= 6  # every shipped lesson
    paged_steps, too_small = 0, []
    for slug, total in lessons:
        page.goto(f"{site}/lessons/{slug}/1/?present=1")
        page.wait_for_function("() => window.htmx !== undefined")
        for number in range(1, total + 1):
            expect(page.locator(".step-count")).to_have_text(f"Step {number} of {total}")
            page.wait_for_selector("#details > .more-below", state="attached")  # swap settled
            assert page.evaluate(FIGURE_SHARE) >= 0.85
            presses, small = read_to_the_end(page, check_text=width == 1920)
            paged_steps += presses > 0
            too_small += [(slug, number, *seen) for seen in small]
            if number < total:
                page.keyboard.press("PageDown")  # at the end of a step: the next step
    assert too_small == []
    assert paged_steps >= 5  # long steps are paged, not cut (most shipped steps are long)
    # Back: Page Up pages up through the step (the last step is long), then goes to the one before.
    slug, total = lessons[-1]
    tops = [page.evaluate(PANEL)["top"]]
    while tops[-1] > 0:
        page.keyboard.press("PageUp")
        tops.append(page.evaluate(PANEL)["top"])
        assert tops[-1] < tops[-2]
    assert len(tops) > 1
    page.keyboard.press("PageUp")
    expect(page.locator(".step-count")).to_have_text(f"Step {total - 1} of {total}")
    context.close()


def test_condition_mechanism_symptom_chain_and_search_pages_page_the_same_way(site, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    for path in [
        "/conditions/sciatica/",
        "/mechanisms/nerve-root-compression/",
        "/?symptom=tingling",
        "/chains/?from=back-of-neck&to=lower-back",
        "/search/?q=back+pain",
        "/regions/lower-back/",
    ]:
        page.goto(site + path + ("&" if "?" in path else "?") + "present=1")
        assert page.evaluate(FIGURE_SHARE) >= 0.85, path
        presses, small = read_to_the_end(page, check_text=True)
        assert small == [], (path, small)
        if path.startswith("/conditions/"):
            assert presses > 0  # a long answer, paged
            bottom = page.evaluate(PANEL)["top"]
            page.keyboard.press("PageUp")
            assert 0 <= page.evaluate(PANEL)["top"] < bottom
    context.close()


def test_zooming_the_browser_enlarges_the_figure(site, browser):
    # 200 % zoom, faithfully: half the CSS pixels, each drawn with two device pixels.
    shares = {}
    for zoom in (1, 2):
        context = browser.new_context(
            viewport={"width": 1920 // zoom, "height": 1080 // zoom}, device_scale_factor=zoom
        )
        page = context.new_page()
        page.goto(site + "/lessons/from-the-neck-to-the-lower-back/3/?present=1")
        shares[zoom] = page.evaluate(FIGURE_SHARE)
        context.close()
    assert shares[1] >= 0.85
    assert shares[2] > shares[1] * 1.05


def test_a_step_shows_its_warnings_once_in_one_line(site, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(site + "/lessons/from-the-neck-to-the-lower-back/3/?present=1")
    flags = page.locator("#details .red-flags")
    expect(flags).to_have_count(1)
    summary = flags.locator("summary")
    expect(summary).to_contain_text(re.compile(r"When to seek care: \d+ warning signs"))
    assert summary.bounding_box()["height"] < 4 * 36  # a line or two, not the whole list
    expect(flags.locator("li").first).to_be_hidden()
    summary.click()
    expect(flags.locator("li").first).to_be_visible()  # the rest on demand


# An arrow's colour is its head's (bm-arrow-<colour>); the white halo under it has its own.
ARROW_COLOURS = """arrows => arrows.filter(a => a.getBoundingClientRect().width > 0)
  .map(a => a.querySelector('[marker-end^="url(#bm-arrow-"]:not([marker-end*="halo"])'))
  .map(head => head.getAttribute('marker-end'))"""


def visible_arrow_colours(page) -> set:
    return set(page.locator(".diagram .arrow").evaluate_all(ARROW_COLOURS))


def test_an_educators_controls_each_on_a_key_and_a_button(site, page, console_problems):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(site + "/regions/lower-back/?present=1")
    page.wait_for_function("() => window.htmx !== undefined")
    assert axe_violations(page) == []
    every_colour = visible_arrow_colours(page)
    assert len(every_colour) >= 3

    # M: one mechanism at a time, in the legend's order, then all of them again (the letters
    # are the controls', even with focus on the diagram, where other letters jump to a place).
    page.locator('svg.body-map a.region[data-region="lower-back"]').first.focus()
    seen = []
    for _ in range(len(every_colour)):
        page.keyboard.press("m")
        colours = visible_arrow_colours(page)
        assert len(colours) == 1
        seen += colours
    assert set(seen) == every_colour
    expect(page.locator(".legend-list li.is-dimmed").first).to_be_visible()
    page.keyboard.press("m")
    assert visible_arrow_colours(page) == every_colour

    # A (and its button): the arrows hidden, the lit places kept; again, shown.
    page.keyboard.press("a")
    assert visible_arrow_colours(page) == set()
    assert page.locator(".diagram .mark-connected").first.bounding_box()["width"] > 0
    arrows_button = page.get_by_role("button", name="Hide the arrows")
    expect(arrows_button).to_have_attribute("aria-pressed", "true")
    arrows_button.click()
    assert visible_arrow_colours(page) == every_colour

    # Z zooms to the part chosen (the lower back): it fills the figure's column; Z goes back.
    region = page.locator('svg.body-map a.region[data-region="lower-back"]').first
    before = region.bounding_box()
    page.keyboard.press("z")
    zoomed = region.bounding_box()
    assert zoomed["width"] > 2.5 * before["width"]
    column = page.locator(".diagram").bounding_box()
    centre = zoomed["x"] + zoomed["width"] / 2
    assert abs(centre - (column["x"] + column["width"] / 2)) < 0.1 * column["width"]
    page.keyboard.press("z")
    assert region.bounding_box() == before
    # A double-click zooms to that part (the hand); Esc goes back, still presenting.
    page.locator('svg.body-map a.region[data-region="left-hand"]').first.dblclick()
    expect(page.locator(".diagram")).to_have_class(re.compile(r"\bis-zoomed\b"))
    page.keyboard.press("Escape")
    expect(page.locator(".diagram")).not_to_have_class(re.compile(r"\bis-zoomed\b"))
    expect(page.locator("body")).to_have_class(re.compile(r"\bpresent\b"))

    # P: the part under the pointer, named in large type.
    page.keyboard.press("p")
    page.locator('svg.body-map a.region[data-region="right-knee"]').first.hover()
    tip = page.locator(".region-tip")
    expect(tip).to_contain_text("Knee, right")
    assert float(tip.evaluate("t => parseFloat(getComputedStyle(t).fontSize)")) >= 56

    # ?: every key on a help overlay (a modal dialog); Esc closes it and stays presenting.
    page.keyboard.press("?")
    help_overlay = page.get_by_role("dialog", name="Keys for presenting")
    expect(help_overlay).to_be_visible()
    for key in ["M", "A", "Z", "P", "F", "Esc", "Page Down"]:
        expect(help_overlay.locator("kbd", has_text=key).first).to_be_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(help_overlay).to_be_hidden()
    expect(page.locator("body")).to_have_class(re.compile(r"\bpresent\b"))
    for name in ["One mechanism", "Hide the arrows", "Zoom to a part", "Pointer", "Keys"]:
        expect(page.get_by_role("button", name=re.compile(name))).to_be_visible()
    assert console_problems == []
