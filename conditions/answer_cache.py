"""Rendered answers, shared through the Django cache (Redis in production), with a small
per-process layer in front and no dependence on the cache being up.

Keys must include the content version (`ContentVersion.current()`): an entry then never goes
stale, so the per-process layer needs no invalidation, and old versions simply age out.

- Stored once and compressed: a region's answer is up to ~120 KB of HTML (36 KB typically)
  that zlib shrinks four- to six-fold, so a miss in this process reads 8-22 KB from Redis
  where it read up to ~250 KB (the panel and overlay were stored beside the swap holding them).
- Read once per process: a hit in the in-process LRU costs no network round trip at all.
- A cache outage degrades, never breaks: when the shared cache cannot be reached the answer is
  built as if it were a miss, the failure is logged at most once a minute, and the shared cache
  is left alone for a few seconds so that a dead Redis does not add a timeout to every click.
  `/healthz` reports it (`degraded()`).
"""

import logging
import pickle
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

# Entries of old content versions only need to leave a shared cache that does not evict them.
TIMEOUT_SECONDS = 60 * 60
# How many bytes of built answers each process keeps (unpacked, as pickled); a region's answer
# is 36 KB typically, so this holds the several hundred a class clicks through in an hour.
LOCAL_BYTES = 32 * 1024 * 1024
# After a failure the shared cache is skipped this long, then tried again.
RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60
PREFIX = "bodymap:answer:"


class _LocalLRU:
    """Least recently used entries leave first, once their total size passes `max_bytes`."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # gunicorn's threaded workers share a process

    def get(self, key: str) -> tuple[bool, Any]:
        with self._lock:
            if key not in self._entries:
                return False, None
            self._entries.move_to_end(key)
            return True, self._entries[key][0]

    def put(self, key: str, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._size -= self._entries.pop(key)[1]
            self._entries[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


_local = _LocalLRU(LOCAL_BYTES)
_failed_at: float | None = None  # when the shared cache last failed
_logged_at: float | None = None  # when that was last logged


def get_or_build(key_parts: Iterable[object], builder: Callable[[], Any]) -> Any:
    """The value cached under `key_parts` (which include the content version), or `builder()`,
    stored for the next reader. The value must pickle and must not be changed by the caller."""
    key = cache_key(key_parts)
    found, value = _local.get(key)
    if found:
        return value
    packed = _shared_get(key)
    if packed is not None:
        raw = zlib.decompress(packed)
        value = pickle.loads(raw)
    else:
        value = builder()
        raw = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        # Level 1: nearly all of the gain on HTML, at a fraction of the time of the default.
        _shared_set(key, zlib.compress(raw, 1))
    _local.put(key, value, len(raw))
    return value


def cache_key(key_parts: Iterable[object]) -> str:
    return PREFIX + ":".join(str(part) for part in key_parts)


def degraded() -> bool:
    """Whether the shared cache failed recently (pages are then built on every request)."""
    return _failed_at is not None and time.monotonic() - _failed_at < LOG_EVERY_SECONDS


def reachable() -> bool:
    """Whether the shared cache answers now (for /healthz); a failure counts as one."""
    try:
        cache.get(PREFIX + "healthz")
    except Exception as error:
        _failed(error)
        return False
    return True


def clear_local() -> None:
    """Forget this process's layer (tests; the shared cache has its own clear())."""
    global _failed_at, _logged_at
    _local.clear()
    _failed_at = _logged_at = None


def _shared_get(key: str) -> bytes | None:
    if _skipping():
        return None
    try:
        return cache.get(key)
    except Exception as error:  # any backend's outage: see _failed()
        _failed(error)
        return None


def _shared_set(key: str, packed: bytes) -> None:
    if _skipping():
        return
    try:
        cache.set(key, packed, timeout=TIMEOUT_SECONDS)
    except Exception as error:
        _failed(error)


def _skipping() -> bool:
    return _failed_at is not None and time.monotonic() - _failed_at < RETRY_SECONDS


def _failed(error: Exception) -> None:
    # Redis raises its own ConnectionError and TimeoutError, other backends their own: which
    # one does not matter, the page is built without the cache all the same.
    global _failed_at, _logged_at
    now = time.monotonic()
    _failed_at = now
    if _logged_at is None or now - _logged_at >= LOG_EVERY_SECONDS:
        _logged_at = now
        logger.warning(
            "The shared cache cannot be reached (%s: %s): building answers without it, "
            "and trying it again every %s s. Logged at most once a minute.",
            type(error).__name__,
            error,
            RETRY_SECONDS,
        )
