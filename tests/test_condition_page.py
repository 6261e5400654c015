"""A condition's page (`/conditions/<slug>/`): the map with the condition in the panel."""

import pytest

from conditions.models import Citation, Condition, ReferralLink, Status


@pytest.fixture
def cts(make_region, make_condition, make_mechanism, make_link, make_red_flag, make_source):
    """Carpal tunnel syndrome sits in the wrist, is felt in the hand, and not in the back."""
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist")
    hand = make_region(slug="hand", name="Hand", shape_key="hand")
    neck = make_region(
        slug="back-of-neck",
        name="Back of the neck",
        shape_key="back-of-neck",
        views="back",
        bilateral=False,
        group="head_neck",
    )
    lower_back = make_region(
        slug="lower-back",
        name="Lower back",
        shape_key="lower-back",
        views="back",
        bilateral=False,
        group="trunk",
    )
    condition = make_condition(
        slug="carpal-tunnel-syndrome",
        name="Carpal tunnel syndrome",
        summary="The median nerve is squeezed at the wrist.",
        differentiation="Symptoms spare the little finger.",
        diagnosis="A nerve conduction study.",
        management="A wrist splint at night.",
        self_care="Take breaks from gripping.",
        self_care_cautions="Stop if numbness gets worse.",
    )
    condition.regions.set([wrist])
    Citation.objects.create(condition=condition, source=make_source(), passage="CTS is common.")
    entrapment = make_mechanism(slug="entrapment", name="Nerve entrapment", colour="#E69F00")
    make_link(
        origin=wrist,
        felt_in=hand,
        condition=condition,
        mechanism=entrapment,
        summary="The squeezed nerve is felt in the hand.",
    )
    make_link(
        origin=wrist,
        felt_in=lower_back,
        condition=condition,
        mechanism=entrapment,
        kind=ReferralLink.Kind.NO_DIRECT_LINK,
        summary="It cannot directly cause lower back pain.",
    )
    radiculopathy = make_condition(slug="cervical-radiculopathy", name="Cervical radiculopathy")
    make_link(
        origin=neck,
        felt_in=hand,
        condition=radiculopathy,
        mechanism=entrapment,
        kind=ReferralLink.Kind.MIMICS,
        look_alike=condition,
        summary="A pinched nerve in the neck can look like it.",
    )
    flag = make_red_flag(regions=[wrist], title="Constant numbness")
    flag.conditions.set([condition])
    return condition


def test_the_admin_view_on_site_opens_the_condition_page(cts):
    assert cts.get_absolute_url() == "/conditions/carpal-tunnel-syndrome/"


def test_the_condition_page_is_a_whole_map_page(client, cts):
    response = client.get("/conditions/carpal-tunnel-syndrome/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert 'class="body-map"' in html and '<nav class="region-index"' in html
    assert '<h2 id="details-heading" tabindex="-1">Carpal tunnel syndrome</h2>' in html
    for text in [
        "The median nerve is squeezed at the wrist.",
        "Where it sits",
        "The squeezed nerve is felt in the hand.",
        "Can be mistaken for it",
        "A pinched nerve in the neck can look like it.",
        "No direct link",
        "It cannot directly cause lower back pain.",
        "Constant numbness",
        "How to tell",
        "Symptoms spare the little finger.",
        "A nerve conduction study.",
        "What helps",
        "A wrist splint at night.",
        "Take breaks from gripping.",
        "Stop if numbness gets worse.",
        "CTS is common.",
    ]:
        assert text in html, text


def test_where_it_sits_is_selected_and_where_it_is_felt_is_connected(client, cts):
    html = client.get("/conditions/carpal-tunnel-syndrome/").content.decode()
    assert 'data-selected="left-wrist right-wrist"' in html
    assert 'data-connected="left-hand right-hand"' in html  # the no-direct link is not drawn
    assert 'data-label="Wrist to Hand: Nerve entrapment"' in html


def test_the_htmx_request_gets_the_panel_and_the_overlay(client, cts):
    response = client.get("/conditions/carpal-tunnel-syndrome/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert '<section id="details"' in html and 'hx-swap-oob="true"' in html
    assert "<title>Carpal tunnel syndrome · Body Map</title>" in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, cts):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert (
        "<html"
        in client.get("/conditions/carpal-tunnel-syndrome/", headers=headers).content.decode()
    )


def test_without_javascript_the_region_panel_links_to_the_condition(client, cts):
    html = client.get("/regions/left-hand/").content.decode()
    # A real link; with JavaScript the list around it swaps it in (hx-boost).
    assert '<a href="/conditions/carpal-tunnel-syndrome/">' in html
    links = html[html.index('<section class="links"') :]
    assert links.startswith('<section class="links"') and 'hx-boost="true"' in links[:200]


def test_a_draft_condition_is_not_found(client, cts):
    Condition.objects.filter(pk=cts.pk).update(status=Status.DRAFT)
    assert client.get("/conditions/carpal-tunnel-syndrome/").status_code == 404
    assert client.get("/conditions/no-such-thing/").status_code == 404


def test_editor_text_is_escaped(client, cts):
    Condition.objects.filter(pk=cts.pk).update(management='<script>alert("x")</script>')
    html = client.get("/conditions/carpal-tunnel-syndrome/").content.decode()
    assert '<script>alert("x")</script>' not in html


@pytest.mark.parametrize("extra_links", [1, 30])
def test_the_condition_page_takes_a_constant_number_of_queries(
    client, cts, make_link, django_assert_num_queries, extra_links
):
    for _ in range(extra_links):
        make_link(condition=cts)
    client.get("/conditions/carpal-tunnel-syndrome/")  # warm the drawing's cache
    # The condition with its symptoms and citations (3), its regions (1), its links and look-alike
    # links with their citations and symptoms (3), red flags (1); the map frame's version (1:
    # the diagram, mechanisms and regions come from the cache).
    with django_assert_num_queries(9):
        assert client.get("/conditions/carpal-tunnel-syndrome/").status_code == 200


def test_every_shipped_condition_has_a_page(client, shipped_content):
    for condition in Condition.objects.published():
        assert client.get(condition.get_absolute_url()).status_code == 200, condition.slug
