"""An editor's whole job in the admin, as a content editor (not a superuser)."""

import pytest
from django.contrib.auth.models import Group, User

from conditions.models import Mechanism, ReferralLink, Region, Status


def test_the_content_editor_group_exists_with_content_permissions_only(db):
    group = Group.objects.get(name="Content editor")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "add_region",
        "change_referrallink",
        "delete_condition",
        "change_mechanism",
    } <= codenames
    assert not any(name.endswith(("_user", "_group", "_permission")) for name in codenames)


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_an_editor_cannot_touch_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/conditions/region/",
        "/admin/conditions/condition/",
        "/admin/conditions/mechanism/",
        "/admin/conditions/referrallink/",
        "/admin/conditions/source/",
        "/admin/conditions/redflag/",
        "/admin/conditions/symptom/",
        "/admin/conditions/citation/",
    ],
)
def test_every_content_list_opens_for_an_editor_with_search(editor_client, url):
    response = editor_client.get(url + "?q=neck")
    assert response.status_code == 200
    assert b'id="searchbar"' in response.content


def test_an_editor_adds_a_region(editor_client):
    response = editor_client.post(
        "/admin/conditions/region/add/",
        {
            "name": "Wrist",
            "slug": "wrist",
            "status": "published",
            "description": "Where the hand meets the forearm.",
            "group": "upper_limb",
            "order": 10,
            "shape_key": "wrist",
            "views": "both",
            "bilateral": "on",
            "anatomical_notes": "",
            "synonyms": "carpal tunnel area",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Region.objects.get(slug="wrist").synonyms == "carpal tunnel area"


def test_the_region_form_previews_its_shape(editor_client, make_region):
    region = make_region(slug="wrist", shape_key="wrist")
    html = editor_client.get(f"/admin/conditions/region/{region.pk}/change/").content.decode()
    assert 'class="shape-preview"' in html


def link_form(link: ReferralLink, **changes) -> dict:
    """The link's change form as the admin sends it, its citations unchanged."""
    citations = list(link.citations.all())
    data = {
        "edit_version_seen": link.edit_version,  # the version the form was opened at
        "slug": link.slug,
        "status": link.status,
        "origin": link.origin_id,
        "felt_in": link.felt_in_id,
        "condition": link.condition_id,
        "mechanism": link.mechanism_id,
        "kind": link.kind,
        "look_alike": link.look_alike_id or "",
        "side": link.side,
        "summary": link.summary,
        "explanation": link.explanation,
        "evidence": link.evidence,
        "evidence_note": link.evidence_note,
        "prominence": link.prominence,
        "how_to_tell": link.how_to_tell,
        "citations-TOTAL_FORMS": len(citations),
        "citations-INITIAL_FORMS": len(citations),
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
    }
    for number, citation in enumerate(citations):
        data |= {
            f"citations-{number}-id": citation.pk,
            f"citations-{number}-link": link.pk,
            f"citations-{number}-source": citation.source_id,
            f"citations-{number}-passage": citation.passage,
        }
    data.update(changes)
    return data


def test_an_editor_is_told_why_a_self_link_is_refused_and_nothing_is_saved(
    editor_client, make_link
):
    link = make_link()
    response = editor_client.post(
        f"/admin/conditions/referrallink/{link.pk}/change/",
        link_form(link, felt_in=link.origin_id, summary="Changed"),
    )
    assert response.status_code == 200
    assert "must join two different regions" in response.content.decode()
    link.refresh_from_db()
    assert link.summary != "Changed"


def test_an_editor_is_told_why_a_duplicate_link_is_refused(editor_client, make_link):
    first = make_link()
    second = make_link(origin=first.origin, felt_in=first.felt_in, condition=first.condition)
    response = editor_client.post(
        f"/admin/conditions/referrallink/{second.pk}/change/",
        link_form(second, mechanism=first.mechanism_id),
    )
    assert response.status_code == 200
    assert "This link already exists" in response.content.decode()


def test_an_editor_is_told_why_a_published_link_cannot_use_a_draft(
    editor_client, make_link, make_condition
):
    draft = make_condition(name="Unfinished", status=Status.DRAFT)
    link = make_link()
    response = editor_client.post(
        f"/admin/conditions/referrallink/{link.pk}/change/", link_form(link, condition=draft.pk)
    )
    assert "the condition “Unfinished” is still a draft" in response.content.decode()


def test_an_editor_is_told_a_colour_is_bad(editor_client, make_mechanism):
    mechanism = make_mechanism()
    response = editor_client.post(
        f"/admin/conditions/mechanism/{mechanism.pk}/change/",
        {
            "name": mechanism.name,
            "slug": mechanism.slug,
            "status": "published",
            "summary": mechanism.summary,
            "explanation": "",
            "edit_version_seen": mechanism.edit_version,
            "colour": "light blue",
            "line_pattern": "solid",
            "synonyms": "",
            "order": 0,
            "citations-TOTAL_FORMS": 0,
            "citations-INITIAL_FORMS": 0,
            "citations-MIN_NUM_FORMS": 0,
            "citations-MAX_NUM_FORMS": 1000,
        },
    )
    assert "“light blue” is not a colour" in response.content.decode()
    assert Mechanism.objects.get(pk=mechanism.pk).colour == "#0072B2"


def test_every_edit_is_in_the_history_with_who_made_it(editor_client, editor, make_link):
    link = make_link()
    editor_client.post(
        f"/admin/conditions/referrallink/{link.pk}/change/", link_form(link, summary="Edited")
    )
    latest = link.history.first()
    assert latest.summary == "Edited"
    assert latest.history_user == editor
    page = editor_client.get(f"/admin/conditions/referrallink/{link.pk}/history/")
    assert page.status_code == 200
    assert "editor" in page.content.decode()


def test_an_edit_can_be_reverted_from_the_admin(editor_client, make_link):
    link = make_link(summary="The original words.")
    original = link.history.first()
    editor_client.post(
        f"/admin/conditions/referrallink/{link.pk}/change/", link_form(link, summary="A mistake")
    )
    link.refresh_from_db()
    assert link.summary == "A mistake"
    revert_url = f"/admin/conditions/referrallink/{link.pk}/history/{original.history_id}/"
    form_page = editor_client.get(revert_url)
    assert form_page.status_code == 200
    assert "The original words." in form_page.content.decode()
    response = editor_client.post(revert_url, link_form(link, summary="The original words."))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.summary == "The original words."
    assert link.history.count() == 3


def test_a_plain_staff_user_without_the_group_sees_no_content(client, db):
    user = User.objects.create_user("visitor", password="a-long-visitor-password", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/conditions/region/").status_code == 403


def test_a_region_picks_its_shape_from_the_diagrams_shapes(editor_client):
    html = editor_client.get("/admin/conditions/region/add/").content.decode()
    assert '<select name="shape_key"' in html
    assert '<option value="between-shoulder-blade-and-spine">' in html
