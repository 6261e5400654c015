"""After an edit, build every place's answer before the first reader asks for it.

An edit changes the content version, and answers are cached under the version, so without this
the first click on each place after any edit pays for building its answer (219 ms at 100x the
shipped content). The save itself must not wait: the edit's signal asks for a warm-up once the
transaction commits, and one background thread per process does it, again if edits keep coming.
With a shared cache (Redis) the process that saved warms the answers for every worker.

A process that has just started (a new worker, a restart, a deploy) has nothing of its own
cached either, and with the default per-process cache every worker would build each place's
answer on its first click there: its first request starts the same warm-up.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_wanted = threading.Event()
_thread: threading.Thread | None = None
_served = False  # whether this process has had a request yet


def after_commit() -> None:
    """Warm the answers once the current transaction commits (now, outside one)."""
    if getattr(settings, "BODYMAP_PREWARM", True):
        transaction.on_commit(start)


def on_first_request(sender, **kwargs) -> None:
    """`request_started` receiver: warm this process's answers once, when it first serves."""
    global _served
    with _lock:
        if _served:
            return
        _served = True
    if getattr(settings, "BODYMAP_PREWARM", True):
        start()


def start() -> None:
    """Warm the answers in the background; a run under way runs once more afterwards."""
    global _thread
    _wanted.set()
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="bodymap-prewarm", daemon=True)
            _thread.start()


def _run() -> None:
    global _thread
    from conditions.views import warm_region_answers

    while True:
        _wanted.clear()
        try:
            close_old_connections()
            warm_region_answers()
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
