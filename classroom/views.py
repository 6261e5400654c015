"""Live class pages: the presenter's (controls, join code, results) and the students' (follow,
answer). Every change is a POST from the presenter page, saved, then sent to the room."""

import csv
import logging
import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers
from redis.exceptions import RedisError

from bodymap.decorators import changes, read_only, signed_in_page
from bodymap.proxy import client_ip
from classroom import live, tally
from classroom.following import Shown, show, tidy_path
from classroom.models import ClassSession, Poll, Vote, normalise_code
from classroom.qr import join_qr_svg
from conditions.views import map_context, wants_fragment

logger = logging.getLogger(__name__)

# Joining is rate limited by wrong codes per address: a room of students behind one school
# address mistypes a few, a script guessing codes makes thousands. Right codes never count.
WRONG_CODES_ALLOWED = 30
WRONG_CODES_WINDOW = 10 * 60  # seconds
VOTER_KEY = "classroom_voter"


def _address(request: HttpRequest) -> str:
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    return (client_ip(request) if behind_proxy else request.META.get("REMOTE_ADDR")) or "unknown"


def _guesses_key(request: HttpRequest) -> str:
    return f"classroom:wrong-codes:{_address(request)}"


def _too_many_guesses(request: HttpRequest) -> HttpResponse | None:
    try:
        wrong = cache.get(_guesses_key(request), 0)
    except (OSError, RedisError) as error:
        # The shared cache (Redis) is down: a class must not stop with it, so joining goes
        # unlimited until it is back.
        logger.warning("Wrong class codes not counted, the cache is unavailable: %s", error)
        return None
    if wrong < WRONG_CODES_ALLOWED:
        return None
    context = {
        "heading": "Too many wrong codes",
        "message": "This address has tried too many class codes that do not exist. "
        "Wait ten minutes, then type the code your lecturer shows.",
    }
    response = render(request, "classroom/notice.html", context, status=429)
    response["Retry-After"] = str(WRONG_CODES_WINDOW)
    return response


def _find_class(request: HttpRequest, code: str) -> ClassSession | None:
    """The class `code` names, or None, counting a wrong code against the visitor's address."""
    tidy = normalise_code(code)
    session = ClassSession.objects.filter(code=tidy).first() if tidy else None
    if session is None:
        key = _guesses_key(request)
        try:
            cache.add(key, 0, timeout=WRONG_CODES_WINDOW)
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=WRONG_CODES_WINDOW)
        except (OSError, RedisError):
            pass  # said once already, by _too_many_guesses
    return session


def _no_such_class(request: HttpRequest) -> HttpResponse:
    context = {
        "heading": "There is no class with that code",
        "message": "Check the code your lecturer shows (letters and digits, no O, I or L) "
        "and try again.",
        "show_join_form": True,
    }
    return render(request, "classroom/notice.html", context, status=404)


def _class_ended(request: HttpRequest, session: ClassSession) -> HttpResponse:
    if session.ended_at is None:
        session.end()  # idle for hours: it ends now, as if the presenter had ended it
    context = {
        "heading": "This class has ended",
        "message": "The lecturer has ended this live class, and its answers have been deleted. "
        "You can still explore the body map on your own.",
    }
    return render(request, "classroom/notice.html", context, status=410)


def _controlled_class(request: HttpRequest, code: str) -> ClassSession:
    """The live class `code`, for its presenter only: 403 for anyone else, 404 when unknown."""
    session = get_object_or_404(ClassSession, code=normalise_code(code) or "")
    if not session.can_control(request.user):
        raise PermissionDenied("Only the educator who started this class controls it.")
    if not session.is_live:
        raise Http404("This class has ended.")
    return session


def _shown(request: HttpRequest, session: ClassSession) -> Shown:
    """What the presenter shows; the plain map if that has since been unpublished."""
    try:
        return show(request, session.view_path)
    except Http404:
        return show(request, "/")


def _place_labels(request: HttpRequest) -> dict[str, str]:
    """Every published place's slug and name. No query when the map's frame is built."""
    regions = map_context(request)["published_regions"].values()
    return {place.slug: place.label for region in regions for place in region.places()}


def _tally(request: HttpRequest, poll: Poll | None) -> tally.Tally | None:
    if poll is None:
        return None
    answers = list(poll.votes.values_list("places", flat=True))
    return tally.count(answers, poll.answer, _place_labels(request))


def _voter(request: HttpRequest) -> str:
    if VOTER_KEY not in request.session:
        request.session[VOTER_KEY] = secrets.token_urlsafe(16)
    return request.session[VOTER_KEY]


