"""Live class pages: starting, joining, presenting, following, and who may do what."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from classroom.models import CODE_ALPHABET, CODE_LENGTH, ClassSession, Poll, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator_client(client, educator):
    client.force_login(educator)
    return client


@pytest.fixture
def live_class(educator) -> ClassSession:
    return ClassSession.start(educator)


def test_a_staff_user_starts_a_class_from_what_they_show(educator_client, make_region):
    region = make_region(slug="lower-back", bilateral=False)
    response = educator_client.post("/class/start/", {"path": f"/regions/{region.slug}/?present=1"})
    session = ClassSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/class/{session.code}/present/"
    assert session.view_path == "/regions/lower-back/"  # presentation mode is not followed


def test_a_class_code_is_easy_to_read_aloud(educator):
    codes = {ClassSession.start(educator).code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1IL")


@pytest.mark.parametrize("path", ["https://evil.example/", "/admin/", "/class/start/", "nonsense"])
def test_a_class_starts_on_the_map_when_the_page_cannot_be_followed(educator_client, path):
    educator_client.post("/class/start/", {"path": path})
    assert ClassSession.objects.get().view_path == "/"


def test_only_staff_start_a_class(client):
    student = User.objects.create_user("student", password="a-long-password-1")
    client.force_login(student)
    assert client.post("/class/start/").status_code == 403
    client.logout()
    assert client.post("/class/start/").status_code == 302  # to the sign-in page
    assert not ClassSession.objects.exists()


def test_starting_a_class_needs_a_csrf_token(educator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(educator)
    assert client.post("/class/start/").status_code == 403
    assert not ClassSession.objects.exists()


def test_the_presenter_page_shows_the_join_code_and_a_qr_code(educator_client, live_class):
    response = educator_client.get(f"/class/{live_class.code}/present/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-join-code="{live_class.code}"' in html
    assert re.search(r"<svg[^>]*data-join-qr", html)
    assert f"http://testserver/class/{live_class.code}/" in html
    assert 'data-action="start-poll"' in html


def test_the_start_button_is_on_the_map_for_staff_only(client, educator_client, make_region):
    assert "Start a live class" in educator_client.get("/").content.decode()
    educator_client.logout()
    assert "Start a live class" not in client.get("/").content.decode()


def test_a_student_follows_without_an_account(client, live_class, make_region):
    region = make_region(slug="lower-back", bilateral=False)
    live_class.view_path = region.get_absolute_url()
    live_class.save()
    response = client.get(f"/class/{live_class.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="details"' in html and 'data-selected="lower-back"' in html
    assert f'data-socket-path="/ws/class/{live_class.code}/"' in html


def test_the_state_fragment_is_what_a_reconnecting_page_swaps_in(client, live_class):
    response = client.get(f"/class/{live_class.code}/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="details"' in html and 'id="class-live"' in html and 'id="overlay"' in html


def test_a_code_is_forgiving_of_case_and_spaces(client, live_class):
    typed = live_class.code.lower()[:3] + " " + live_class.code.lower()[3:]
    response = client.get("/join/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/class/{live_class.code}/"


def test_the_join_form(client):
    response = client.get("/join/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


@pytest.mark.parametrize("code", ["ZZZZZZ", "abc", "0O1IL0", "%00", "x" * 300])
def test_an_unknown_code_is_a_clear_page(client, code):
    response = client.get(f"/class/{code}/")
    assert response.status_code == 404
    assert "There is no class with that code" in response.content.decode()


def test_an_ended_class_says_so(client, live_class):
    live_class.end()
    response = client.get(f"/class/{live_class.code}/")
    assert response.status_code == 410
    assert "This class has ended" in response.content.decode()


def test_guessing_codes_is_rate_limited(client, live_class):
    cache.clear()
    for _ in range(30):
        assert client.get("/join/", {"code": "ZZZZZZ"}).status_code == 404
    # Even the right code is refused now, or guessing could go on.
    response = client.get(f"/class/{live_class.code}/")
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()


def test_right_codes_do_not_count_towards_the_limit(client, live_class):
    for _ in range(40):
        assert client.get(f"/class/{live_class.code}/").status_code == 200


def test_only_the_educator_who_started_it_controls_a_class(client, live_class):
    other = User.objects.create_user("other", password="a-long-password-1", is_staff=True)
    client.force_login(other)
    code = live_class.code
    assert client.get(f"/class/{code}/present/").status_code == 403
    for url in [f"/class/{code}/show/", f"/class/{code}/end/", f"/class/{code}/polls/"]:
        assert client.post(url, {"path": "/", "question": "Where?"}).status_code == 403
    live_class.refresh_from_db()
    assert live_class.is_live and not live_class.polls.exists()


def test_a_superuser_may_control_any_class(client, live_class):
    admin = User.objects.create_superuser("admin", password="a-long-password-1")
    client.force_login(admin)
    assert client.get(f"/class/{live_class.code}/present/").status_code == 200


def test_showing_a_place_saves_it_for_the_room(educator_client, live_class, make_region):
    make_region(slug="wrist")
    response = educator_client.post(
        f"/class/{live_class.code}/show/", {"path": "/regions/left-wrist/?direction=incoming"}
    )
    assert response.status_code == 302
    live_class.refresh_from_db()
    assert live_class.view_path == "/regions/left-wrist/?direction=incoming"


@pytest.mark.parametrize("path", ["/regions/nowhere/", "/admin/", "//evil.example/x"])
def test_showing_something_that_is_not_a_map_view_is_refused(educator_client, live_class, path):
    response = educator_client.post(f"/class/{live_class.code}/show/", {"path": path})
    assert response.status_code in (400, 404)
    live_class.refresh_from_db()
    assert live_class.view_path == "/"


def test_ending_a_class_deletes_the_answers(educator_client, live_class):
    poll = Poll.objects.create(session=live_class, question="Where?")
    Vote.objects.create(poll=poll, voter="x", places=["lower-back"])
    response = educator_client.post(f"/class/{live_class.code}/end/")
    assert response.status_code == 302
    live_class.refresh_from_db()
    assert live_class.ended_at is not None
    assert not Poll.objects.exists() and not Vote.objects.exists()
    assert educator_client.get(f"/class/{live_class.code}/present/").status_code == 410


def test_an_idle_class_ends_by_itself(client, live_class):
    from datetime import timedelta

    from django.utils import timezone

    ClassSession.objects.filter(pk=live_class.pk).update(
        last_activity=timezone.now() - timedelta(hours=5)
    )
    assert client.get(f"/class/{live_class.code}/").status_code == 410
    live_class.refresh_from_db()
    assert live_class.ended_at is not None


def test_without_a_channel_layer_a_change_still_stands(settings, educator_client, live_class):
    """Redis down: the presenter's change is saved (the room fetches it on its next try)."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},  # nothing listens there
        }
    }
    response = educator_client.post(f"/class/{live_class.code}/polls/", {"question": "Where?"})
    assert response.status_code == 302
    assert live_class.polls.get().question == "Where?"


