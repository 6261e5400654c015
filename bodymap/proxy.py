"""The visitor's address when a TLS-terminating proxy sits in front of gunicorn.

The one place the app reads X-Forwarded-For. It is trusted only with
DJANGO_SECURE_PROXY_SSL_HEADER=true, and then gunicorn must be reachable through the proxy
alone (bound to 127.0.0.1 or a private network): anyone who can reach gunicorn directly can
claim any address.
"""

import ipaddress
import re

from django.http import HttpRequest

# "[2001:db8::1]:443" and "[2001:db8::1]"; "203.0.113.7:5678" (some load balancers add ports).
BRACKETED = re.compile(r"\[(?P<address>[^\]]+)\](?::\d+)?")
IPV4_WITH_PORT = re.compile(r"(?P<address>[0-9.]+):\d+")


def client_ip(request: HttpRequest) -> str | None:
    """The address our own proxy saw: the last X-Forwarded-For entry, if it is an address.

    Behind a proxy REMOTE_ADDR is the proxy itself, so sign-in throttling would see every visitor
    as one. Earlier X-Forwarded-For entries are whatever the client claimed and cannot be
    trusted; the last one is the one nginx or Caddy appended. Anything there that is not an
    address ("unknown", garbage) falls back to the socket's address rather than reaching
    django-axes, whose address column refuses it (a 500 on sign-in).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = parse_address(forwarded.rsplit(",", 1)[-1])
    return address or request.META.get("REMOTE_ADDR")


def parse_address(entry: str) -> str | None:
    """An X-Forwarded-For entry as a bare IP address, or None: ports and brackets removed."""
    entry = entry.strip()
    match = BRACKETED.fullmatch(entry) or IPV4_WITH_PORT.fullmatch(entry)
    if match:
        entry = match["address"]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None
