import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[1]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Qp9vL2mN4bR8tY6wZ1" * 3,
    "DJANGO_ALLOWED_HOSTS": "bodymap.example.org",
}


def test_production_mode_passes_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_a_bad_boolean_stops_start_up_with_its_name():
    result = run_manage("check", DJANGO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='perhaps' is not a boolean" in result.stderr


@pytest.mark.django_db
def test_the_database_in_use_is_the_one_configured():
    """CI's PostgreSQL leg sets EXPECT_DATABASE_VENDOR, so a silent fallback to SQLite fails."""
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    if expected is None:
        url = os.environ.get("DATABASE_URL", "")
        expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


def test_the_default_sqlite_file_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    script = (
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('PRAGMA journal_mode')\n"
        "print(cursor.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'])\n"
    )
    db = tmp_path / "wal.sqlite3"
    result = run_manage(
        "shell", "-v", "0", "-c", script, DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{db}"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]
