"""Against a real gunicorn with production settings, behind a (pretend) proxy, with Redis
unreachable: what Django's test client would hide (CSRF, HEAD bodies, Host and
X-Forwarded-For headers as bytes on a socket, 500 pages instead of exceptions)."""

import re
import sqlite3
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.admin_editor import Browser
from tests.live_http import LiveServer, live_server, parse_response
from tests.public_urls import public_routes
from tests.test_fuzz_public_urls import (
    ALLOWED,
    HTMX_HEADERS,
    METHODS,
    OTHER_HEADERS,
    PROFILE,
    header_values,
    query_strings,
    values,
)

UNSAFE = ["POST", "PUT", "PATCH", "DELETE"]
# gunicorn itself refuses a request line over 4094 bytes (414) before Django sees it.
LIVE_ALLOWED = ALLOWED | {414}
ADMIN_PASSWORD = "a-long-admin-password-for-live-tests"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> LiveServer:
    directory = tmp_path_factory.mktemp("live")
    with live_server(
        directory,
        DJANGO_SECURE_PROXY_SSL_HEADER="true",
        REDIS_URL="redis://127.0.0.1:1/0",  # nothing listens there: Redis is down
    ) as live:
        live.env["DJANGO_SUPERUSER_PASSWORD"] = ADMIN_PASSWORD
        live.manage("createsuperuser", "--noinput", "--username", "admin", "--email", "a@b.org")
        yield live


