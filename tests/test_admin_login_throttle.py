"""Admin sign-in is throttled (django-axes): five wrong passwords pause that account there."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory

from bodymap.proxy import client_ip

PASSWORD = "a-long-editor-password"  # the `editor` fixture's


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every test signs in a dozen times; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == "/admin/"


def fail(client: Client, times: int, username: str = "editor", address: str = "127.0.0.1"):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", address)
    return response


def test_a_wrong_password_shows_the_normal_form_again(client, editor):
    response = fail(client, 1)
    assert response.status_code == 200
    assert b"Please enter the correct username and password" in response.content


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, editor):
    assert fail(client, 5).status_code == 429
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_what_happened_and_when_to_try_again(client, editor):
    fail(client, 5)
    response = sign_in(client, "editor", PASSWORD)
    html = response.content.decode()
    assert "Sign-in is paused" in html
    assert "5 wrong passwords in a row" in html
    assert "Wait 15 minutes, then try again." in html
    assert "the account “editor”" in html
    # It is a page of the site, under the site's headers, not a bare line of text.
    assert "<footer" in html
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]


def test_a_successful_sign_in_resets_the_count(client, editor):
    fail(client, 4)
    assert signed_in(sign_in(client, "editor", PASSWORD))
    client.logout()
    fail(client, 4)
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_another_account_from_the_same_address_can_still_sign_in(client, editor):
    """A classroom shares one NAT address: one student's typos must not lock out the rest."""
    User.objects.create_user("teacher", password="another-long-password", is_staff=True)
    fail(client, 5, username="editor")
    assert signed_in(sign_in(client, "teacher", "another-long-password"))


def test_the_same_account_from_another_address_can_still_sign_in(client, editor):
    fail(client, 5, address="203.0.113.7")
    assert signed_in(sign_in(client, "editor", PASSWORD, address="198.51.100.2"))


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_trying_again_during_the_lockout_restarts_the_wait(client, editor):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    # 20 minutes after the fifth wrong password, but only 10 after the last try.
    assert sign_in(client, "editor", PASSWORD).status_code == 429


def test_axes_reset_unlocks_straight_away(client, editor):
    fail(client, 5)
    call_command("axes_reset", verbosity=0)
    assert signed_in(sign_in(client, "editor", PASSWORD))


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # A client can send its own X-Forwarded-For; the proxy appends the real address last.
        ("1.2.3.4, 203.0.113.7", "203.0.113.7"),
        ("", "10.0.0.1"),
        # Load balancers that append a port, IPv6 with or without brackets, and nonsense.
        ("1.2.3.4:5678", "1.2.3.4"),
        ("198.51.100.1, 1.2.3.4:5678", "1.2.3.4"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("unknown", "10.0.0.1"),
        ("1.2.3.4, unknown", "10.0.0.1"),
        ("999.1.1.1", "10.0.0.1"),
        ("1.2.3.4:port", "10.0.0.1"),
    ],
)
def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_appended(forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize("forwarded", ["1.2.3.4:5678", "[2001:db8::1]:443", "unknown", "a, b"])
def test_sign_in_behind_a_proxy_never_fails_on_an_odd_forwarded_address(
    client, editor, settings, forwarded
):
    # Production with DJANGO_SECURE_PROXY_SSL_HEADER=true sets this (tests run in debug mode).
    settings.AXES_CLIENT_IP_CALLABLE = "bodymap.proxy.client_ip"
    wrong = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "wrong"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert wrong.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == client_ip(
        RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded)
    )
    right = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert signed_in(right)


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_a_refused_next_address_lands_on_the_admin_index_not_a_404(client, editor, next_url):
    response = client.post(
        f"/admin/login/?next={next_url}", {"username": "editor", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
