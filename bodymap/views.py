"""Project-wide views: the health check and the friendly error pages."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache

from bodymap.decorators import read_only
from conditions import answer_cache


@read_only
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 when it does not (for load balancers). A
    shared cache that cannot be reached is reported but is no reason to take the site out of
    a load balancer: pages are built without it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    text = "ok\n" if answer_cache.reachable() else "ok, cache degraded\n"
    return HttpResponse(text, content_type="text/plain")


ICON = (settings.BASE_DIR / "static" / "favicon.svg").read_bytes()


@read_only
@cache_control(max_age=24 * 60 * 60, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says (the admin's pages, a PDF, a JSON
    response): answer with the site's icon rather than a 404. SVG under the .ico name: the
    browsers that ask read the content type, not the name."""
    return HttpResponse(ICON, content_type="image/svg+xml")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's own CSRF page carries an inline style our CSP blocks, and speaks to developers.
    Only forms that change something (the admin) reach this: public pages never check CSRF."""
    return render(request, "403_csrf.html", status=403)
