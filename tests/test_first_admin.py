"""A new editor's first steps as the README gives them: `make admin`, then sign in."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def clean_environment(**env: str) -> dict[str, str]:
    """The shell of someone who just cloned: none of our variables set."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {**kept, **env}


def test_make_admin_creates_a_superuser_in_the_development_settings(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    result = subprocess.run(
        ["make", "--no-print-directory", "admin"],
        cwd=PROJECT,
        env=clean_environment(
            DATABASE_URL=f"sqlite:///{database}",
            # createsuperuser asks for these on a terminal; the test answers through them.
            DJANGO_SUPERUSER_USERNAME="first-editor",
            DJANGO_SUPERUSER_EMAIL="first@example.org",
            DJANGO_SUPERUSER_PASSWORD="a-long-first-password",
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Superuser created successfully." in result.stdout
    with sqlite3.connect(database) as db:
        row = db.execute(
            "SELECT is_superuser, is_staff FROM auth_user WHERE username = 'first-editor'"
        ).fetchone()
    assert row == (1, 1)


def test_the_readme_and_make_run_point_editors_to_make_admin():
    readme = (PROJECT / "README.md").read_text()
    makefile = (PROJECT / "Makefile").read_text()
    assert "make admin" in readme
    assert "createsuperuser" not in readme.split("## Deployment")[0]
    run_recipe = makefile.split("\nrun: $(VENV)")[1].split("\n\n")[0]
    assert "make admin" in run_recipe


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_command_without_the_secret_key_says_so_in_one_line():
    result = run_manage("createsuperuser", "--noinput", DJANGO_DEBUG="false")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off" in line
    assert "DJANGO_DEBUG=true" in line  # and how to set it


def test_a_bad_value_stops_any_command_with_one_line_naming_the_variable():
    for command in ["migrate", "load_content", "check"]:
        result = run_manage(command, DJANGO_DEBUG="true", DATABASE_URL="not a url")
        assert result.returncode == 1, command
        assert result.stderr.strip().splitlines() == [
            "manage.py: DATABASE_URL='not a url' is not a URL starting with one of: sqlite://, "
            "postgres://, postgresql://, pgsql://"
        ]
