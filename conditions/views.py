import functools
import re
from collections import Counter
from collections.abc import Iterable

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.vary import vary_on_headers

from bodymap import query
from bodymap.decorators import read_only
from conditions import answer_cache
from conditions import search as search_module
from conditions.body import drawing
from conditions.chains import MAX_CHAINS
from conditions.discover import ChainAnswer, ConditionAnswer, MechanismAnswer, SymptomAnswer
from conditions.map import MapFilters, RegionAnswer, standalone_svg
from conditions.models import (
    Citation,
    Condition,
    ContentVersion,
    Mechanism,
    Place,
    RedFlag,
    ReferralLink,
    Region,
    Source,
    Symptom,
)
from conditions.preview import showing_drafts


def wants_fragment(request: HttpRequest) -> bool:
    # A history-restore request (back button after a cache miss) needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_map(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A map page whole, or for htmx only its swappable parts (the `swap` partial: the panel,
    the overlay out of band, and the title)."""
    return render(request, f"{template}#swap" if wants_fragment(request) else template, context)


def _place_or_404(place_slug: str, regions: dict[str, Region]) -> Place:
    """The place `place_slug` names among `regions` (the published ones, by slug)."""
    # Query parameters come here too (chains): what is not a slug names no place, and
    # PostgreSQL would refuse a NUL byte in the look-up (a 500) instead of finding nothing.
    if not query.is_slug(place_slug):
        raise Http404("That is not the name of a part of the body.")
    slug, side = Place.split_slug(place_slug)
    region = regions.get(slug)
    if region is None:
        raise Http404("There is no published part of the body by that name.")
    if side and not region.bilateral:
        raise Http404(f"{region.name} is a midline region: it has no {side} side.")
    return Place(region, side)


@functools.lru_cache(maxsize=4)
def _map_frame(version: str, drafts: bool) -> dict:
    """What every map page draws around its answer: the diagram, the published regions, the
    mechanisms and the symptoms links are felt as. Built once per content version in each
    process, and kept as objects: unpickling them from a shared cache cost more than the rest
    of a cached click. Nothing may change what it returns. `drafts`: an editor's draft
    preview, whose frame (drafts included) is kept apart from the public's."""
    regions = list(Region.objects.published())
    connections = Counter()  # links into or out of each region, said with its name
    for ends in (
        ReferralLink.objects.published()
        .exclude(kind=ReferralLink.Kind.NO_DIRECT_LINK)
        .values_list("origin_id", "felt_in_id")
    ):
        connections.update(set(ends))
    specs = [
        drawing.RegionSpec(r.slug, r.name, r.shape_key, r.bilateral, r.order, connections[r.pk])
        for r in regions
    ]
    felt = Symptom.objects.filter(links__in=ReferralLink.objects.published()).distinct()
    return {
        "body_svg": drawing.Diagram.around_overlay(
            drawing.draw_body(specs, href=lambda place: reverse("conditions:region", args=[place]))
        ),
        "regions": {region.slug: region for region in regions},
        "regions_by_group": _regions_by_group(regions),
        "mechanisms": list(Mechanism.objects.published()),
        "symptoms": list(felt),  # the choices of the symptom filter
    }


def map_context(request: HttpRequest | None) -> dict:
    """What every map page shows around its answer: the diagram, legend and region list.
    One query (the content version) when the frame is built."""
    version = ContentVersion.current()
    frame = _map_frame(version, showing_drafts())
    return {
        "nav": "map",
        "content_version": version,
        "body_svg": frame["body_svg"],
        "mechanisms": frame["mechanisms"],
        "symptoms": frame["symptoms"],
        "published_regions": frame["regions"],  # by slug, for finding the place asked for
        "regions_by_group": frame["regions_by_group"],
    }


def _regions_by_group(regions: Iterable[Region]) -> list[tuple[str, list[Region]]]:
    groups: dict[str, list[Region]] = {label: [] for _, label in Region.Group.choices}
    for region in regions:
        groups[region.get_group_display()].append(region)
    return [(label, regions) for label, regions in groups.items() if regions]


@read_only
@vary_on_headers("HX-Request")
def home(request: HttpRequest) -> HttpResponse:
    context = {**map_context(request), "answer": None, "overlay_svg": drawing.draw_overlay([], [])}
    template = "conditions/map.html"
    # The map filtered by a symptom (a search result); an unknown symptom is ignored.
    slug = query.slug(request.GET, "symptom")
    symptom = Symptom.objects.filter(slug=slug).first() if slug else None
    if symptom:
        answer = SymptomAnswer.build(symptom)
        context.update(answer=answer, overlay_svg=answer.drawing.overlay_svg())
        template = "conditions/symptom.html"
    return render_map(request, template, context)