@pytest.fixture(scope="module")
def real_slugs(server) -> list[str]:
    with sqlite3.connect(server.env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        regions = db.execute("SELECT slug, bilateral FROM conditions_region").fetchall()
        others = [
            slug
            for table in ["conditions_condition", "conditions_mechanism", "lessons_lesson"]
            for (slug,) in db.execute(f"SELECT slug FROM {table} WHERE status = 'published'")
        ]
    places = [
        f"{side}-{slug}" for slug, bilateral in regions if bilateral for side in ("left", "right")
    ]
    places += [slug for slug, bilateral in regions if not bilateral]
    # A live class, so its public page (/class/<code>/) is reached too; first, so that no
    # wrong code counts against this address before it (joining is rate limited).
    start_a_class = (
        "from django.contrib.auth.models import User; from classroom.models import ClassSession; "
        "print(ClassSession.start(User.objects.get(username='admin')).code)"
    )
    code = server.manage("shell", "-c", start_a_class).split()[-1]
    return [code] + places + others


@pytest.fixture(scope="module")
def page_paths(server, real_slugs) -> dict[str, str]:
    """A path per public route that the live server answers with 200."""
    paths = {}
    for route in public_routes():
        for slug in real_slugs:
            filled = {
                name: "1" if kind == "int" else slug for name, kind in route.parameters.items()
            }
            if server.request("GET", route.fill(filled))[0] == 200:
                paths[route.name] = route.fill(filled)
                break
            if not route.parameters:
                break
    assert set(paths) == {route.name for route in public_routes()}, "a route never answered 200"
    return paths


def test_unsafe_methods_on_public_pages_get_405_not_the_csrf_403(server, page_paths):
    for path in page_paths.values():
        for method in UNSAFE:
            status, headers, _ = server.request(
                method, path, {"Content-Type": "application/x-www-form-urlencoded"}, b"a=1"
            )
            assert status == 405, (method, path)
            assert headers["allow"] == "GET, HEAD"


def test_head_answers_200_without_a_body(server, page_paths):
    for path in [*page_paths.values(), "/healthz"]:
        status, headers, body = server.request("HEAD", path)
        assert status == 200, path
        assert body == b"", path
        assert headers["content-type"] == server.request("GET", path)[1]["content-type"]


def test_with_redis_down_pages_answer_and_healthz_says_degraded(server):
    assert server.request("GET", "/healthz")[::2] == (200, b"ok, cache degraded\n")
    for headers in [{}, {"HX-Request": "true"}]:
        status, _, body = server.request("GET", "/regions/lower-back/", headers)
        assert status == 200
        assert b"lower back" in body.lower()


def sign_in_form(server: LiveServer) -> tuple[str, str]:
    """The CSRF cookie and the form's token, as a browser would have them."""
    _, headers, body = server.request("GET", "/admin/login/")
    cookie = re.search(r"csrftoken=([^;]+)", headers["set-cookie"])[1]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
    return cookie, token


@pytest.mark.parametrize("forwarded", ["1.2.3.4:5678", "[2001:db8::1]:443", "unknown"])
def test_sign_in_behind_a_proxy_with_an_odd_forwarded_address(server, forwarded):
    cookie, token = sign_in_form(server)
    body = f"csrfmiddlewaretoken={token}&username=nobody&password=wrong".encode()
    headers = {
        "Cookie": f"csrftoken={cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": f"198.51.100.9, {forwarded}",
    }
    status, _, page = server.request("POST", "/admin/login/?next=/admin/", headers, body)
    assert status == 200
    assert b"Please enter the correct username and password" in page


def test_a_refused_form_shows_our_page_within_the_csp(server):
    status, headers, body = server.request(
        "POST", "/admin/login/", {"Content-Type": "application/x-www-form-urlencoded"}, b"a=1"
    )
    assert status == 403
    assert b"Nothing was saved" in body
    assert "style-src 'self'" in headers["content-security-policy"]
    assert b"<style" not in body and b" style=" not in body


def test_a_bad_host_header_is_400_and_one_log_line(server):
    status, _, _ = parse_response(server.raw(b"GET / HTTP/1.0\r\nHost: attacker.example\r\n\r\n"))
    assert status == 400
    log = server.log.read_text()
    assert len([line for line in log.splitlines() if "attacker.example" in line]) == 1
    assert "Traceback" not in log


def test_two_editors_saving_one_link_live(server):
    with sqlite3.connect(server.env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        (link,) = db.execute("SELECT id FROM conditions_referrallink LIMIT 1").fetchone()
    path = f"/admin/conditions/referrallink/{link}/change/"
    first, second = Browser(server.base_url), Browser(server.base_url)
    first.sign_in("admin", ADMIN_PASSWORD)
    second.sign_in("admin", ADMIN_PASSWORD)
    form_one = [(k, v) for k, v in first.form(path, "referrallink_form") if k != "summary"]
    form_two = [(k, v) for k, v in second.form(path, "referrallink_form") if k != "summary"]
    saved, _ = first.request(path, [*form_one, ("summary", "First editor."), ("_save", "Save")])
    refused, page = second.request(path, [*form_two, ("summary", "Second."), ("_save", "Save")])
    assert saved == 302
    assert refused == 200
    assert "Someone else saved this entry after you opened it." in page
    assert "First editor." in page and "Second." in page


@pytest.mark.parametrize("route", public_routes(), ids=lambda route: route.name)
@settings(PROFILE, max_examples=min(PROFILE.max_examples, 25))
@given(data=st.data())
def test_fuzz_a_live_server_with_csrf_enforced(server, real_slugs, route, data):
    segment = st.one_of(st.sampled_from(real_slugs), values(real_slugs))
    path = route.fill({name: data.draw(segment, label=name) for name in route.parameters})
    query = data.draw(query_strings(real_slugs), label="query")
    method = data.draw(st.one_of(st.just("GET"), st.sampled_from(METHODS)), label="method")
    names = st.sampled_from(HTMX_HEADERS + OTHER_HEADERS)
    headers = data.draw(st.dictionaries(names, header_values(), max_size=3), label="headers")
    # Header values go over the wire as latin-1 on one line: no line breaks to split them.
    headers = {k: re.sub(r"[\r\n]", " ", v)[:4000] for k, v in headers.items()}
    body = data.draw(st.binary(max_size=64), label="body") if method != "GET" else b""
    target = quote(path, safe="/%-_.~") + ("?" + query if query else "")
    status, _, _ = server.request(method, target, headers, body)
    assert status in LIVE_ALLOWED, (method, target, headers)
