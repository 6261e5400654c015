"""What the pattern page answers for several chosen places: the explanations that join them
(patterns.explain), what the articles say does not connect directly, the places nothing
connects, the warnings, and the drawing. The rows, arrows and details reuse conditions.map's."""

from dataclasses import dataclass

from django.db.models import Case, OuterRef, Prefetch, Q, Subquery, Value, When
from django.urls import reverse

from conditions.body import drawing
from conditions.map import (
    SELECTED_COLOUR,
    LinkRow,
    MarksPlaces,
    _and_list,
    _here_words,
    choose_arrows,
    link_rank,
)
from conditions.models import (
    EVIDENCE_LABELS,
    SIDES,
    Citation,
    Mechanism,
    Place,
    RedFlag,
    ReferralLink,
    Region,
)
from patterns import explain

MIN_PLACES = 2
MAX_PLACES = 10
# A reader takes in a dozen explanations; more are counted, which also keeps an answer's size
# (and its details queries) the same however much content there is.
SHOWN_EXPLANATIONS = 12
SERIOUS = (RedFlag.Urgency.EMERGENCY, RedFlag.Urgency.URGENT)


def sides_of(place: Place) -> list[Place]:
    """The places a chosen place stands for on the diagram: both sides for a paired region
    chosen without a side."""
    region = place.region
    return [place] if place.side or not region.bilateral else region.places()


def in_words(places: list[Place]) -> str:
    """Places as a sentence names them: "the back of the neck, the left hand and the left calf
    and shin"; a paired region chosen without a side is "the hand (either side)"."""
    return _and_list([f"the {_here_words(place)}" for place in places]) if places else ""


class PatternRow(LinkRow):
    """An explanation's links between chosen places in one mechanism. Every row of one
    explanation has the explanation's id, so an arrow leads to (and picks out) the
    explanation whatever mechanism it is drawn in."""

    @property
    def id(self) -> str:
        return f"explanation-{self.condition.slug}"


@dataclass
class ShownExplanation:
    condition: object  # Condition
    links: list[ReferralLink]  # those that join the chosen places, firmest first
    explains: list[Place]
    misses: list[Place]  # the chosen places it does not account for
    through: list[Region]  # places not chosen its chains pass through

    @property
    def id(self) -> str:
        return f"explanation-{self.condition.slug}"

    @property
    def explains_slugs(self) -> str:
        return " ".join(place.slug for place in self.explains)

    @property
    def place_slugs(self) -> str:
        """What picking it lights on the diagram: the places it accounts for and passes."""
        slugs = [p.slug for place in self.explains for p in sides_of(place)]
        slugs += [p.slug for region in self.through for p in region.places()]
        return " ".join(dict.fromkeys(slugs))

    @property
    def explains_words(self) -> str:
        return in_words(self.explains)

    @property
    def misses_words(self) -> str:
        return in_words(self.misses)

    @property
    def through_words(self) -> str:
        return _and_list([region.name.lower() for region in self.through])

    @property
    def mechanisms(self) -> list[Mechanism]:
        return list({link.mechanism_id: link.mechanism for link in self.links}.values())

    @property
    def best(self) -> ReferralLink:
        return min(self.links, key=link_rank)

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LABELS.get(self.best.evidence, "")

    @property
    def sources(self) -> list:
        return list({s.pk: s for link in self.links for s in getattr(link, "sources", [])}.values())

    @property
    def details_url(self) -> str:
        ids = ",".join(str(link.pk) for link in self.links)
        return reverse("conditions:link_details") + "?ids=" + ids


@dataclass
class NoDirectLink:
    link: ReferralLink
    shared_causes: list[ReferralLink]

    @property
    def shared_cause_names(self) -> list[str]:
        return list(dict.fromkeys(link.condition.name for link in self.shared_causes))


