"""Small factories with sensible defaults: a test names only what it is about."""

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

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

_numbers = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix}-{next(_numbers)}"


@pytest.fixture
def make_region(db):
    def make(**fields) -> Region:
        slug = fields.pop("slug", None) or _unique("region")
        defaults = {
            "name": slug.replace("-", " ").capitalize(),
            "group": Region.Group.UPPER_LIMB,
            "views": Region.Views.BOTH,
            "bilateral": True,
            "shape_key": "wrist",
            "status": Status.PUBLISHED,
        }
        return Region.objects.create(slug=slug, **{**defaults, **fields})

    return make


@pytest.fixture
def make_source(db):
    def make(**fields) -> Source:
        slug = fields.pop("slug", None) or _unique("source")
        return Source.objects.create(slug=slug, **{"title": f"Article {slug}", **fields})

    return make


@pytest.fixture
def make_mechanism(db):
    def make(**fields) -> Mechanism:
        slug = fields.pop("slug", None) or _unique("mechanism")
        defaults = {
            "name": slug.replace("-", " ").capitalize(),
            "summary": "How one place affects another.",
            "colour": "#0072B2",
            "status": Status.PUBLISHED,
        }
        return Mechanism.objects.create(slug=slug, **{**defaults, **fields})

    return make


@pytest.fixture
def make_condition(db):
    def make(**fields) -> Condition:
        slug = fields.pop("slug", None) or _unique("condition")
        defaults = {
            "name": slug.replace("-", " ").capitalize(),
            "summary": "A condition.",
            "status": Status.PUBLISHED,
        }
        return Condition.objects.create(slug=slug, **{**defaults, **fields})

    return make


@pytest.fixture
def make_link(db, make_region, make_condition, make_mechanism, make_source):
    def make(**fields) -> ReferralLink:
        slug = fields.pop("slug", None) or _unique("link")
        cite = fields.pop("cite", True)
        defaults = {
            "kind": ReferralLink.Kind.CAUSES,
            "evidence": ReferralLink.Evidence.DIRECT,
            "summary": "A problem there can be felt here.",
            "status": Status.PUBLISHED,
        }
        fields = {**defaults, **fields}
        for name, factory in [
            ("origin", make_region),
            ("felt_in", make_region),
            ("condition", make_condition),
            ("mechanism", make_mechanism),
        ]:
            if name not in fields:
                fields[name] = factory()
        link = ReferralLink.objects.create(slug=slug, **fields)
        if cite:
            Citation.objects.create(link=link, source=make_source(), passage="It says so.")
        return link

    return make


@pytest.fixture
def make_red_flag(db):
    def make(regions=(), **fields) -> RedFlag:
        slug = fields.pop("slug", None) or _unique("flag")
        defaults = {
            "title": "Loss of bladder or bowel control",
            "advice": "Get emergency medical help now.",
            "urgency": RedFlag.Urgency.EMERGENCY,
            "status": Status.PUBLISHED,
        }
        flag = RedFlag.objects.create(slug=slug, **{**defaults, **fields})
        flag.regions.set(regions)
        return flag

    return make


@pytest.fixture
def make_symptom(db):
    def make(**fields) -> Symptom:
        slug = fields.pop("slug", None) or _unique("symptom")
        return Symptom.objects.create(slug=slug, **{"name": slug.capitalize(), **fields})

    return make


@pytest.fixture
def editor(db) -> User:
    """A content editor: staff, in the "Content editor" group the migrations create."""
    user = User.objects.create_user("editor", "editor@example.org", "a-long-editor-password")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Content editor"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def educator(db) -> User:
    """A staff user who starts and runs live classes."""
    return User.objects.create_user("educator", password="a-long-password-1", is_staff=True)


@pytest.fixture
def presenter(educator) -> Client:
    """The educator's browser, signed in."""
    client = Client()
    client.force_login(educator)
    return client


@pytest.fixture
def shipped_content(db):
    """The shipped content file, loaded."""
    from conditions import content

    content.load()


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots", action="store_true", help="write docs/screenshots/*.png (make screenshots)"
    )


def pytest_collection_modifyitems(config, items):
    # Screenshots are documentation, written on request by `make screenshots`, not a check.
    if config.getoption("--screenshots"):
        return
    kept = [item for item in items if "test_screenshots" not in item.nodeid]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(autouse=True)
def _no_background_warm_up(settings):
    # A test sees the answers it asks for built by its own request, not by a thread racing it
    # (tests/test_prewarm.py runs the warm-up itself).
    settings.BODYMAP_PREWARM = False


@pytest.fixture(autouse=True)
def _empty_caches():
    # Tests roll their content back, but caches outlive them: each test starts with nothing
    # cached, as a freshly started server does.
    from django.core.cache import cache

    from conditions import answer_cache
    from conditions.views import _map_frame

    cache.clear()
    answer_cache.clear_local()
    _map_frame.cache_clear()
