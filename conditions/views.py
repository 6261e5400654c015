from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from conditions.body import drawing
from conditions.map import MapFilters, RegionAnswer
from conditions.models import Mechanism, Place, Region, Source


def _wants_fragment(request: HttpRequest) -> bool:
    # A history-restore request (back button after a cache miss) needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _place_or_404(place_slug: str) -> Place:
    slug, side = Place.split_slug(place_slug)
    region = get_object_or_404(Region.objects.published(), slug=slug)
    if side and not region.bilateral:
        raise Http404(f"{region.name} is a midline region: it has no {side} side.")
    return Place(region, side)


def _body_svg() -> str:
    """The base diagram, drawn once per content version (any region edit makes a new version)."""
    key = f"bodymap:svg:{Region.objects.content_version()}"

    def draw() -> str:
        specs = [
            drawing.RegionSpec(r.slug, r.name, r.shape_key, r.bilateral)
            for r in Region.objects.published()
        ]
        return drawing.draw_body(
            specs, href=lambda place: reverse("conditions:region", args=[place])
        )

    return cache.get_or_set(key, draw, timeout=None)


def _map_context(request: HttpRequest) -> dict:
    """What every map page shows around its answer: the diagram, legend and region list."""
    return {
        "nav": "map",
        "body_svg": _body_svg(),
        "mechanisms": list(Mechanism.objects.published()),
        "regions_by_group": _regions_by_group(),
    }


def _regions_by_group() -> list[tuple[str, list[Region]]]:
    groups: dict[str, list[Region]] = {label: [] for _, label in Region.Group.choices}
    for region in Region.objects.published():
        groups[region.get_group_display()].append(region)
    return [(label, regions) for label, regions in groups.items() if regions]


@require_GET
@vary_on_headers("HX-Request")
def home(request: HttpRequest) -> HttpResponse:
    context = {**_map_context(request), "answer": None, "overlay_svg": drawing.draw_overlay([], [])}
    template = "conditions/map.html#swap" if _wants_fragment(request) else "conditions/map.html"
    return render(request, template, context)


@require_GET
@vary_on_headers("HX-Request")
def region(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    context = _map_context(request)
    filters = MapFilters.from_query(request.GET, context["mechanisms"])
    answer = RegionAnswer.build(place, filters)
    context.update(answer=answer, filters=filters, overlay_svg=answer.overlay_svg(), place=place)
    template = "conditions/map.html#swap" if _wants_fragment(request) else "conditions/map.html"
    return render(request, template, context)


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.all()
    return render(request, "conditions/about.html", {"nav": "about", "sources": sources})
