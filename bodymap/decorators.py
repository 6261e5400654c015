"""The decorator every public page wears."""

from collections.abc import Callable

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view: Callable) -> Callable:
    """A public page: GET and HEAD answered, any other method a 405 with an `Allow` header.

    `require_safe` alone is not enough: the CSRF middleware looks at a POST before the view's
    decorators do, and would answer 403 (its failure page) to a method the page never accepts.
    Exempting a view that only reads is safe: CSRF protects changes, and nothing here changes.
    tests/test_read_only_views.py fails when a public URL's view does not wear this.
    """
    wrapped = csrf_exempt(require_safe(view))
    wrapped.read_only = True
    return wrapped
