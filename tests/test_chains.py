"""Chains of links between two regions: the pure graph search, then the shipped content and the
page (`/chains/?from=…&to=…`)."""

from dataclasses import dataclass
from itertools import count

import pytest
from django.core.cache import cache

from conditions.chains import find_chains

_ids = count(1)


@dataclass(frozen=True)
class FakeLink:
    origin_id: int
    felt_in_id: int
    kind: str = "causes"
    evidence: str = "direct"
    pk: int = 0

    def __post_init__(self):
        object.__setattr__(self, "pk", next(_ids))


def hops(chain) -> list[tuple[int, int]]:
    return [(link.origin_id, link.felt_in_id) for link in chain]


# --- The graph search, without a database --------------------------------------------------


def test_chains_follow_the_direction_of_links_and_come_shortest_first():
    links = [FakeLink(1, 2), FakeLink(2, 3), FakeLink(1, 3), FakeLink(3, 1)]
    result = find_chains(links, 1, 3)
    assert [hops(c) for c in result.chains] == [[(1, 3)], [(1, 2), (2, 3)]]
    assert find_chains(links, 3, 2).chains[0] == (links[3], links[0])
    assert result.complete


def test_a_no_direct_link_is_never_a_step_but_is_reported():
    negative = FakeLink(1, 3, kind="no_direct_link")
    links = [negative, FakeLink(1, 2), FakeLink(2, 3)]
    result = find_chains(links, 1, 3)
    assert [hops(c) for c in result.chains] == [[(1, 2), (2, 3)]]
    assert result.no_direct_links == [negative]
    # Asked the other way round, the statement is still relevant.
    assert find_chains(links, 3, 1).no_direct_links == [negative]


def test_chains_are_at_most_three_steps_and_never_loop():
    links = [FakeLink(1, 2), FakeLink(2, 3), FakeLink(3, 4), FakeLink(4, 5), FakeLink(3, 1)]
    assert [hops(c) for c in find_chains(links, 1, 4).chains] == [[(1, 2), (2, 3), (3, 4)]]
    assert find_chains(links, 1, 5).chains == []  # four steps away
    assert find_chains(links, 1, 1).chains == []


def test_among_chains_of_one_length_the_firmer_come_first():
    shared = FakeLink(1, 2, kind="shares_cause")
    mimic = FakeLink(1, 2, kind="mimics")
    debated_cause = FakeLink(1, 2, evidence="debated")
    cause = FakeLink(1, 2)
    chains = find_chains([shared, mimic, debated_cause, cause], 1, 2).chains
    assert [c[0] for c in chains] == [cause, debated_cause, mimic, shared]


def test_look_alikes_and_shared_causes_are_routes_on_their_own_but_never_chain():
    mimic = FakeLink(1, 2, kind="mimics")
    shared = FakeLink(2, 3, kind="shares_cause")
    cause = FakeLink(2, 3)
    links = [mimic, shared, cause, FakeLink(1, 4), FakeLink(4, 3)]
    assert find_chains(links, 1, 2).chains == [(mimic,)]
    assert find_chains(links, 2, 3).chains == [(cause,), (shared,)]
    # From 1 to 3 only the causal route chains: not through the look-alike, nor the shared cause.
    assert [hops(c) for c in find_chains(links, 1, 3).chains] == [[(1, 4), (4, 3)]]


def test_nothing_connects_unlinked_regions():
    result = find_chains([FakeLink(1, 2)], 2, 1)
    assert result.chains == [] and result.no_direct_links == [] and result.complete


def test_the_number_of_chains_is_bounded_and_the_cut_is_admitted():
    # 30 parallel links from 1 to 2, then 30 from 2 to 3: 900 two-step chains.
    links = [FakeLink(1, 2) for _ in range(30)] + [FakeLink(2, 3) for _ in range(30)]
    result = find_chains(links, 1, 3, max_chains=20)
    assert len(result.chains) == 20
    assert not result.complete


def test_a_dense_graph_is_searched_within_the_time_budget():
    import time

    nodes = range(60)
    links = [FakeLink(a, b) for a in nodes for b in nodes if a != b]  # 3,540 links
    started = time.monotonic()
    result = find_chains(links, 0, 59, time_budget=0.2)
    assert time.monotonic() - started < 2
    assert result.chains and len(result.chains) <= 20


# --- The shipped content --------------------------------------------------------------------


@pytest.fixture
def content(shipped_content):
    cache.clear()


def test_the_neck_reaches_the_lower_back_through_cord_compression_and_a_changed_walk(
    client, content
):
    from conditions.discover import ChainAnswer
    from conditions.models import Place, Region

    neck, lower_back = (Region.objects.get(slug=s) for s in ("back-of-neck", "lower-back"))
    answer = ChainAnswer.build(Place(neck, None), Place(lower_back, None))
    [first] = answer.chains[0].links  # the shortest chain: one step
    assert first.mechanism.slug == "spinal-cord-compression"
    assert first.condition.slug == "cervical-myelopathy"
    assert "gait-change" in {s.slug for s in first.condition.symptoms.all()}

    html = client.get("/chains/?from=back-of-neck&to=lower-back").content.decode()
    start = html.index('<li class="chain')
    first_chain = html[start : html.index("</li>", start)]
    assert "Spinal cord compression (myelopathy)".lower() in first_chain
    assert "change in walking (gait)" in first_chain
    assert "changes the way they walk" in first_chain