@dataclass
class PatternAnswer(MarksPlaces):
    places: list[Place]  # as chosen, head to foot
    explanations: list[ShownExplanation]
    explanation_count: int  # how many there are, shown or not
    no_direct_links: list[NoDirectLink]
    unconnected: list[Place]
    combination_flags: list[RedFlag]  # raised by the places together (serious), first
    combination_conditions: list  # the conditions the places together fit that raise them
    red_flags: list[RedFlag]  # the others, most urgent first
    arrows: list[drawing.Arrow]
    connected: dict[Place, Mechanism]

    @classmethod
    def build(cls, places: list[Place], regions: dict[str, Region]) -> "PatternAnswer":
        """Runs five queries, however many links there are: the links touching the chosen
        regions and the other links of the conditions that may join them (both as plain
        tuples), the shown links with their sources (two), and the warnings."""
        by_id = {region.pk: region for region in regions.values()}
        chosen = list(dict.fromkeys(place.region.pk for place in places))
        # A paired region counts as chosen on both sides only when both are ticked: one
        # chosen without a side means "one of them", as a person with a sore hand means.
        sides: dict[int, set] = {}
        for place in places:
            sides.setdefault(place.region.pk, set()).add(place.side)
        one_sided = frozenset(
            pk for pk in chosen if by_id[pk].bilateral and not set(SIDES) <= sides[pk]
        )
        published = ReferralLink.objects.published()
        touching = Q(origin_id__in=chosen) | Q(felt_in_id__in=chosen)
        links = [
            explain.Link(*row)
            for row in published.filter(touching).values_list(*explain.LINK_FIELDS)
        ]
        candidates = _joining_candidates(links, set(chosen))
        if candidates:
            # The middle link of a chain of three touches no chosen region.
            links += [
                explain.Link(*row)
                for row in published.filter(condition_id__in=candidates)
                .exclude(touching)
                .values_list(*explain.LINK_FIELDS)
            ]
        found = explain.explain(links, chosen, one_sided)
        shown = found.explanations[:SHOWN_EXPLANATIONS]
        wanted = {link.pk for e in shown for link in e.links}
        wanted |= {n.link.pk for n in found.no_direct_links}
        wanted |= {s.pk for n in found.no_direct_links for s in n.shared_causes}
        full = _full_links(wanted)
        explanations = []
        # Conditions of the same rank read by name, as every list of the site does.
        for e in _by_name(shown, full):
            joined = [full[link.pk] for link in e.links if link.pk in full]
            if not joined:
                continue  # deleted between the reads
            explains = [p for p in places if p.region.pk in e.explains]
            explanations.append(
                ShownExplanation(
                    condition=joined[0].condition,
                    links=joined,
                    explains=explains,
                    misses=[p for p in places if p not in explains],
                    through=[by_id[pk] for pk in e.through if pk in by_id],
                )
            )
        no_direct = [
            NoDirectLink(full[n.link.pk], [full[s.pk] for s in n.shared_causes if s.pk in full])
            for n in found.no_direct_links
            if n.link.pk in full
        ]
        # The places together point to the conditions that account for the most of them.
        most = max((len(e.explains) for e in explanations), default=0)
        fitting = [e.condition for e in explanations if len(e.explains) == most]
        flags = _red_flags(chosen, [e.condition.pk for e in explanations], fitting)
        combination = [f for f in flags if f.raised_by and f.urgency in SERIOUS]
        raised = {f.raised_by for f in combination}
        arrows, connected = _drawing(explanations, places)
        return cls(
            places=places,
            explanations=explanations,
            explanation_count=len(found.explanations),
            no_direct_links=no_direct,
            unconnected=[p for p in places if p.region.pk in found.unconnected],
            combination_flags=combination,
            combination_conditions=[c for c in fitting if c.pk in raised],
            red_flags=[f for f in flags if f not in combination],
            arrows=arrows,
            connected=connected,
        )

    @property
    def slugs(self) -> list[str]:
        return [place.slug for place in self.places]

    @property
    def query_string(self) -> str:
        return "?" + "&".join(f"at={slug}" for slug in self.slugs)

    @property
    def title(self) -> str:
        words = _and_list([_here_words(place) for place in self.places])
        return words[:1].upper() + words[1:]

    @property
    def selected_places(self) -> list[Place]:
        return list(dict.fromkeys(p for place in self.places for p in sides_of(place)))

    @property
    def glance(self) -> list:
        """One line per explanation for a downloaded picture (conditions.map.standalone_svg)."""
        return [
            _Line(f"{e.condition.name}: accounts for {e.explains_words}")
            for e in self.explanations[:5]
        ]

    @property
    def incoming(self) -> list:
        """The mechanisms drawn, for a downloaded picture's legend (standalone_svg reads the
        mechanisms of a region answer's groups)."""
        drawn = {link.mechanism_id: link.mechanism for e in self.explanations for link in e.links}
        return [_Group(mechanism) for mechanism in drawn.values()]

    @property
    def outgoing(self) -> list:
        return []

    def overlay_svg(self) -> str:
        marks = [
            drawing.Mark(p.region.shape_key, p.side, "selected", SELECTED_COLOUR, "solid")
            for p in self.selected_places
        ]
        marks += [
            drawing.Mark(p.region.shape_key, p.side, "connected", m.colour, m.line_pattern)
            for p, m in self.connected.items()
        ]
        return drawing.draw_overlay(marks, self.arrows)


