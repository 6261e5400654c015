"""The site's public URL patterns, found by walking the URL resolver (the admin left out).

Tests that must cover "every public page" use this, so a page added to any urls.py is covered
without editing the tests.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    template: str  # "regions/<slug:slug>/", as written in the urls.py files, joined
    name: str  # "conditions:region"
    view: Callable = field(compare=False, repr=False)  # what the URL resolves to

    @property
    def parameters(self) -> dict[str, str]:
        """Each parameter's converter: {"slug": "slug", "number": "int"}."""
        return {m["name"]: m["converter"] or "str" for m in PARAMETER.finditer(self.template)}

    def fill(self, values: dict[str, str]) -> str:
        """The path with each parameter replaced by its value, unchecked: "/regions/x/"."""
        return "/" + PARAMETER.sub(lambda m: values[m["name"]], self.template)


def every_route() -> list[Route]:
    """Every URL pattern outside the admin, public pages and form targets alike."""
    return list(_walk(get_resolver().url_patterns, prefix="", namespace=""))


def public_routes() -> list[Route]:
    """The public pages: every route but those whose view says it is not one (a form target
    or a page for signed-in users, bodymap.decorators.changes and signed_in_page)."""
    return [route for route in every_route() if getattr(route.view, "public", True)]


def _walk(patterns, prefix: str, namespace: str):
    for entry in patterns:
        template = prefix + _route_text(entry.pattern)
        if template.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, template, inner)
        else:
            yield Route(template, f"{namespace}{entry.name or entry.lookup_str}", entry.callback)


def _route_text(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    # A re_path: a fixed regular expression reads as its text; one with groups needs teaching.
    if pattern.regex.groups:
        raise NotImplementedError(
            f"tests/public_urls.py cannot fill the re_path {pattern}: use path() or teach it."
        )
    return str(pattern).removeprefix("^").removesuffix("$").replace("\\", "")
