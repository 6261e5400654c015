"""A region's answer is fetched in a constant number of queries."""

import pytest

from conditions.map import SHOWN_PER_GROUP, MapFilters, RegionAnswer
from conditions.models import Citation, Condition, Place, ReferralLink, Source


@pytest.fixture
def busy_region(make_region, make_condition, make_mechanism, make_symptom, db):
    def build(link_count: int):
        wrist = make_region(slug="wrist")
        others = [make_region() for _ in range(10)]
        mechanisms = [make_mechanism() for _ in range(3)]
        source = Source.objects.create(slug="article", title="Article")
        symptom = make_symptom()
        conditions = Condition.objects.bulk_create(
            Condition(
                slug=f"bulk-condition-{i}", name=f"Condition {i}", summary="s", status="published"
            )
            for i in range(link_count)
        )
        links = [
            ReferralLink(
                slug=f"link-{i}",
                origin=wrist if i % 2 else others[i % 10],
                felt_in=others[i % 10] if i % 2 else wrist,
                condition=conditions[i],
                mechanism=mechanisms[i % 3],
                kind=["causes", "shares_cause", "mimics", "no_direct_link"][i // 20 % 4],
                evidence="direct",
                summary=f"Link {i}",
                status="published",
            )
            for i in range(link_count)
        ]
        # "mimics" needs a look-alike: give those links one.
        look_alike = make_condition()
        for link in links:
            if link.kind == "mimics":
                link.look_alike = look_alike
        ReferralLink.objects.bulk_create(links)
        saved = list(ReferralLink.objects.all())
        Citation.objects.bulk_create(
            Citation(link=link, source=source, passage="It says so.") for link in saved
        )
        ReferralLink.symptoms.through.objects.bulk_create(
            ReferralLink.symptoms.through(referrallink=link, symptom=symptom) for link in saved
        )
        return wrist

    return build


@pytest.mark.parametrize("link_count", [10, 1000])
def test_a_regions_answer_takes_five_queries_however_many_links_there_are(
    busy_region, django_assert_num_queries, link_count
):
    wrist = busy_region(link_count)
    with django_assert_num_queries(5):
        answer = RegionAnswer.build(Place(wrist, "left"), MapFilters())
        groups = answer.incoming + answer.outgoing
        listed = [row for group in groups for row in group.shown] + answer.no_direct_links
        shown = [
            (
                row.condition.name,
                row.mechanism.colour,
                [source.title for source in row.sources],
                row.best.summary,
            )
            for row in listed
        ]
    assert all(row[2] == ["Article"] and row[3].startswith("Link ") for row in shown)
    # Every link is drawn; a bounded number of rows is listed (five per mechanism and
    # direction), each naming every place its condition reaches there.
    rows = [row for group in groups for row in group.items]
    assert sum(len(row.links) for row in rows) + answer.no_direct_count == link_count
    assert len(listed) <= 3 * 2 * SHOWN_PER_GROUP + SHOWN_PER_GROUP