@read_only
@vary_on_headers("HX-Request")
def region(request: HttpRequest, slug: str) -> HttpResponse:
    context = map_context(request)
    place = _place_or_404(slug, context["published_regions"])
    filters = MapFilters.from_query(request.GET, context["mechanisms"], context["symptoms"])
    answer = _region_answer(request, context, place, filters)
    fragment = answer["fragment"]
    if wants_fragment(request):
        return HttpResponse(fragment)
    context.update(
        place=place,
        filters=filters,
        panel_html=mark_safe(fragment[slice(*answer["panel"])].decode()),
        overlay_svg=fragment[slice(*answer["overlay"])].decode(),
    )
    return render(request, "conditions/map.html", context)


_BLANK_RUN = re.compile(r"[ \t]*\n\s*")


def _collapse_blank_lines(html: str) -> str:
    """The template's indentation and blank lines as one newline each: a browser lays out any
    run of whitespace as one space (the panel has no <pre> or <textarea>), and on a busy
    answer they were a twentieth of every click's bytes."""
    return _BLANK_RUN.sub("\n", html)


def _region_answer(
    request: HttpRequest | None, context: dict, place: Place, filters: MapFilters
) -> dict:
    """What answers `place`: the htmx swap, as sent, and where in it the panel and the overlay
    the whole page shows lie. Rendered once per content version and filter: they are nearly
    all of a click's cost and the same for every reader, and sending the swap as stored bytes
    keeps a click's cost the same however long the answer is."""

    def build() -> dict:
        answer = RegionAnswer.build(place, filters)
        context_with_answer = {**context, "answer": answer}
        panel = _collapse_blank_lines(
            render_to_string("conditions/map.html#details", context_with_answer, request)
        )
        overlay = answer.overlay_svg()
        swap = render_to_string(
            "conditions/map.html#swap",
            {"place": place, "panel_html": mark_safe(panel), "overlay_svg": overlay},
            request,
        ).encode()
        # The swap holds the panel and the overlay verbatim: store it alone, with where each
        # part lies in it, rather than each part a second time (half the bytes to cache).
        panel_start = swap.index(panel.encode())
        panel_end = panel_start + len(panel.encode())
        overlay_start = swap.index(overlay.encode(), panel_end)
        overlay_end = overlay_start + len(overlay.encode())
        return {
            "fragment": swap,
            "panel": (panel_start, panel_end),
            "overlay": (overlay_start, overlay_end),
        }

    if filters.symptom or filters.everything or showing_drafts():
        # Rarer and far more numerous (every symptom of every place), and ?show=all is long:
        # cached, a crawler could fill a shared cache with them. A draft preview is never
        # stored where the public's answers are served from.
        stored = build()
    else:
        key = ("region", context["content_version"], place.slug, filters.key)
        stored = answer_cache.get_or_build(key, build)
    return stored


def warm_region_answers() -> int:
    """Builds (into the answer cache) the answer of every place a click can ask for, unfiltered,
    under the current content version, so the first reader after an edit waits no longer than
    the next (conditions.prewarm runs it after each edit). Stops early when the content changes
    again meanwhile. Returns how many it looked at; those already cached cost one look-up."""
    context = map_context(None)
    version = context["content_version"]
    places = [
        place
        for region in context["published_regions"].values()
        for place in [Place(region, None), *(region.places() if region.bilateral else [])]
    ]
    for number, place in enumerate(places, 1):
        if ContentVersion.current() != version:
            return number - 1
        _region_answer(None, context, place, MapFilters())
    return len(places)