def test_every_control_and_the_vote_need_a_post_with_a_csrf_token(educator, live_class):
    from django.test import Client

    from tests.public_urls import every_route

    poll = Poll.objects.create(session=live_class, question="Where?")
    client = Client(enforce_csrf_checks=True)
    client.force_login(educator)
    targets = [
        r
        for r in every_route()
        if r.name.startswith("classroom:") and getattr(r.view, "public", True) is False
    ]
    posts = [r for r in targets if not getattr(r.view, "read_only", False)]
    assert {r.name for r in posts} >= {"classroom:start", "classroom:vote", "classroom:end"}
    for route in posts:
        path = route.fill({"code": live_class.code, "poll_id": str(poll.pk)})
        assert client.get(path).status_code == 405, path
        assert client.post(path, {"question": "Where?", "path": "/"}).status_code == 403, path
    live_class.refresh_from_db()
    assert live_class.is_live and live_class.polls.count() == 1


def test_the_idle_classes_command_ends_and_forgets(educator):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    idle, busy, old = (ClassSession.start(educator) for _ in range(3))
    Poll.objects.create(session=idle, question="Where?")
    ClassSession.objects.filter(pk=idle.pk).update(
        last_activity=timezone.now() - timedelta(hours=5)
    )
    long_ago = timezone.now() - timedelta(days=40)
    ClassSession.objects.filter(pk=old.pk).update(started_at=long_ago, ended_at=long_ago)
    call_command("end_idle_classes", stdout=None)
    idle.refresh_from_db()
    assert idle.ended_at is not None and not idle.polls.exists()
    assert ClassSession.objects.get(pk=busy.pk).is_live
    assert not ClassSession.objects.filter(pk=old.pk).exists()


def test_without_the_shared_cache_students_still_join(settings, client, live_class):
    """Redis down: wrong codes go uncounted for a while; nobody meets a 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert client.get("/join/", {"code": "ZZZZZZ"}).status_code == 404
    assert client.get(f"/class/{live_class.code}/").status_code == 200


def test_controls_send_a_stranger_to_sign_in(client, live_class):
    for path in ["show/", "end/", "polls/"]:
        response = client.post(f"/class/{live_class.code}/{path}", {"question": "Where?"})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
