"""Draft preview: a signed-in editor sees drafts on the public pages before publishing them.

/preview/ turns it on for the editor's session and /preview/leave/ turns it off. While it is on,
the middleware marks the request, `published()` querysets include drafts, the shared answer
caches are bypassed (a draft must never be stored where the public is served from), every
response says `Cache-Control: no-store, private`, and the pages carry a "Draft preview" banner.
It is on only for an active staff user who may change content, so nobody else ever sees drafts:
a session that loses those rights loses the preview.
"""

import contextvars

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from bodymap.decorators import read_only

SESSION_KEY = "bodymap_preview_drafts"
_showing_drafts = contextvars.ContextVar("showing_drafts", default=False)


def showing_drafts() -> bool:
    """True while a request of a previewing editor is being answered."""
    return _showing_drafts.get()


def may_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("conditions.change_referrallink")


class DraftPreviewMiddleware:
    """After the session and authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Reading the session only when there is one keeps `Vary: Cookie` (and a session
        # query) off the public's responses.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        request.previewing = (
            has_session and bool(request.session.get(SESSION_KEY)) and may_preview(request.user)
        )
        token = _showing_drafts.set(request.previewing)
        try:
            response = self.get_response(request)
        finally:
            _showing_drafts.reset(token)
        if request.previewing:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response


def context(request: HttpRequest) -> dict:
    """Template context: `previewing`, for the banner."""
    return {"previewing": getattr(request, "previewing", False)}


def _next_url(request: HttpRequest) -> str:
    """Where to go after switching: a page of this site, the map by default."""
    url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("conditions:home")


@read_only
def start(request: HttpRequest) -> HttpResponse:
    """Turn the draft preview on (from an entry's "View on the map" in the admin)."""
    if not request.user.is_authenticated or not may_preview(request.user):
        # A page rather than a redirect to the sign-in: a visitor may have followed a link.
        login = reverse("admin:login") + "?" + urlencode({"next": request.get_full_path()})
        return _page(request, signed_out=True, login_url=login)
    request.session[SESSION_KEY] = True
    return redirect(_next_url(request))


@read_only
def leave(request: HttpRequest) -> HttpResponse:
    """Turn the draft preview off and go back to the page, as the public sees it."""
    if not request.previewing:
        return _page(request, signed_out=False, next_url=_next_url(request))
    del request.session[SESSION_KEY]
    return redirect(_next_url(request))


def _page(request: HttpRequest, **context) -> HttpResponse:
    response = render(request, "preview.html", {"nav": "", **context})
    add_never_cache_headers(response)
    return response
