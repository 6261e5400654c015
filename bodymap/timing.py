"""Server-Timing for benchmarks: how long the app and its SQL took, and how many queries ran.

Opt-in (DJANGO_SERVER_TIMING=true): the header tells anyone how much work a page costs, which
production need not advertise. `make bench` turns it on and reads it from every response.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse


class QueryTimer:
    """An execute wrapper (see `connection.execute_wrapper`) that counts and times queries."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=…, db;dur=…;desc="N queries"` (milliseconds)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        if not settings.SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = QueryTimer()
        start = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
            # A streamed response would do its work after this point: nothing here streams.
        app_ms = (time.perf_counter() - start) * 1000
        response["Server-Timing"] = (
            f"app;dur={app_ms:.2f}, "
            f'db;dur={queries.seconds * 1000:.2f};desc="{queries.count} queries"'
        )
        return response
