import re

import pytest


@pytest.mark.django_db
def test_home_page_loads_htmx_from_our_own_static_files(client):
    html = client.get("/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer>' in html
    # Every script and stylesheet from this site. (Not a search for "cdn" in the whole page:
    # the random CSRF token in it can spell that.)
    loaded = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"', html)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded)


@pytest.mark.django_db
def test_home_page_has_a_skip_link_a_main_landmark_and_the_disclaimer(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    footer = html[html.index("<footer") :]
    assert "For education, not a diagnosis." in footer


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    csp = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in csp
