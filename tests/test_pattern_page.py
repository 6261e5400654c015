"""The pattern page (/pattern/?at=…&at=…): the whole page, the htmx swap, the no-JavaScript
form, bad input, and the answer's parts."""

import re

import pytest

from conditions.models import RedFlag, ReferralLink

URL = "/pattern/?at=back-of-neck&at=left-hand&at=left-calf-and-shin"


@pytest.fixture
def spine(make_region, make_link, make_condition, make_mechanism, make_red_flag):
    """Myelopathy joins the neck to the hands and the legs; radiculopathy the neck to a hand;
    carpal tunnel has no direct link to the lower back, and diabetes is behind both."""
    neck = make_region(
        slug="back-of-neck",
        name="Back of the neck",
        shape_key="back-of-neck",
        views="back",
        bilateral=False,
        group="head_neck",
        order=1,
    )
    hand = make_region(slug="hand", name="Hand", shape_key="hand", order=5)
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist", order=4)
    back = make_region(
        slug="lower-back",
        name="Lower back",
        shape_key="lower-back",
        views="back",
        bilateral=False,
        group="trunk",
        order=8,
    )
    calf = make_region(
        slug="calf-and-shin",
        name="Calf and shin",
        shape_key="calf-and-shin",
        group="lower_limb",
        order=12,
    )
    make_region(slug="head", name="Head", shape_key="head", bilateral=False, group="head_neck")
    cord = make_mechanism(slug="spinal-cord-compression", name="Spinal cord compression")
    myelopathy = make_condition(slug="cervical-myelopathy", name="Cervical myelopathy")
    radiculopathy = make_condition(slug="cervical-radiculopathy", name="Cervical radiculopathy")
    for felt_in in (hand, calf):
        make_link(
            origin=neck,
            felt_in=felt_in,
            condition=myelopathy,
            mechanism=cord,
            side="both_sides",
            summary=f"Myelopathy reaches the {felt_in.name.lower()}.",
        )
    make_link(origin=neck, felt_in=hand, condition=radiculopathy, summary="A pinched nerve.")
    carpal = make_condition(slug="carpal-tunnel-syndrome", name="Carpal tunnel syndrome")
    make_link(
        origin=wrist,
        felt_in=back,
        condition=carpal,
        kind=ReferralLink.Kind.NO_DIRECT_LINK,
        summary="No nerve runs from the wrist to the back.",
    )
    make_link(
        origin=wrist,
        felt_in=back,
        condition=make_condition(slug="diabetes", name="Diabetes"),
        kind=ReferralLink.Kind.SHARES_CAUSE,
        summary="Diabetes affects both.",
    )
    flag = make_red_flag(
        regions=[back], title="Clumsy hands and an unsteady walk", urgency="urgent"
    )
    flag.conditions.set([myelopathy])
    make_red_flag(regions=[neck], title="Severe or worsening pain", urgency="soon")


