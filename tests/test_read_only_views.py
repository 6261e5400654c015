"""Public pages only read: GET and HEAD are answered, every other method is a 405 saying what
is allowed, never the CSRF middleware's 403. The routes are found by walking the URL resolver,
so a page added without `@read_only` fails here."""

import pytest
from django.test import Client

from classroom.models import ClassSession
from conditions.models import Condition, Mechanism
from lessons.models import Lesson
from tests.public_urls import Route, public_routes

UNSAFE = ["POST", "PUT", "PATCH", "DELETE"]


@pytest.mark.parametrize("route", public_routes(), ids=lambda route: route.name)
def test_every_public_view_is_read_only(route):
    assert getattr(route.view, "read_only", False), (
        f"{route.name} ({route.template}) is public: decorate its view with "
        "bodymap.decorators.read_only"
    )


def working_path(route: Route) -> str:
    """The route filled with parameters that make it a real page (200)."""
    slugs = ["lower-back"] + [
        model.objects.published().first().slug for model in (Condition, Mechanism, Lesson)
    ]
    slugs += [session.code for session in ClassSession.objects.live()[:1]]  # a live class
    for slug in slugs:
        values = {name: "1" if kind == "int" else slug for name, kind in route.parameters.items()}
        if Client().get(route.fill(values)).status_code == 200:
            return route.fill(values)
    raise AssertionError(f"no slug makes {route.template} a page")


@pytest.fixture
def lessons_loaded(shipped_content):
    from django.contrib.auth.models import User

    from lessons import content

    content.load()
    ClassSession.start(User.objects.create_user("educator", is_staff=True))


def test_unsafe_methods_get_405_with_allow_even_with_csrf_enforced(lessons_loaded):
    # The test client skips CSRF unless asked: a browser or curl does not.
    client = Client(enforce_csrf_checks=True)
    for route in public_routes():
        path = working_path(route)
        for method in UNSAFE:
            response = client.generic(method, path, b"a=1", "application/x-www-form-urlencoded")
            assert response.status_code == 405, (method, path)
            assert response.headers["Allow"] == "GET, HEAD"


def test_head_answers_like_get_without_a_body(lessons_loaded):
    # The test client drops HEAD bodies itself; tests/test_live_http.py checks a real server.
    for route in public_routes():
        path = working_path(route)
        head, get = Client().head(path), Client().get(path)
        assert head.status_code == 200, path
        assert head.headers["Content-Type"] == get.headers["Content-Type"]


@pytest.mark.django_db
def test_healthz_answers_head_for_uptime_checkers(client):
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_refused_admin_form_gets_our_page_that_says_what_to_do():
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "a", "password": "b"}
    )
    assert response.status_code == 403
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert "reload the page" in text
    assert "<style" not in text and " style=" not in text  # the CSP would block inline styles
