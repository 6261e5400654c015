"""The answer for several places is fetched in a constant number of queries."""

import pytest
from django.template.loader import render_to_string

from conditions.models import Citation, Condition, Place, RedFlag, ReferralLink, Source
from conditions.views import map_context
from patterns.answer import SHOWN_EXPLANATIONS, PatternAnswer


@pytest.fixture
def busy_places(make_region, make_condition, make_mechanism, make_red_flag, db):
    """`link_count` links among eleven regions, each of its own condition (a quarter of them
    "no direct link"), every one cited; five regions are chosen."""

    def build(link_count: int) -> list[Place]:
        regions = [make_region(order=n) for n in range(11)]
        mechanisms = [make_mechanism() for _ in range(3)]
        source = Source.objects.create(slug="article", title="Article")
        conditions = Condition.objects.bulk_create(
            Condition(slug=f"bulk-{i}", name=f"Condition {i}", summary="s", status="published")
            for i in range(link_count)
        )
        look_alike = make_condition()
        kinds = ["causes", "shares_cause", "mimics", "no_direct_link"]
        ReferralLink.objects.bulk_create(
            ReferralLink(
                slug=f"link-{i}",
                origin=regions[i % 11],
                felt_in=regions[(i + 1 + i // 11 % 10) % 11],  # never its origin
                condition=conditions[i],
                mechanism=mechanisms[i % 3],
                kind=kinds[i // 5 % 4],
                look_alike=look_alike if kinds[i // 5 % 4] == "mimics" else None,
                evidence="direct",
                summary=f"Link {i}",
                status="published",
            )
            for i in range(link_count)
        )
        Citation.objects.bulk_create(
            Citation(link=link, source=source, passage="It says so.")
            for link in ReferralLink.objects.all()
        )
        for n, region in enumerate(regions[:5]):
            flag = make_red_flag(regions=[region], title=f"Warning {n}", urgency="urgent")
            flag.conditions.set(conditions[:3])
        return [Place(region, "left") for region in regions[:5]]

    return build


@pytest.mark.parametrize("link_count", [10, 1000])
def test_five_places_take_five_queries_however_many_links_there_are(
    busy_places, django_assert_num_queries, link_count
):
    places = busy_places(link_count)
    context = map_context(None)
    regions = context["published_regions"]
    with django_assert_num_queries(5):
        answer = PatternAnswer.build(places, regions)
        html = render_to_string("patterns/pattern.html#panel", {**context, "answer": answer})
    assert answer.explanations, "the content joins some of the places"
    assert len(answer.explanations) <= SHOWN_EXPLANATIONS
    assert "Source: <cite>Article</cite>" in html
    assert html.count("data-condition=") == len(answer.explanations)
    assert RedFlag.objects.count() == 5 and "Warning 0" in html
