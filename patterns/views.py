"""The pattern page: several painful places at once, and what connects them."""

import unicodedata

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseLocation

from bodymap.decorators import read_only
from conditions import answer_cache
from conditions.body import drawing
from conditions.models import ContentVersion, Place
from conditions.preview import showing_drafts
from conditions.views import (
    _collapse_blank_lines,
    _map_frame,
    _place_or_404,
    map_context,
    svg_download,
    wants_fragment,
)
from patterns.answer import MAX_PLACES, MIN_PLACES, PatternAnswer

TEMPLATE = "patterns/pattern.html"


class _Refused(Exception):
    """The places asked for cannot be answered: `response` says why."""

    def __init__(self, response: HttpResponse):
        self.response = response


def _chosen(request: HttpRequest, regions: dict) -> list[Place]:
    """The distinct places of `?at=…&at=…`, head to foot; a 400 page past the limit, a 404
    page naming a place we do not know."""
    asked = list(dict.fromkeys(v.strip() for v in request.GET.getlist("at") if v.strip()))
    if len(asked) > MAX_PLACES:
        context = {"asked": len(asked), "limit": MAX_PLACES}
        raise _Refused(render(request, "patterns/too_many.html", context, status=400))
    places = []
    for value in asked:
        try:
            places.append(_place_or_404(value, regions))
        except Http404 as unknown:
            context = {"name": _printable(value)}
            page = render(request, "patterns/unknown_place.html", context, status=404)
            raise _Refused(page) from unknown
    places = list(dict.fromkeys(places))
    return sorted(places, key=lambda p: (p.region.order, p.region.name, p.side or ""))


def _printable(value: str, limit: int = 60) -> str:
    """What the reader typed, as text a page can show: no control characters, not too long."""
    shown = "".join(c for c in value if unicodedata.category(c)[0] != "C")
    return shown[:limit] + ("…" if len(shown) > limit else "")


def _fewer_than_two(request: HttpRequest, places: list[Place]) -> HttpResponse:
    """One place is the single-place answer; none, the map."""
    target = places[0].get_absolute_url() if places else reverse("conditions:home")
    if request.htmx:
        # htmx follows a redirect without changing the address: ask it to fetch and push.
        return HttpResponseLocation(target, target="#details", swap="outerHTML show:none")
    return redirect(target)


@read_only
@vary_on_headers("HX-Request")
def pattern(request: HttpRequest) -> HttpResponse:
    context = {**map_context(request), "max_places": MAX_PLACES}
    if "at" not in request.GET:
        return _choosing(request, context)
    try:
        places = _chosen(request, context["published_regions"])
    except _Refused as refused:
        return refused.response
    if len(places) < MIN_PLACES:
        return _fewer_than_two(request, places)
    stored = _pattern_answer(request, context, places)
    context.update(panel_html=mark_safe(stored["panel"]), pattern=stored["title"])
    return _render(request, context, overlay=stored["overlay"])


def _choosing(request: HttpRequest, context: dict) -> HttpResponse:
    """No question yet: the form to choose places by name (as /chains/ without one)."""
    context.update(panel_html=_panel(request, context, None), pattern=None)
    return _render(request, context, overlay=drawing.draw_overlay([], []))


def _render(request: HttpRequest, context: dict, overlay: str) -> HttpResponse:
    context["overlay_svg"] = overlay
    return render(request, f"{TEMPLATE}#swap" if wants_fragment(request) else TEMPLATE, context)


def _panel(request: HttpRequest | None, context: dict, answer: PatternAnswer | None) -> str:
    html = render_to_string(f"{TEMPLATE}#panel", {**context, "answer": answer}, request)
    return mark_safe(_collapse_blank_lines(html))


def _pattern_answer(request: HttpRequest, context: dict, places: list[Place]) -> dict:
    """The panel and the overlay for `places`, rendered once per content version and set of
    places (in any order), as a region's answer is (conditions.views._region_answer)."""

    def build() -> dict:
        answer = PatternAnswer.build(places, context["published_regions"])
        return {
            "panel": str(_panel(request, context, answer)),
            "overlay": answer.overlay_svg(),
            "title": answer.title,
        }

    if showing_drafts():
        return build()  # a draft preview is never stored where the public's answers are
    key = ("pattern", context["content_version"], ",".join(p.slug for p in places))
    return answer_cache.get_or_build(key, build)


@read_only
def pattern_export(request: HttpRequest) -> HttpResponse:
    if "at" not in request.GET:
        return _choosing(request, {**map_context(request), "max_places": MAX_PLACES})
    frame = _map_frame(ContentVersion.current(), showing_drafts())
    try:
        places = _chosen(request, frame["regions"])
    except _Refused as refused:
        return refused.response
    if len(places) < MIN_PLACES:
        if places:
            return redirect("conditions:region_export", places[0].slug)
        return redirect("patterns:pattern")
    answer = PatternAnswer.build(places, frame["regions"])
    subtitle = "What the articles say may connect these places"
    name = "bodymap-pattern-" + "-".join(p.slug for p in places)[:150] + ".svg"
    return svg_download(request, [answer], answer.title, subtitle, name)
