"""Two editors saving the same entry: the second save from a stale form is refused with what
changed, the editor's input is kept, and saving again applies it knowingly. Nothing is lost."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from conditions.models import ReferralLink
from lessons.models import Lesson
from tests.test_admin import link_form

REFUSED = "Someone else saved this entry after you opened it."


@pytest.fixture
def other_editor_client(db) -> Client:
    anna = User.objects.create_user("anna", password="a-long-editor-password", is_staff=True)
    anna.groups.add(Group.objects.get(name="Content editor"))
    client = Client()
    client.force_login(anna)
    return client


def opened_at(client: Client, url: str) -> int:
    """The version a change form was opened at, as its hidden field carries it."""
    html = client.get(url).content.decode()
    return int(re.search(r'name="edit_version_seen" value="(\d+)"', html)[1])


def post(client: Client, link: ReferralLink, version: int, **changes):
    url = f"/admin/conditions/referrallink/{link.pk}/change/"
    return client.post(url, {**link_form(link, **changes), "edit_version_seen": version})


def test_a_stale_save_of_the_same_field_is_refused_and_shows_the_other_change(
    editor_client, other_editor_client, make_link
):
    link = make_link(summary="The original words.")
    url = f"/admin/conditions/referrallink/{link.pk}/change/"
    mine, theirs = opened_at(editor_client, url), opened_at(other_editor_client, url)

    assert post(other_editor_client, link, theirs, summary="Anna's words.").status_code == 302
    refused = post(editor_client, link, mine, summary="My words.")

    assert refused.status_code == 200
    html = refused.content.decode()
    assert REFUSED in html
    assert "Summary: “The original words.” → “Anna&#x27;s words.” (anna," in html
    assert "you changed it too, and the form shows yours" in html
    assert "My words." in html  # the editor's input is kept on the form
    link.refresh_from_db()
    assert link.summary == "Anna's words."

    # Saving again, from the form as it came back, applies the editor's input knowingly.
    again = int(re.search(r'name="edit_version_seen" value="(\d+)"', html)[1])
    assert post(editor_client, link, again, summary="My words.").status_code == 302
    link.refresh_from_db()
    assert link.summary == "My words."
    # Every save is in the history: nothing saved was lost.
    summaries = [record.summary for record in link.history.all()]
    assert summaries[:3] == ["My words.", "Anna's words.", "The original words."]


def test_a_stale_save_of_another_field_is_refused_and_comes_back_with_both_changes(
    editor_client, other_editor_client, make_link
):
    # The stale form carries the old summary: saving it would undo Anna's change unseen.
    link = make_link(summary="The original words.", evidence_note="")
    url = f"/admin/conditions/referrallink/{link.pk}/change/"
    mine, theirs = opened_at(editor_client, url), opened_at(other_editor_client, url)

    assert post(other_editor_client, link, theirs, summary="Anna's words.").status_code == 302
    refused = post(
        editor_client, link, mine, summary="The original words.", evidence_note="Two studies."
    )

    html = refused.content.decode()
    assert refused.status_code == 200
    assert REFUSED in html
    assert "“The original words.” → “Anna&#x27;s words.” (anna," in html
    assert "taken into your form" in html
    link.refresh_from_db()
    assert (link.summary, link.evidence_note) == ("Anna's words.", "")

    # The form came back with Anna's summary and this editor's note: saving it keeps both.
    again = editor_client.post(url, refused.context["adminform"].form.data)
    assert again.status_code == 302
    link.refresh_from_db()
    assert (link.summary, link.evidence_note) == ("Anna's words.", "Two studies.")


def test_saves_in_turn_are_not_refused(editor_client, other_editor_client, make_link):
    link = make_link()
    url = f"/admin/conditions/referrallink/{link.pk}/change/"
    assert (
        post(editor_client, link, opened_at(editor_client, url), summary="One.").status_code == 302
    )
    link.refresh_from_db()
    second = post(other_editor_client, link, opened_at(other_editor_client, url), summary="Two.")
    assert second.status_code == 302


def test_a_form_without_its_version_is_refused(editor_client, make_link):
    link = make_link(summary="The original words.")
    data = link_form(link, summary="From an old tab.")
    del data["edit_version_seen"]
    response = editor_client.post(f"/admin/conditions/referrallink/{link.pk}/change/", data)
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.summary == "The original words."


def test_every_save_raises_the_version(make_link):
    link = make_link()
    before = link.edit_version
    link.summary = "Changed."
    link.save()
    stale = ReferralLink.objects.get(pk=link.pk)
    stale.edit_version = 0  # an old copy, as a revert from the history saves
    stale.save()
    assert ReferralLink.objects.get(pk=link.pk).edit_version == before + 2


@pytest.mark.parametrize(
    "path",
    [
        "/admin/conditions/region/{}/change/",
        "/admin/conditions/source/{}/change/",
        "/admin/conditions/symptom/{}/change/",
        "/admin/conditions/citation/{}/change/",
        "/admin/conditions/condition/{}/change/",
        "/admin/conditions/mechanism/{}/change/",
        "/admin/conditions/redflag/{}/change/",
        "/admin/lessons/lesson/{}/change/",
    ],
)
def test_every_change_form_carries_its_version(
    editor_client, make_link, make_red_flag, make_symptom, path
):
    link = make_link()
    objects = {
        "region": link.origin,
        "source": link.citations.get().source,
        "symptom": make_symptom(),
        "citation": link.citations.get(),
        "condition": link.condition,
        "mechanism": link.mechanism,
        "redflag": make_red_flag(),
        "lesson": Lesson.objects.create(slug="a-lesson", title="A lesson", summary="About."),
    }
    model = path.split("/")[3]
    assert opened_at(editor_client, path.format(objects[model].pk)) == objects[model].edit_version


def test_a_stale_lesson_form_is_refused(editor_client, other_editor_client):
    from tests.test_lessons import step_form

    lesson = Lesson.objects.create(slug="knots", title="Knots", summary="About knots.")
    url = f"/admin/lessons/lesson/{lesson.pk}/change/"
    mine = opened_at(editor_client, url)
    theirs = {**step_form(lesson, {}), "title": "Knots and trigger points"}
    assert other_editor_client.post(url, theirs).status_code == 302
    stale = {**step_form(lesson, {}), "edit_version_seen": mine, "summary": "Changed."}
    response = editor_client.post(url, stale)
    assert response.status_code == 200
    assert "Title: “Knots” → “Knots and trigger points”" in response.content.decode()
    lesson.refresh_from_db()
    assert (lesson.title, lesson.summary) == ("Knots and trigger points", "About knots.")
