"""A region's page: the whole page, the htmx fragment and the no-JavaScript path."""

import re

import pytest

from conditions.models import ReferralLink, Status


@pytest.fixture
def neck_to_wrist(make_region, make_link, make_mechanism, make_red_flag):
    """The scalenes (side of the neck) refer to the same-side wrist; the wrist has a red flag."""
    neck = make_region(
        slug="side-of-neck",
        name="Side of the neck",
        shape_key="side-of-neck",
        views="front",
        group="head_neck",
    )
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist")
    lower_back = make_region(
        slug="lower-back",
        name="Lower back",
        shape_key="lower-back",
        views="back",
        bilateral=False,
        group="trunk",
    )
    trigger = make_mechanism(slug="trigger-points", name="Trigger point referral", colour="#CC79A7")
    link = make_link(
        origin=neck,
        felt_in=wrist,
        mechanism=trigger,
        side=ReferralLink.Side.SAME_SIDE,
        summary="Scalene knots may refer pain to the wrist.",
    )
    make_link(
        origin=wrist,
        felt_in=lower_back,
        kind=ReferralLink.Kind.NO_DIRECT_LINK,
        summary="Carpal tunnel syndrome cannot directly cause back pain.",
    )
    make_red_flag(regions=[wrist], title="Severe or worsening numbness")
    return link


