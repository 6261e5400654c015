"""After an edit, every place's answer is built before the first reader asks for it."""

import pytest

from conditions import prewarm
from conditions.models import ReferralLink, Region
from conditions.views import warm_region_answers


def test_warming_builds_every_answer_so_a_first_click_only_reads_the_version(
    client, shipped_content, django_assert_num_queries
):
    assert warm_region_answers() > len(Region.objects.published())
    for url in ["/regions/lower-back/", "/regions/left-wrist/", "/regions/hip/"]:
        with django_assert_num_queries(1):  # the content version; the answer is built
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_edit_warms_the_new_versions_answers_in_the_background(
    client, settings, django_assert_num_queries
):
    from conditions import content

    content.load()
    settings.BODYMAP_PREWARM = True
    link = ReferralLink.objects.get(slug="sciatica-lower-back-to-foot")
    link.summary = "Sciatica can be felt down to the foot."
    link.save()  # outside a transaction: commits at once, and the warm-up starts
    assert prewarm.wait(timeout=120)
    with django_assert_num_queries(1):
        html = client.get("/regions/lower-back/", HTTP_HX_REQUEST="true").content.decode()
    assert "Sciatica can be felt down to the foot." in html


def test_no_warm_up_is_asked_for_when_it_is_switched_off(
    settings, make_link, django_capture_on_commit_callbacks
):
    settings.BODYMAP_PREWARM = False
    with django_capture_on_commit_callbacks() as callbacks:
        make_link()
    assert prewarm.start not in callbacks


@pytest.mark.django_db(transaction=True)
def test_a_new_process_warms_every_answer_when_it_first_serves(
    client, settings, monkeypatch, django_assert_num_queries
):
    from conditions import content

    content.load()
    settings.BODYMAP_PREWARM = True
    monkeypatch.setattr(prewarm, "_served", False)  # as in a worker that has just started
    assert client.get("/healthz").status_code == 200  # any first request, not a place's
    assert prewarm.wait(timeout=120)
    for url in ["/regions/lower-back/", "/regions/right-knee/"]:
        with django_assert_num_queries(1):  # the content version: the answer was built already
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


def test_only_a_process_first_request_starts_a_warm_up(client, db, settings, monkeypatch):
    settings.BODYMAP_PREWARM = True
    monkeypatch.setattr(prewarm, "_served", False)
    started = []
    monkeypatch.setattr(prewarm, "start", lambda: started.append("warm-up"))
    for _ in range(3):
        client.get("/healthz")
    assert started == ["warm-up"]
