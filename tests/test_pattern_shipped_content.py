"""With the shipped content, a combination the articles describe is explained first by the
condition they give for it."""

import re

import pytest
from django.db import transaction

from conditions import content
from lessons import content as lesson_content


@pytest.fixture(scope="module")
def _shipped(django_db_setup, django_db_blocker):
    # Loaded once for the module (it takes seconds), inside a transaction rolled back at the
    # end, as tests/test_fuzz_public_urls.py does: the requests only read.
    with django_db_blocker.unblock(), transaction.atomic():
        content.load()
        lesson_content.load()
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_shipped")]


def explanations(client, query: str) -> list[tuple[str, str]]:
    """The ranked explanations of a pattern (a query string) or of a page's address."""
    html = client.get(query if query.startswith("/") else "/pattern/?" + query).content.decode()
    return re.findall(r'data-condition="([^"]+)" data-explains="([^"]*)"', html)


def test_lower_back_calf_and_foot_are_sciatica_first(client):
    # "Sciatica refers to pain that radiates along the path of the sciatic nerve, which runs
    # from the lower back down the legs" (Can back pain cause numbness and tingling?).
    found = explanations(client, "at=lower-back&at=left-calf-and-shin&at=left-foot")
    assert found[0] == ("sciatica", "lower-back left-calf-and-shin left-foot")
    assert ("herniated-disc", "lower-back left-calf-and-shin left-foot") in found[:3]


def test_a_neck_and_a_hand_are_cervical_radiculopathy_first(client):
    # "Cervical radiculopathy ... can produce radiating pain, numbness, and tingling that
    # travels down the arm and into the hand" (Can Carpal Tunnel Syndrome Cause Back Pain?).
    found = explanations(client, "at=back-of-neck&at=left-hand")
    assert found[0] == ("cervical-radiculopathy", "back-of-neck left-hand")


def test_neck_hand_and_leg_together_fit_spinal_cord_compression_and_say_so_first(client):
    html = client.get("/pattern/?at=back-of-neck&at=left-hand&at=left-calf-and-shin")
    html = html.content.decode()
    first = re.search(r'data-condition="([^"]+)" data-explains="([^"]*)"', html).groups()
    assert first == ("cervical-myelopathy", "back-of-neck left-hand left-calf-and-shin")
    warnings = html.index('class="red-flags"')
    assert warnings < html.index('class="explanations')
    assert "These places together fit <strong>cervical myelopathy" in html
    assert 'class="urgency-emergency is-combination"' in html  # weakness in both legs


def test_wrist_and_lower_back_say_there_is_no_direct_link_and_why_both_happen(client):
    html = client.get("/pattern/?at=left-wrist&at=lower-back").content.decode()
    assert "What the articles say does not connect directly" in html
    shared = re.search(r"Shared causes the articles give for both: ([^.]*)\.", html)[1]
    assert {"Diabetes", "Rheumatoid arthritis"} <= set(shared.split(", "))
    found = re.findall(r'data-condition="([^"]+)"', html)
    assert found[0] == "carpal-tunnel-syndrome"  # through posture, not a nerve


def test_every_explanation_names_the_places_it_accounts_for(client):
    html = client.get("/pattern/?at=back-of-neck&at=left-hand&at=head&at=left-knee")
    html = html.content.decode()
    for explains in re.findall(r'data-explains="([^"]*)"', html):
        assert len(explains.split()) >= 2
    assert "Places nothing connects" in html


def test_the_shipped_lesson_on_several_places_follows_the_articles(client):
    step = "/lessons/several-places-at-once/{}/"
    sciatica = explanations(client, step.format(1))
    assert sciatica[0] == ("sciatica", "lower-back left-buttock left-calf-and-shin left-foot")
    neck = client.get(step.format(2)).content.decode()
    assert re.search(r'data-condition="([^"]+)"', neck)[1] == "cervical-myelopathy"
    assert "These places together fit <strong>cervical myelopathy" in neck
    wrist = client.get(step.format(3), headers={"HX-Request": "true"}).content.decode()
    assert "What the articles say does not connect directly" in wrist
    assert 'data-condition="carpal-tunnel-syndrome" data-explains="right-wrist lower-back"' in wrist
    assert lesson_content.load()[-1].action == "unchanged"  # the new field loads idempotently


def test_a_search_naming_several_places_leads_to_what_may_connect_them(client):
    html = client.get("/search/", {"q": "stiff neck, tingling fingers and sore lower back"})
    link = re.search(r'<p class="search-pattern"><a href="([^"]+)"', html.content.decode())[1]
    assert link == "/pattern/?at=back-of-neck&amp;at=hand&amp;at=lower-back"
    found = explanations(client, link.replace("&amp;", "&"))
    assert found[0][0] == "cervical-myelopathy"  # neck, hands and lower back together
