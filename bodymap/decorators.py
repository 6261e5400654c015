"""The decorator every public page wears, and the two for what is not a public page."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe


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


def changes(view: Callable) -> Callable:
    """A form's target that changes something (a live class's controls, a student's vote): POST
    only, and the CSRF middleware checks it in full. Not a page, so the route-walking tests of
    public pages (tests/public_urls.py) leave it to tests of its own; the fuzz still sends it
    everything."""
    wrapped = require_POST(view)
    wrapped.public = False
    return wrapped


def signed_in_page(view: Callable) -> Callable:
    """A page only a signed-in user may see (a live class's presenter page): read only, as a
    public page is, and the sign-in page for anyone else."""
    wrapped = login_required(read_only(view))
    wrapped.public = False
    return wrapped
