"""What connects several chosen places: plain Python over referral links, tested without a
database (like conditions/chains.py, whose rules and orders it follows).

An *explanation* is a condition whose own links join two or more of the chosen regions: one link
between two of them, or a chain of up to three links through regions not chosen. As in
conditions/chains.py, a look-alike ("mimics") or a shared cause joins its two ends on its own,
but a chain of two or three links is made of "causes or refers to" links only; "no direct link"
statements never join anything and are returned beside the explanations. A chain may run either
way along a link: calf and foot are joined by sciatica through the lower back, where both are
felt from.

Works on `Link` tuples (read with `values_list`, not as model instances: at 100 times the
shipped content, five places touch ~8,500 links and building objects for them was most of the
time).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from conditions.chains import CAUSES, EVIDENCE_ORDER, KIND_ORDER, MAX_STEPS, NO_DIRECT_LINK

SHARES_CAUSE = "shares_cause"
BOTH_SIDES = "both_sides"
# What never leads a list, as everywhere on the site (ReferralLink.CLAIM_RANK).
CLAIM_RANK = {"debated": 1, "reader_comment": 2}
KEY = 2  # ReferralLink.Prominence.KEY: headline (1) and key links are what articles are about

LINK_FIELDS = (
    "pk",
    "origin_id",
    "felt_in_id",
    "condition_id",
    "mechanism_id",
    "kind",
    "side",
    "evidence",
    "prominence",
)


class Link(NamedTuple):
    """What the search needs of a referral link (ReferralLink's fields of the same names)."""

    pk: int
    origin_id: int
    felt_in_id: int
    condition_id: int
    mechanism_id: int
    kind: str
    side: str
    evidence: str
    prominence: int


def _link_order(link: Link) -> tuple:
    """Firmer first, as chains.chain_weight orders a chain of one link."""
    return (
        CLAIM_RANK.get(link.evidence, 0),
        link.prominence,
        KIND_ORDER.get(link.kind, 3),
        EVIDENCE_ORDER.get(link.evidence, 4),
        link.pk,
    )


@dataclass
class Explanation:
    condition_id: int
    explains: list[int]  # the chosen regions it accounts for, in the order they were chosen
    links: list[Link]  # the links that join them, firmest first
    through: list[int]  # regions not chosen that its chains pass through
    rank: tuple = ()


@dataclass
class NoDirectLink:
    """An article's statement that two chosen regions are not directly linked, and the shared
    causes the articles give for the same two regions."""

    link: Link
    shared_causes: list[Link] = field(default_factory=list)


@dataclass
class Pattern:
    explanations: list[Explanation]  # best first
    no_direct_links: list[NoDirectLink]
    unconnected: list[int]  # chosen regions no explanation reaches


def explain(
    links: Iterable[Link],
    chosen: Sequence[int],
    one_sided: frozenset[int] = frozenset(),
    names: dict[int, str] | None = None,
) -> Pattern:
    """The explanations of the chosen regions (ids, distinct) by `links`, ranked: an article's
    own point before a debated claim or a reader's comment (which never lead), then by how many
    chosen regions they account for, the prominence of the links that join them, how well those
    are supported, whether the sides fit (a link felt "on both sides" fits less well where only
    one side of that region was chosen: `one_sided`), then by how much the articles make of the
    condition at the chosen places (its headline and key links there), a cause before a
    look-alike before a shared cause, and by name (`names`, by condition id)."""
    links = sorted(set(links), key=_link_order)
    chosen = list(dict.fromkeys(chosen))
    chosen_set = set(chosen)
    by_condition: dict[int, list[Link]] = defaultdict(list)
    negatives = []
    for link in links:
        if link.origin_id == link.felt_in_id:
            continue
        if link.kind == NO_DIRECT_LINK:
            if link.origin_id in chosen_set and link.felt_in_id in chosen_set:
                negatives.append(link)
        else:
            by_condition[link.condition_id].append(link)

    explanations = []
    for condition_id, own in by_condition.items():
        touched = {end for link in own for end in (link.origin_id, link.felt_in_id)}
        if len(touched & chosen_set) < 2:
            continue  # cannot join two chosen places
        found = _joined(own, chosen, chosen_set)
        if found:
            explanations.append(_explanation(condition_id, own, found, chosen, one_sided))
    names = names or {}
    explanations.sort(key=lambda e: (*e.rank, names.get(e.condition_id, ""), e.condition_id))

    no_direct = []
    for negative in negatives:
        ends = {negative.origin_id, negative.felt_in_id}
        shared = [
            link
            for link in links
            if link.kind == SHARES_CAUSE and {link.origin_id, link.felt_in_id} == ends
        ]
        no_direct.append(NoDirectLink(negative, shared))
    reached = {region for e in explanations for region in e.explains}
    return Pattern(explanations, no_direct, [r for r in chosen if r not in reached])


def _joined(own: list[Link], chosen: list[int], chosen_set: set[int]) -> dict:
    """For each pair of chosen regions the condition's links join, the links of one shortest
    route between them (firmest first among equals): {(a, b): (link, ...)}."""
    neighbours: dict[int, list[tuple[Link, int]]] = defaultdict(list)
    for link in own:  # already firmest first
        neighbours[link.origin_id].append((link, link.felt_in_id))
        neighbours[link.felt_in_id].append((link, link.origin_id))
    found: dict[tuple[int, int], tuple[Link, ...]] = {}
    for start in chosen:
        if start not in neighbours:
            continue
        # Breadth first over regions; only the first step may be a look-alike or shared cause,
        # and a route stops at a chosen region (the routes from there are found from there).
        seen = {start}
        frontier: list[tuple[int, tuple[Link, ...]]] = [(start, ())]
        for step in range(1, MAX_STEPS + 1):
            next_frontier = []
            for here, path in frontier:
                for link, there in neighbours[here]:
                    if there in seen or (step > 1 and link.kind != CAUSES):
                        continue
                    route = (*path, link)
                    if there in chosen_set:
                        seen.add(there)
                        found.setdefault(tuple(sorted((start, there))), route)
                    elif link.kind == CAUSES:
                        seen.add(there)  # a look-alike's end is not passed through
                        next_frontier.append((there, route))
            frontier = next_frontier
    return found


def _largest_group(found: dict, chosen: list[int]) -> dict:
    """The routes of the largest group of chosen regions the routes hold together (the first
    chosen on a tie): a condition the articles place both in the neck and in the lower back
    joins neck to hand and back to calf, but not the neck to the calf."""
    group = {region: region for pair in found for region in pair}

    def root(region: int) -> int:
        while group[region] != region:
            region = group[region]
        return region

    for a, b in found:
        group[root(a)] = root(b)
    members: dict[int, list[int]] = {}
    for region in chosen:
        if region in group:
            members.setdefault(root(region), []).append(region)
    largest = max(members.values(), key=len)  # max keeps the first of equals
    return {pair: route for pair, route in found.items() if pair[0] in largest}


def _explanation(
    condition_id: int, own: list[Link], found: dict, chosen: list[int], one_sided: frozenset[int]
) -> Explanation:
    found = _largest_group(found, chosen)
    explained = {region for pair in found for region in pair}
    joining = sorted({link for route in found.values() for link in route}, key=_link_order)
    through = []
    for route in found.values():
        for link in route:
            for end in (link.origin_id, link.felt_in_id):
                if end not in explained and end not in through:
                    through.append(end)
    chosen_set = set(chosen)
    misfits = sum(
        1
        for link in joining
        if link.side == BOTH_SIDES and {link.origin_id, link.felt_in_id} & one_sided
    )
    key_here = sum(
        1
        for link in own
        if link.prominence <= KEY and {link.origin_id, link.felt_in_id} & chosen_set
    )
    # A route is as firm as its weakest link; an explanation as its firmest route.
    claim, prominence, evidence = min(
        (
            max(CLAIM_RANK.get(link.evidence, 0) for link in route),
            max(link.prominence for link in route),
            max(EVIDENCE_ORDER.get(link.evidence, 4) for link in route),
        )
        for route in found.values()
    )
    rank = (
        claim,
        -len(explained),
        prominence,
        evidence,
        misfits,
        -key_here,
        min(KIND_ORDER.get(link.kind, 3) for link in joining),
    )
    return Explanation(
        condition_id=condition_id,
        explains=[region for region in chosen if region in explained],
        links=joining,
        through=through,
        rank=rank,
    )
