"""The answer cache: each answer stored once and compressed, read once per process, and a
cache outage that costs speed but never a page."""

import logging
import socket
import zlib

import pytest
from django.core.cache import cache
from django.test import override_settings

from conditions import answer_cache
from conditions.map import MapFilters, RegionAnswer
from conditions.models import ContentVersion

URL = "/regions/left-wrist/"

# Nothing listens on port 1: connecting is refused at once, as when Redis has stopped.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }
}


@pytest.fixture
def wrist_link(make_region, make_link):
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist")
    neck = make_region(slug="side-of-neck", name="Side of the neck", shape_key="side-of-neck")
    return make_link(origin=neck, felt_in=wrist, summary="The neck refers to the wrist.")


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_region_pages_and_fragments_answer_when_redis_is_unreachable(client, wrist_link):
    page = client.get(URL)
    fragment = client.get(URL, headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert "The neck refers to the wrist." in page.content.decode()
    assert "The neck refers to the wrist." in fragment.content.decode()


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_healthz_says_the_cache_is_degraded_but_the_site_is_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok, cache degraded\n"


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_an_outage_is_logged_once_not_per_request(client, wrist_link, caplog, monkeypatch):
    monkeypatch.setattr(answer_cache, "RETRY_SECONDS", 0)  # try Redis on every request
    with caplog.at_level(logging.WARNING, logger="conditions.answer_cache"):
        for direction in ["both", "incoming", "outgoing"] * 3:
            assert client.get(f"{URL}?direction={direction}").status_code == 200
    warnings = [r for r in caplog.records if r.name == "conditions.answer_cache"]
    assert len(warnings) == 1
    assert "cannot be reached" in warnings[0].getMessage()


def stored_region_answer(slug: str) -> bytes | None:
    """What the shared cache holds for the region's unfiltered answer, as stored."""
    key = ("region", ContentVersion.current(), slug, MapFilters().key)
    return cache.get(answer_cache.cache_key(key))


def test_each_answer_is_stored_once_and_compressed(client, wrist_link):
    fragment = client.get(URL, headers={"HX-Request": "true"}).content
    packed = stored_region_answer("left-wrist")
    # Compressed: well under the fragment (issue 11's leaner answers compress less than 3:1).
    assert len(packed) < len(fragment) / 2
    # The panel's text as often as the fragment has it: not a second copy of the panel.
    text = b"The neck refers to the wrist."
    assert zlib.decompress(packed).count(text) == fragment.count(text)


def test_a_second_click_in_the_same_process_does_not_read_the_shared_cache(
    client, wrist_link, monkeypatch
):
    client.get(URL)
    reads = []
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: reads.append(args))
    assert client.get(URL, headers={"HX-Request": "true"}).status_code == 200
    assert reads == []


def test_another_process_reads_what_one_built(client, wrist_link, monkeypatch):
    first = client.get(URL, headers={"HX-Request": "true"}).content
    answer_cache.clear_local()  # as in a second gunicorn worker
    monkeypatch.setattr(RegionAnswer, "build", lambda *args, **kwargs: pytest.fail("rebuilt"))
    assert client.get(URL, headers={"HX-Request": "true"}).content == first
    assert "The neck refers to the wrist." in client.get(URL).content.decode()


def test_the_local_layer_drops_the_least_recently_used_first():
    lru = answer_cache._LocalLRU(max_bytes=10)
    lru.put("a", "A", 4)
    lru.put("b", "B", 4)
    lru.get("a")
    lru.put("c", "C", 4)  # 12 bytes: "b" was used least recently
    assert lru.get("b") == (False, None)
    assert lru.get("a") == (True, "A")
    assert lru.get("c") == (True, "C")
    lru.put("huge", "H", 11)  # bigger than the whole layer: not kept, nothing dropped
    assert lru.get("huge") == (False, None)
    assert lru.get("a") == (True, "A")


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379 (.ci/run starts one)")
def test_with_a_real_redis_the_answer_is_shared_and_healthz_is_plain_ok(client, wrist_link):
    # Database 14 (this feature's issue number) keeps the shared Redis's other users apart.
    caches = {**UNREACHABLE_REDIS["default"], "LOCATION": "redis://127.0.0.1:6379/14"}
    with override_settings(CACHES={"default": caches}):
        cache.clear()
        first = client.get(URL, headers={"HX-Request": "true"}).content
        answer_cache.clear_local()
        assert client.get(URL, headers={"HX-Request": "true"}).content == first
        assert client.get("/healthz").content == b"ok\n"
        cache.clear()
