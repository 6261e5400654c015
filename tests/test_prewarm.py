"""After an edit, every place's answer is built before the first reader asks for it."""

import time

import pytest

from conditions import prewarm
from conditions.models import ContentVersion, ReferralLink, Region
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


@pytest.fixture
def new_server_process(settings, monkeypatch):
    """This process as a server worker that has not served yet, with warming on."""
    settings.BODYMAP_PREWARM = True
    prewarm.stop_watching()
    yield
    prewarm.stop_watching()


def warmed_for_the_current_version(timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if prewarm.last_warmed == ContentVersion.current() and prewarm.wait(timeout):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_new_process_warms_every_answer_when_it_first_serves(
    client, new_server_process, django_assert_num_queries
):
    from conditions import content

    content.load()
    assert client.get("/healthz").status_code == 200  # any first request, not a place's
    assert warmed_for_the_current_version()
    for url in ["/regions/lower-back/", "/regions/right-knee/"]:
        with django_assert_num_queries(1):  # the content version: the answer was built already
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_edit_another_process_saved_is_warmed_here_before_a_reader_asks(
    client, new_server_process, django_assert_num_queries
):
    from conditions import content

    content.load()
    client.get("/healthz")
    assert warmed_for_the_current_version()
    # As another worker's save looks from here: new rows and a new version, and no signal.
    ReferralLink.objects.filter(slug="sciatica-lower-back-to-foot").update(
        summary="Saved by another worker."
    )
    ContentVersion.objects.create()
    assert warmed_for_the_current_version()
    with django_assert_num_queries(1):
        html = client.get("/regions/lower-back/", HTTP_HX_REQUEST="true").content.decode()
    assert "Saved by another worker." in html


def test_only_a_process_first_request_starts_watching(client, db, new_server_process, monkeypatch):
    started = []
    monkeypatch.setattr(prewarm, "_watch", lambda: started.append("watching"))
    for _ in range(3):
        client.get("/healthz")
    assert started == ["watching"]
