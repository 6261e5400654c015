"""The admin works under the site's strict Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from conditions.models import ReferralLink, Region


@pytest.fixture
def signed_in_editor(editor_page, live_server):
    return live_server.url


def test_admin_pages_run_without_csp_violations(signed_in_editor, page, console_problems):
    link = ReferralLink.objects.first()
    region = Region.objects.get(slug="wrist")
    for path in [
        f"/admin/conditions/referrallink/{link.pk}/change/",
        f"/admin/conditions/region/{region.pk}/change/",
        "/admin/conditions/condition/add/",
        f"/admin/conditions/referrallink/{link.pk}/history/",
    ]:
        page.goto(signed_in_editor + path)
        expect(page.locator("#content")).to_be_visible()
    assert console_problems == [], "\n".join(console_problems)


def test_region_autocomplete_works_in_the_link_form(signed_in_editor, page):
    page.goto(signed_in_editor + "/admin/conditions/referrallink/add/")
    page.locator("#id_origin").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("wri")
    expect(page.locator(".select2-results__option", has_text="Wrist")).to_be_visible()
