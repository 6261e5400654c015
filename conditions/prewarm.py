"""After an edit, build every place's answer before the first reader asks for it.

An edit changes the content version, and answers are cached under the version, so without this
the first click on each place after any edit pays for building its answer (219 ms at 100x the
shipped content). The save itself must not wait: the edit's signal asks for a warm-up once the
transaction commits, and one background thread per process does it, again if edits keep coming.
With a shared cache (Redis) the process that saved warms the answers for every worker.

The other workers must not wait for a reader either: with the default per-process cache each
keeps answers of its own, and a process that has just started (a new worker, a restart, a
deploy) has none. So a server process, from its first request on, watches the content version
(one query a second) and warms its answers when it starts and whenever the version changes,
whichever process or command made the edit.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction

logger = logging.getLogger(__name__)

WATCH_SECONDS = 1.0  # how soon a worker learns of another's edit

_lock = threading.Lock()
_wanted = threading.Event()
_thread: threading.Thread | None = None
_served = False  # whether this process has had a request yet
_watcher: threading.Thread | None = None
_stop_watching = threading.Event()
last_warmed: str | None = None  # the content version this process's answers were last built for


def enabled() -> bool:
    return getattr(settings, "BODYMAP_PREWARM", True)


def after_commit() -> None:
    """Warm the answers once the current transaction commits (now, outside one)."""
    if enabled():
        transaction.on_commit(start)


def on_first_request(sender, **kwargs) -> None:
    """`request_started` receiver: a server process starts watching when it first serves (not
    at start-up, which every manage.py command goes through too)."""
    global _served, _watcher
    with _lock:
        if _served:
            return
        _served = True
        if not enabled():
            return
        _stop_watching.clear()
        _watcher = threading.Thread(target=_watch, name="bodymap-version-watch", daemon=True)
        _watcher.start()


def _watch() -> None:
    from conditions.models import ContentVersion

    seen, failing = None, False
    while True:
        try:
            version = ContentVersion.current()
            failing = False
        except Exception:  # the database is away: readers get its error page meanwhile
            if not failing:
                logger.warning("Watching the content version failed", exc_info=True)
            version, failing = seen, True
        finally:
            connection.close()  # this thread's own, not held between looks
        if version != seen and enabled():
            seen = version
            start()
        if _stop_watching.wait(WATCH_SECONDS):
            return


def stop_watching(timeout: float = 10.0) -> None:
    """End this process's watching (tests); the next first request starts it again."""
    global _served, _watcher
    _stop_watching.set()
    if _watcher is not None:
        _watcher.join(timeout)
    _watcher, _served = None, False
    wait(timeout)


def start() -> None:
    """Warm the answers in the background; a run under way runs once more afterwards."""
    global _thread
    _wanted.set()
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="bodymap-prewarm", daemon=True)
            _thread.start()


def _run() -> None:
    global _thread, last_warmed
    from conditions.models import ContentVersion
    from conditions.views import warm_region_answers

    while True:
        _wanted.clear()
        try:
            close_old_connections()
            version = ContentVersion.current()
            warm_region_answers()  # stops early if the version changes meanwhile
            if ContentVersion.current() == version:
                last_warmed = version
        except Exception:  # a warm-up is an optimisation: readers build what it could not
            logger.exception("Warming the region answers after an edit failed")
        finally:
            connection.close()  # this thread's own connection
        with _lock:
            if not _wanted.is_set():
                _thread = None
                return


def wait(timeout: float = 30.0) -> bool:
    """Wait for a warm-up under way (tests, `make bench`); True when none is left running."""
    thread = _thread
    if thread is not None:
        thread.join(timeout)
    return _thread is None or not _thread.is_alive()
