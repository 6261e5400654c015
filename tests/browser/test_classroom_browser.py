"""A live class in Chromium: one presenter and three students, each in their own browser
context, against the real ASGI application (uvicorn in a thread) with its WebSockets."""

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from bodymap.asgi import application
from classroom.models import ClassSession
from conditions import content
from lessons import content as lesson_content
from tests.browser.conftest import axe_violations

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def asgi_server(transactional_db):
    """The ASGI application (HTTP and WebSockets) served by uvicorn on a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def site(asgi_server):
    content.load()
    lesson_content.load()
    return asgi_server


@pytest.fixture
def presenter(browser, site):
    educator = User.objects.create_user("educator", password="a-long-password-1", is_staff=True)
    client = Client()
    client.force_login(educator)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    host = site.split("//")[1].split(":")[0]
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "domain": host,
        "path": "/",
    }
    context.add_cookies([cookie])
    page = context.new_page()
    yield page
    context.close()


def _watch(page, problems):
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))


@pytest.fixture
def students(browser):
    contexts = [browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)]
    contexts += [browser.new_context(viewport={"width": 1024, "height": 768}) for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def region(page, place: str):
    return page.locator(f'svg.body-map a.region[data-region="{place}"]').first


def wait_selected(page, place: str, timeout: float):
    page.wait_for_selector(
        f'svg.body-map a.region.is-selected[data-region="{place}"]',
        state="attached",
        timeout=timeout,
    )


def test_a_live_class_follows_polls_and_reveals(site, presenter, students, request, tmp_path):
    problems: list[str] = []
    for page in [presenter, *students]:
        _watch(page, problems)

    # The educator starts a class from the map.
    presenter.goto(site + "/regions/lower-back/")
    presenter.get_by_role("button", name="Start a live class").click()
    expect(presenter.locator("[data-join-code]")).to_be_visible()
    code = presenter.locator("[data-join-code]").get_attribute("data-join-code")
    assert ClassSession.objects.get().code == code
    expect(presenter.locator("svg[data-join-qr]")).to_be_visible()
    expect(presenter.locator("#class-connection")).to_contain_text("Live")

    # Students join: one types the code, the others open the address.
    phone = students[0]
    phone.goto(site + "/join/")
    phone.get_by_label("Class code").fill(code.lower())
    phone.get_by_role("button", name="Join").click()
    for page in students[1:]:
        page.goto(f"{site}/class/{code}/")
    for page in students:
        expect(page.locator("#class-connection")).to_contain_text("follows the lecturer")
        wait_selected(page, "lower-back", timeout=1000)

    # What the presenter selects appears on every student's page within a second.
    region(presenter, "back-of-neck").click()
    wait_selected(presenter, "back-of-neck", timeout=2000)
    for page in students:
        wait_selected(page, "back-of-neck", timeout=1000)
        expect(page.locator("#details-heading")).to_have_text("Back of the neck")
    assert phone.url.endswith(f"/class/{code}/")  # the student's address stays the class's

    # A student looks around on their own, then rejoins the lecturer.
    looker = students[2]
    region(looker, "left-wrist").click()
    wait_selected(looker, "left-wrist", timeout=2000)
    follow = looker.get_by_role("link", name="Follow the lecturer")
    expect(follow).to_be_visible()
    region(presenter, "lower-back").click()
    wait_selected(students[1], "lower-back", timeout=1000)
    time.sleep(0.3)
    expect(region(looker, "left-wrist")).to_have_class(re.compile(r"\bis-selected\b"))
    follow.click()
    wait_selected(looker, "lower-back", timeout=1000)
    expect(follow).to_be_hidden()

    # The presenter asks "where?"; the suggested question comes from the selected place.
    question = presenter.locator("#poll-question")
    expect(question).to_have_value("Where might a problem in the lower back be felt?")
    presenter.locator('button[data-action="start-poll"]').click()
    for page in students:
        expect(page.locator("#class-live h2")).to_have_text(
            "Where might a problem in the lower back be felt?"
        )
    expect(presenter.locator("[data-answered]")).to_have_text("0")

    # Students tap places and send; the count rises live on the projector.
    answers = [["left-buttock", "right-buttock"], ["left-buttock"], ["left-wrist"]]
    for page, places in zip(students, answers, strict=True):
        for place in places:
            region(page, place).click()
        for place in places:
            expect(region(page, place)).to_have_class(re.compile(r"\bis-chosen\b"))
        page.locator('button[data-action="submit-vote"]').click()
        expect(page.locator(".vote-sent")).to_have_text("Answer sent.")
    expect(presenter.locator("[data-answered]")).to_have_text("3")
    # Hidden until shown: no heat map anywhere yet.
    assert presenter.locator("svg.body-map a.region[data-votes]").count() == 0

    # Both screens, mid-poll, pass an accessibility scan.
    assert axe_violations(phone) == []
    assert axe_violations(presenter) == []

    presenter.locator('button[data-action="show-results"]').click()
    expect(region(presenter, "left-buttock")).to_have_attribute("data-votes", "2")
    expect(region(presenter, "left-wrist")).to_have_attribute("data-votes", "1")
    expect(region(presenter, "back-of-neck")).to_have_attribute("data-votes", "0")
    expect(region(students[1], "left-buttock")).to_have_attribute("data-votes", "2")

    # A student changes their answer: the heat map follows without a reload.
    wrist = students[2]
    region(wrist, "left-wrist").click()  # unchoose
    region(wrist, "left-buttock").click()
    wrist.locator('button[data-action="submit-vote"]').click()
    expect(region(presenter, "left-buttock")).to_have_attribute("data-votes", "3")
    expect(region(presenter, "left-wrist")).to_have_attribute("data-votes", "0")
    expect(presenter.locator("[data-answered]")).to_have_text("3")

    # `make screenshots` keeps these for the README; otherwise they go to the test's folder.
    folder = SCREENSHOTS if request.config.getoption("--screenshots") else tmp_path
    presenter.locator(".class-side").evaluate("side => side.scrollTo(0, 0)")
    presenter.screenshot(path=str(folder / "live-class-presenter-1280x720.png"))
    phone.locator("#class-live").scroll_into_view_if_needed()
    phone.screenshot(path=str(folder / "live-class-student-phone.png"))

    # Reveal: right places and the rest are told apart on every screen.
    presenter.locator('button[data-action="reveal"]').click()
    expect(region(presenter, "left-buttock")).to_have_attribute("data-answer", "right")
    expect(region(presenter, "left-buttock")).to_have_attribute("data-votes", "3")
    expect(region(phone, "left-buttock")).to_have_attribute("data-answer", "right")
    expect(presenter.locator("#class-results")).to_contain_text("In the answer")

    # A student's socket drops; once it is back, the page shows the current view at once.
    phone.evaluate("() => window.bodymapSocket.close()")
    region(presenter, "right-wrist").click()
    wait_selected(students[1], "right-wrist", timeout=1000)
    wait_selected(phone, "right-wrist", timeout=3000)
    expect(phone.locator("#class-connection")).to_contain_text("follows the lecturer")

    # The presenter ends the class; the room is told, and the address says so.
    presenter.get_by_role("button", name="End the class").click()
    for page in students:
        expect(page.locator("#class-live")).to_contain_text("This class has ended")
    phone.reload()
    expect(phone.locator("h1")).to_have_text("This class has ended")
    # The ended class's pages answer 410 Gone, which Chromium logs; nothing else went wrong.
    assert [problem for problem in problems if "410 (Gone)" not in problem] == []
