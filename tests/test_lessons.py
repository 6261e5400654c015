"""Lessons for class: listing, playing step by step, captions, loading and editing."""

import pytest

from conditions.models import ReferralLink, Region, Status
from lessons import content as lesson_content
from lessons.models import Lesson, Step
from lessons.templatetags.lessons import caption_html


@pytest.fixture
def lesson(make_region, make_link):
    neck = make_region(
        slug="side-of-neck",
        name="Side of the neck",
        shape_key="side-of-neck",
        views="front",
        group="head_neck",
    )
    wrist = make_region(slug="wrist", name="Wrist", shape_key="wrist")
    hand = make_region(slug="hand", name="Hand", shape_key="hand")
    make_link(
        origin=neck,
        felt_in=wrist,
        side=ReferralLink.Side.SAME_SIDE,
        summary="Scalene knots may refer to the wrist.",
    )
    to_hand = make_link(
        origin=wrist,
        felt_in=hand,
        side=ReferralLink.Side.SAME_SIDE,
        summary="The median nerve is squeezed.",
    )
    lesson = Lesson.objects.create(
        slug="knots", title="Knots and the carpal tunnel", summary="Scalenes.", status="published"
    )
    first = Step.objects.create(
        lesson=lesson,
        order=10,
        title="The scalenes",
        caption="Muscles on the **side** of the neck.",
        side="left",
    )
    first.regions.set([neck])
    second = Step.objects.create(lesson=lesson, order=20, title="The wrist", side="left")
    second.regions.set([wrist])
    second.links.set([to_hand])
    third = Step.objects.create(lesson=lesson, order=30, title="Both together")
    third.regions.set([neck, wrist])
    return lesson


def test_the_lesson_list_shows_published_lessons_only(client, lesson):
    Lesson.objects.create(slug="draft", title="Half-written", summary="-", status=Status.DRAFT)
    html = client.get("/lessons/").content.decode()
    assert "Knots and the carpal tunnel" in html
    assert "Half-written" not in html
    assert "3 steps" in html
    assert client.get("/lessons/draft/").status_code == 404


def test_a_lesson_opens_at_step_one(client, lesson):
    html = client.get("/lessons/knots/").content.decode()
    assert "Step 1 of 3" in html
    assert '<h2 id="details-heading" tabindex="-1">The scalenes</h2>' in html
    assert 'data-selected="left-side-of-neck"' in html
    assert 'data-connected="left-wrist"' in html


def test_every_step_has_its_own_address_and_works_without_javascript(client, lesson):
    html = client.get("/lessons/knots/2/").content.decode()
    assert html.startswith("<!doctype html>")
    assert "Step 2 of 3" in html
    assert '<progress class="lesson-progress" max="3" value="2"' in html
    assert 'rel="prev" data-lesson-key="previous" href="/lessons/knots/1/"' in html
    assert 'rel="next" data-lesson-key="next" href="/lessons/knots/3/"' in html


