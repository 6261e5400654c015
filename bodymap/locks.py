"""One run at a time for commands that write shared data (load_content, load_lessons).

Two loads at once on PostgreSQL both saw an entry missing, both created it, and the second
died on the unique slug with an IntegrityError traceback. `exclusively()` makes the second wait
for the first and then see what it wrote, or, after `wait` seconds, stop with a message.

- PostgreSQL: a transaction-level advisory lock, released when the transaction ends (even if the
  process dies), so nothing is ever left locked.
- SQLite: our transactions are IMMEDIATE (settings.py), so the transaction itself takes the
  database's write lock and a second writer waits for it; only the wait is set here.
"""

import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction


class Busy(Exception):
    """Another run held the lock for longer than we were willing to wait."""


@contextmanager
def exclusively(
    name: str, *, wait: float = 60.0, on_wait: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """A transaction that no other `exclusively(name)` runs beside. `on_wait` is called once
    if another holds the lock, so a command can say why it pauses."""
    if connection.vendor == "sqlite":
        # Waiting happens at BEGIN IMMEDIATE, for the connection's busy timeout.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            usual = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        try:
            with transaction.atomic():
                yield
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            raise Busy(f"another run kept the database locked for more than {wait:g} s") from None
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(usual)}")
        return
    key = zlib.crc32(f"bodymap:{name}".encode())  # the same number in every process
    with transaction.atomic():
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(key):
            if not told:
                on_wait()
                told = True
            if time.monotonic() >= deadline:
                raise Busy(f"another {name} run is still going after {wait:g} s")
            time.sleep(0.2)
        yield


def _try_lock(key: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        return cursor.fetchone()[0]
