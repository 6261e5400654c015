"""Random slugs, query parameters, headers and methods against every public URL: never a 500.

Every URL pattern outside the admin is found by walking the URL resolver, so new pages are
fuzzed without editing this file. `make test` runs a short pass ("ci" profile); `make fuzz`
runs the same test for longer (HYPOTHESIS_PROFILE=long).
"""

import os
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conditions import content
from conditions.models import Condition, Mechanism, Region, Symptom
from tests.public_urls import every_route

# The fixtures are shared by all the examples of a test on purpose: the requests only read.
# No deadline: these machines are shared and noisy, and slowness is the benchmarks' business.
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=60, **_COMMON)
settings.register_profile("long", max_examples=3000, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# 410: a live class that has ended; 429: too many wrong class codes from one address (the fuzz
# guesses codes far faster than any student types them).
ALLOWED = {200, 301, 302, 303, 304, 307, 308, 400, 404, 405, 410, 429}
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
# Query parameters the public views read; random names are drawn as well.
KNOWN_PARAMETERS = ["q", "from", "to", "mechanism", "direction", "symptom", "show", "present", "at"]
HTMX_HEADERS = [
    "HX-Request",
    "HX-Target",
    "HX-Trigger",
    "HX-Trigger-Name",
    "HX-Current-URL",
    "HX-History-Restore-Request",
    "HX-Boosted",
    "HX-Prompt",
]
OTHER_HEADERS = ["Accept", "Accept-Language", "Cookie", "Referer", "Content-Type", "Range"]


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def real_slugs(django_db_setup, django_db_blocker) -> list[str]:
    """Slugs that lead somewhere, mixed with the random ones so the fuzz reaches real pages.

    The shipped content is loaded once for the module, inside a transaction rolled back at the
    end, so the tests after this module start from an empty database as usual.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        content.load()
        with_slugs = [Condition, Mechanism, Symptom]
        if apps.is_installed("lessons"):
            from lessons import content as lessons_content

            lessons_content.load()
            with_slugs.append(apps.get_model("lessons", "Lesson"))
        if apps.is_installed("classroom"):
            from django.contrib.auth.models import User

            from classroom.models import ClassSession

            educator = User.objects.create_user("fuzz-educator", is_staff=True)
            class_codes = [ClassSession.start(educator).code]  # so class pages are reached
        else:
            class_codes = []
        places = [place.slug for region in Region.objects.all() for place in region.places()]
        others = [
            slug for model in with_slugs for slug in model.objects.values_list("slug", flat=True)
        ]
        yield places + others + class_codes
        transaction.set_rollback(True)


def percent_encoded_bytes(raw: bytes) -> str:
    # Every byte as %XX, so invalid UTF-8 such as %ff%fe reaches the server as it was sent.
    return "".join(f"%{byte:02x}" for byte in raw)


def values(real: list[str]) -> st.SearchStrategy[str]:
    """A value for a path segment or a query parameter, already percent-encoded."""
    return st.one_of(
        st.sampled_from(real),
        st.sampled_from(["left-", "right-", "left-left-wrist", "-", "0", "-1", "1" * 30]),
        st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True),
        st.text(max_size=40).map(lambda text: quote(text, safe="")),
        # Digits and numbers of every script ("²", "①", "٣"): str.isdigit() said yes to some
        # of them and int() then refused them, a 500 that plain text reached too rarely.
        st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4).map(
            lambda text: quote(text, safe="")
        ),
        st.binary(min_size=1, max_size=12).map(percent_encoded_bytes),
        st.sampled_from(["%ff%fe", "%00", "%c0%af", "%ed%a0%80", "%e2%82"]),
        st.integers(min_value=2_000, max_value=20_000).map(lambda n: "a" * n),  # oversized
        st.integers(min_value=0, max_value=10**30).map(str),
    )


def header_values() -> st.SearchStrategy[str]:
    # WSGI hands headers over as latin-1 text: bytes 0x80-0xff arrive as these characters.
    latin1 = st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f")
    return st.one_of(
        st.sampled_from(["true", "false", "", "1", "#details", "details", "/", "http://["]),
        st.text(alphabet=latin1, max_size=60),
        st.integers(min_value=2_000, max_value=20_000).map(lambda n: "x" * n),
        st.builds(lambda v: f"http://testserver/{v}", st.text(alphabet=latin1, max_size=40)),
    )


def query_strings(real: list[str]) -> st.SearchStrategy[str]:
    names = st.one_of(
        st.sampled_from(KNOWN_PARAMETERS),
        st.text(max_size=12).map(lambda text: quote(text, safe="")),
        st.binary(min_size=1, max_size=4).map(percent_encoded_bytes),
    )
    pairs = st.lists(st.tuples(names, values(real)), max_size=6)
    return pairs.map(lambda items: "&".join(f"{name}={value}" for name, value in items))


@pytest.mark.parametrize("route", every_route(), ids=lambda route: route.name)
@settings(PROFILE)
@given(data=st.data())
def test_no_request_to_a_public_url_makes_a_server_error(real_slugs, route, data):
    # Half real slugs, half anything: random slugs alone would only ever meet a 404.
    segment = st.one_of(st.sampled_from(real_slugs), values(real_slugs))
    path = route.fill({name: data.draw(segment, label=name) for name in route.parameters})
    query = data.draw(query_strings(real_slugs), label="query")
    # GET half the time: other methods stop at read_only's 405.
    method = data.draw(st.one_of(st.just("GET"), st.sampled_from(METHODS)), label="method")
    header_names = st.sampled_from(HTMX_HEADERS + OTHER_HEADERS)
    headers = data.draw(st.dictionaries(header_names, header_values(), max_size=4))
    body = data.draw(st.binary(max_size=64), label="body") if method != "GET" else b""

    # The test client re-raises an exception a view lets escape, with its traceback; a view
    # that answers 500 by itself fails the status check below.
    response = Client().generic(
        method, path + ("?" + query if query else ""), body, headers=headers
    )
    assert response.status_code in ALLOWED, (method, path, query, headers)


@settings(PROFILE)
@given(data=st.data())
def test_several_places_at_once_never_make_a_server_error(real_slugs, data):
    # The pattern page reads `at` many times over (2 to 10 places): random lists of real and
    # made-up places, duplicates, empty values, more than the limit. (Its download reads them
    # through the same function.)
    path = "/pattern/"
    places = data.draw(
        st.lists(
            st.one_of(st.sampled_from(real_slugs), values(real_slugs), st.just("")), max_size=14
        ),
        label="at",
    )
    headers = data.draw(st.sampled_from([{}, {"HX-Request": "true"}]), label="headers")
    query = "&".join(f"at={place}" for place in places)
    response = Client().get(f"{path}?{query}", headers=headers)
    assert response.status_code in ALLOWED, (path, query, headers)


# Values a random search reaches only rarely; every route and parameter gets each of them.
NASTY = [
    "%00",
    "lower-back%00",
    "%ff%fe",
    "%c0%af",
    "a" * 5_000,
    "9" * 30,
    "%0d%0a",
    "..%2f",
    quote("²"),
    quote("1①"),
    quote("٣"),
]


@pytest.mark.parametrize("nasty", NASTY, ids=lambda value: value[:12])
def test_nasty_values_in_every_parameter_of_every_route(real_slugs, nasty):
    client = Client()
    for route in every_route():
        fine = working_parameters(route, real_slugs)
        query = "&".join(f"{name}={nasty}" for name in KNOWN_PARAMETERS)
        urls = [route.fill(fine) + "?" + query]
        urls += [route.fill({**fine, name: nasty}) for name in route.parameters]
        for url in urls:
            for headers in [{}, {"HX-Request": "true", "HX-Current-URL": nasty}]:
                response = client.get(url, headers=headers)
                assert response.status_code in ALLOWED, (url, headers)


def working_parameters(route, real_slugs: list[str]) -> dict[str, str]:
    """Parameters that make `route` a real page, so the nasty query reaches its view's code."""
    for slug in real_slugs:
        values = {name: "1" if kind == "int" else slug for name, kind in route.parameters.items()}
        if not route.parameters or Client().get(route.fill(values)).status_code == 200:
            return values
    return values


def test_the_fuzz_reaches_real_pages(real_slugs):
    """Guards the test above: without real slugs it would only ever see 404s."""
    assert any(slug.startswith("left-") for slug in real_slugs)
    assert Client().get(f"/regions/{real_slugs[0]}/").status_code == 200