def test_the_wrist_reaches_the_lower_back_only_by_indirect_routes(client, content):
    from conditions.discover import ChainAnswer
    from conditions.models import Place, Region

    wrist, lower_back = (Region.objects.get(slug=s) for s in ("wrist", "lower-back"))
    answer = ChainAnswer.build(Place(wrist, None), Place(lower_back, None))
    steps = [link for chain in answer.chains for link in chain.links]
    assert answer.chains
    assert all(link.kind != "no_direct_link" for link in steps)
    # The one-step routes are shared causes and postural compensation, never a nerve route.
    direct_routes = {c.links[0].mechanism.slug for c in answer.chains if len(c.links) == 1}
    assert direct_routes == {"shared-cause", "postural-compensation"}
    assert not any(
        len(c.links) == 1 and c.links[0].kind == "causes" and c.links[0].evidence == "direct"
        for c in answer.chains
    )
    assert [link.slug for link in answer.no_direct_links] == [
        "cts-wrist-to-lower-back-no-direct-link"
    ]

    html = client.get("/chains/?from=left-wrist&to=lower-back").content.decode()
    no_direct = html.index('id="no-direct-heading"')
    assert no_direct < html.index('id="chains-heading"')  # stated before the routes
    assert "cannot directly cause lower back pain" in html
    assert "The chains below are the indirect routes they describe." in html
    assert "kind-no_direct_link" not in html.split('id="chains-heading"')[1]


def test_when_nothing_connects_the_page_says_so(client, content):
    html = client.get("/chains/?from=foot&to=head").content.decode()
    assert "No chain" in html
    assert "The articles describe no chain of up to three links" in html


# --- The page -----------------------------------------------------------------------------------


def test_the_chain_page_is_a_whole_page_with_the_diagram(client, content):
    response = client.get("/chains/?from=back-of-neck&to=lower-back")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert 'data-selected="back-of-neck lower-back"' in html
    assert 'class="body-map"' in html and "marker-end" in html
    assert "<title>From Back of the neck to Lower back · Body Map</title>" in html


def test_the_htmx_request_gets_the_panel_and_the_overlay(client, content):
    response = client.get(
        "/chains/?from=back-of-neck&to=lower-back", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert '<section id="details"' in html and 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, content):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get("/chains/?from=wrist&to=lower-back", headers=headers).content.decode()
    assert "<html" in html


def test_the_form_works_without_javascript(client, content):
    html = client.get("/chains/").content.decode()
    assert '<form class="chain-form" method="get" action="/chains/"' in html
    assert '<select id="chain-from" name="from" required>' in html
    assert '<select id="chain-to" name="to" required>' in html
    assert '<option value="back-of-neck">Back of the neck</option>' in html


def test_one_chain_can_be_shown_alone(client, content):
    all_drawn = client.get("/chains/?from=wrist&to=lower-back").content.decode()
    one = client.get("/chains/?from=wrist&to=lower-back&show=1").content.decode()
    assert one.count('class="arrow ') < all_drawn.count('class="arrow ')
    assert "The map shows chain 1." in one


@pytest.mark.parametrize(
    "query",
    ["?from=tail&to=lower-back", "?from=wrist&to=nowhere", "?from=left-lower-back&to=wrist"],
)
def test_an_unknown_place_is_a_404(client, content, query):
    assert client.get("/chains/" + query).status_code == 404


@pytest.mark.parametrize(
    "query", ["?from=wrist", "?to=wrist", "?from=&to=wrist", "?from=wrist&to="]
)
def test_a_missing_place_is_a_friendly_400(client, content, query):
    response = client.get("/chains/" + query)
    assert response.status_code == 400
    assert "choose both" in response.content.decode()


def test_draft_links_are_never_steps(client, content):
    from conditions.models import ReferralLink

    ReferralLink.objects.filter(slug="cervical-myelopathy-neck-to-lower-back").update(
        status="draft"
    )
    html = client.get("/chains/?from=back-of-neck&to=lower-back").content.decode()
    assert "Cervical myelopathy" not in html.split('id="chains-heading"')[1]


@pytest.mark.parametrize("extra_links", [0, 30])
def test_the_chain_page_takes_a_constant_number_of_queries(
    client, content, make_link, django_assert_num_queries, extra_links
):
    from conditions.models import Region

    neck = Region.objects.get(slug="back-of-neck")
    for _ in range(extra_links):
        make_link(origin=neck)
    url = "/chains/?from=back-of-neck&to=lower-back"
    client.get(url)  # warm the drawing's cache
    # The map frame's version (1: the diagram, mechanisms and regions, the two places' included,
    # come from the cache), every link in one query (1), then the citations, symptoms and
    # condition symptoms of the links shown (3).
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
