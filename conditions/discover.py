"""What the map answers when the reader starts from something other than a place: a condition,
a mechanism, a symptom, or two regions to join by a chain of links. Each answer is a set of
links, and a drawing of them on the diagram (where the region page draws one place's links).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects

from conditions import chains as chain_search
from conditions.body import drawing
from conditions.map import SELECTED_COLOUR, claim_rank
from conditions.models import (
    Citation,
    Condition,
    Mechanism,
    Place,
    RedFlag,
    ReferralLink,
    Region,
    Symptom,
)


def _slugs(places) -> str:
    """Place slugs for the browser; a bilateral region with no side stands for both sides."""
    slugs = []
    for place in places:
        sides = [place] if place.side or not place.region.bilateral else place.region.places()
        slugs += [p.slug for p in sides]
    return " ".join(sorted(dict.fromkeys(slugs)))


@dataclass
class Drawing:
    """Highlighted places and arrows, drawn on top of the shared body diagram."""

    selected: list[Place] = field(default_factory=list)
    connected: dict[Place, Mechanism] = field(default_factory=dict)
    arrows: dict[tuple, drawing.Arrow] = field(default_factory=dict)

    def add_link(self, link: ReferralLink, start: Place | None = None, end: Place | None = None):
        """Draw a link as an arrow, from `start` to `end` (by default its regions, either side)."""
        start = start or Place(link.origin, None)
        end = end or Place(link.felt_in, None)
        for place in (start, end):
            if place not in self.selected:
                self.connected.setdefault(place, link.mechanism)
        key = (start, end, link.mechanism_id)
        self.arrows.setdefault(
            key,
            drawing.Arrow(
                start=(start.region.shape_key, start.side),
                end=(end.region.shape_key, end.side),
                colour=link.mechanism.colour,
                pattern=link.mechanism.line_pattern,
                label=f"{start.label} to {end.label}: {link.mechanism.name}",
            ),
        )

    @property
    def selected_slugs(self) -> str:
        return _slugs(self.selected)

    @property
    def connected_slugs(self) -> str:
        return _slugs(p for p in self.connected if p not in self.selected)

    def overlay_svg(self) -> str:
        marks = [
            drawing.Mark(p.region.shape_key, p.side, "selected", SELECTED_COLOUR, "solid")
            for p in self.selected
        ]
        marks += [
            drawing.Mark(p.region.shape_key, p.side, "connected", m.colour, m.line_pattern)
            for p, m in self.connected.items()
            if p not in self.selected
        ]
        return drawing.draw_overlay(marks, self.arrows.values())


@dataclass
class LinkGroup:
    """Links under one heading: a mechanism, a condition or a region."""

    heading: object
    links: list[ReferralLink] = field(default_factory=list)


def _grouped(links, key) -> list[LinkGroup]:
    """Links under their headings. Reader comments and debated claims never lead: within a
    group the articles' own points come first, and a group with none comes after those that
    have one (the sort is stable, so the query's order holds otherwise)."""
    groups: dict[int, LinkGroup] = {}
    for link in sorted(links, key=claim_rank):
        heading = key(link)
        groups.setdefault(heading.pk, LinkGroup(heading)).links.append(link)
    return list(groups.values())


def _drawn(selected_regions, links) -> Drawing:
    picture = Drawing(selected=[Place(r, None) for r in selected_regions])
    for link in links:
        picture.add_link(link)
    return picture


_CITATIONS = Prefetch("citations", queryset=Citation.objects.select_related("source"))
# The links the articles make most of first (see ReferralLink.prominence), then head to foot.
_LINK_ORDER = ("prominence", "origin__order", "felt_in__order", "mechanism__order", "pk")


@dataclass
class ConditionAnswer:
    condition: Condition
    sits_in: list[Region]
    groups: list[LinkGroup]  # its links, by mechanism
    look_alikes: list[ReferralLink]  # links of other conditions that can be mistaken for it
    no_direct_links: list[ReferralLink]
    red_flags: list[RedFlag]
    drawing: Drawing

    @classmethod
    def build(cls, condition: Condition) -> "ConditionAnswer":
        """Runs five queries: its regions, its red flags, and its links and the links that can be
        mistaken for it, with their citations and symptoms."""
        sits_in = list(condition.regions.published())
        both = (
            ReferralLink.objects.published()
            .filter(Q(condition=condition) | Q(look_alike=condition))
            .with_details()
            .order_by("mechanism__order", *_LINK_ORDER)
        )
        links, look_alikes = [], []
        for link in sorted(both, key=claim_rank):
            (links if link.condition_id == condition.pk else look_alikes).append(link)
        drawn = [link for link in links if not link.is_negative]
        return cls(
            condition=condition,
            sits_in=sits_in,
            groups=_grouped(drawn, lambda link: link.mechanism),
            look_alikes=look_alikes,
            no_direct_links=[link for link in links if link.is_negative],
            red_flags=list(condition.red_flags.published().by_urgency().with_guideline()),
            drawing=_drawn(sits_in, drawn),
        )


@dataclass
class MechanismAnswer:
    mechanism: Mechanism
    groups: list[LinkGroup]  # the links through it, by condition
    no_direct_links: list[ReferralLink]
    drawing: Drawing

    @classmethod
    def build(cls, mechanism: Mechanism) -> "MechanismAnswer":
        """Runs three queries: the links through it, their citations and their symptoms."""
        links = list(
            ReferralLink.objects.published()
            .filter(mechanism=mechanism)
            .with_details()
            .order_by("condition__name", *_LINK_ORDER)
        )
        drawn = [link for link in links if not link.is_negative]
        origins = list({link.origin_id: link.origin for link in drawn}.values())
        return cls(
            mechanism=mechanism,
            groups=_grouped(drawn, lambda link: link.condition),
            no_direct_links=[link for link in links if link.is_negative],
            drawing=_drawn(origins, drawn),
        )


@dataclass
class SymptomAnswer:
    symptom: Symptom
    groups: list[LinkGroup]  # the links felt as it, by the region where it is felt
    drawing: Drawing

    @classmethod
    def build(cls, symptom: Symptom) -> "SymptomAnswer":
        """Runs three queries: the links felt as it, their citations and their symptoms."""
        links = [
            link
            for link in ReferralLink.objects.published()
            .filter(symptoms=symptom)
            .with_details()
            .order_by("felt_in__order", "prominence", "mechanism__order", "origin__order", "pk")
            if not link.is_negative
        ]
        felt_in = list({link.felt_in_id: link.felt_in for link in links}.values())
        return cls(
            symptom=symptom,
            groups=_grouped(links, lambda link: link.felt_in),
            drawing=_drawn(felt_in, links),
        )


@dataclass
class Chain:
    number: int
    links: tuple[ReferralLink, ...]

    @property
    def regions(self) -> list[Region]:
        return [self.links[0].origin, *(link.felt_in for link in self.links)]

    @property
    def mechanisms(self) -> list[Mechanism]:
        return list({link.mechanism_id: link.mechanism for link in self.links}.values())


@dataclass
class ChainAnswer:
    start: Place
    end: Place
    chains: list[Chain]
    no_direct_links: list[ReferralLink]
    complete: bool
    shown: Chain | None  # the one chain drawn, or None: all of them
    drawing: Drawing

    @classmethod
    def build(cls, start: Place, end: Place, show: int | None = None) -> "ChainAnswer":
        """Runs four queries: every published link (the graph, in one query), then the
        citations, symptoms and condition symptoms of the links on the page."""
        graph = ReferralLink.objects.published().select_related(
            "origin", "felt_in", "condition", "mechanism", "look_alike"
        )
        found = chain_search.find_chains(graph, start.region.pk, end.region.pk)
        chains = [Chain(n, links) for n, links in enumerate(found.chains, start=1)]
        on_page = list({link.pk: link for c in chains for link in c.links}.values())
        on_page += found.no_direct_links
        prefetch_related_objects(on_page, _CITATIONS, "symptoms", "condition__symptoms")
        shown = next((c for c in chains if c.number == show), None)
        picture = Drawing(selected=list(dict.fromkeys([start, end])))
        for chain in [shown] if shown else chains:
            last = len(chain.links) - 1
            for i, link in enumerate(chain.links):
                picture.add_link(
                    link,
                    start=start if i == 0 else None,
                    end=end if i == last else None,
                )
        return cls(
            start=start,
            end=end,
            chains=chains,
            no_direct_links=found.no_direct_links,
            complete=found.complete,
            shown=shown,
            drawing=picture,
        )
