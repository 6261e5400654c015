"""Playwright against Debian's Chromium (Playwright's own browser download cannot work here)."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from conditions import content

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = os.environ.get("CHROMIUM_PATH")
    if not chromium:
        pytest.fail("CHROMIUM_PATH is not set: run the browser tests through `make test`.")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # live_server serves static files through the finders, which know no hashed manifest names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def console_problems(page):
    """Console errors, uncaught exceptions and CSP violations seen by the page, as text."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    # Init scripts run outside the page's CSP, so this listener itself is never blocked.
    page.add_init_script(
        """document.addEventListener('securitypolicyviolation', (e) => {
             console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
           });"""
    )
    return problems


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; returns the violations (id, impact, nodes' targets)."""
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


@pytest.fixture
def editor_page(live_server, transactional_db, page):
    """The shipped content, and `page` signed in to the admin as a Content editor."""
    content.load()
    # Transactional tests empty every table, including the group a migration made.
    migration = importlib.import_module("conditions.migrations.0002_content_editor_group")
    migration.create_group(apps, schema_editor=None)
    user = User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editor"))
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()
    return page


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the shipped content loaded."""
    content.load()
    return live_server.url
