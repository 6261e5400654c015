"""Every published link is cited: the admin and the content loader refuse one that is not."""

import pytest

from conditions import content
from conditions.forms import MISSING_CITATION
from conditions.models import Citation, ReferralLink, Status
from tests.admin_forms import post_admin_form


def change_url(link: ReferralLink) -> str:
    return f"/admin/conditions/referrallink/{link.pk}/change/"


def test_removing_the_last_citation_of_a_published_link_is_refused(editor_client, make_link):
    link = make_link()
    response = post_admin_form(editor_client, change_url(link), **{"citations-0-DELETE": "on"})
    assert response.status_code == 200
    assert MISSING_CITATION in response.content.decode()
    assert link.citations.count() == 1


def test_a_published_link_is_saved_with_a_citation_added_on_its_page(
    editor_client, make_link, make_source
):
    link = make_link(cite=False, status=Status.DRAFT)
    source = make_source()
    response = post_admin_form(
        editor_client,
        change_url(link),
        status="published",
        **{
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": source.pk,
            "citations-0-passage": "The article's words.",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    link.refresh_from_db()
    assert link.status == Status.PUBLISHED
    assert link.citations.get().passage == "The article's words."


def test_publishing_an_uncited_link_is_refused(editor_client, make_link):
    link = make_link(cite=False, status=Status.DRAFT)
    response = post_admin_form(editor_client, change_url(link), status="published")
    assert MISSING_CITATION in response.content.decode()
    link.refresh_from_db()
    assert link.status == Status.DRAFT


def test_a_link_left_without_a_slug_gets_one_from_its_parts(editor_client, make_link):
    link = make_link(slug="old-name")
    response = post_admin_form(editor_client, change_url(link), slug="")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.slug == f"{link.condition.slug}-{link.origin.slug}-to-{link.felt_in.slug}"


def test_the_loader_refuses_a_published_link_without_citations(tmp_path, shipped_content):
    data = content.read(content.DEFAULT_PATH)
    slug, entry = next(iter(data["links"].items()))
    entry["citations"] = []
    path = tmp_path / "uncited.yaml"
    path.write_text(content.dump({"links": {slug: entry}}))
    with pytest.raises(content.ContentError, match=f"links/{slug}: a published link needs"):
        content.load(path, force=True)


def test_the_shipped_content_cites_every_published_link(shipped_content):
    uncited = ReferralLink.objects.filter(status=Status.PUBLISHED, citations=None)
    assert ReferralLink.objects.filter(status=Status.PUBLISHED).count() > 50
    assert list(uncited) == []


def test_a_link_with_no_citation_shows_no_empty_source_line(client, make_link):
    link = make_link()
    Citation.objects.filter(link=link).delete()  # as a bulk import or old data might leave it
    page = client.get(f"/regions/left-{link.felt_in.slug}/").content.decode()
    assert link.summary in page
    assert "Source:" not in page
