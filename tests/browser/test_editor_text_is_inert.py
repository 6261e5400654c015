"""Whatever an editor types is shown as text on every public page, never run as code.

Every free-text field of every content model gets a script tag, an image with an onerror
handler, a javascript: link, an attribute break-out and a Markdown javascript: link, is
published, and every public page is opened in Chromium. The browser runs with the CSP switched
off: the CSP is the second wall, this test checks the first one (escaping and sanitising).
"""

import hashlib
import re
from functools import partial
from itertools import product
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.urls import resolve
from playwright.sync_api import expect

from conditions.models import (
    Citation,
    Condition,
    Mechanism,
    RedFlag,
    ReferralLink,
    Region,
    Source,
    Status,
    Symptom,
)
from tests.public_urls import public_routes

# Each payload carries a marker naming the field it was typed into, so a failure says which
# field leaked; the window flag tells a script that ran from one that did not.
PAYLOADS = {
    "script": "<script>window.__xss='{m}';alert('{m}')</script>",
    "img onerror": "<img src=x onerror=\"window.__xss='{m}';alert('{m}')\">",
    "javascript link": "<a href=\"javascript:window.__xss='{m}';alert('{m}')\">{m}</a>",
    "attribute break-out": '{m}" autofocus onfocus="window.__xss=\'{m}\'" x="',
    "markdown link": "[{m}](javascript:alert('{m}'))",
}

# Text fields whose validation refuses anything but their own format, so an editor cannot
# type markup into them: the admin form (model validation) would reject the save.
NOT_FREE_TEXT = {
    (Region, "shape_key"): "must name a shape of the diagram (Region.clean)",
    (Mechanism, "colour"): "must be # and six hex digits (RegexValidator)",
}

# Fields shown as plain text on a public page today: their payload must be visible, escaped,
# word for word. (Others may be Markdown, where sanitising the markup away is also right, or
# not shown yet; for them the test checks only that nothing runs.)
SHOWN_AS_TEXT = {
    (Region, "name"),
    (Region, "description"),
    (Region, "anatomical_notes"),
    (Condition, "name"),
    (Condition, "summary"),
    (Mechanism, "name"),
    (ReferralLink, "summary"),
    (ReferralLink, "explanation"),
    (ReferralLink, "evidence_note"),
    (ReferralLink, "how_to_tell"),
    (RedFlag, "title"),
    (RedFlag, "advice"),
    (RedFlag, "explanation"),
    (Symptom, "name"),
    (Source, "title"),
    (Source, "site"),
    (Source, "summary"),
    (Citation, "passage"),
}

# Query parameters the public views read, set to a payload too: reflected text must be inert.
REFLECTED_PARAMETERS = [
    "ids",
    "q",
    "from",
    "to",
    "mechanism",
    "direction",
    "symptom",
    "show",
    "present",
]

FIND_PROBLEMS = """() => {
  const problems = [];
  if (window.__xss !== undefined) problems.push('a script ran: ' + window.__xss);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      // Inline handlers, and htmx's own (hx-on), which would run code from markup.
      if (/^(on|hx-on|data-hx-on)/.test(name))
        problems.push(`<${el.localName}> has ${name}="${attr.value}"`);
      if (['href', 'xlink:href', 'src', 'action', 'formaction'].includes(name)) {
        let protocol = '';
        try { protocol = new URL(attr.value, location.href).protocol; } catch (e) {}
        if (protocol === 'javascript:') problems.push(`<${el.localName}> ${name}="${attr.value}"`);
      }
    }
  }
  for (const script of document.querySelectorAll('script')) {
    const src = script.getAttribute('src');
    if (!src || new URL(src, location.href).origin !== location.origin)
      problems.push('a script element from the content: ' + script.outerHTML.slice(0, 120));
  }
  return problems;
}"""


def content_models() -> list[type[models.Model]]:
    """Every model editors fill in, from the apps that hold content (history tables aside)."""
    labels = ["conditions"] + (["lessons"] if apps.is_installed("lessons") else [])
    return [
        model
        for label in labels
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def free_text_fields(model: type[models.Model]) -> list[str]:
    """The CharFields and TextFields an editor types into. Slugs, URLs and fields with choices
    are left out: validation accepts only a slug, an http(s) address or one of the choices
    there (URLField refuses `javascript:` and anything with spaces or quotes)."""
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not isinstance(field, models.SlugField | models.URLField)
        and not field.choices
        and (model, field.name) not in NOT_FREE_TEXT
    ]


