"""A signed-in editor previews drafts on the public pages; nobody else ever sees them."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from conditions.models import Status


@pytest.fixture
def draft_link(make_link, make_condition):
    condition = make_condition(name="Unpublished syndrome", status=Status.DRAFT)
    return make_link(condition=condition, status=Status.DRAFT, summary="A draft route.")


@pytest.fixture
def previewing_client(editor_client):
    response = editor_client.get("/preview/?next=/")
    assert response.status_code == 302 and response["Location"] == "/"
    return editor_client


def region_url(link) -> str:
    return f"/regions/left-{link.felt_in.slug}/"


def test_an_editor_sees_drafts_on_the_map_marked_as_a_draft_preview(previewing_client, draft_link):
    page = previewing_client.get(region_url(draft_link))
    html = page.content.decode()
    assert "Unpublished syndrome" in html
    assert "Draft preview:" in html
    assert 'href="/preview/leave/?next=' in html
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    condition_page = previewing_client.get(draft_link.condition.get_absolute_url())
    assert condition_page.status_code == 200
    assert '<span class="draft-badge">Draft</span>' in condition_page.content.decode()


def test_the_public_never_sees_the_drafts_an_editor_previewed(previewing_client, draft_link):
    client = Client()  # not pytest-django's `client`: that one is the editor's
    # The editor's preview first, so a leak through a cache would show.
    assert "Unpublished syndrome" in previewing_client.get(region_url(draft_link)).content.decode()
    previewing_client.get(region_url(draft_link), HTTP_HX_REQUEST="true")
    public = client.get(region_url(draft_link))
    assert "Unpublished syndrome" not in public.content.decode()
    assert "Draft preview" not in public.content.decode()
    fragment = client.get(region_url(draft_link), HTTP_HX_REQUEST="true").content.decode()
    assert "Unpublished syndrome" not in fragment
    assert client.get(draft_link.condition.get_absolute_url()).status_code == 404


def test_leaving_the_preview_shows_the_public_map_again(previewing_client, draft_link):
    response = previewing_client.get(f"/preview/leave/?next={region_url(draft_link)}")
    assert response["Location"] == region_url(draft_link)
    page = previewing_client.get(region_url(draft_link)).content.decode()
    assert "Unpublished syndrome" not in page
    assert "Draft preview" not in page


def test_a_visitor_asking_for_the_preview_is_asked_to_sign_in(client, draft_link):
    page = client.get("/preview/?next=/")
    assert page.status_code == 200
    assert 'href="/admin/login/?next=%2Fpreview%2F%3Fnext%3D%2F"' in page.content.decode()
    assert "Unpublished syndrome" not in client.get(region_url(draft_link)).content.decode()


def test_staff_who_may_not_edit_content_get_no_preview(client, draft_link):
    user = User.objects.create_user("visitor", password="a-long-visitor-password", is_staff=True)
    client.force_login(user)
    client.get("/preview/")
    assert "Unpublished syndrome" not in client.get(region_url(draft_link)).content.decode()


def test_a_preview_ends_when_the_editor_loses_the_right_to_edit(
    previewing_client, editor, draft_link
):
    editor.is_staff = False
    editor.save()
    assert (
        "Unpublished syndrome" not in previewing_client.get(region_url(draft_link)).content.decode()
    )


def test_the_next_address_must_be_on_this_site(previewing_client):
    response = previewing_client.get("/preview/?next=https://evil.example.org/")
    assert response["Location"] == "/"


def test_each_entry_in_the_admin_offers_view_on_the_map_in_the_preview(editor_client, draft_link):
    html = editor_client.get(
        f"/admin/conditions/condition/{draft_link.condition.pk}/change/"
    ).content.decode()
    assert (
        f'href="/preview/?next=%2Fconditions%2F{draft_link.condition.slug}%2F" '
        'class="viewsitelink">View on the map</a>'
    ) in html
    # Its links, listed on it, open in the preview too.
    assert f'href="/preview/?next=%2Fregions%2F{draft_link.felt_in.slug}%2F"' in html