def explanations(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-condition="([^"]+)" data-explains="([^"]*)"', html)


def test_the_pattern_page_is_a_whole_page_with_the_ranked_explanations(client, spine):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    heading = "Back of the neck, left hand and left calf and shin"
    assert f'<h2 id="details-heading" tabindex="-1">{heading}</h2>' in html
    assert '<ol class="explanations' in html
    assert explanations(html) == [
        ("cervical-myelopathy", "back-of-neck left-hand left-calf-and-shin"),
        ("cervical-radiculopathy", "back-of-neck left-hand"),
    ]
    assert "Not for the left calf and shin." in html  # radiculopathy does not reach the leg
    assert "Myelopathy reaches the hand." in html
    assert "For education, not a diagnosis." in html


def test_the_htmx_request_gets_the_panel_and_the_overlay(client, spine):
    html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert '<section id="details"' in html
    assert '<svg id="overlay" class="diagram-overlay" hx-swap-oob="true">' in html
    assert "<title>Back of the neck, left hand and left calf and shin · Body Map</title>" in html


def test_the_address_is_shareable_in_any_order_and_duplicates_are_ignored(client, spine):
    again = "/pattern/?at=left-calf-and-shin&at=left-hand&at=back-of-neck&at=left-hand&at="
    first = explanations(client.get(URL).content.decode())
    assert explanations(client.get(again).content.decode()) == first


def test_the_diagram_marks_the_chosen_places_and_draws_only_links_among_them(client, spine):
    html = client.get(URL).content.decode()
    assert 'data-selected="back-of-neck left-hand left-calf-and-shin"' in html
    assert html.count('class="arrow') >= 1
    assert "Back of the neck to" in html  # the arrows' labels name their places
    two = client.get("/pattern/?at=left-hand&at=head").content.decode()
    assert 'class="arrow' not in two  # nothing joins the hand to the head


def test_without_javascript_a_form_of_checkboxes_chooses_the_places(client, spine):
    html = client.get("/pattern/").content.decode()
    assert '<form class="pattern-form" method="get" action="/pattern/"' in html
    assert '<input type="checkbox" name="at" value="left-hand"' in html
    assert '<input type="checkbox" name="at" value="back-of-neck"' in html
    chosen = client.get(URL).content.decode()
    assert 'value="left-hand" checked' in chosen  # the answer's form starts from its places


def test_the_map_leads_to_the_form_without_javascript(client, spine):
    assert 'href="/pattern/"' in client.get("/").content.decode()


def test_no_direct_link_between_chosen_places_comes_with_its_shared_causes(client, spine):
    html = client.get("/pattern/?at=left-wrist&at=lower-back").content.decode()
    assert "What the articles say does not connect directly" in html
    assert "No nerve runs from the wrist to the back." in html
    assert "Shared causes the articles give for both: Diabetes." in html
    assert explanations(html) == [("diabetes", "left-wrist lower-back")]


def test_places_nothing_connects_are_said_plainly(client, spine):
    html = client.get("/pattern/?at=back-of-neck&at=left-hand&at=head").content.decode()
    assert "Places nothing connects" in html
    assert re.search(r"The articles describe nothing that joins <a [^>]*>head</a>", html)


def test_warnings_of_a_serious_combination_come_first(client, spine):
    html = client.get(URL).content.decode()
    assert "These places together fit <strong>cervical myelopathy</strong>" in html
    flags = re.findall(r'data-flag="([^"]+)"', html)
    assert len(flags) == 2
    assert html.index("Clumsy hands and an unsteady walk") < html.index("Severe or worsening pain")


def test_warnings_without_a_combination_are_the_places_own_most_urgent_first(client, spine):
    html = client.get("/pattern/?at=back-of-neck&at=head").content.decode()
    assert "These places together" not in html
    assert "Severe or worsening pain" in html


def test_an_unknown_place_is_a_404_that_names_it_and_links_to_the_map(client, spine):
    response = client.get("/pattern/?at=left-hand&at=elbow%3Cb%3E")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We do not know a part of the body called “elbow&lt;b&gt;”" in html
    assert 'href="/"' in html


def test_more_than_ten_places_is_a_400_that_says_the_limit(client, spine):
    many = "&".join(f"at=place-{n}" for n in range(11))
    response = client.get("/pattern/?" + many)
    assert response.status_code == 400
    assert "Choose at most 10 places" in response.content.decode()


def test_one_place_goes_to_its_own_answer_and_none_to_the_map(client, spine):
    assert client.get("/pattern/?at=left-hand&at=left-hand")["Location"] == "/regions/left-hand/"
    assert client.get("/pattern/?at=")["Location"] == "/"
    swap = client.get("/pattern/?at=left-hand", headers={"HX-Request": "true"})
    assert swap.status_code == 200
    assert '"path": "/regions/left-hand/"' in swap["HX-Location"]


def test_a_midline_region_has_no_side(client, spine):
    assert client.get("/pattern/?at=left-lower-back&at=hand").status_code == 404


def test_the_pattern_downloads_as_a_picture(client, spine):
    response = client.get(URL.replace("/pattern/", "/pattern/export.svg"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert (
        'filename="bodymap-pattern-back-of-neck-left-hand-left-calf-and-shin.svg"'
        in (response["Content-Disposition"])
    )
    svg = response.content.decode()
    assert (
        "Cervical myelopathy: back of the neck" in svg.replace("\n", " ")
        or "Cervical myelopathy" in svg
    )


def test_the_answer_has_the_download_and_print_actions(client, spine):
    html = client.get(URL).content.decode()
    assert (
        'href="/pattern/export.svg?at=back-of-neck&amp;at=left-hand&amp;at=left-calf-and-shin"'
        in html
    )
    assert "data-print" in html


def test_a_second_reader_gets_the_answer_for_one_query(client, spine, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(1):  # the content version; the answer is cached
        html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "cervical-myelopathy" in html


def test_an_edit_shows_at_once(client, spine):
    client.get(URL)
    RedFlag.objects.filter(title="Severe or worsening pain").update(title="Edited warning")
    from conditions.models import ContentVersion

    ContentVersion.bump()  # update() sends no signal: bulk writers bump it themselves
    assert "Edited warning" in client.get(URL).content.decode()
