"""What a reader sees of issue 12's safety fixes: warnings in urgency order where the signs are
felt, the guideline a warning quotes, and labels on claims that are not an article's point."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def test_the_wrist_warns_of_clumsy_hands_from_the_neck_and_emergencies_come_first(site, page):
    page.goto(site + "/regions/left-wrist/")
    warnings = page.locator(".red-flags li")
    expect(warnings.filter(has_text="Clumsy hands")).to_be_visible()
    urgencies = warnings.evaluate_all("items => items.map(li => li.className)")
    order = ["urgency-emergency", "urgency-urgent", "urgency-soon"]
    assert [order.index(u) for u in urgencies] == sorted(order.index(u) for u in urgencies)


def test_a_guideline_warning_shows_its_guideline_and_passes_axe(site, page):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(site + "/regions/lower-back/")
    saddle = page.locator(".red-flags li", has_text="Numbness around the genitals")
    expect(saddle.locator(".flag-guidance")).to_contain_text("Northern Health and Social Care")
    expect(page.locator(".red-flags li").first).to_have_class("urgency-emergency")
    assert axe_violations(page) == []


def test_comment_and_debated_labels_are_visible_and_pass_axe(site, page):
    page.goto(site + "/regions/left-side-of-neck/?show=all")
    expect(page.locator(".link-line .evidence-tag", has_text="Debated claim").first).to_be_visible()
    expect(
        page.locator(".link-line .evidence-tag", has_text="Reader's comment, not the article").first
    ).to_be_visible()
    assert axe_violations(page) == []