def test_a_step_swapped_by_htmx_is_a_fragment(client, lesson):
    response = client.get("/lessons/knots/2/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert '<section id="details"' in html and 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_a_step_can_focus_on_chosen_links(client, lesson):
    html = client.get("/lessons/knots/2/").content.decode()
    assert "The median nerve is squeezed." in html
    assert "Scalene knots may refer" not in html  # the wrist's other link is left out
    assert 'data-connected="left-hand"' in html


def test_a_step_may_select_several_regions(client, lesson):
    html = client.get("/lessons/knots/3/").content.decode()
    assert 'data-selected="left-side-of-neck right-side-of-neck left-wrist right-wrist"' in html


@pytest.mark.parametrize("number", [0, 4, 99])
def test_a_step_that_does_not_exist_is_a_404(client, lesson, number):
    assert client.get(f"/lessons/knots/{number}/").status_code == 404


def test_the_last_step_offers_to_finish(client, lesson):
    html = client.get("/lessons/knots/3/").content.decode()
    assert 'data-lesson-key="next"' not in html
    assert ">Finish</a>" in html


@pytest.mark.parametrize("extra_links", [0, 30])
def test_playing_a_step_takes_the_same_queries_however_many_links(
    client, lesson, make_link, django_assert_num_queries, extra_links
):
    wrist = Region.objects.get(slug="wrist")
    for _ in range(extra_links):
        make_link(felt_in=wrist)
    client.get("/lessons/knots/3/")  # warm the drawing's cache
    # Five for the page and the lesson, five for each of the step's two regions.
    with django_assert_num_queries(15):
        client.get("/lessons/knots/3/")


def test_captions_render_markdown_and_nothing_that_runs():
    html = caption_html(
        "**Bold** and [a link](https://example.org).\n\n"
        '<script>alert(1)</script> <img src=x onerror="alert(2)"> [bad](javascript:alert(3))'
    )
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_presentation_mode_is_a_url_parameter(client, lesson):
    html = client.get("/lessons/knots/2/?present=1").content.decode()
    assert '<body class="page-map page-lesson present"' in html
    assert 'class="present-exit" href="/lessons/knots/2/"' in html
    assert 'href="/lessons/knots/3/?present=1"' in html  # stepping keeps presentation mode


def test_the_present_toggle_keeps_the_other_parameters(client, lesson):
    html = client.get("/regions/left-wrist/?direction=incoming").content.decode()
    assert (
        'class="present-toggle" href="/regions/left-wrist/?direction=incoming&amp;present=1"'
        in html
    )


def test_the_shipped_lessons_load_idempotently(shipped_content):
    changes = lesson_content.load()
    assert len(changes) >= 4
    assert {c.action for c in changes} == {"create"}
    assert {c.action for c in lesson_content.load()} == {"unchanged"}
    for lesson in Lesson.objects.all():
        assert lesson.steps.count() >= 3
        assert all(step.regions.exists() for step in lesson.steps.all())


def test_loading_lessons_keeps_an_editors_change(shipped_content, editor):
    lesson_content.load()
    lesson = Lesson.objects.first()
    lesson.title = "An editor's title"
    lesson._history_user = editor
    lesson.save()
    kept = [c for c in lesson_content.load() if c.action == "keep"]
    assert [c.slug for c in kept] == [lesson.slug]
    lesson.refresh_from_db()
    assert lesson.title == "An editor's title"


def test_every_shipped_lesson_plays(client, shipped_content):
    lesson_content.load()
    for lesson in Lesson.objects.published():
        for number in range(1, lesson.steps.count() + 1):
            response = client.get(f"/lessons/{lesson.slug}/{number}/")
            assert response.status_code == 200, (lesson.slug, number)


def step_form(lesson: Lesson, orders: dict[int, int]) -> dict:
    steps = list(lesson.steps.all())
    data = {
        "edit_version_seen": lesson.edit_version,
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": lesson.summary,
        "status": lesson.status,
        "order": lesson.order,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for index, step in enumerate(steps):
        prefix = f"steps-{index}-"
        data.update(
            {
                prefix + "id": step.pk,
                prefix + "lesson": lesson.pk,
                prefix + "order": orders.get(step.pk, step.order),
                prefix + "title": step.title,
                prefix + "caption": step.caption,
                prefix + "regions": [r.pk for r in step.regions.all()],
                prefix + "side": step.side,
                prefix + "direction": step.direction,
                prefix + "mechanism": step.mechanism_id or "",
                prefix + "links": [link.pk for link in step.links.all()],
            }
        )
    return data


def test_an_editor_reorders_steps_in_the_admin(editor_client, lesson):
    first, second, _ = lesson.steps.all()
    response = editor_client.post(
        f"/admin/lessons/lesson/{lesson.pk}/change/",
        step_form(lesson, {first.pk: 20, second.pk: 10}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [s.title for s in lesson.steps.all()] == ["The wrist", "The scalenes", "Both together"]
    html = editor_client.get("/lessons/knots/1/").content.decode()
    assert '<h2 id="details-heading" tabindex="-1">The wrist</h2>' in html


def test_an_editor_adds_a_lesson_in_the_admin(editor_client, lesson):
    wrist = Region.objects.get(slug="wrist")
    response = editor_client.post(
        "/admin/lessons/lesson/add/",
        {
            "title": "Wrists",
            "slug": "wrists",
            "summary": "All about wrists.",
            "status": "published",
            "order": 5,
            "steps-TOTAL_FORMS": 1,
            "steps-INITIAL_FORMS": 0,
            "steps-MIN_NUM_FORMS": 0,
            "steps-MAX_NUM_FORMS": 1000,
            "steps-0-order": 1,
            "steps-0-title": "The wrist",
            "steps-0-caption": "",
            "steps-0-regions": [wrist.pk],
            "steps-0-side": "both",
            "steps-0-direction": "both",
        },
    )
    assert response.status_code == 302
    assert editor_client.get("/lessons/wrists/1/").status_code == 200
    assert Lesson.objects.get(slug="wrists").history.first().history_user.username == "editor"