@read_only
@vary_on_headers("HX-Request")
def condition(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Condition.objects.published().prefetch_related(
        "symptoms", Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )
    answer = ConditionAnswer.build(get_object_or_404(queryset, slug=slug))
    context = {
        **map_context(request),
        "answer": answer,
        "overlay_svg": answer.drawing.overlay_svg(),
    }
    return render_map(request, "conditions/condition.html", context)


@read_only
@vary_on_headers("HX-Request")
def mechanism(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Mechanism.objects.published().prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )
    answer = MechanismAnswer.build(get_object_or_404(queryset, slug=slug))
    context = {
        **map_context(request),
        "answer": answer,
        "overlay_svg": answer.drawing.overlay_svg(),
    }
    return render_map(request, "conditions/mechanism.html", context)


@read_only
@vary_on_headers("HX-Request")
def chains(request: HttpRequest) -> HttpResponse:
    context = map_context(request)
    start, end = request.GET.get("from"), request.GET.get("to")
    if start is None and end is None:
        answer = None  # no question yet: the form alone
    elif not start or not end:
        return render(request, "400.html", {"missing": "from" if not start else "to"}, status=400)
    else:
        answer = ChainAnswer.build(
            _place_or_404(start, context["published_regions"]),
            _place_or_404(end, context["published_regions"]),
            query.integer(request.GET, "show", minimum=1, maximum=MAX_CHAINS),
        )
    overlay = answer.drawing.overlay_svg() if answer else drawing.draw_overlay([], [])
    context.update(answer=answer, overlay_svg=overlay)
    return render_map(request, "conditions/chains.html", context)


@read_only
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    # Longer than any name or phrase we hold: cut, and said so, rather than matched at length.
    words, cut = query.text(request.GET, "q", max_length=search_module.MAX_QUERY_LENGTH)
    if wants_fragment(request):
        # The search box's suggestions, as the reader types.
        context = {"query": words, "results": search_module.search(words, limit=8)}
        return render(request, "conditions/search.html#suggestions", context)
    context = map_context(request)
    results, places = search_module.search_with_places(words, limit=30)
    context.update(
        query=words,
        query_cut=cut,
        max_query_length=search_module.MAX_QUERY_LENGTH,
        results=results,
        # A query naming several places ("stiff neck and tingling fingers") leads to what may
        # connect them (patterns: /pattern/?at=…).
        named_places=places,
        pattern_query="&".join(f"at={place.slug}" for place in places),
        overlay_svg=drawing.draw_overlay([], []),
    )
    return render(request, "conditions/search.html", context)


@read_only
def about(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.order_by("kind", "title")  # the articles, then any guideline
    return render(request, "conditions/about.html", {"nav": "about", "sources": sources})


# A row names a handful of links; more ids than this in one address come from no row.
MAX_DETAILED_LINKS = 40


@read_only
@vary_on_headers("HX-Request")
def link_details(request: HttpRequest) -> HttpResponse:
    """The explanations and the articles' passages of some links (`?ids=3,8,13`): what a row of
    a region's answer opens on demand, so a click sends the answer without them. A page of its
    own without JavaScript; for htmx, only the explanations. Without `ids`, a page that says
    where to find them (as /chains/ without a question is its form). Three queries."""
    links = list(
        ReferralLink.objects.published()
        .filter(pk__in=_ids(request))
        .with_details()
        .order_by("prominence", "origin__order", "felt_in__order", "pk")
    )
    if not links and "ids" in request.GET:
        raise Http404("No published connection has that number.")
    template = "conditions/link_details.html"
    name = f"{template}#explanations" if wants_fragment(request) else template
    return render(request, name, {"links": links})


def _ids(request: HttpRequest) -> list[int]:
    """The numbers of `?ids=3,8,13`, at most `MAX_DETAILED_LINKS`; anything else is ignored."""
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()]
    return ids[:MAX_DETAILED_LINKS]


@read_only
@vary_on_headers("HX-Request")
def warning_details(request: HttpRequest) -> HttpResponse:
    """What to do about some warning signs, and why (`?ids=`): what a region's red flags open on
    demand, so they stay one line each. A page of its own without JavaScript (without `ids`, a
    page that says where to find them). Two queries."""
    flags = list(
        RedFlag.objects.published()
        .filter(pk__in=_ids(request))
        .by_urgency()
        .with_guideline()
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))
    )
    if not flags and "ids" in request.GET:
        raise Http404("No published warning has that number.")
    template = "conditions/warnings.html"
    name = f"{template}#reasons" if wants_fragment(request) else template
    return render(request, name, {"flags": flags})


EXPORT_NOTE = (
    "Arrows run from where a problem is to where it may be felt. For education, not a diagnosis."
)


def svg_download(
    request: HttpRequest, answers: list[RegionAnswer], title: str, subtitle: str, name: str
) -> HttpResponse:
    """The answers as a standalone SVG file whose regions link back to the site."""
    svg = standalone_svg(
        answers,
        title,
        subtitle,
        EXPORT_NOTE,
        href=lambda place: request.build_absolute_uri(reverse("conditions:region", args=[place])),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@read_only
def region_export(request: HttpRequest, slug: str) -> HttpResponse:
    frame = _map_frame(ContentVersion.current(), showing_drafts())
    place = _place_or_404(slug, frame["regions"])
    filters = MapFilters.from_query(request.GET, frame["mechanisms"], frame["symptoms"])
    answer = RegionAnswer.build(place, filters)
    subtitle = "Where pain here may come from, and what a problem here may affect"
    return svg_download(request, [answer], place.label, subtitle, f"bodymap-{place.slug}.svg")