class Payloads:
    """One payload kind, with a marker per (model, field), such as "xss07"."""

    def __init__(self, kind: str):
        self.kind = kind
        fields = [(model, name) for model in content_models() for name in free_text_fields(model)]
        self.marker = {field: f"xss{number:02d}" for number, field in enumerate(fields, 1)}
        self.field_of = {marker: field for field, marker in self.marker.items()}

    def explain(self, report: str) -> str:
        """ "xss04" → "xss04 (Source.summary)", so a failure names the field that leaked."""

        def name(match: re.Match) -> str:
            model, field = self.field_of.get(match[0], (None, "a query parameter"))
            return f"{match[0]} ({model.__name__}.{field})" if model else f"{match[0]} ({field})"

        return re.sub(r"xss\d\d", name, report)

    def text(self, model, name: str) -> str:
        return PAYLOADS[self.kind].format(m=self.marker[(model, name)])

    def fill(self, obj: models.Model) -> models.Model:
        """Type the payload into every free-text field, validate as the admin does, save."""
        for name in free_text_fields(type(obj)):
            setattr(obj, name, self.text(type(obj), name))
        obj.full_clean()
        obj.save()
        return obj


def publish_everything(payloads: Payloads) -> dict[str, models.Model]:
    """One of each kind of content, published and linked, so every page has something to show."""
    fill = payloads.fill
    published = {"status": Status.PUBLISHED}
    source = fill(Source(slug="xss-source"))
    symptom = fill(Symptom(slug="xss-symptom"))
    origin = fill(
        Region(
            slug="xss-wrist",
            shape_key="wrist",
            group=Region.Group.UPPER_LIMB,
            views=Region.Views.BOTH,
            bilateral=True,
            **published,
        )
    )
    felt_in = fill(
        Region(
            slug="xss-back",
            shape_key="lower-back",
            group=Region.Group.TRUNK,
            views=Region.Views.BACK,
            bilateral=False,
            **published,
        )
    )
    mechanism = fill(Mechanism(slug="xss-mechanism", colour="#0072B2", **published))
    condition = fill(Condition(slug="xss-condition", **published))
    look_alike = fill(Condition(slug="xss-look-alike", **published))
    condition.regions.set([origin, felt_in])
    condition.symptoms.set([symptom])
    link = fill(
        ReferralLink(
            slug="xss-link",
            origin=origin,
            felt_in=felt_in,
            condition=condition,
            mechanism=mechanism,
            kind=ReferralLink.Kind.MIMICS,
            look_alike=look_alike,
            side=ReferralLink.Side.SAME_SIDE,
            evidence=ReferralLink.Evidence.DEBATED,
            **published,
        )
    )
    link.symptoms.set([symptom])
    red_flag = fill(RedFlag(slug="xss-flag", urgency=RedFlag.Urgency.EMERGENCY, **published))
    red_flag.regions.set([origin, felt_in])
    red_flag.conditions.set([condition])
    for supported in [
        {"link": link},
        {"condition": condition},
        {"mechanism": mechanism},
        {"red_flag": red_flag},
    ]:
        fill(Citation(source=source, **supported))
    made = {
        "origin": origin,
        "felt_in": felt_in,
        "condition": condition,
        "look_alike": look_alike,
        "mechanism": mechanism,
        "link": link,
        "red_flag": red_flag,
        "symptom": symptom,
        "source": source,
    }
    if apps.is_installed("lessons"):
        from lessons.models import Lesson, Step

        lesson = fill(Lesson(slug="xss-lesson", **published))
        step = fill(Step(lesson=lesson, order=1))
        step.regions.set([origin, felt_in])
        step.links.set([link])
        made["lesson"] = lesson
    # Every save above bumped updated_at, but m2m changes do not: start from a cold cache.
    cache.clear()
    return made


