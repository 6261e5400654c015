"""Values from the query string, parsed strictly, for every public view.

A query string is whatever anyone typed or a crawler made up: `str.isdigit()` accepts "²" and
"①", which `int()` then refuses (a 500), and slugs reach database look-ups (PostgreSQL refuses a
NUL byte). So integers are ASCII digits only and bounded, slugs are ASCII slugs of a bounded
length, and anything else is treated as absent: a bad link still shows a useful page.
"""

import re

from django.http import QueryDict

# The longest slug a model allows (SlugField(max_length=100)), with a side prefix ("right-").
MAX_SLUG_LENGTH = 106
SLUG = re.compile(r"[-a-zA-Z0-9_]+", re.ASCII)
DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)


def integer(query: QueryDict, name: str, *, minimum: int, maximum: int) -> int | None:
    """`name` as an integer between `minimum` and `maximum`, or None."""
    raw = query.get(name, "")
    if not DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def slug(query: QueryDict, name: str) -> str | None:
    """`name` if it is a slug (ASCII letters, digits, hyphens, underscores), or None."""
    raw = query.get(name, "")
    return raw if is_slug(raw) else None


def is_slug(value: str) -> bool:
    return len(value) <= MAX_SLUG_LENGTH and SLUG.fullmatch(value) is not None


def choice(query: QueryDict, name: str, choices: tuple[str, ...] | dict, default: str) -> str:
    """`name` if it is one of `choices`, or `default`."""
    raw = query.get(name, default)
    return raw if raw in choices else default


def text(query: QueryDict, name: str, *, max_length: int) -> tuple[str, bool]:
    """`name` stripped and cut to `max_length` characters, and whether it was cut."""
    raw = query.get(name, "").strip()
    return raw[:max_length].strip(), len(raw) > max_length
