"""Chains of referral links between two regions: a breadth-first search, plain Python.

A link runs from where a problem is (`origin_id`) to where it is felt (`felt_in_id`). A chain
is a path of links, each starting where the previous one is felt, visiting no region twice.
"No direct link" links state that there is *no* link, so they are never a step of a chain; they
are returned beside the chains instead, so a page can say so. A look-alike ("mimics") or a shared
cause is a route between two regions on its own, but it causes nothing further: a chain of two or
three links is made of "causes or refers to" links only.

Works on anything with `pk`, `origin_id`, `felt_in_id`, `kind` and `evidence` attributes, so it
is tested without a database. The search is bounded: in steps, in chains returned, in partial
paths explored and in time, so no content can make a request slow.
"""

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

NO_DIRECT_LINK = "no_direct_link"
CAUSES = "causes"
MAX_STEPS = 3
MAX_CHAINS = 20
MAX_PATHS = 20_000  # partial paths kept in one breadth-first level
TIME_BUDGET = 0.25  # seconds

# Among chains of the same length, the firmer ones first: a stated cause before a look-alike
# before a shared cause, and what an article says directly before an indirect route.
KIND_ORDER = {"causes": 0, "mimics": 1, "shares_cause": 2}
EVIDENCE_ORDER = {"direct": 0, "indirect": 1, "debated": 2, "reader_comment": 3}

Link = Any  # a ReferralLink, or any object with the attributes above


@dataclass(frozen=True)
class ChainSearch:
    chains: list[tuple[Link, ...]]  # shortest first
    no_direct_links: list[Link]  # "no direct link" statements between the two regions
    complete: bool  # False when a bound cut the search short: there may be more chains


def chain_weight(chain: tuple[Link, ...]) -> tuple:
    return (
        len(chain),
        sum(KIND_ORDER.get(link.kind, 3) for link in chain),
        sum(EVIDENCE_ORDER.get(link.evidence, 4) for link in chain),
        tuple(link.pk for link in chain),
    )


def find_chains(
    links: Iterable[Link],
    start: int,
    end: int,
    max_steps: int = MAX_STEPS,
    max_chains: int = MAX_CHAINS,
    time_budget: float = TIME_BUDGET,
) -> ChainSearch:
    """Every chain of at most `max_steps` links from region `start` to region `end` (ids)."""
    links = list(links)
    no_direct = [
        link
        for link in links
        if link.kind == NO_DIRECT_LINK and {link.origin_id, link.felt_in_id} == {start, end}
    ]
    if start == end:
        return ChainSearch([], no_direct, True)
    leaving: dict[int, list[Link]] = defaultdict(list)
    for link in sorted(links, key=lambda link: chain_weight((link,))):
        if link.kind != NO_DIRECT_LINK and link.origin_id != link.felt_in_id:
            leaving[link.origin_id].append(link)

    deadline = time.monotonic() + time_budget
    found: list[tuple[Link, ...]] = []
    complete = True
    # A partial path: its links, and the regions it has visited (so it never loops).
    frontier: list[tuple[tuple[Link, ...], frozenset[int]]] = [((), frozenset({start}))]
    for steps in range(1, max_steps + 1):
        found_here: list[tuple[Link, ...]] = []
        next_frontier = []
        for path, visited in frontier:
            here = path[-1].felt_in_id if path else start
            for link in leaving[here]:
                if link.felt_in_id in visited:
                    continue
                if path and (link.kind != CAUSES or path[0].kind != CAUSES):
                    continue  # only causal links chain
                if link.felt_in_id == end:
                    found_here.append((*path, link))
                elif len(next_frontier) < MAX_PATHS:
                    next_frontier.append(((*path, link), visited | {link.felt_in_id}))
                else:
                    complete = False
            if time.monotonic() > deadline:
                complete = False
                break
        found += sorted(found_here, key=chain_weight)
        if len(found) > max_chains or (len(found) == max_chains and steps < max_steps):
            complete = complete and not next_frontier and len(found) <= max_chains
            break
        if not complete:
            break
        frontier = next_frontier
    return ChainSearch(found[:max_chains], no_direct, complete)
