"""A mechanism's page (`/mechanisms/<slug>/`): every published link through it, drawn."""

import pytest

from conditions.models import Citation, Mechanism, ReferralLink, Status


@pytest.fixture
def cord(make_region, make_condition, make_mechanism, make_link, make_source):
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
    hand = make_region(slug="hand", name="Hand", shape_key="hand")
    mechanism = make_mechanism(
        slug="spinal-cord-compression",
        name="Spinal cord compression",
        colour="#000000",
        summary="Pressure on the cord changes the walk.",
    )
    Citation.objects.create(mechanism=mechanism, source=make_source(), passage="Gait changes.")
    myelopathy = make_condition(slug="cervical-myelopathy", name="Cervical myelopathy")
    make_link(
        origin=neck,
        felt_in=lower_back,
        condition=myelopathy,
        mechanism=mechanism,
        summary="A changed walk strains the lower back.",
    )
    make_link(
        origin=neck,
        felt_in=hand,
        condition=myelopathy,
        mechanism=mechanism,
        summary="Clumsy hands.",
    )
    make_link(
        origin=neck, felt_in=hand, mechanism=mechanism, status=Status.DRAFT, summary="A draft link."
    )
    return mechanism


def test_the_admin_view_on_site_opens_the_mechanism_page(cord):
    assert cord.get_absolute_url() == "/mechanisms/spinal-cord-compression/"


def test_the_mechanism_page_draws_every_published_link_through_it(client, cord):
    response = client.get("/mechanisms/spinal-cord-compression/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert "Spinal cord compression</h2>" in html
    assert "Pressure on the cord changes the walk." in html
    assert "A changed walk strains the lower back." in html and "Clumsy hands." in html
    assert "A draft link." not in html
    assert "Gait changes." in html
    assert 'data-selected="back-of-neck"' in html
    assert 'data-connected="left-hand lower-back right-hand"' in html
    assert html.count('class="arrow ') == 2


def test_the_htmx_request_gets_the_panel_and_the_overlay(client, cord):
    response = client.get("/mechanisms/spinal-cord-compression/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert '<section id="details"' in html and 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, cord):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    url = "/mechanisms/spinal-cord-compression/"
    assert "<html" in client.get(url, headers=headers).content.decode()


def test_without_javascript_the_condition_and_regions_are_real_links(client, cord):
    html = client.get("/mechanisms/spinal-cord-compression/").content.decode()
    assert 'href="/conditions/cervical-myelopathy/"' in html
    assert 'href="/regions/lower-back/"' in html


def test_a_draft_mechanism_is_not_found(client, cord):
    ReferralLink.objects.all().delete()
    Mechanism.objects.filter(pk=cord.pk).update(status=Status.DRAFT)
    assert client.get("/mechanisms/spinal-cord-compression/").status_code == 404


@pytest.mark.parametrize("extra_links", [1, 30])
def test_the_mechanism_page_takes_a_constant_number_of_queries(
    client, cord, make_link, django_assert_num_queries, extra_links
):
    for _ in range(extra_links):
        make_link(mechanism=cord)
    client.get("/mechanisms/spinal-cord-compression/")  # warm the drawing's cache
    # The mechanism and its citations (2), its links with citations and symptoms (3); the map
    # frame's version (1: the diagram, mechanisms and regions come from the cache).
    with django_assert_num_queries(6):
        assert client.get("/mechanisms/spinal-cord-compression/").status_code == 200
