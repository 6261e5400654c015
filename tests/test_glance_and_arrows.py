"""The answer at a glance: key lines first, one row per condition, a readable diagram."""

import re

import pytest

from conditions.body import drawing
from conditions.map import GLANCE_LINES, MAX_ARROWS, MapFilters, RegionAnswer
from conditions.models import Condition, Mechanism, Place, ReferralLink, Region, Status


def _places() -> list[Place]:
    return [place for region in Region.objects.published() for place in region.places()]


def _text(html: str) -> str:
    without_pictures = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "", without_pictures).split())


def _row_id(direction: str, condition: str, mechanism: str) -> str:
    condition_pk = Condition.objects.get(slug=condition).pk
    return f"row-{direction}{condition_pk}-{Mechanism.objects.get(slug=mechanism).pk}"


def _glance_lines(html: str) -> list[str]:
    return [_text(line) for line in re.findall(r'<a class="glance-line".*?</a>', html, re.S)]


def test_the_lower_back_answers_with_the_leg_first(client, shipped_content):
    html = client.get("/regions/lower-back/").content.decode()
    lines = _glance_lines(html)
    assert lines[0] == (
        "Sciatica: from lower back into buttock, thigh, calf and shin, ankle and foot on both "
        "sides · Nerve root compression (radiculopathy)"
    )
    assert any(line.startswith("Cervical myelopathy") for line in lines)  # an article's title
    assert len(lines) <= GLANCE_LINES


