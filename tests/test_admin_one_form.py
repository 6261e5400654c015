"""A new condition and its cited link, added by an editor in one form (the condition's page)."""

from conditions.forms import MISSING_CITATION
from conditions.models import Citation, Condition, ReferralLink, Status
from tests.admin_forms import admin_form_data, new_inline

ADD_URL = "/admin/conditions/condition/add/"


def new_condition_with_link(editor_client, origin, felt_in, mechanism, **link_fields) -> dict:
    data = admin_form_data(editor_client.get(ADD_URL)) | {
        "name": "Thoracic outlet syndrome",
        "slug": "thoracic-outlet-syndrome",
        "status": "published",
        "summary": "Nerves or vessels pinched between the collarbone and the first rib.",
    }
    link = {
        "origin": origin.pk,
        "felt_in": felt_in.pk,
        "mechanism": mechanism.pk,
        "kind": "causes",
        "side": "same_side",
        "evidence": "direct",
        "prominence": 3,  # the browser sends the field's initial value, "supporting"
        "status": "published",
        "summary": "Pinched nerves at the neck can be felt in the hand.",
        **link_fields,
    }
    return new_inline(data, "links", **link)


def test_a_condition_and_its_cited_link_are_added_in_one_save(
    editor_client, make_region, make_mechanism, make_source
):
    neck, hand = make_region(slug="side-of-neck"), make_region(slug="hand")
    source = make_source(title="Thoracic outlet, explained")
    data = new_condition_with_link(
        editor_client,
        neck,
        hand,
        make_mechanism(),
        citation_source=source.pk,
        citation_passage="Compression at the thoracic outlet causes tingling in the hand.",
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    condition = Condition.objects.get(slug="thoracic-outlet-syndrome")
    link = condition.links.get()
    assert link.status == Status.PUBLISHED
    # The slug was left blank: it is made from the condition and the regions.
    assert link.slug == "thoracic-outlet-syndrome-side-of-neck-to-hand"
    citation = link.citations.get()
    assert (citation.source, citation.passage) == (
        source,
        "Compression at the thoracic outlet causes tingling in the hand.",
    )
    # ... and the map shows it at once, cited.
    page = editor_client.get("/regions/left-hand/").content.decode()
    assert "Thoracic outlet syndrome" in page
    assert "<cite>Thoracic outlet, explained</cite>" in page


def test_a_published_link_without_its_citation_is_refused_with_what_to_add(
    editor_client, make_region, make_mechanism
):
    data = new_condition_with_link(editor_client, make_region(), make_region(), make_mechanism())
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert MISSING_CITATION in response.content.decode()
    assert not Condition.objects.filter(slug="thoracic-outlet-syndrome").exists()


def test_a_passage_needs_its_source_and_a_source_its_passage(
    editor_client, make_region, make_mechanism, make_source
):
    regions = make_region(), make_region()
    mechanism = make_mechanism()
    only_passage = new_condition_with_link(
        editor_client, *regions, mechanism, citation_passage="Words without an article."
    )
    page = editor_client.post(ADD_URL, only_passage).content.decode()
    assert "Choose the article the passage comes from." in page
    source = make_source(title="An article")
    only_source = new_condition_with_link(
        editor_client, *regions, mechanism, citation_source=source.pk
    )
    page = editor_client.post(ADD_URL, only_source).content.decode()
    assert "Paste the passage of “An article” it rests on." in page
    assert not ReferralLink.objects.exists()


def test_a_draft_link_may_wait_for_its_citation(editor_client, make_region, make_mechanism):
    data = new_condition_with_link(
        editor_client, make_region(), make_region(), make_mechanism(), status="draft"
    )
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert ReferralLink.objects.get().status == Status.DRAFT


def test_two_new_links_made_of_the_same_parts_get_different_slugs(
    editor_client, make_region, make_mechanism, make_source
):
    neck, hand = make_region(slug="neck"), make_region(slug="hand")
    source = make_source()
    cited = {"citation_source": source.pk, "citation_passage": "It says so."}
    data = new_condition_with_link(editor_client, neck, hand, make_mechanism(), **cited)
    data = new_inline(
        data,
        "links",
        origin=neck.pk,
        felt_in=hand.pk,
        mechanism=make_mechanism().pk,
        kind="causes",
        side="same_side",
        evidence="direct",
        prominence=3,
        status="published",
        summary="The same route by another mechanism.",
        **cited,
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    assert sorted(ReferralLink.objects.values_list("slug", flat=True)) == [
        "thoracic-outlet-syndrome-neck-to-hand",
        "thoracic-outlet-syndrome-neck-to-hand-2",
    ]
    assert Citation.objects.count() == 2


def test_the_condition_page_shows_where_each_link_is_cited_from(editor_client, make_link):
    link = make_link()
    page = editor_client.get(f"/admin/conditions/condition/{link.condition.pk}/change/")
    html = page.content.decode()
    assert link.citations.get().source.title in html
    assert 'name="links-0-citation_passage"' in html
