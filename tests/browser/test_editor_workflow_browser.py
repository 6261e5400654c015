"""A new editor's whole job in Chromium: a new condition with a cited link in one form, seen in
the draft preview, published in one save, and then on the public map."""

from playwright.sync_api import expect

from conditions.models import Condition, ReferralLink, Status


def choose(page, select_id: str, typed: str, option: str) -> None:
    """Pick `option` in the admin's autocomplete (select2) widget for `select_id`."""
    page.locator(f"#{select_id}").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_a_new_condition_with_a_cited_link_goes_from_draft_preview_to_the_map(
    editor_page, live_server, browser, console_problems
):
    page = editor_page
    page.goto(live_server.url + "/admin/conditions/condition/add/")
    page.get_by_label("Name:").press_sequentially("Thoracic outlet syndrome")
    expect(page.locator("#id_slug")).to_have_value("thoracic-outlet-syndrome")  # filled in
    page.get_by_label("Summary:").first.fill("Nerves pinched between the collarbone and a rib.")
    page.locator("#links-group .add-row a").click()
    choose(page, "id_links-0-origin", "side of", "Side of the neck")
    choose(page, "id_links-0-felt_in", "hand", "Hand")
    choose(page, "id_links-0-mechanism", "nerve", "Peripheral nerve entrapment")
    page.locator("#id_links-0-kind").select_option("causes")
    page.locator("#id_links-0-evidence").select_option("direct")
    page.locator("#id_links-0-summary").fill("Pinched nerves at the neck can tingle in the hand.")
    page.locator("#id_links-0-citation_source").select_option(index=1)
    page.locator("#id_links-0-citation_passage").fill("Compression there tingles the hand.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    condition = Condition.objects.get(slug="thoracic-outlet-syndrome")
    link = condition.links.get()
    assert (condition.status, link.status) == (Status.DRAFT, Status.DRAFT)
    assert link.slug == "thoracic-outlet-syndrome-side-of-neck-to-hand"
    assert link.citations.count() == 1

    # The draft, seen where it will be published, marked as a preview.
    page.get_by_role("link", name="View on the map").click()
    expect(page.locator(".preview-banner")).to_contain_text("Draft preview")
    expect(page.locator("#details-heading")).to_contain_text("Thoracic outlet syndrome")
    expect(page.locator(".draft-badge")).to_be_visible()
    page.goto(live_server.url + "/regions/left-hand/")
    expect(page.locator("#main")).to_contain_text("Thoracic outlet syndrome")

    # A visitor sees nothing of it.
    visitor = browser.new_page()
    visitor.goto(live_server.url + "/regions/left-hand/")
    expect(visitor.locator("#main")).not_to_contain_text("Thoracic outlet syndrome")

    # Published with its link in one save.
    page.goto(live_server.url + f"/admin/conditions/condition/{condition.pk}/change/")
    page.locator("#id_status").select_option("published")
    page.locator("#id_links-0-status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert list(ReferralLink.objects.published().filter(condition=condition)) == [link]

    visitor.goto(live_server.url + "/regions/left-hand/")
    expect(visitor.locator("#main")).to_contain_text("Thoracic outlet syndrome")
    expect(visitor.locator(".preview-banner")).to_have_count(0)
    assert console_problems == [], "\n".join(console_problems)
