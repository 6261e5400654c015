"""What joins several chosen places (patterns.explain): plain Python, no database."""

import itertools

from patterns.explain import Link, explain

_pks = itertools.count(1)

# Regions by number, as the search sees them.
NECK, HAND, WRIST, BACK, CALF, FOOT, KNEE, HIP, HEAD = range(1, 10)


def link(origin, felt_in, condition, kind="causes", **fields) -> Link:
    values = {
        "mechanism_id": 1,
        "side": "one_side",
        "evidence": "direct",
        "prominence": 2,
        **fields,
    }
    return Link(next(_pks), origin, felt_in, condition, kind=kind, **values)


def ranked(pattern) -> list[int]:
    return [e.condition_id for e in pattern.explanations]


def test_a_condition_with_a_link_between_two_chosen_places_explains_both():
    pattern = explain([link(NECK, HAND, condition=1)], [NECK, HAND])
    [only] = pattern.explanations
    assert (only.condition_id, only.explains, only.through) == (1, [NECK, HAND], [])
    assert pattern.unconnected == []


def test_places_felt_from_one_place_not_chosen_are_joined_through_it():
    sciatica = [link(BACK, CALF, condition=7), link(BACK, FOOT, condition=7)]
    [only] = explain(sciatica, [CALF, FOOT]).explanations
    assert only.explains == [CALF, FOOT]
    assert only.through == [BACK]


def test_a_chain_of_three_links_joins_but_four_do_not():
    three = [link(HEAD, NECK, 1), link(NECK, BACK, 1), link(BACK, KNEE, 1)]
    assert explain(three, [HEAD, KNEE]).explanations[0].explains == [HEAD, KNEE]
    four = three + [link(KNEE, FOOT, 1)]
    assert explain(four, [HEAD, FOOT]).explanations == []


def test_a_look_alike_or_shared_cause_joins_only_on_its_own_never_in_a_chain():
    chain = [link(NECK, WRIST, 1, kind="mimics"), link(WRIST, HAND, 1)]
    assert explain(chain, [NECK, HAND]).explanations == []
    assert explain(chain, [NECK, WRIST]).explanations[0].explains == [NECK, WRIST]


def test_no_direct_link_joins_nothing_and_comes_with_the_shared_causes():
    statement = link(WRIST, BACK, 1, kind="no_direct_link", prominence=1)
    diabetes = link(WRIST, BACK, 2, kind="shares_cause", prominence=3)
    pattern = explain([statement, diabetes], [WRIST, BACK])
    assert ranked(pattern) == [2]
    [no_direct] = pattern.no_direct_links
    assert no_direct.link == statement
    assert no_direct.shared_causes == [diabetes]


def test_places_nothing_joins_are_named():
    pattern = explain([link(NECK, HAND, 1), link(HIP, KNEE, 2)], [NECK, HAND, HEAD, KNEE])
    assert pattern.unconnected == [HEAD, KNEE]


def test_the_condition_that_accounts_for_more_places_comes_first():
    links = [
        link(BACK, CALF, 1, prominence=1),
        link(BACK, CALF, 2, prominence=3),
        link(BACK, FOOT, 2, prominence=3),
    ]
    assert ranked(explain(links, [BACK, CALF, FOOT])) == [2, 1]


def test_a_debated_claim_or_a_readers_comment_never_leads():
    links = [
        link(NECK, HAND, 1, evidence="debated", prominence=1),
        link(NECK, WRIST, 1, evidence="debated", prominence=1),
        link(NECK, HAND, 2, prominence=3),
    ]
    assert ranked(explain(links, [NECK, HAND, WRIST])) == [2, 1]


def test_then_the_firmer_and_better_supported_route_first():
    links = [
        link(NECK, HAND, 1, prominence=3),
        link(NECK, HAND, 2, prominence=2, evidence="indirect"),
        link(NECK, HAND, 3, prominence=2),
    ]
    assert ranked(explain(links, [NECK, HAND])) == [3, 2, 1]


def test_a_route_is_as_firm_as_its_weakest_link():
    strong_then_weak = [link(NECK, WRIST, 1, prominence=1), link(WRIST, HAND, 1, prominence=4)]
    steady = [link(NECK, HAND, 2, prominence=2)]
    assert ranked(explain(strong_then_weak + steady, [NECK, HAND])) == [2, 1]


def test_a_link_felt_on_both_sides_fits_less_where_one_side_was_chosen():
    both = link(NECK, HAND, 1, side="both_sides")
    one = link(NECK, HAND, 2, side="one_side")
    assert ranked(explain([both, one], [NECK, HAND], one_sided=frozenset({HAND}))) == [2, 1]
    assert ranked(explain([both, one], [NECK, HAND], names={1: "A", 2: "B"})) == [1, 2]


def test_a_condition_in_two_separate_places_accounts_for_the_larger_group_only():
    # A herniated disc in the neck reaches the hand; one in the lower back, the calf and foot.
    disc = [link(NECK, HAND, 1), link(BACK, CALF, 1), link(BACK, FOOT, 1)]
    [only] = explain(disc, [NECK, HAND, BACK, CALF, FOOT]).explanations
    assert only.explains == [BACK, CALF, FOOT]
    assert {link.origin_id for link in only.links} == {BACK}
