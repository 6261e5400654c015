"""Logging helpers referred to from settings.LOGGING."""

import logging


class WithoutTraceback(logging.Filter):
    """Drops a record's traceback, keeping its one-line message.

    Every request with a Host header we do not serve raises DisallowedHost, which Django logs
    with its full traceback: about 40 lines a request, so anyone could flood the log cheaply.
    The message ("Invalid HTTP_HOST header: 'x'. ...") says all there is to know.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
