"""The symptom filter: a region's links felt as one symptom, and the map opened on a symptom."""

import pytest


@pytest.fixture
def felt(make_region, make_link, make_symptom):
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist")
    hand = make_region(slug="hand", name="Hand", shape_key="hand")
    shoulder = make_region(slug="shoulder", name="Shoulder", shape_key="shoulder")
    tingling = make_symptom(slug="tingling", name="Tingling")
    weakness = make_symptom(slug="weakness", name="Weakness")
    make_symptom(slug="unused", name="Unused")
    tingly = make_link(origin=wrist, felt_in=hand, summary="Tingling fingers.")
    tingly.symptoms.set([tingling])
    weak = make_link(origin=shoulder, felt_in=hand, summary="A weak grip.")
    weak.symptoms.set([weakness])
    return hand


def test_the_filter_keeps_only_links_felt_as_the_symptom(client, felt):
    html = client.get("/regions/left-hand/?symptom=tingling").content.decode()
    assert "Tingling fingers." in html
    assert "A weak grip." not in html
    html = client.get("/regions/left-hand/?symptom=weakness").content.decode()
    assert "A weak grip." in html and "Tingling fingers." not in html


def test_the_filter_is_a_select_of_the_symptoms_links_are_felt_as(client, felt):
    html = client.get("/regions/left-hand/?symptom=tingling").content.decode()
    assert '<select name="symptom">' in html
    assert '<option value="tingling" selected>Tingling</option>' in html
    assert '<option value="weakness">Weakness</option>' in html
    assert "unused" not in html


def test_when_nothing_is_felt_as_the_symptom_the_panel_says_so(client, felt):
    html = client.get("/regions/left-wrist/?symptom=weakness&direction=incoming").content.decode()
    assert "felt here as weakness" in html


@pytest.mark.parametrize("query", ["?symptom=nonsense", "?symptom=", "?symptom=%00"])
def test_an_unknown_symptom_is_ignored(client, felt, query):
    html = client.get("/regions/left-hand/" + query).content.decode()
    assert "Tingling fingers." in html and "A weak grip." in html


def test_the_map_opened_on_a_symptom_shows_where_it_is_felt(client, felt):
    response = client.get("/?symptom=tingling")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<!doctype html>")
    assert '<h2 id="details-heading" tabindex="-1">Tingling</h2>' in html
    assert 'data-selected="left-hand right-hand"' in html
    assert "Tingling fingers." in html and "A weak grip." not in html
    assert 'href="/regions/hand/?direction=incoming&amp;symptom=tingling"' in html


def test_the_symptom_map_swaps_in_with_htmx(client, felt):
    html = client.get("/?symptom=tingling", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and '<section id="details"' in html
    assert "<title>Tingling · Body Map</title>" in html


def test_an_unknown_symptom_on_the_map_shows_the_plain_map(client, felt):
    html = client.get("/?symptom=nonsense").content.decode()
    assert "Choose a part of the body" in html


def test_the_symptom_map_takes_a_constant_number_of_queries(
    client, felt, make_link, make_symptom, django_assert_num_queries
):
    from conditions.models import Symptom

    tingling = Symptom.objects.get(slug="tingling")
    for _ in range(20):
        make_link().symptoms.set([tingling])
    client.get("/?symptom=tingling")
    # The map frame's version (1), the symptom (1), its links (3).
    with django_assert_num_queries(5):
        client.get("/?symptom=tingling")
