"""What the map answers when a place is selected: the links in and out, grouped by mechanism,
and the highlights and arrows that draw that answer on the diagram.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict

from bodymap import query as query_values
from conditions.body import drawing
from conditions.models import SIDES, Mechanism, Place, ReferralLink, Region, Symptom

SELECTED_COLOUR = "#12355B"
DIRECTIONS = {
    "both": "Both directions",
    "incoming": "Where it may come from",
    "outgoing": "What it may affect",
}


@dataclass(frozen=True)
class MapFilters:
    """The panel's controls. Unknown values are ignored: a bad link still shows a useful page."""

    direction: str = "both"
    mechanism: Mechanism | None = None
    symptom: Symptom | None = None  # only links felt as this symptom
    everything: bool = False  # ?show=all: every link and condition, not the first few

    @classmethod
    def from_query(
        cls, query: QueryDict, mechanisms: list[Mechanism], symptoms: Sequence[Symptom] = ()
    ) -> "MapFilters":
        return cls(
            direction=query_values.choice(query, "direction", DIRECTIONS, "both"),
            mechanism={m.slug: m for m in mechanisms}.get(query_values.slug(query, "mechanism")),
            symptom={s.slug: s for s in symptoms}.get(query_values.slug(query, "symptom")),
            everything=query_values.choice(query, "show", ("all",), "") == "all",
        )

    def query_string(self, **changes) -> str:
        values = {
            "direction": self.direction,
            "mechanism": self.mechanism and self.mechanism.slug,
            "symptom": self.symptom and self.symptom.slug,
            "show": "all" if self.everything else None,
        }
        values.update(changes)
        kept = {k: v for k, v in values.items() if v and not (k == "direction" and v == "both")}
        return "?" + urlencode(kept) if kept else ""

    @property
    def key(self) -> str:
        """The filters as part of a cache key: only known values, so a reader cannot fill the
        cache with made-up ones."""
        mechanism = self.mechanism.slug if self.mechanism else ""
        symptom = self.symptom.slug if self.symptom else ""
        return f"{self.direction}:{mechanism}:{symptom}:{'all' if self.everything else ''}"

    def shows(self, direction: str) -> bool:
        return self.direction in ("both", direction)

    @property
    def show_incoming(self) -> bool:
        return self.shows("incoming")

    @property
    def show_outgoing(self) -> bool:
        return self.shows("outgoing")

    @property
    def direction_choices(self) -> list[tuple[str, str]]:
        return list(DIRECTIONS.items())


def counterpart_places(region: Region, side_rule: str, selected_side: str | None) -> list[Place]:
    """The places of `region` that a link touches, seen from a place on `selected_side`."""
    if not region.bilateral:
        return [Place(region, None)]
    # Between two paired regions, a link whose side "does not matter" is drawn on the same side:
    # crossing to the other side would claim more than any article says.
    nearest = (ReferralLink.Side.SAME_SIDE, ReferralLink.Side.NOT_APPLICABLE)
    if side_rule in nearest and selected_side:
        return [Place(region, selected_side)]
    return [Place(region, side) for side in SIDES]


@dataclass
class LinkItem:
    """One link as the panel shows it, from the selected place's point of view."""

    link: ReferralLink
    direction: str  # "incoming" or "outgoing"
    others: list[Place]  # the places at the other end

    @property
    def other_places(self) -> list[tuple[str, str]]:
        """(address, label) of the other end: both sides of a region read as one."""
        if len(self.others) == 2 and self.others[0].region == self.others[1].region:
            region = self.others[0].region
            return [(region.get_absolute_url(), f"{region.name} (both sides)")]
        return [(place.get_absolute_url(), place.label) for place in self.others]


# A reader takes in a handful of links per mechanism; the rest are one click away ("Show all"),
# which also keeps a click's answer the same size however much content there is.
SHOWN_PER_GROUP = 5
EVIDENCE_RANK = {value: rank for rank, value in enumerate(ReferralLink.Evidence.values)}


@dataclass
class MechanismGroup:
    """The links of one mechanism in one direction, the best-supported first."""

    mechanism: Mechanism
    limit: int | None  # how many to show; None shows them all
    show_all_url: str  # the same answer narrowed to this mechanism and direction
    items: list[LinkItem] = field(default_factory=list)

    @property
    def shown(self) -> list[LinkItem]:
        return self.items if self.limit is None else self.items[: self.limit]

    @property
    def hidden_count(self) -> int:
        return len(self.items) - len(self.shown)

    def sort(self) -> None:
        # Stable: links of equal evidence keep their order by condition name.
        self.items.sort(key=lambda item: evidence_rank(item.link))

    @property
    def weight(self) -> int:
        return min((claim_rank(item.link) for item in self.items), default=0)


