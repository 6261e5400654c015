"""Every kind of response carries the security headers: pages, fragments, errors and the admin."""

import pytest
from django.test import Client

from tests.test_settings import run_manage

# Each kind of response the site makes, as (name, path, extra request headers, signed in).
RESPONSES = [
    ("home page", "/", {}, False),
    ("region page", "/regions/left-wrist/", {}, False),
    ("htmx fragment", "/regions/left-wrist/", {"HX-Request": "true"}, False),
    ("health check", "/healthz", {}, False),
    ("not found", "/no-such-page/", {}, False),
    ("admin sign-in", "/admin/login/", {}, False),
    ("admin page", "/admin/conditions/region/", {}, True),
]


@pytest.fixture
def responses(editor, make_region):
    make_region(slug="wrist", shape_key="wrist")
    visitor, signed_in = Client(), Client()
    signed_in.force_login(editor)
    return {
        name: (signed_in if as_editor else visitor).get(path, headers=headers)
        for name, path, headers, as_editor in RESPONSES
    }


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("name", [name for name, *_ in RESPONSES])
def test_every_response_carries_the_security_headers(responses, name):
    response = responses[name]
    assert response.status_code in (200, 404)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # Without DJANGO_FRAME_ANCESTORS nobody may frame the site, in old browsers or new.
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_the_fragment_really_is_a_fragment(responses):
    # Guards the test above: it must check an htmx swap, not a second full page.
    assert b"<html" not in responses["htmx fragment"].content
    assert b"<html" in responses["region page"].content


def test_no_policy_allows_inline_or_evaluated_code(responses):
    for response in responses.values():
        policy = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy


HEADERS_SCRIPT = (
    "from django.test import Client\n"
    "response = Client().get('/healthz')\n"
    "print(response.status_code)\n"
    "print(response.headers.get('X-Frame-Options', 'absent'))\n"
    "print(response.headers['Content-Security-Policy'])\n"
)


def headers_with(tmp_path, **env: str) -> tuple[str, str, str]:
    """The settings decide framing at start-up, so each case runs in a fresh process."""
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        HEADERS_SCRIPT,
        DJANGO_DEBUG="true",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'frame.sqlite3'}",
        **env,
    )
    assert result.returncode == 0, result.stderr
    status, frame_options, policy = result.stdout.strip().splitlines()
    assert status == "200"
    return frame_options, policy


def test_without_frame_ancestors_the_site_cannot_be_framed(tmp_path):
    frame_options, policy = headers_with(tmp_path)
    assert frame_options == "DENY"
    assert "frame-ancestors 'none'" in policy


def test_frame_ancestors_lets_the_chosen_sites_embed_the_map(tmp_path):
    frame_options, policy = headers_with(
        tmp_path, DJANGO_FRAME_ANCESTORS="https://course.example.org, https://lms.example.edu"
    )
    # X-Frame-Options cannot name origins: sent at all, it would block the course pages.
    assert frame_options == "absent"
    assert "frame-ancestors 'self' https://course.example.org https://lms.example.edu" in policy


def test_a_frame_ancestor_that_is_not_an_origin_stops_start_up(tmp_path):
    result = run_manage(
        "check", DJANGO_DEBUG="true", DJANGO_FRAME_ANCESTORS="https://a.example.org; script-src *"
    )
    assert result.returncode != 0
    assert "DJANGO_FRAME_ANCESTORS" in result.stderr