def _live_context(request: HttpRequest, session: ClassSession, presenting: bool) -> dict:
    """The live box: the latest poll, its results when they may be seen, the student's answer.
    Three queries."""
    poll = session.latest_poll()
    results = _tally(request, poll) if poll and (presenting or poll.results_shown) else None
    mine: list[str] = []
    if poll and not presenting and VOTER_KEY in request.session:
        vote = poll.votes.filter(voter=request.session[VOTER_KEY]).first()
        mine = vote.places if vote else []
    return {"session": session, "poll": poll, "results": results, "my_places": mine}


def _tell_the_room(request: HttpRequest, session: ClassSession) -> None:
    """Send the live box (the poll and the results the room may see) to the students, and the
    presenter's box to the presenter's other screens."""
    labels = _place_labels(request)
    poll = session.latest_poll()
    answers = list(poll.votes.values_list("places", flat=True)) if poll else []
    results = tally.count(answers, poll.answer, labels) if poll else None
    student = {"session": session, "poll": poll, "labels": labels, "my_places": []}
    student["results"] = results if poll and poll.results_shown else None
    live.send(session.group_name, "live", render_to_string("classroom/follow.html#live", student))
    presenter = {"session": session, "poll": poll, "results": results, "shown": None}
    live.send(
        session.presenter_group_name,
        "live",
        render_to_string("classroom/present.html#poll", presenter),
    )


def _after_control(request: HttpRequest, session: ClassSession) -> HttpResponse:
    """The presenter's answer to a control: its live box for htmx, the page otherwise."""
    session.touch()
    if request.htmx:
        context = {
            **_live_context(request, session, presenting=True),
            **_present_extras(request, session),
        }
        return render(request, "classroom/present.html#live", context)
    return redirect("classroom:present", session.code)


def _present_extras(request: HttpRequest, session: ClassSession) -> dict:
    shown = _shown(request, session)
    return {"shown": shown, "labels": _place_labels(request)}


# --- Starting and joining -----------------------------------------------------------------------