def evidence_rank(link: ReferralLink) -> int:
    """Best-supported first: direct, indirect, debated, a reader's comment."""
    return EVIDENCE_RANK.get(link.evidence, len(EVIDENCE_RANK))


def claim_rank(link: ReferralLink) -> int:
    """0 for an article's own point (direct or indirect), 1 for a debated claim, 2 for a
    reader's comment: what never leads a list."""
    return ReferralLink.CLAIM_RANK.get(link.evidence, 0)


def by_evidence(groups) -> list[MechanismGroup]:
    """Groups with an article's own point before those resting only on debated claims or
    comments (stable: otherwise in mechanism order)."""
    return sorted(groups, key=lambda group: group.weight)


@dataclass
class RegionAnswer:
    place: Place
    filters: MapFilters
    incoming: list[MechanismGroup]
    outgoing: list[MechanismGroup]
    no_direct_links: list[LinkItem]
    no_direct_count: int  # how many there are, listed or not
    conditions_here: list
    conditions_count: int
    red_flags: list
    arrows: list[drawing.Arrow]
    connected: dict[Place, Mechanism]
    show_all_url: str  # the same answer with every link and condition listed

    @classmethod
    def build(
        cls,
        place: Place,
        filters: MapFilters,
        only_links: set[int] | None = None,
        limit: int | None = SHOWN_PER_GROUP,
    ) -> "RegionAnswer":
        """Runs six queries, however many links there are. `only_links` narrows to those ids;
        `limit` is how many links each mechanism (and the conditions here) list, unless the
        reader chose a mechanism or asked for everything. The diagram draws every link."""
        if filters.mechanism or filters.everything:
            limit = None
        region = place.region
        selected = [place] if place.side or not region.bilateral else region.places()
        groups: dict[str, dict[int, MechanismGroup]] = {"incoming": {}, "outgoing": {}}
        no_direct: list[LinkItem] = []
        arrows: dict[tuple[Place, Place], list[Mechanism]] = {}
        connected: dict[Place, Mechanism] = {}
        for link in _links_touching(region, filters, only_links):
            for direction in ("incoming", "outgoing"):
                here = link.felt_in if direction == "incoming" else link.origin
                if here.pk != region.pk or not filters.shows(direction):
                    continue
                other = link.origin if direction == "incoming" else link.felt_in
                pairs = [
                    (sp, op)
                    for sp in selected
                    for op in counterpart_places(other, link.side, sp.side)
                ]
                others = list(dict.fromkeys(op for _, op in pairs))
                item = LinkItem(link, direction, others)
                if link.is_negative:
                    no_direct.append(item)
                    continue
                group = groups[direction].get(link.mechanism_id)
                if group is None:
                    narrowed = filters.query_string(
                        direction=direction, mechanism=link.mechanism.slug, show=None
                    )
                    group = MechanismGroup(
                        link.mechanism, limit, place.get_absolute_url() + narrowed
                    )
                    groups[direction][link.mechanism_id] = group
                group.items.append(item)
                for sp, op in pairs:
                    connected.setdefault(op, link.mechanism)
                    start, end = (op, sp) if direction == "incoming" else (sp, op)
                    through = arrows.setdefault((start, end), [])
                    if link.mechanism not in through:
                        through.append(link.mechanism)
        for sp in selected:
            connected.pop(sp, None)
        all_groups = [*groups["incoming"].values(), *groups["outgoing"].values()]
        for group in all_groups:
            group.sort()
        listed = [item for group in all_groups for item in group.shown]
        listed += no_direct[:limit]
        if not _add_details(listed):
            # A listed link was deleted between the two reads: answer again without it.
            return cls.build(place, filters, only_links, limit)
        # Reader comments and debated claims never lead: see `by_evidence`.
        conditions = region.conditions.published().by_evidence()
        conditions_here = list(conditions[: limit + 1] if limit else conditions)
        return cls(
            place=place,
            filters=filters,
            incoming=by_evidence(groups["incoming"].values()),
            outgoing=by_evidence(groups["outgoing"].values()),
            no_direct_links=no_direct[:limit],
            no_direct_count=len(no_direct),
            conditions_here=conditions_here[:limit],
            # Counted only when there are more than the panel lists.
            conditions_count=(
                conditions.count()
                if limit and len(conditions_here) > limit
                else len(conditions_here)
            ),
            red_flags=list(region.red_flags.published().by_urgency().with_guideline()),
            arrows=[_arrow(start, end, through) for (start, end), through in arrows.items()],
            connected=connected,
            show_all_url=place.get_absolute_url() + filters.query_string(show="all"),
        )

    @property
    def selected_places(self) -> list[Place]:
        region = self.place.region
        return [self.place] if self.place.side or not region.bilateral else region.places()

    @property
    def selected_slugs(self) -> str:
        return " ".join(p.slug for p in self.selected_places)

    @property
    def connected_slugs(self) -> str:
        return " ".join(sorted(p.slug for p in self.connected))

    @property
    def link_count(self) -> int:
        """How many links the panel lists."""
        return sum(len(g.shown) for g in self.incoming + self.outgoing)

    def overlay_svg(self) -> str:
        return overlay_svg([self])


