#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodymap.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A missing or bad setting (bodymap/env.py names the variable and how to set it) is
        # the person's to fix, not a bug: one line they can act on, not a traceback.
        sys.exit(f"manage.py: {error}")


if __name__ == "__main__":
    main()
