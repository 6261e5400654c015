"""What the presenter shows, by its map address: the panel and overlay every student sees.

The class stores the address of the presenter's view ("/regions/lower-back/?direction=incoming",
"/lessons/<slug>/3/"), the same address the map itself uses, and draws it here with the map's
own code. Only the map, its places and lesson steps can be followed.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.safestring import SafeString, mark_safe

from conditions.body import drawing
from conditions.map import MapFilters, RegionAnswer
from conditions.models import Place
from conditions.views import _place_or_404, _region_answer, map_context
from lessons.models import Lesson
from lessons.views import step_context

FOLLOWABLE = {"conditions:home", "conditions:region", "lessons:lesson", "lessons:step"}
# Query parameters a followed view keeps; presentation mode is the presenter's own business.
KEPT_PARAMETERS = ("direction", "mechanism", "symptom", "show")


@dataclass
class Shown:
    path: str  # the address, tidied
    title: str
    details_html: SafeString  # the #details panel
    overlay_svg: SafeString
    question: str = ""  # the question this view suggests for a poll
    answer: list[str] = field(default_factory=list)  # the places the content gives as its answer
    answer_source: str = ""


def tidy_path(path: str) -> str | None:
    """`path` as the class stores it, or None when it is not a view a class can follow."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name not in FOLLOWABLE:
        return None
    query = QueryDict(parts.query)
    kept = [(name, query[name]) for name in KEPT_PARAMETERS if query.get(name)]
    return parts.path + ("?" + urlencode(kept) if kept else "")


def show(request: HttpRequest, path: str) -> Shown:
    """The view at `path`, drawn. Http404 when it is not followable or names nothing published.
    Runs the queries of the map view it draws (its answers are cached as on the map)."""
    tidy = tidy_path(path)
    if tidy is None:
        raise Http404("A class can follow the map, its places and lesson steps only.")
    parts = urlsplit(tidy)
    match = resolve(parts.path)
    query = QueryDict(parts.query)
    if match.view_name == "conditions:region":
        return _region(request, tidy, match.kwargs["slug"], query)
    if match.view_name in ("lessons:lesson", "lessons:step"):
        return _step(request, tidy, match.kwargs["slug"], match.kwargs.get("number", 1))
    details = render_to_string("conditions/map.html#details", {"answer": None}, request)
    return Shown(tidy, "The body map", mark_safe(details), drawing.draw_overlay([], []))


def _region(request: HttpRequest, path: str, slug: str, query: QueryDict) -> Shown:
    context = map_context(request)
    place = _place_or_404(slug, context["published_regions"])
    filters = MapFilters.from_query(query, context["mechanisms"], context["symptoms"])
    stored = _region_answer(request, context, place, filters)  # cached as the map caches it
    fragment = stored["fragment"]
    panel = mark_safe(fragment[slice(*stored["panel"])].decode())
    overlay = mark_safe(fragment[slice(*stored["overlay"])].decode())
    if filters.direction == "incoming":
        question = f"Where might pain felt in {_lower_label(place)} come from?"
    else:
        question = f"Where might a problem in {_lower_label(place)} be felt?"
    return Shown(
        path,
        place.label,
        panel,
        overlay,
        question,
        *_answer_for(place, filters),
    )


def _answer_for(place: Place, filters: MapFilters) -> tuple[list[str], str]:
    """The places the map links `place` to in the direction its question asks about."""
    direction = "incoming" if filters.direction == "incoming" else "outgoing"
    answer = RegionAnswer.build(place, MapFilters(direction=direction, mechanism=filters.mechanism))
    return sorted(p.slug for p in answer.connected), f"The map's links of {place.label}"


def _step(request: HttpRequest, path: str, slug: str, number: int) -> Shown:
    lesson = get_object_or_404(Lesson.objects.published(), slug=slug)
    context = step_context(request, lesson, number)
    details = render_to_string("lessons/step.html#details", context, request)
    step = context["step"]
    answers = context["answers"]
    question = step.question
    if not question and answers:
        question = f"Where might a problem in {_lower_label(answers[0].place)} be felt?"
    return Shown(
        path,
        f"{lesson.title}: step {number} of {context['total']}",
        mark_safe(details),
        mark_safe(context["overlay_svg"]),
        question,
        sorted({p.slug for answer in answers for p in answer.connected}),
        f"The links of step {number} of “{lesson.title}”",
    )


def _lower_label(place: Place) -> str:
    label = place.label
    return "the " + label[0].lower() + label[1:]
