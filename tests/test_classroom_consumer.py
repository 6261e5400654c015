"""The live class's WebSocket, through Channels' own test communicator and the real ASGI
application (origin check, session authentication, routing), on the in-memory channel layer."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.test import Client

from bodymap.asgi import application
from classroom.models import ClassSession, Poll

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest.fixture
def live_class(educator) -> ClassSession:
    return ClassSession.start(educator)


def socket(path: str, client: Client | None = None, origin=ORIGIN) -> WebsocketCommunicator:
    headers = [origin] if origin else []
    if client is not None:
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def run(coroutine_function):
    # On a thread of its own: the browser tests' Playwright keeps an event loop running on the
    # main thread for the whole session, and async_to_sync refuses to start a second one there.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(async_to_sync(coroutine_function)).result()


def test_a_student_receives_what_the_presenter_shows(presenter, live_class, make_region):
    make_region(slug="lower-back", bilateral=False)

    async def scenario():
        student = socket(f"/ws/class/{live_class.code}/")
        connected, _ = await student.connect()
        assert connected
        response = await sync_to_async(presenter.post)(
            f"/class/{live_class.code}/show/", {"path": "/regions/lower-back/"}
        )
        assert response.status_code == 302
        message = await student.receive_json_from(timeout=2)
        assert message["kind"] == "view"
        assert 'data-selected="lower-back"' in message["html"]
        assert message["sent"] > 0
        await student.disconnect()

    run(scenario)


def test_a_code_in_lower_case_connects_too(live_class):
    async def scenario():
        student = socket(f"/ws/class/{live_class.code.lower()}/")
        connected, _ = await student.connect()
        assert connected
        await student.disconnect()

    run(scenario)


@pytest.mark.parametrize("code", ["ZZZZZZ", "nonsense"])
def test_an_unknown_class_refuses_the_socket(db, code):
    async def scenario():
        connected, _ = await socket(f"/ws/class/{code}/").connect()
        assert not connected

    run(scenario)


def test_an_ended_class_refuses_the_socket(live_class):
    live_class.end()

    async def scenario():
        connected, _ = await socket(f"/ws/class/{live_class.code}/").connect()
        assert not connected

    run(scenario)


def test_a_socket_from_another_site_is_refused(live_class):
    async def scenario():
        evil = (b"origin", b"https://evil.example")
        connected, _ = await socket(f"/ws/class/{live_class.code}/", origin=evil).connect()
        assert not connected
        connected, _ = await socket(f"/ws/class/{live_class.code}/", origin=None).connect()
        assert not connected

    run(scenario)


def test_only_the_educator_who_started_it_opens_the_presenter_socket(presenter, live_class):
    other = Client()
    other.force_login(
        User.objects.create_user("other", password="a-long-password-1", is_staff=True)
    )

    async def scenario():
        for client in (None, other):
            connected, code = await socket(
                f"/ws/class/{live_class.code}/present/", client
            ).connect()
            assert not connected
            assert code == 4403
        mine = socket(f"/ws/class/{live_class.code}/present/", presenter)
        connected, _ = await mine.connect()
        assert connected
        await mine.disconnect()

    run(scenario)


def test_a_socket_cannot_control_the_class(live_class):
    async def scenario():
        student = socket(f"/ws/class/{live_class.code}/")
        await student.connect()
        await student.send_json_to({"action": "show", "path": "/regions/lower-back/"})
        reply = await student.receive_json_from(timeout=2)
        assert reply["kind"] == "error" and reply["status"] == 403
        await student.disconnect()

    run(scenario)
    live_class.refresh_from_db()
    assert live_class.view_path == "/"


def test_live_counts_reach_the_presenter_and_not_the_students(presenter, live_class, make_region):
    make_region(slug="lower-back", bilateral=False)
    poll = Poll.objects.create(session=live_class, question="Where?")

    async def scenario():
        student = socket(f"/ws/class/{live_class.code}/")
        screen = socket(f"/ws/class/{live_class.code}/present/", presenter)
        assert (await student.connect())[0] and (await screen.connect())[0]
        voter = Client()
        response = await sync_to_async(voter.post)(
            f"/class/{live_class.code}/polls/{poll.pk}/vote/", {"place": "lower-back"}
        )
        assert response.status_code == 302
        message = await screen.receive_json_from(timeout=2)
        assert message["kind"] == "live"
        assert "<strong data-answered>1</strong> answered" in message["html"]
        assert await student.receive_nothing(timeout=0.2)
        await student.disconnect()
        await screen.disconnect()

    run(scenario)
