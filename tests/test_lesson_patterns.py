"""A lesson step can select several places and show what connects them."""

import re

from lessons.models import Step
from tests.test_lessons import lesson  # noqa: F401 (the fixture)


def explanations(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-condition="([^"]+)" data-explains="([^"]*)"', html)


def test_a_step_that_shows_the_pattern_of_its_places(client, lesson):  # noqa: F811
    both = Step.objects.get(lesson=lesson, title="Both together")
    both.side, both.pattern = "left", True
    both.save()
    html = client.get("/lessons/knots/3/").content.decode()
    # The scalene knots' link joins the side of the neck to the wrist.
    assert [explains for _, explains in explanations(html)] == ["left-side-of-neck left-wrist"]
    assert "Scalene knots may refer to the wrist." in html
    assert 'href="/pattern/?at=left-side-of-neck&amp;at=left-wrist"' in html
    assert 'data-selected="left-side-of-neck left-wrist"' in html
    svg = client.get("/lessons/knots/3/export.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")


def test_a_pattern_step_with_one_place_shows_that_place(client, lesson):  # noqa: F811
    first = Step.objects.get(lesson=lesson, title="The scalenes")
    first.pattern = True
    first.save()
    html = client.get("/lessons/knots/1/").content.decode()
    assert '<ol class="explanations' not in html
    assert "Scalene knots may refer to the wrist." in html