@changes
@login_required
def start(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied("Only educators (staff accounts) can start a live class.")
    session = ClassSession.start(request.user, tidy_path(request.POST.get("path", "")) or "/")
    return redirect("classroom:present", session.code)


@read_only
def join(request: HttpRequest) -> HttpResponse:
    """The join form; with ?code= it sends the student to the class."""
    typed = request.GET.get("code")
    if typed is None:
        return render(request, "classroom/join.html", {})
    if refused := _too_many_guesses(request):
        return refused
    session = _find_class(request, typed)
    if session is None:
        context = {
            "code": typed,
            "error": "There is no class with that code. Check it and try again.",
        }
        return render(request, "classroom/join.html", context, status=404)
    return redirect(session)


# --- The students' page -------------------------------------------------------------------------


@read_only
@never_cache
@vary_on_headers("HX-Request")
def follow(request: HttpRequest, code: str) -> HttpResponse:
    """A student's page: the presenter's view and the live box. With htmx, only the state to
    swap in, which the page asks for whenever its socket (re)connects."""
    if refused := _too_many_guesses(request):
        return refused
    session = _find_class(request, code)
    if session is None:
        return _no_such_class(request)
    if not session.is_live:
        return _class_ended(request, session)
    context = {
        **map_context(request),
        **_live_context(request, session, presenting=False),
        "nav": None,
        "shown": _shown(request, session),
        "labels": _place_labels(request),
    }
    template = "classroom/follow.html#state" if wants_fragment(request) else "classroom/follow.html"
    return render(request, template, context)


@changes
def vote(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    if refused := _too_many_guesses(request):
        return refused
    session = _find_class(request, code)
    if session is None:
        return _no_such_class(request)
    if not session.is_live:
        return _class_ended(request, session)
    poll = get_object_or_404(session.polls, pk=poll_id)
    labels = _place_labels(request)
    places = list(dict.fromkeys(request.POST.getlist("place")))
    if not places or any(place not in labels for place in places):
        return HttpResponseBadRequest("Choose one or more places on the body.")
    if not poll.is_open:
        return render(request, "classroom/notice.html", _closed_notice(session), status=409)
    with transaction.atomic():
        Vote.objects.update_or_create(poll=poll, voter=_voter(request), defaults={"places": places})
    context = {"session": session, "poll": poll, "results": _tally(request, poll)}
    results_html = render_to_string("classroom/present.html#results", context)
    live.send(session.presenter_group_name, "live", results_html)
    if poll.results_shown:
        # The presenter shows the room's answers while it answers: everyone's heat map follows.
        live.send(session.group_name, "live", results_html)
    if request.htmx:
        context = {**_live_context(request, session, presenting=False), "labels": labels}
        return render(request, "classroom/follow.html#live", context)
    return redirect(session)


def _closed_notice(session: ClassSession) -> dict:
    return {
        "heading": "This poll has closed",
        "message": "Your answer was not sent: the lecturer closed the poll.",
        "back_url": session.get_absolute_url(),
    }


# --- The presenter's page -----------------------------------------------------------------------


@signed_in_page
@never_cache
@vary_on_headers("HX-Request")
def present(request: HttpRequest, code: str) -> HttpResponse:
    session = get_object_or_404(ClassSession, code=normalise_code(code) or "")
    if not session.can_control(request.user):
        raise PermissionDenied("Only the educator who started this class controls it.")
    if not session.is_live:
        return _class_ended(request, session)
    context = {
        **_live_context(request, session, presenting=True),
        **_present_extras(request, session),
    }
    if wants_fragment(request):
        return render(request, "classroom/present.html#live", context)
    join_url = request.build_absolute_uri(session.get_absolute_url())
    context.update(
        map_context(request),
        nav=None,
        presenting=True,
        join_url=join_url,
        join_qr=join_qr_svg(join_url),
    )
    return render(request, "classroom/present.html", context)


@changes
@login_required
def show_view(request: HttpRequest, code: str) -> HttpResponse:
    """The presenter selected something: save it and show it to the room."""
    session = _controlled_class(request, code)
    path = tidy_path(request.POST.get("path", ""))
    if path is None:
        return HttpResponseBadRequest("A class can follow the map, its places and lesson steps.")
    shown = show(request, path)
    session.view_path = shown.path
    session.save(update_fields=["view_path"])
    live.send(
        session.group_name, "view", render_to_string("classroom/follow.html#view", {"shown": shown})
    )
    return _after_control(request, session)


@changes
@login_required
def end(request: HttpRequest, code: str) -> HttpResponse:
    session = _controlled_class(request, code)
    session.end()
    notice = render_to_string(
        "classroom/notice.html#ended_banner", {"home_url": reverse("conditions:home")}
    )
    live.send(session.group_name, "ended", notice)
    return redirect(session)


# --- Polls --------------------------------------------------------------------------------------


@changes
@login_required
def start_poll(request: HttpRequest, code: str) -> HttpResponse:
    session = _controlled_class(request, code)
    question = request.POST.get("question", "").strip()[:300]
    if not question:
        return HttpResponseBadRequest("Type the question the room should answer.")
    shown = _shown(request, session)
    with_answer = request.POST.get("with_answer") == "on" and shown.answer
    with transaction.atomic():
        for poll in session.polls.filter(closed_at__isnull=True).select_for_update():
            poll.close()
        Poll.objects.create(
            session=session,
            question=question,
            answer=shown.answer if with_answer else [],
            answer_source=shown.answer_source if with_answer else "",
        )
    _tell_the_room(request, session)
    return _after_control(request, session)


def _controlled_poll(request: HttpRequest, code: str, poll_id: int) -> tuple[ClassSession, Poll]:
    session = _controlled_class(request, code)
    return session, get_object_or_404(session.polls, pk=poll_id)


@changes
@login_required
def close_poll(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    session, poll = _controlled_poll(request, code, poll_id)
    poll.close()
    _tell_the_room(request, session)
    return _after_control(request, session)


@changes
@login_required
def poll_results(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    """Show the room's answers (heat map and list), or hide them again."""
    session, poll = _controlled_poll(request, code, poll_id)
    poll.results_shown = request.POST.get("shown") == "true"
    poll.save(update_fields=["results_shown"])
    _tell_the_room(request, session)
    return _after_control(request, session)


@changes
@login_required
def reveal(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    """The content's answer: the poll closes and its results show, split into right and not."""
    session, poll = _controlled_poll(request, code, poll_id)
    if not poll.answer:
        return HttpResponseBadRequest("This question has no answer in the content to reveal.")
    poll.closed_at = poll.closed_at or timezone.now()
    poll.results_shown = poll.revealed = True
    poll.save(update_fields=["closed_at", "results_shown", "revealed"])
    _tell_the_room(request, session)
    return _after_control(request, session)


@signed_in_page
def results_csv(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    session, poll = _controlled_poll(request, code, poll_id)
    results = _tally(request, poll)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    number = list(session.polls.values_list("pk", flat=True)).index(poll.pk) + 1
    response["Content-Disposition"] = (
        f'attachment; filename="class-{session.code}-poll-{number}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["question", "place", "name", "votes", "share of students", "in the answer"])
    for row in results.rows:
        in_answer = ("yes" if row.in_answer else "no") if poll.answer else ""
        writer.writerow(
            [poll.question, row.place, row.label, row.votes, f"{row.share:.2f}", in_answer]
        )
    writer.writerow([poll.question, "", "students who answered", results.answered, "", ""])
    return response