def public_pages(client: Client, made: dict, reflected: str) -> dict[str, bytes | None]:
    """Every public page that shows something for the content made: each URL pattern is filled
    with the content's slugs, and kept when it answers 200 with HTML or SVG. A download (an
    exported SVG) maps to its body, which the browser is then shown as a page."""
    origin, felt_in = made["origin"], made["felt_in"]
    places = [p.slug for region in (origin, felt_in) for p in region.places()]
    candidates = {
        "slug": [*places, *(obj.slug for obj in made.values())],
        "str": places,
        "int": ["1", "2"],
    }
    queries = [
        f"?from={places[0]}&to={places[-1]}",
        f"?at={places[0]}&at={places[-1]}",  # several places at once (/pattern/)
        "?q=xss&present=1&direction=incoming&mechanism=xss-mechanism&symptom=xss-symptom",
        # The warnings' "what to do, and why" page shows the warnings it is asked for by number.
        f"?ids={made['red_flag'].pk}",
        # Last: the one tried on every page.
        "?" + "&".join(f"{name}={quote(reflected)}" for name in REFLECTED_PARAMETERS),
    ]
    pages: dict[str, bytes | None] = {}
    seen: set[str] = set()

    def keep(path: str) -> bool:
        response = client.get(path)
        kind = response.headers.get("Content-Type", "")
        if response.status_code != 200 or not kind.startswith(("text/html", "image/svg")):
            return False
        # The CSRF token changes on every request; anything else new is a new page.
        digest = hashlib.sha256(re.sub(rb'"X-CSRFToken": "[^"]*"', b"", response.content))
        if digest.hexdigest() not in seen:
            seen.add(digest.hexdigest())
            download = response.headers.get("Content-Disposition", "").startswith("attachment")
            pages[path] = response.content if download else None
        return True

    for route in public_routes():
        names = list(route.parameters)
        values = [candidates.get(route.parameters[n], candidates["slug"]) for n in names]
        for combination in product(*values):
            path = route.fill(dict(zip(names, combination, strict=True)))
            if keep(path):
                for query in queries if not names else queries[-1:]:
                    keep(path + query)
    return pages


def serve_svg(body: bytes, route) -> None:
    route.fulfill(body=body, content_type="image/svg+xml")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_editor_text_is_inert_on_every_public_page(live_server, transactional_db, page, kind):
    payloads = Payloads(kind)
    made = publish_everything(payloads)
    with_text = {model for model in content_models() if free_text_fields(model)}
    unfilled = [model.__name__ for model in with_text if not model.objects.exists()]
    assert unfilled == [], f"add these models to publish_everything: {unfilled}"
    # A page that fails is the fuzz test's business (tests/test_fuzz_public_urls.py); here it
    # is simply a page with nothing to show.
    client = Client(raise_request_exception=False)
    pages = public_pages(client, made, reflected=PAYLOADS[kind].format(m="xss99"))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    problems, texts = [], {}
    for path, download in pages.items():
        if download is not None:
            # Open the file as someone who downloaded it would: as a document of its own.
            page.route(live_server.url + path, partial(serve_svg, download))
        page.goto(live_server.url + path)
        problems += [f"{path}: {problem}" for problem in page.evaluate(FIND_PROBLEMS)]
        texts[path] = page.evaluate("() => document.documentElement.textContent")

    # The same content arriving through an htmx swap, not a page load.
    page.goto(live_server.url + "/")
    page.locator(".region-index a", has_text=made["felt_in"].name).click()
    expect(page.locator("#details-heading")).to_contain_text(made["felt_in"].name)
    problems += [f"after a swap: {problem}" for problem in page.evaluate(FIND_PROBLEMS)]

    problems += [f"a dialog opened: {message}" for message in dialogs]
    assert problems == [], f"{kind}:\n" + payloads.explain("\n".join(problems))

    # The payloads are there, as text: escaped, not silently dropped.
    everything = "\n".join(texts.values())
    missing = [
        f"{model.__name__}.{name}"
        for model, name in sorted(SHOWN_AS_TEXT, key=str)
        if payloads.text(model, name) not in everything
    ]
    assert missing == [], f"{kind}: not shown as text on any page: {missing}"
    reached = {resolve(path.split("?")[0]).view_name for path in pages}
    expected = {"conditions:home", "conditions:region", "conditions:about"}
    assert expected <= reached, f"pages not reached: {expected - reached}"
