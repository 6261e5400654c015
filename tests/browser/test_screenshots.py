"""`make screenshots`: the pictures in the README, taken from the running app."""

import io
import re
from pathlib import Path

import pypdfium2
import pytest
from playwright.sync_api import expect

from conditions import content
from lessons import content as lesson_content

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

SHOTS = [
    ("home", "/", {"width": 1440, "height": 1000}, False),
    ("lower-back", "/regions/lower-back/", {"width": 1440, "height": 1000}, False),
    ("side-of-neck", "/regions/left-side-of-neck/", {"width": 1440, "height": 1000}, False),
    ("phone", "/regions/left-wrist/", {"width": 375, "height": 812}, False),
    ("lower-back-1366x768", "/regions/lower-back/", {"width": 1366, "height": 768}, False),
    (
        "present-lower-back-1920x1080",
        "/regions/lower-back/?present=1",
        {"width": 1920, "height": 1080},
        False,
    ),
    ("projector-1920x1080", "/regions/back-of-neck/", {"width": 1920, "height": 1080}, False),
    (
        "chain-neck-to-lower-back",
        "/chains/?from=back-of-neck&to=lower-back",
        {"width": 1440, "height": 1000},
        False,
    ),
    ("condition", "/conditions/carpal-tunnel-syndrome/", {"width": 1440, "height": 1000}, False),
    (
        "pattern-neck-hand-leg",
        "/pattern/?at=back-of-neck&at=left-hand&at=left-calf-and-shin",
        {"width": 1440, "height": 1000},
        False,
    ),
    (
        "lesson-step-1920x1080",
        "/lessons/from-the-neck-to-the-lower-back/3/?present=1",
        {"width": 1920, "height": 1080},
        False,
    ),
    (
        "present-lower-back-1280x720",
        "/regions/lower-back/?present=1",
        {"width": 1280, "height": 720},
        False,
    ),
    (
        "lesson-step-1280x720",
        "/lessons/from-the-neck-to-the-lower-back/3/?present=1",
        {"width": 1280, "height": 720},
        False,
    ),
]


@pytest.fixture
def site(live_server, transactional_db):
    content.load()
    lesson_content.load()
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


def test_presenting_zoomed_to_the_hand_with_the_pointer(site, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, device_scale_factor=1)
    page = context.new_page()
    page.goto(site + "/regions/left-wrist/?present=1")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.body-map a.region[data-region="left-wrist"]').first.dblclick()
    expect(page.locator(".diagram")).to_have_class(re.compile(r"\bis-zoomed\b"))
    page.keyboard.press("p")
    page.locator('svg.body-map a.region[data-region="left-hand"]').first.hover()
    expect(page.locator(".region-tip")).to_be_visible()
    page.screenshot(path=str(OUT / "present-zoom-hand-1920x1080.png"))
    context.close()


def test_printed_handout(site, page):
    """What printing a region page gives: Chromium's PDF, its first page as a PNG."""
    OUT.mkdir(parents=True, exist_ok=True)
    page.goto(site + "/regions/left-wrist/")
    pdf = pypdfium2.PdfDocument(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    pdf[0].render(scale=1.4).to_pil().save(OUT / "printed-handout.png")


def test_phone_after_a_tap(site, browser):
    """On a phone the answer comes below the diagram: tapping a region scrolls to it."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True)
    page = context.new_page()
    page.goto(site + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.body-map a[data-region="left-side-of-neck"]').first.tap()
    expect(page.locator("#details-heading")).to_have_text("Side of the neck, left")
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT / "phone-answer.png"))
    context.close()


def test_phone_back_view(site, browser):
    """The Front/Back switch on a phone: the back view, its sides note whole, the hint gone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site + "/regions/lower-back/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('[data-show-view="back"]').tap()
    expect(page.locator(".swipe-hint")).to_be_hidden()
    page.locator(".view-switch").evaluate("bar => bar.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(OUT / "phone-back-view.png"))
    context.close()


def test_editing_the_content(site, browser):
    """The README's "Editing the content" pictures: the admin as an editor sees it."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group, User

    from conditions.models import Condition, ReferralLink, Status

    migration = importlib.import_module("conditions.migrations.0002_content_editor_group")
    migration.create_group(apps, schema_editor=None)
    user = User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editor"))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    page.screenshot(path=str(OUT / "admin-review-queue.png"))

    condition = Condition.objects.get(slug="carpal-tunnel-syndrome")
    page.goto(site + f"/admin/conditions/condition/{condition.pk}/change/")
    page.locator("#links-group").scroll_into_view_if_needed()
    page.locator("#links-0").screenshot(path=str(OUT / "admin-link-with-citation.png"))

    link = ReferralLink.objects.filter(condition=condition).first()
    url = site + f"/admin/conditions/referrallink/{link.pk}/change/"
    page.goto(url)
    page.locator("#id_summary").fill(link.summary.rstrip(".") + ", usually at night.")
    page.locator("#id_evidence").select_option("indirect")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(site + f"/admin/conditions/referrallink/{link.pk}/history/")
    page.screenshot(path=str(OUT / "admin-changelog.png"))

    ReferralLink.objects.filter(pk=link.pk).update(status=Status.DRAFT)
    Condition.objects.filter(pk=condition.pk).update(status=Status.DRAFT)
    page.goto(site + f"/preview/?next=/conditions/{condition.slug}/")
    expect(page.locator(".preview-banner")).to_be_visible()
    page.screenshot(path=str(OUT / "draft-preview.png"))
    context.close()


def test_phone_390_after_a_tap_on_the_lower_back(site, browser):
    """The busiest place on a 390 px phone: after the tap, its key lines are in view."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.body-map a[data-region="lower-back"]').first.tap()
    expect(page.locator("#details-heading")).to_have_text("Lower back")
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT / "phone-390-lower-back.png"))
    context.close()


def test_pattern_on_a_phone(site, browser):
    """A 390 px phone: the chips and the diagram, then the answer under them."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.goto(site + "/pattern/?at=lower-back&at=left-calf-and-shin&at=left-foot")
    expect(page.locator("[data-several-chips] .chip")).to_have_count(3)
    page.locator(".several").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollTo(0, document.querySelector('.several').offsetTop - 8)")
    page.screenshot(path=str(OUT / "pattern-phone-diagram.png"))
    page.evaluate("() => document.getElementById('details').scrollIntoView()")
    page.screenshot(path=str(OUT / "pattern-phone.png"))


def test_printed_pattern_handout(site, page):
    """Printing a pattern: its first five explanations beside the diagram, on one page."""
    page.goto(
        site + "/pattern/?at=head&at=left-wrist&at=lower-back&at=left-calf-and-shin&at=left-foot"
    )
    pdf = pypdfium2.PdfDocument(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    pdf[0].render(scale=1.4).to_pil().save(OUT / "printed-pattern-handout.png")
