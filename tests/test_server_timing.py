"""The opt-in Server-Timing header that `make bench` reads (bodymap/timing.py)."""

import re

import pytest

TIMING = re.compile(r'^app;dur=([\d.]+), db;dur=([\d.]+);desc="(\d+) queries"$')


@pytest.fixture
def region_with_a_link(make_link, make_region):
    wrist = make_region(slug="wrist")
    make_link(felt_in=wrist)
    return wrist


def test_no_server_timing_unless_asked_for(client, region_with_a_link):
    response = client.get("/regions/left-wrist/")
    assert response.status_code == 200
    assert "Server-Timing" not in response


@pytest.mark.parametrize("htmx", [False, True])
def test_server_timing_counts_the_queries_a_page_makes(
    client, settings, region_with_a_link, django_assert_num_queries, htmx
):
    settings.SERVER_TIMING = True
    headers = {"HX-Request": "true"} if htmx else {}
    client.get("/regions/left-wrist/", headers=headers)  # warm the drawing's cache
    response = client.get("/regions/left-wrist/", headers=headers)
    match = TIMING.match(response["Server-Timing"])
    assert match, response["Server-Timing"]
    app_ms, db_ms, queries = float(match[1]), float(match[2]), int(match[3])
    assert queries > 0
    assert 0 < db_ms <= app_ms
    # The same request again, counted by pytest-django: the header told the truth.
    with django_assert_num_queries(queries):
        client.get("/regions/left-wrist/", headers=headers)


def test_server_timing_on_a_page_without_queries(client, settings, db):
    settings.SERVER_TIMING = True
    response = client.get("/static/does-not-exist.css")
    assert TIMING.match(response["Server-Timing"])
