"""A condition and its links go to draft, or are published, in one save of the condition."""

import html

from conditions.models import Condition, ReferralLink, Status
from tests.admin_forms import post_admin_form


def change_url(condition: Condition) -> str:
    return f"/admin/conditions/condition/{condition.pk}/change/"


def test_a_condition_and_its_links_go_to_draft_in_one_save(editor_client, make_link):
    link = make_link()
    other = make_link(condition=link.condition)
    response = post_admin_form(
        editor_client,
        change_url(link.condition),
        status="draft",
        **{"links-0-status": "draft", "links-1-status": "draft"},
    )
    assert response.status_code == 302, response.context["errors"]
    link.refresh_from_db()
    other.refresh_from_db()
    assert (link.condition.status, link.status, other.status) == (Status.DRAFT,) * 3
    assert not ReferralLink.objects.published().exists()


def test_a_draft_condition_and_its_draft_links_are_published_in_one_save(
    editor_client, make_link, make_condition
):
    condition = make_condition(status=Status.DRAFT)
    link = make_link(condition=condition, status=Status.DRAFT)
    response = post_admin_form(
        editor_client, change_url(condition), status="published", **{"links-0-status": "published"}
    )
    assert response.status_code == 302, response.context["errors"]
    assert list(ReferralLink.objects.published()) == [link]


def test_a_condition_cannot_go_to_draft_under_a_link_that_stays_published(editor_client, make_link):
    link = make_link()
    response = post_admin_form(editor_client, change_url(link.condition), status="draft")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert (
        f"“{link.condition}” cannot be a draft while the published link(s) “{link}” use it: "
        "set them to draft in the same save"
    ) in page
    # One rule, said once: not a second, contradictory "publish it first".
    assert "Publish it first" not in page
    link.condition.refresh_from_db()
    assert link.condition.status == Status.PUBLISHED


def test_links_naming_it_as_a_look_alike_are_named_too(editor_client, make_link, make_condition):
    look_alike = make_condition(name="Cervical radiculopathy")
    mimic = make_link(kind=ReferralLink.Kind.MIMICS, look_alike=look_alike)
    response = post_admin_form(editor_client, change_url(look_alike), status="draft")
    assert response.status_code == 200
    assert f"“{mimic}”" in html.unescape(response.content.decode())
    look_alike.refresh_from_db()
    assert look_alike.status == Status.PUBLISHED


def test_publishing_a_link_under_a_draft_condition_names_both(
    editor_client, make_link, make_condition
):
    condition = make_condition(name="Unfinished", status=Status.DRAFT)
    link = make_link(condition=condition, status=Status.DRAFT)
    response = post_admin_form(
        editor_client, change_url(condition), **{"links-0-status": "published"}
    )
    assert (
        f"“Unfinished” cannot be a draft while the published link(s) “{link}” use it: set them "
        "to draft in the same save, or publish the condition."
    ) in html.unescape(response.content.decode())
    assert not ReferralLink.objects.filter(status=Status.PUBLISHED).exists()
