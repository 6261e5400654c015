"""The visitor's address when a TLS-terminating proxy sits in front of gunicorn."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address our own proxy saw: the last X-Forwarded-For entry.

    Behind a proxy REMOTE_ADDR is the proxy itself, so sign-in throttling would see every visitor
    as one. Earlier X-Forwarded-For entries are whatever the client claimed and cannot be
    trusted; the last one is the one nginx or Caddy appended.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or request.META.get("REMOTE_ADDR")
