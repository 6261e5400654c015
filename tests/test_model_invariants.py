"""Each invariant is refused twice: by clean() in an editor's words, and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conditions.models import Mechanism, ReferralLink, Region, Status


def messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def test_a_link_from_a_region_to_itself_is_refused_in_words(make_link, make_region):
    wrist = make_region()
    link = make_link()
    link.felt_in = link.origin = wrist
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "must join two different regions" in messages(error.value)


def test_a_link_from_a_region_to_itself_is_refused_by_the_database(make_link, make_region):
    wrist = make_region()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_link(origin=wrist, felt_in=wrist, cite=False)


def test_a_duplicate_link_is_refused_in_words(make_link):
    first = make_link()
    twin = ReferralLink(
        slug="twin",
        origin=first.origin,
        felt_in=first.felt_in,
        condition=first.condition,
        mechanism=first.mechanism,
        kind=first.kind,
        evidence=first.evidence,
        summary="Again.",
        status=Status.PUBLISHED,
    )
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "This link already exists" in messages(error.value)


def test_a_duplicate_link_is_refused_by_the_database(make_link):
    first = make_link()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_link(
            origin=first.origin,
            felt_in=first.felt_in,
            condition=first.condition,
            mechanism=first.mechanism,
            kind=first.kind,
            cite=False,
        )


def test_the_same_regions_may_be_linked_through_another_kind(make_link):
    first = make_link()
    other = make_link(
        origin=first.origin,
        felt_in=first.felt_in,
        condition=first.condition,
        mechanism=first.mechanism,
        kind=ReferralLink.Kind.SHARES_CAUSE,
    )
    other.full_clean()


@pytest.mark.parametrize("colour", ["blue", "#12345", "#GGGGGG", "0072B2"])
def test_a_bad_colour_is_refused_in_words(make_mechanism, colour):
    mechanism = make_mechanism()
    mechanism.colour = colour
    with pytest.raises(ValidationError) as error:
        mechanism.full_clean()
    assert "six hex digits" in messages(error.value)
    assert messages(error.value).count("hex digits") == 1


def test_a_bad_colour_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mechanism.objects.create(slug="m", name="M", summary="s", colour="red")


def test_a_duplicate_slug_is_refused(make_region):
    make_region(slug="wrist")
    duplicate = Region(
        slug="wrist",
        name="Wrist",
        group="upper_limb",
        views="both",
        bilateral=True,
        shape_key="wrist",
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict


def test_a_mimics_link_must_name_its_look_alike(make_link):
    link = make_link()
    link.kind = ReferralLink.Kind.MIMICS
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "must name the condition it looks like" in messages(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()


def test_a_published_link_cannot_point_at_a_draft_condition(make_link, make_condition):
    draft = make_condition(name="Half-written", status=Status.DRAFT)
    link = make_link(condition=draft, status=Status.DRAFT)
    link.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "the condition “Half-written” is still a draft" in messages(error.value)


def test_a_condition_in_use_cannot_go_back_to_draft(make_link):
    link = make_link()
    condition = link.condition
    condition.status = Status.DRAFT
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert f"The published link(s) “{link}” use this condition" in messages(error.value)


def test_a_region_slug_cannot_claim_a_side(db):
    region = Region(
        slug="left-wrist",
        name="Wrist",
        group="upper_limb",
        views="both",
        bilateral=True,
        shape_key="wrist",
    )
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert "cannot start with “left-”" in messages(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        region.save()


def test_a_region_must_use_a_shape_the_diagram_has(db):
    region = Region(
        slug="elsewhere",
        name="Elsewhere",
        group="trunk",
        views="front",
        bilateral=False,
        shape_key="tail",
    )
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert "There is no shape “tail” in the diagram" in messages(error.value)


def test_a_region_must_match_the_views_and_sides_of_its_shape(db):
    region = Region(
        slug="lower-back",
        name="Lower back",
        group="trunk",
        views="front",
        bilateral=True,
        shape_key="lower-back",
    )
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert "not drawn on the front view" in error.value.message_dict["views"][0]
    assert "must be unticked" in error.value.message_dict["bilateral"][0]


def test_draft_content_never_reaches_the_published_links(make_link, make_mechanism):
    hidden = make_mechanism(status=Status.DRAFT)
    make_link(mechanism=hidden)  # saved directly, bypassing clean(): the queryset still hides it
    visible = make_link()
    assert list(ReferralLink.objects.published()) == [visible]