def overlay_svg(answers: list[RegionAnswer]) -> str:
    """Several answers drawn together (a lesson step may select more than one place)."""
    marks, arrows, _ = _drawn(answers)
    return drawing.draw_overlay(marks, arrows)


def standalone_svg(
    answers: list[RegionAnswer], title: str, subtitle: str, footnote: str, href
) -> str:
    """The answers as one downloadable picture with a title and a legend of what is drawn."""
    marks, arrows, mechanisms = _drawn(answers)
    legend = [drawing.LegendItem("The part chosen", SELECTED_COLOUR, "selected")]
    legend += [drawing.LegendItem(m.name, m.colour, m.line_pattern) for m in mechanisms]
    specs = [
        drawing.RegionSpec(r.slug, r.name, r.shape_key, r.bilateral)
        for r in Region.objects.published()
    ]
    return drawing.draw_standalone(specs, href, marks, arrows, legend, title, subtitle, footnote)


def _drawn(answers: list[RegionAnswer]):
    """Marks, arrows and the mechanisms they use, for several answers drawn together."""
    selected = list(dict.fromkeys(p for a in answers for p in a.selected_places))
    connected: dict[Place, Mechanism] = {}
    for answer in answers:
        for place, mechanism in answer.connected.items():
            if place not in selected:
                connected.setdefault(place, mechanism)
    marks = [
        drawing.Mark(p.region.shape_key, p.side, "selected", SELECTED_COLOUR, "solid")
        for p in selected
    ]
    marks += [
        drawing.Mark(p.region.shape_key, p.side, "connected", m.colour, m.line_pattern)
        for p, m in connected.items()
    ]
    arrows = list(dict.fromkeys(arrow for a in answers for arrow in a.arrows))
    used = {m.pk: m for m in connected.values()}
    for answer in answers:
        for group in answer.incoming + answer.outgoing:
            used.setdefault(group.mechanism.pk, group.mechanism)
    mechanisms = sorted(used.values(), key=lambda m: (m.order, m.name))
    return marks, arrows, mechanisms


def _links_touching(region: Region, filters: MapFilters, only_links: set[int] | None):
    """The links the answer draws, narrowed by the filters in the database."""
    links = ReferralLink.objects.touching(region)
    if filters.mechanism:
        links = links.filter(mechanism=filters.mechanism)
    if filters.symptom:
        links = links.filter(symptoms=filters.symptom)
    if only_links is not None:
        links = links.filter(pk__in=only_links)
    return links


def _add_details(items: list[LinkItem]) -> bool:
    """Gives the links the panel lists their condition, citations and symptoms (three queries):
    only those, however many more the diagram draws. False when one is no longer there."""
    detailed = ReferralLink.objects.with_details().in_bulk([item.link.pk for item in items])
    if len(detailed) < len({item.link.pk for item in items}):
        return False
    for item in items:
        item.link = detailed[item.link.pk]
    return True


def _arrow(start: Place, end: Place, through: list[Mechanism]) -> drawing.Arrow:
    # One arrow per pair of places, in the colour of the first mechanism: arrows of the same
    # two places follow the same curve, so a second one would only hide under the first.
    return drawing.Arrow(
        start=(start.region.shape_key, start.side),
        end=(end.region.shape_key, end.side),
        colour=through[0].colour,
        pattern=through[0].line_pattern,
        label=f"{start.label} to {end.label}: {'; '.join(m.name for m in through)}",
    )
