"""Polls in a live class: asking, answering, changing an answer, results, reveal, CSV."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client

from classroom.models import ClassSession, Poll, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(make_link, make_region):
    """The lower back, felt in the buttock (the map's answer), and a wrist elsewhere."""
    back = make_region(slug="lower-back", bilateral=False, shape_key="lower-back")
    buttock = make_region(slug="buttock", shape_key="buttock")
    make_region(slug="wrist", shape_key="wrist")
    make_link(origin=back, felt_in=buttock)
    return back


@pytest.fixture
def live_class(educator, places) -> ClassSession:
    return ClassSession.start(educator, "/regions/lower-back/")


def ask(presenter, live_class, **data) -> Poll:
    data = {"question": "Where might a problem in the lower back be felt?", **data}
    response = presenter.post(f"/class/{live_class.code}/polls/", data)
    assert response.status_code == 302
    return live_class.polls.get(closed_at__isnull=True)


def answer(client, live_class, poll, *places):
    return client.post(f"/class/{live_class.code}/polls/{poll.pk}/vote/", {"place": places})


def test_the_presenter_is_offered_the_places_question_and_its_answer(presenter, live_class):
    html = presenter.get(f"/class/{live_class.code}/present/").content.decode()
    assert ">Where might a problem in the lower back be felt?</textarea>" in html
    assert "Answer from the map: The map&#x27;s links of Lower back (2 places)" in html


def test_a_poll_takes_its_answer_from_the_view_it_was_asked_on(presenter, live_class):
    poll = ask(presenter, live_class, with_answer="on")
    assert poll.answer == ["left-buttock", "right-buttock"]
    assert poll.answer_source == "The map's links of Lower back"


def test_a_typed_question_without_the_map_answer_has_none(presenter, live_class):
    poll = ask(presenter, live_class, question="Where do you feel it?")
    assert poll.answer == []
    response = presenter.post(f"/class/{live_class.code}/polls/{poll.pk}/reveal/")
    assert response.status_code == 400


def test_asking_again_closes_the_open_poll(presenter, live_class):
    first = ask(presenter, live_class)
    second = ask(presenter, live_class, question="And now?")
    first.refresh_from_db()
    assert not first.is_open and second.is_open


def test_an_empty_question_is_refused(presenter, live_class):
    response = presenter.post(f"/class/{live_class.code}/polls/", {"question": "  "})
    assert response.status_code == 400
    assert not live_class.polls.exists()


def test_a_student_answers_and_changes_their_answer(presenter, live_class):
    poll = ask(presenter, live_class)
    student = Client()
    student.get(f"/class/{live_class.code}/")
    assert answer(student, live_class, poll, "left-wrist").status_code == 302
    assert answer(student, live_class, poll, "left-buttock", "lower-back").status_code == 302
    vote = Vote.objects.get()
    assert vote.places == ["left-buttock", "lower-back"]
    page = student.get(f"/class/{live_class.code}/").content.decode()
    assert 'value="left-buttock" checked' in page


def test_each_student_counts_once(presenter, live_class):
    poll = ask(presenter, live_class)
    for _ in range(3):
        answer(Client(), live_class, poll, "left-buttock")
    assert poll.votes.count() == 3


@pytest.mark.parametrize("chosen", [(), ("nowhere",), ("left-lower-back",), ("lower-back", "x")])
def test_a_vote_for_an_unknown_place_is_refused(presenter, live_class, chosen):
    poll = ask(presenter, live_class)
    assert answer(Client(), live_class, poll, *chosen).status_code == 400
    assert not poll.votes.exists()


def test_a_vote_after_the_poll_closed_is_refused(presenter, live_class):
    poll = ask(presenter, live_class)
    presenter.post(f"/class/{live_class.code}/polls/{poll.pk}/close/")
    response = answer(Client(), live_class, poll, "left-buttock")
    assert response.status_code == 409
    assert "This poll has closed" in response.content.decode()
    assert not poll.votes.exists()


def test_a_vote_for_another_class_poll_is_not_found(presenter, live_class, educator):
    other = ClassSession.start(educator)
    poll = Poll.objects.create(session=other, question="Where?")
    assert answer(Client(), live_class, poll, "left-buttock").status_code == 404


def test_students_see_no_answers_until_the_presenter_shows_them(presenter, live_class):
    poll = ask(presenter, live_class)
    answer(Client(), live_class, poll, "left-buttock")
    student = Client()
    state = student.get(f"/class/{live_class.code}/", headers={"HX-Request": "true"})
    assert "data-votes" not in state.content.decode()
    presenter.post(f"/class/{live_class.code}/polls/{poll.pk}/results/", {"shown": "true"})
    state = student.get(f"/class/{live_class.code}/", headers={"HX-Request": "true"})
    assert 'data-place="left-buttock" data-votes="1"' in state.content.decode()


def test_the_presenter_sees_the_count_but_not_the_places_while_hidden(presenter, live_class):
    poll = ask(presenter, live_class, with_answer="on")
    answer(Client(), live_class, poll, "left-wrist")
    html = presenter.get(f"/class/{live_class.code}/present/").content.decode()
    assert "<strong data-answered>1</strong> answered" in html
    assert 'data-place="left-wrist"' not in html
    assert "answers are hidden" in html


def test_shown_results_do_not_give_the_answer_away(presenter, live_class):
    poll = ask(presenter, live_class, with_answer="on")
    answer(Client(), live_class, poll, "left-wrist")
    presenter.post(f"/class/{live_class.code}/polls/{poll.pk}/results/", {"shown": "true"})
    html = presenter.get(f"/class/{live_class.code}/present/").content.decode()
    assert 'data-place="left-wrist"' in html
    assert 'data-place="right-buttock"' not in html  # in the answer, chosen by nobody


def test_reveal_splits_the_places_into_right_and_not(presenter, live_class):
    poll = ask(presenter, live_class, with_answer="on")
    answer(Client(), live_class, poll, "left-buttock")
    answer(Client(), live_class, poll, "left-wrist", "left-buttock")
    response = presenter.post(f"/class/{live_class.code}/polls/{poll.pk}/reveal/")
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.revealed and poll.results_shown and not poll.is_open
    html = Client().get(f"/class/{live_class.code}/").content.decode()
    assert 'data-place="left-buttock" data-votes="2" data-heat="5" data-answer="right"' in html
    assert 'data-place="left-wrist" data-votes="1" data-heat="3" data-answer="wrong"' in html
    assert 'data-place="right-buttock" data-votes="0" data-heat="0" data-answer="right"' in html


def test_results_download_as_csv(presenter, live_class):
    poll = ask(presenter, live_class, with_answer="on")
    answer(Client(), live_class, poll, "left-buttock")
    answer(Client(), live_class, poll, "left-wrist", "left-buttock")
    response = presenter.get(f"/class/{live_class.code}/polls/{poll.pk}/results.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f"class-{live_class.code}-poll-1.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["question", "place", "name", "votes"]
    by_place = {row[1]: row for row in rows[1:] if row[1]}
    assert by_place["left-buttock"][3:] == ["2", "1.00", "yes"]
    assert by_place["left-wrist"][3:] == ["1", "0.50", "no"]
    assert rows[-1][2:4] == ["students who answered", "2"]


def test_only_the_presenter_downloads_results(live_class, presenter):
    poll = ask(presenter, live_class)
    other = Client()
    other.force_login(User.objects.create_user("other", is_staff=True))
    assert other.get(f"/class/{live_class.code}/polls/{poll.pk}/results.csv").status_code == 403
    assert Client().get(f"/class/{live_class.code}/polls/{poll.pk}/results.csv").status_code == 302


def test_a_lesson_step_question_is_offered_with_the_steps_links(presenter, educator, places):
    from conditions.models import Status
    from lessons.models import Lesson, Step

    lesson = Lesson.objects.create(slug="back", title="Back", summary="S", status=Status.PUBLISHED)
    step = Step.objects.create(
        lesson=lesson, order=1, question="Where might pain from this be felt?"
    )
    step.regions.set([places])
    live = ClassSession.start(educator, "/lessons/back/1/")
    html = presenter.get(f"/class/{live.code}/present/").content.decode()
    assert ">Where might pain from this be felt?</textarea>" in html
    poll = ask(presenter, live, question="Where might pain from this be felt?", with_answer="on")
    assert poll.answer == ["left-buttock", "right-buttock"]


def test_the_follow_page_runs_a_fixed_number_of_queries(
    client, presenter, live_class, django_assert_max_num_queries
):
    poll = ask(presenter, live_class)
    for _ in range(5):
        answer(Client(), live_class, poll, "left-buttock")
    client.get(f"/class/{live_class.code}/")  # the map's frame, built once per process
    with django_assert_max_num_queries(12):
        client.get(f"/class/{live_class.code}/", headers={"HX-Request": "true"})
