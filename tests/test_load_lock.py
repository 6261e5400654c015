"""Two content loads at once: the second waits for the first (or says it could not), never an
IntegrityError traceback."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bodymap import locks
from conditions.models import Region

ROOT = Path(__file__).resolve().parent.parent


def holding_the_lock(name: str, seconds: float, started: threading.Event):
    """Another run, in its own thread and database connection, holding the lock a while."""

    def run():
        try:
            with locks.exclusively(name):
                Region.objects.exists()  # a statement: SQLite takes its lock at BEGIN already
                started.set()
                time.sleep(seconds)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert started.wait(10)
    return thread


postgresql_only = pytest.mark.skipif(
    os.environ.get("EXPECT_DATABASE_VENDOR") != "postgresql",
    reason="threads sharing SQLite's in-memory test database lock tables, not the database",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_second_load_waits_for_the_first_and_says_so(capsys):
    other = holding_the_lock("load_content", 1.0, threading.Event())
    call_command("load_content", wait=10)
    other.join()
    out = capsys.readouterr().out
    assert "Another load is running: waiting for it to finish" in out
    assert Region.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_load_that_cannot_wait_long_enough_says_so_and_loads_nothing():
    other = holding_the_lock("load_content", 2.0, threading.Event())
    with pytest.raises(CommandError, match="Nothing loaded: another load_content run is still"):
        call_command("load_content", wait=0.3)
    other.join()
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_the_lock_is_per_command():
    # load_lessons need not wait for load_content: each takes its own lock.
    with locks.exclusively("load_content"), locks.exclusively("load_lessons", wait=0.1):
        pass


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the kind the suite runs on, outside the test database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path}/db.sqlite3"
        return
    import psycopg

    name = f"bodymap_load_lock_{os.getpid()}"
    base, _, _ = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_two_loads_at_once_on_a_fresh_database_both_finish(fresh_database_url):
    """Two real processes, as two deploy scripts or two terminals would start them. On
    PostgreSQL the second used to die on a unique slug with an IntegrityError traceback."""
    env = {**os.environ, "DJANGO_DEBUG": "true", "DATABASE_URL": fresh_database_url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    runs = [
        subprocess.Popen(
            [*manage, "load_content"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        out, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
        assert "Traceback" not in err
