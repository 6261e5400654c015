"""The synthetic content set `make bench` measures (manage.py make_synthetic_content)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from conditions.models import Citation, Condition, RedFlag, ReferralLink, Region


def _made() -> dict:
    links = ReferralLink.objects.filter(slug__startswith="synthetic-")
    return {
        "conditions": list(
            Condition.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True)
        ),
        "links": list(
            links.order_by("slug").values_list(
                "slug", "origin__slug", "felt_in__slug", "condition__slug", "kind"
            )
        ),
        "citations": Citation.objects.filter(link__in=links).count(),
        "red_flags": RedFlag.objects.filter(slug__startswith="synthetic-").count(),
    }


def test_the_same_scale_and_seed_make_the_same_content(shipped_content):
    with transaction.atomic():
        call_command("make_synthetic_content", scale=2, verbosity=0)
        first = _made()
        transaction.set_rollback(True)
    call_command("make_synthetic_content", scale=2, verbosity=0)
    second = _made()
    assert first == second
    assert len(first["conditions"]) == 100
    assert len(first["links"]) == 400
    assert first["citations"] == 400
    assert first["red_flags"] == 8


def test_every_synthetic_link_is_valid_and_on_the_shipped_regions(shipped_content):
    shipped_regions = set(Region.objects.values_list("pk", flat=True))
    call_command("make_synthetic_content", scale=1, verbosity=0)
    links = ReferralLink.objects.filter(slug__startswith="synthetic-").prefetch_related("citations")
    assert links.count() == 200
    for link in links:
        link.full_clean()  # the model's constraints and clean(), as an editor's save would
        assert {link.origin_id, link.felt_in_id} <= shipped_regions
        assert len(link.citations.all()) == 1
    # Published, so every page shows them.
    assert links.count() == ReferralLink.objects.published().filter(pk__in=links).count()


def test_it_refuses_to_add_a_second_set(shipped_content):
    call_command("make_synthetic_content", scale=1, verbosity=0)
    with pytest.raises(CommandError, match="already has synthetic content"):
        call_command("make_synthetic_content", scale=1, verbosity=0)


@pytest.mark.django_db
def test_it_needs_the_shipped_content():
    with pytest.raises(CommandError, match="load_content"):
        call_command("make_synthetic_content", scale=1, verbosity=0)