def test_every_places_key_lines_come_right_after_its_name_and_red_flags(client, shipped_content):
    with_lines = 0
    for place in _places():
        html = client.get(place.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
        lines = _glance_lines(html)
        assert len(lines) <= GLANCE_LINES, place
        if not lines:
            continue
        with_lines += 1
        heading = html.index('id="details-heading"')
        glance = html.index('class="glance"')
        # Nothing but the red flags between the name and the key lines.
        between = html[heading:glance]
        assert 'class="lead"' not in between and 'class="links"' not in between, place
        assert html.index('class="links"') > glance
    assert with_lines >= 20  # nearly every place has something the articles are about


def test_a_glance_line_names_every_place_of_its_condition_at_once(client, shipped_content):
    html = client.get("/regions/back-of-neck/").content.decode()
    myelopathy = next(line for line in _glance_lines(html) if line.startswith("Cervical myelo"))
    for place in ("hand", "lower back", "thigh", "calf and shin"):
        assert place in myelopathy


def test_one_row_per_condition_mechanism_and_direction(client, shipped_content):
    html = client.get("/regions/lower-back/").content.decode()
    row_id = _row_id("o", "herniated-disc", "nerve-root-compression")
    row = re.search(rf'<li class="link-item[^"]*" id="{row_id}".*?</li>', html, re.S)[0]
    for place in ("Thigh (both sides)", "Calf and shin (both sides)", "Foot (both sides)"):
        assert place in row
    assert html.count(f'id="{row_id}"') == 1
    # The reasons and passages are one request away, not in the answer.
    assert "<blockquote" not in row
    url = re.search(r'<a href="(/links/details/\?ids=[0-9,]+)"', row)[1]
    assert len(url.split("=")[1].split(",")) == 3


def test_no_answer_draws_more_than_twelve_arrows_or_crosses_between_the_views(
    shipped_content,
):
    busiest = 0
    for place in _places():
        answer = RegionAnswer.build(place, MapFilters())
        assert len(answer.arrows) <= MAX_ARROWS, place
        busiest = max(busiest, len(answer.arrows))
        for arrow in answer.arrows:
            for end in (arrow.end, *arrow.branches):
                assert drawing.same_view(arrow.start, end), (place, arrow.label)
    assert busiest >= 8  # the busy places still draw their main connections


def test_the_key_lines_are_drawn_strongly_and_first(shipped_content):
    back = Region.objects.get(slug="lower-back")
    arrows = RegionAnswer.build(Place(back, None), MapFilters()).arrows
    strengths = [arrow.strong for arrow in arrows]
    assert strengths == sorted(strengths, reverse=True) and strengths[0]
    row_id = _row_id("o", "sciatica", "nerve-root-compression")
    sciatica = [a for a in arrows if row_id in a.rows.split()]
    # Down each leg, one branching arrow rather than one arrow per place.
    assert [arrow.end for arrow in sciatica] == [("foot", "left"), ("foot", "right")]
    assert all(len(arrow.branches) >= 3 and "Sciatica" in arrow.label for arrow in sciatica)


def test_every_arrow_leads_to_a_row_of_the_panel(client, shipped_content):
    for slug in ("lower-back", "back-of-neck", "left-wrist"):
        html = client.get(f"/regions/{slug}/").content.decode()
        arrows = re.findall(
            r'<a aria-label="([^"]+)" class="arrow [^"]*" data-rows="([^"]+)"', html
        )
        assert arrows
        for label, rows in arrows:
            assert label  # named for a screen reader
            # Each leads to a row it draws: in the panel, or in the answer with all listed.
            listed = [row for row in rows.split() if f'data-row="{row}"' in html]
            assert listed or "?show=all#row-" in html, (slug, rows)


def test_an_arrow_never_crosses_to_the_other_view_even_for_a_key_link(
    make_region, make_link, make_condition
):
    back = make_region(slug="lower-back", shape_key="lower-back", bilateral=False, views="back")
    hip = make_region(slug="hip", shape_key="hip", views="front")
    thigh = make_region(slug="thigh", shape_key="thigh")
    condition = make_condition()
    for felt_in in (hip, thigh):
        make_link(
            origin=back,
            felt_in=felt_in,
            condition=condition,
            prominence=ReferralLink.Prominence.KEY,
            side=ReferralLink.Side.BOTH_SIDES,
        )
    answer = RegionAnswer.build(Place(back, None), MapFilters())
    drawn = {end[0] for arrow in answer.arrows for end in (arrow.end, *arrow.branches)}
    assert drawn == {"thigh"}
    # The hip is still lit, and still named in the words.
    assert {place.region.slug for place in answer.connected} == {"hip", "thigh"}
    assert "hip" in answer.glance[0].words


@pytest.fixture
def cited_link(make_link):
    return make_link(
        summary="The neck refers to the wrist.",
        explanation="Because the nerve passes there.",
        how_to_tell="Turn the head.",
    )


def test_a_rows_details_are_a_page_of_their_own_without_javascript(client, cited_link):
    response = client.get(f"/links/details/?ids={cited_link.pk}")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Because the nerve passes there." in html and "It says so." in html


def test_a_rows_details_for_htmx_are_only_the_explanations(client, cited_link):
    response = client.get(f"/links/details/?ids={cited_link.pk}", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<title" not in html
    assert "Turn the head." in html and "<blockquote" in html


@pytest.mark.parametrize("ids", ["", "abc", "999999", "1,,x"])
def test_details_of_no_published_link_are_a_404(client, ids, db):
    assert client.get(f"/links/details/?ids={ids}").status_code == 404


def test_details_without_a_question_say_where_to_find_them(client, db):
    for url in ("/links/details/", "/warnings/"):
        response = client.get(url)
        assert response.status_code == 200 and "Choose a part of the body" in response.text


def test_details_never_show_a_draft_link(client, cited_link):
    cited_link.status = Status.DRAFT
    cited_link.save()
    assert client.get(f"/links/details/?ids={cited_link.pk}").status_code == 404


def test_details_take_a_fixed_number_of_queries(client, make_link, django_assert_num_queries):
    ids = ",".join(str(make_link().pk) for _ in range(6))
    # The links with their parts (1), citations with sources (1), symptoms (1).
    with django_assert_num_queries(3):
        assert client.get(f"/links/details/?ids={ids}").status_code == 200


FRAGMENT_BUDGET = 40 * 1024  # bytes of a click's htmx answer, uncompressed, at 1x content


def test_no_places_htmx_answer_is_over_forty_kilobytes(client, shipped_content):
    sizes = {}
    for region in Region.objects.published():
        # Each side, and the region as a whole (both sides selected): every address a click has.
        for place in [*region.places(), Place(region, None)]:
            response = client.get(place.get_absolute_url(), HTTP_HX_REQUEST="true")
            sizes[place.get_absolute_url()] = len(response.content)
    assert {url: size for url, size in sizes.items() if size > FRAGMENT_BUDGET} == {}


def test_a_warnings_reasons_are_a_page_of_their_own_and_a_fragment(
    client, make_red_flag, make_region
):
    flag = make_red_flag(regions=[make_region()], explanation="It may be cauda equina syndrome.")
    page = client.get(f"/warnings/?ids={flag.pk}").content.decode()
    assert "<html" in page and "It may be cauda equina syndrome." in page
    fragment = client.get(f"/warnings/?ids={flag.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and flag.advice in fragment
    assert client.get("/warnings/?ids=0").status_code == 404


def test_the_svg_download_puts_the_glance_lines_first(client, shipped_content):
    svg = client.get("/regions/lower-back/export.svg").content.decode()
    first = svg.index("• Sciatica: from lower back into")
    assert first < svg.index('class="view view-front"')


def test_a_look_alike_row_names_the_condition_it_can_look_like(client, shipped_content):
    page = client.get("/regions/left-wrist/").content.decode()
    assert "Cervical radiculopathy" in page
    assert "(can look like carpal tunnel syndrome)" in page
    assert "(can look like )" not in page