def test_a_region_page_is_a_whole_page_with_the_panel(client, neck_to_wrist):
    response = client.get("/regions/left-wrist/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert '<section id="details"' in html
    assert '<h2 id="details-heading" tabindex="-1">Wrist, left</h2>' in html
    assert "Pain here may come from" in html
    assert "Scalene knots may refer pain to the wrist." in html
    assert "Severe or worsening numbness" in html
    assert "For education, not a diagnosis." in html


def test_the_htmx_request_gets_only_the_panel_and_the_overlay(client, neck_to_wrist):
    response = client.get("/regions/left-wrist/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert '<section id="details"' in html
    assert 'id="overlay"' in html and 'hx-swap-oob="true"' in html
    assert "<title>Wrist, left · Body Map</title>" in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_a_history_restore_request_gets_the_whole_page(client, neck_to_wrist):
    response = client.get(
        "/regions/left-wrist/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_without_javascript_every_region_is_a_real_link(client, neck_to_wrist):
    html = client.get("/").content.decode()
    assert 'href="/regions/left-wrist/"' in html
    assert 'href="/regions/right-wrist/"' in html
    assert 'data-region="left-wrist"' in html
    assert 'aria-label="Wrist, left"' in html
    assert '<nav class="region-index"' in html


def test_the_selection_and_its_connections_are_named_for_the_browser(client, neck_to_wrist):
    html = client.get("/regions/left-wrist/").content.decode()
    assert 'data-selected="left-wrist"' in html
    # Same side: the left scalenes, never the right.
    assert 'data-connected="left-side-of-neck"' in html


def test_same_side_links_follow_the_side_chosen(client, neck_to_wrist):
    html = client.get("/regions/right-side-of-neck/").content.decode()
    assert 'data-connected="right-wrist"' in html
    assert "A problem here may affect" in html


def test_a_negative_link_is_stated_and_not_drawn(client, neck_to_wrist):
    html = client.get("/regions/left-wrist/").content.decode()
    assert "No direct link" in html
    assert "cannot directly cause back pain" in html
    assert "lower-back" not in html.split('data-connected="')[1].split('"')[0]


def test_the_direction_filter_hides_the_other_direction(client, neck_to_wrist):
    html = client.get("/regions/left-side-of-neck/?direction=incoming").content.decode()
    assert "Pain here may come from" in html
    assert "A problem here may affect" not in html


def test_the_mechanism_filter_keeps_only_that_mechanism(client, neck_to_wrist, make_mechanism):
    other = make_mechanism(slug="posture", name="Posture")
    html = client.get(f"/regions/left-wrist/?mechanism={other.slug}").content.decode()
    assert "Scalene knots may refer" not in html
    assert "through this mechanism" in html


@pytest.mark.parametrize(
    "query",
    ["?direction=sideways", "?mechanism=nonsense", "?direction=", "?mechanism=%00%ff", "?x=1"],
)
def test_bad_query_parameters_are_ignored(client, neck_to_wrist, query):
    assert client.get("/regions/left-wrist/" + query).status_code == 200


@pytest.mark.parametrize("url", ["/regions/tail/", "/regions/left-lower-back/", "/regions/left-/"])
def test_unknown_places_get_a_friendly_404(client, neck_to_wrist, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_draft_regions_are_not_on_the_public_map(client, make_region):
    make_region(slug="wrist", status=Status.DRAFT)
    assert client.get("/regions/left-wrist/").status_code == 404
    assert "left-wrist" not in client.get("/").content.decode()


def test_the_drawing_is_cached_until_a_region_changes(client, neck_to_wrist, make_region):
    client.get("/")
    from conditions.models import Region

    wrist = Region.objects.get(slug="wrist")
    wrist.name = "Carpus"
    wrist.save()
    assert 'aria-label="Carpus, left"' in client.get("/").content.decode()


def test_editor_text_is_escaped_on_the_public_page(client, neck_to_wrist):
    neck_to_wrist.summary = '<script>alert("x")</script>'
    neck_to_wrist.save()
    html = client.get("/regions/left-wrist/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("extra_links", [1, 40])
def test_a_region_page_takes_the_same_number_of_queries_however_many_links(
    client, neck_to_wrist, make_link, django_assert_num_queries, extra_links
):
    from conditions.models import Region

    wrist = Region.objects.get(slug="wrist")
    for _ in range(extra_links):
        make_link(felt_in=wrist)
    client.get("/regions/right-wrist/")  # draws the diagram, cached for every region
    # The content version (1: the diagram, mechanisms, symptoms and regions, the region itself
    # included, come from the cache), the links to draw and list (1), the listed links'
    # summaries and sources (2: their explanations and passages are read on demand), the
    # conditions here (1), the red flags (1).
    with django_assert_num_queries(6):
        assert client.get("/regions/left-wrist/").status_code == 200


def test_a_link_between_paired_regions_never_crosses_sides_unless_it_says_so(
    client, make_region, make_link
):
    hip = make_region(slug="hip", name="Hip", shape_key="hip", views="front", group="lower_limb")
    knee = make_region(slug="knee", name="Knee", shape_key="knee", group="lower_limb")
    make_link(origin=hip, felt_in=knee, side=ReferralLink.Side.NOT_APPLICABLE)
    assert 'data-connected="left-hip"' in client.get("/regions/left-knee/").content.decode()
    make_link(origin=hip, felt_in=knee, side=ReferralLink.Side.BOTH_SIDES, kind="shares_cause")
    html = client.get("/regions/left-knee/").content.decode()
    assert 'data-connected="left-hip right-hip"' in html


@pytest.fixture
def seven_referrals(make_region, make_mechanism, make_condition, make_link):
    """Seven places refer pain to the lower back through one mechanism; one weakly."""
    back = make_region(
        slug="lower-back", name="Lower back", shape_key="lower-back", bilateral=False
    )
    referred = make_mechanism(slug="referred-pain", name="Referred pain")
    shapes = ["hip", "knee", "thigh", "ankle", "foot", "calf-and-shin", "buttock"]
    for number, shape in enumerate(shapes):
        make_link(
            origin=make_region(slug=shape, name=shape.capitalize(), shape_key=shape),
            felt_in=back,
            mechanism=referred,
            condition=make_condition(name=f"Condition {number}"),
            evidence="debated" if shape == "hip" else "direct",
            side=ReferralLink.Side.BOTH_SIDES,
        )
    return back


def test_a_busy_mechanism_shows_its_best_supported_links_and_offers_the_rest(
    client, seven_referrals
):
    html = client.get("/regions/lower-back/").content.decode()
    listed = re.findall(r'class="condition-name">· <a [^>]*>(Condition \d)</a>', html)
    # Five of seven, by evidence then name: the debated one (Condition 0) waits behind the link.
    assert listed == ["Condition 1", "Condition 2", "Condition 3", "Condition 4", "Condition 5"]
    show_all = "/regions/lower-back/?direction=incoming&amp;mechanism=referred-pain"
    assert f'<a href="{show_all}" hx-get="{show_all}"' in html
    assert "Show all 7 conditions through referred pain" in html
    # The diagram still lights up every place the mechanism connects, listed or not.
    connected = re.search(r'data-connected="([^"]*)"', html)[1].split()
    assert {"left-hip", "right-hip", "left-buttock"} <= set(connected)


def test_show_all_lists_every_link_of_that_mechanism(client, seven_referrals):
    html = client.get("/regions/lower-back/?direction=incoming&mechanism=referred-pain")
    html = html.content.decode()
    assert len(re.findall(r'class="condition-name"', html)) == 7
    assert "Show all" not in html


def test_show_all_lists_every_condition_and_every_no_direct_link(
    client, make_region, make_condition, make_link
):
    back = make_region(
        slug="lower-back", name="Lower back", shape_key="lower-back", bilateral=False
    )
    for number in range(7):
        make_condition(name=f"Back condition {number}").regions.add(back)
        make_link(origin=back, kind=ReferralLink.Kind.NO_DIRECT_LINK, summary=f"Not {number}.")
    html = client.get("/regions/lower-back/").content.decode()
    assert html.count("Back condition") == 5 and html.count("<summary>Not ") == 5
    assert "Show all 7 conditions involving this part" in html
    assert "Show all 7 statements of no direct link" in html
    everything = client.get("/regions/lower-back/?show=all").content.decode()
    assert everything.count("Back condition") == 7 and everything.count("<summary>Not ") == 7
    assert "Show all" not in everything


def test_one_arrow_per_pair_of_places_stands_for_every_row_it_draws(
    client, make_region, make_mechanism, make_link
):
    neck = make_region(slug="side-of-neck", shape_key="side-of-neck", name="Side of the neck")
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist")
    first, second = (
        make_link(origin=neck, felt_in=wrist, mechanism=make_mechanism(name=name))
        for name in ("Nerve irritation", "Trigger points")
    )
    html = client.get("/regions/left-wrist/").content.decode()
    arrows = re.findall(r'<a aria-label="([^"]*)" class="arrow [^"]*" data-rows="([^"]*)"', html)
    # Both follow the same curve: one arrow, in the first row's colour, named by its
    # condition; it answers for both rows when either is picked.
    assert len(arrows) == 1
    label, rows = arrows[0]
    assert (
        label == f"Side of the neck, left to Wrist, left: {first.condition.name} · Nerve irritation"
    )
    assert sorted(rows.split()) == sorted(
        f"row-i{link.condition.pk}-{link.mechanism.pk}" for link in (first, second)
    )
    assert "A problem there can be felt here." in html
