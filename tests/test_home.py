import pytest


@pytest.mark.django_db
def test_home_page_loads_htmx_from_our_own_static_files(client):
    html = client.get("/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer>' in html
    assert "unpkg" not in html and "cdn" not in html.lower()


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
