from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from bodymap.decorators import read_only
from conditions.map import MapFilters, RegionAnswer, overlay_svg
from conditions.models import URGENCY_ORDER, Region
from conditions.views import map_context, render_map, svg_download
from lessons.models import Lesson, Step
from patterns.answer import MAX_PLACES, MIN_PLACES, PatternAnswer


@read_only
def lesson_list(request: HttpRequest) -> HttpResponse:
    lessons = Lesson.objects.published().annotate(step_count=Count("steps"))
    return render(request, "lessons/list.html", {"nav": "lessons", "lessons": lessons})


@read_only
@vary_on_headers("HX-Request")
def step(request: HttpRequest, slug: str, number: int = 1) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.published(), slug=slug)
    return render_map(request, "lessons/step.html", step_context(request, lesson, number))


def step_context(request: HttpRequest, lesson: Lesson, number: int) -> dict:
    """Everything a lesson step's page shows (a live class shows steps too)."""
    current, total = _step_or_404(lesson, number)
    context = map_context(request)
    pattern = _pattern(current, context["published_regions"])
    if pattern:
        shown = {
            "answers": [],
            "pattern": pattern,
            "selected_slugs": pattern.selected_slugs,
            "connected_slugs": pattern.connected_slugs,
            "overlay_svg": pattern.overlay_svg(),
        }
    else:
        answers = _answers(current)
        shown = {
            "answers": answers,
            "red_flags": _red_flags_once(answers),
            "pattern": None,
            "selected_slugs": " ".join(dict.fromkeys(a.selected_slugs for a in answers)),
            "connected_slugs": " ".join(sorted({p.slug for a in answers for p in a.connected})),
            "overlay_svg": overlay_svg(answers),
        }
    return {
        **context,
        **shown,
        "nav": "lessons",
        "lesson": lesson,
        "step": current,
        "number": number,
        "total": total,
        "previous_number": number - 1 if number > 1 else None,
        "next_number": number + 1 if number < total else None,
    }


def _red_flags_once(answers: list[RegionAnswer]) -> list:
    """The step's warnings, each once however many of its places list it, most urgent first
    (each answer's own list already is)."""
    flags = {flag.pk: flag for answer in answers for flag in answer.red_flags}
    return sorted(flags.values(), key=lambda flag: URGENCY_ORDER.index(flag.urgency))


def _step_or_404(lesson: Lesson, number: int) -> tuple[Step, int]:
    """The lesson's step `number` (counted from 1) and how many steps there are. One query."""
    steps = list(
        lesson.steps.select_related("mechanism").prefetch_related(
            Prefetch("regions", queryset=Region.objects.published()), "links"
        )
    )
    if not 1 <= number <= len(steps):
        raise Http404(f"{lesson.title} has no step {number}.")
    return steps[number - 1], len(steps)


def _pattern(step: Step, regions: dict) -> PatternAnswer | None:
    """What connects the step's places, when it shows that (and selects two or more)."""
    places = list(dict.fromkeys(step.places()))
    if not step.pattern or len(places) < MIN_PLACES:
        return None
    places.sort(key=lambda p: (p.region.order, p.region.name, p.side or ""))
    return PatternAnswer.build(places[:MAX_PLACES], regions)


def _answers(step: Step) -> list[RegionAnswer]:
    """What the step shows: each selected place's links, narrowed as the step says."""
    mechanism = step.mechanism if step.mechanism and step.mechanism.is_published else None
    filters = MapFilters(direction=step.direction, mechanism=mechanism)
    focus = {link.pk for link in step.links.all()} or None
    # The teacher chose what the step shows: all of it, with no "Show all" leading away.
    return [
        RegionAnswer.build(place, filters, only_links=focus, limit=None) for place in step.places()
    ]


@read_only
def step_export(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.published(), slug=slug)
    current, total = _step_or_404(lesson, number)
    pattern = _pattern(current, map_context(request)["published_regions"])
    answers = [pattern] if pattern else _answers(current)
    subtitle = f"Step {number} of {total}" + (f": {current.title}" if current.title else "")
    name = f"{lesson.slug}-step-{number}.svg"
    return svg_download(request, answers, lesson.title, subtitle, name)
