"""A region's answer is rendered once per version of the content, and every kind of edit a page
shows makes a new version, so a reader never sees a stale answer."""

import re

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from conditions.models import Citation, ContentVersion, RedFlag, ReferralLink

URL = "/regions/left-wrist/"


@pytest.fixture
def wrist_link(make_region, make_link):
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist")
    neck = make_region(slug="side-of-neck", name="Side of the neck", shape_key="side-of-neck")
    return make_link(origin=neck, felt_in=wrist, summary="The neck refers to the wrist.")


def page(client) -> str:
    return client.get(URL).content.decode()


def test_a_second_reader_gets_the_answer_for_one_query(
    client, wrist_link, django_assert_num_queries
):
    client.get(URL)
    with django_assert_num_queries(1):  # the content version; everything else is cached
        html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "The neck refers to the wrist." in html


def details(client, link) -> str:
    """What a reader sees on opening the link's row: its address is in the answer."""
    html = page(client)
    url = re.search(r'<a href="(/links/details/\?ids=[0-9,]+)"', html)[1]
    assert str(link.pk) in url.split("=")[1].split(",")
    return client.get(url).content.decode()


def test_filters_are_answered_separately(client, wrist_link):
    page(client)
    html = client.get(URL + "?direction=outgoing").content.decode()
    assert "The neck refers to the wrist." not in html
    assert "The neck refers to the wrist." in page(client)


def test_editing_a_link_shows_at_once(client, wrist_link):
    page(client)
    wrist_link.summary = "Tight scalenes can be felt at the wrist."
    wrist_link.save()
    assert "Tight scalenes can be felt at the wrist." in page(client)


def test_editing_a_cited_passage_shows_at_once(client, wrist_link):
    page(client)
    citation = Citation.objects.get(link=wrist_link)
    citation.passage = "The scalenes refer pain down the arm."
    citation.save()
    # Passages open on demand, from the row's own address.
    assert "The scalenes refer pain down the arm." in details(client, wrist_link)


def test_adding_a_symptom_to_a_link_shows_at_once(client, wrist_link, make_symptom):
    page(client)
    wrist_link.symptoms.add(make_symptom(name="Tingling"))
    assert "<dt>Felt as</dt><dd>tingling</dd>" in details(client, wrist_link)


def test_deleting_a_red_flag_shows_at_once(client, wrist_link, make_red_flag):
    make_red_flag(regions=[wrist_link.felt_in], title="Sudden weakness of the hand")
    assert "Sudden weakness of the hand" in page(client)
    RedFlag.objects.get().delete()
    assert "Sudden weakness of the hand" not in page(client)


def test_unpublishing_a_link_shows_at_once(client, wrist_link):
    page(client)
    wrist_link.status = "draft"
    wrist_link.save()
    assert "The neck refers to the wrist." not in page(client)


def test_a_bulk_write_changes_the_version_when_it_says_so(client, wrist_link):
    page(client)
    ReferralLink.objects.update(summary="Changed in bulk.")
    assert "Changed in bulk." not in page(client)  # update() sends no signal...
    ContentVersion.bump()  # ...so code that writes in bulk bumps the version itself
    assert "Changed in bulk." in page(client)


def test_the_version_changes_with_every_edit_and_never_comes_back(wrist_link):
    seen = {ContentVersion.current()}
    for summary in ["One", "Two", "One"]:
        wrist_link.summary = summary
        wrist_link.save()
        seen.add(ContentVersion.current())
    assert len(seen) == 4


def test_migrating_changes_the_version(wrist_link):
    # A data migration writes without signals, and a deploy may draw pages differently.
    before = ContentVersion.current()
    call_command("migrate", verbosity=0)
    assert ContentVersion.current() != before


def test_the_signal_flush_sends_starts_a_new_version_too(wrist_link):
    # What `flush` sends after emptying the tables: post_migrate without the historical apps.
    # (Flushing itself cannot run inside a test's transaction on PostgreSQL.)
    before = ContentVersion.current()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert ContentVersion.current() not in (before, "none")