@dataclass(frozen=True)
class _Line:
    words: str


@dataclass(frozen=True)
class _Group:
    mechanism: Mechanism


def _joining_candidates(links: list[explain.Link], chosen: set[int]) -> list[int]:
    """Conditions whose links touch two chosen regions or more: only they can join them."""
    touched: dict[int, set[int]] = {}
    for link in links:
        if link.kind != explain.NO_DIRECT_LINK:
            ends = {link.origin_id, link.felt_in_id} & chosen
            touched.setdefault(link.condition_id, set()).update(ends)
    return sorted(pk for pk, ends in touched.items() if len(ends) >= 2)


def _full_links(pks: set[int]) -> dict[int, ReferralLink]:
    """The links shown, with what names and draws them and their sources' titles (`sources`,
    as conditions.map gives a place's rows): two queries."""
    cited = Citation.objects.select_related("source").only(
        "link_id", "source__slug", "source__title"
    )
    links = (
        ReferralLink.objects.filter(pk__in=pks)
        .select_related("origin", "felt_in", "condition", "mechanism", "look_alike")
        .prefetch_related(Prefetch("citations", queryset=cited))
        .in_bulk()
    )
    for link in links.values():
        link.sources = list({c.source_id: c.source for c in link.citations.all()}.values())
    return links


def _by_name(shown: list[explain.Explanation], full: dict) -> list[explain.Explanation]:
    def name(e: explain.Explanation) -> str:
        link = full.get(e.links[0].pk)
        return link.condition.name if link else ""

    return sorted(shown, key=lambda e: (e.rank, name(e)))


def _red_flags(chosen: list[int], conditions: list[int], fitting: list) -> list[RedFlag]:
    """The published warnings of the chosen regions and of the explaining conditions, most
    urgent first, each with `raised_by`: the first of the `fitting` conditions (those that
    account for the most chosen places) it belongs to, or None. One query."""
    fitting_ids = [condition.pk for condition in fitting]
    ranked = Case(
        *(When(condition_id=pk, then=Value(i)) for i, pk in enumerate(fitting_ids)),
        default=Value(len(fitting_ids)),
    )
    raised = (
        RedFlag.conditions.through.objects.filter(
            redflag_id=OuterRef("pk"), condition_id__in=fitting_ids
        )
        .annotate(position=ranked)
        .order_by("position")
        .values("condition_id")[:1]
    )
    any_of = RedFlag.objects.filter(Q(regions__in=chosen) | Q(conditions__in=conditions))
    return list(
        RedFlag.objects.published()
        .filter(pk__in=any_of.values("pk"))
        .by_urgency()
        .with_guideline()
        .annotate(raised_by=Subquery(raised))
    )


def _drawing(explanations: list[ShownExplanation], places: list[Place]):
    """The arrows of the links between chosen places only (conditions.map.choose_arrows, so
    the same rules as a place's answer), each leading to its explanation; the places the
    explanations pass through are lit in their mechanism's colour."""
    chosen_sides: dict[int, list[Place]] = {}
    for place in places:
        chosen_sides.setdefault(place.region.pk, []).extend(sides_of(place))
    same = (ReferralLink.Side.SAME_SIDE, ReferralLink.Side.NOT_APPLICABLE)
    rows: dict[tuple, PatternRow] = {}
    connected: dict[Place, Mechanism] = {}
    for e in explanations:
        for link in e.links:
            starts = chosen_sides.get(link.origin_id, [])
            ends = chosen_sides.get(link.felt_in_id, [])
            for region in (link.origin, link.felt_in):
                if region.pk not in chosen_sides:
                    for place in region.places():
                        connected.setdefault(place, link.mechanism)
            pairs = [
                (start, end)
                for start in starts
                for end in ends
                if not (link.side in same and start.side and end.side and start.side != end.side)
            ]
            if not pairs:
                continue
            key = (e.condition.pk, link.mechanism_id)
            row = rows.get(key)
            if row is None:
                row = rows[key] = PatternRow(e.condition, link.mechanism, "outgoing", False)
            row.add(link, pairs)
    for row in rows.values():
        row.sort()
    arrows = choose_arrows(list(rows.values()), {row.id for row in rows.values()})
    return arrows, connected
