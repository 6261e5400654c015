"""What `make run` prints while it loads the content: words that say what happened."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from conditions import content
from conditions.models import Condition
from lessons import content as lessons_content

# How many entries the shipped file has: the messages count them.
ENTRIES = sum(len(entries) for entries in content.read(content.DEFAULT_PATH).values())


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_content_says_what_it_created_then_that_everything_is_up_to_date():
    assert (
        run("load_content") == f"Loaded {ENTRIES} content entries: {ENTRIES} new (bodymap.yaml).\n"
    )
    assert run("load_content") == f"{ENTRIES} content entries already up to date (bodymap.yaml).\n"


@pytest.mark.django_db
def test_load_content_names_what_it_kept_and_how_to_overwrite_it(editor):
    run("load_content")
    condition = Condition.objects.get(slug="carpal-tunnel-syndrome")
    condition.summary = "An editor's better words."
    condition._history_user = editor
    condition.save()
    output = run("load_content")
    assert "keep      conditions/carpal-tunnel-syndrome: edited by editor" in output
    assert output.endswith(
        f"Loaded {ENTRIES} content entries: 1 kept as edited in the admin (--force overwrites "
        f"them), {ENTRIES - 1} already up to date (bodymap.yaml).\n"
    )


@pytest.mark.django_db
def test_load_lessons_says_the_lessons_are_already_up_to_date_on_a_second_run():
    lessons = len(yaml.safe_load(lessons_content.DEFAULT_PATH.read_text())["lessons"])
    run("load_content")
    assert run("load_lessons") == f"Loaded {lessons} lessons: {lessons} new.\n"
    assert run("load_lessons") == f"{lessons} lessons already up to date.\n"


@pytest.mark.django_db
def test_a_dry_run_says_nothing_was_saved():
    output = run("load_content", "--dry-run")
    assert output.endswith(
        f"Dry run, nothing saved; it would leave {ENTRIES} content entries: {ENTRIES} new "
        "(bodymap.yaml).\n"
    )


def test_the_admin_asks_for_favicon_ico_and_gets_the_icon(client, editor_client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    admin_page = editor_client.get("/admin/").content.decode()
    assert 'rel="icon"' in admin_page
