"""What the map answers when a place is selected: the links in and out, grouped by mechanism,
and the highlights and arrows that draw that answer on the diagram.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import Count, F, Min, Prefetch, Q
from django.http import QueryDict
from django.urls import reverse

from bodymap import query as query_values
from conditions.body import drawing
from conditions.models import (
    SIDES,
    Citation,
    Condition,
    Mechanism,
    Place,
    ReferralLink,
    Region,
    Status,
    Symptom,
)

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


def place_words(places: Sequence[Place]) -> list[tuple[str, str]]:
    """(address, label) of places as a sentence names them: both sides of a region read as
    one ("thigh (both sides)"), head to foot."""
    by_region: dict[int, list[Place]] = {}
    for place in places:
        by_region.setdefault(place.region.pk, []).append(place)
    words = []
    for same in sorted(by_region.values(), key=lambda ps: (ps[0].region.order, ps[0].region.name)):
        region = same[0].region
        if region.bilateral and len({p.side for p in same}) == 2:
            words.append((region.get_absolute_url(), f"{region.name} (both sides)"))
        else:
            words.extend((p.get_absolute_url(), p.label) for p in same)
    return words


EVIDENCE_RANK = {value: rank for rank, value in enumerate(ReferralLink.Evidence.values)}


def link_rank(link: ReferralLink) -> tuple[int, int, int]:
    """How a link ranks in a place's lists: an article's own point before a debated claim or
    a comment (which never lead), then its prominence, then how well it is supported."""
    return (
        ReferralLink.CLAIM_RANK.get(link.evidence, 0),
        link.prominence,
        EVIDENCE_RANK.get(link.evidence, len(EVIDENCE_RANK)),
    )


@dataclass
class LinkRow:
    """One condition working through one mechanism in one direction, with every place it
    reaches: "Herniated disc → thigh, calf and shin, foot" is one row, not three, and its
    explanations and passages are read on demand (`conditions:link_details`)."""

    condition: Condition
    mechanism: Mechanism
    direction: str  # "incoming" or "outgoing"
    negative: bool  # "no direct link" statements
    links: list[ReferralLink] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # the places at the other end
    key_places: list[Place] = field(default_factory=list)  # ... that key links reach
    pairs: list[tuple[Place, Place]] = field(default_factory=list)  # (start, end) to draw

    def add(self, link: ReferralLink, pairs: list[tuple[Place, Place]]) -> None:
        self.links.append(link)
        others = [start if self.direction == "incoming" else end for start, end in pairs]
        for other in others:
            if other not in self.places:
                self.places.append(other)
            if link.is_key and other not in self.key_places:
                self.key_places.append(other)
        self.pairs += [pair for pair in pairs if pair not in self.pairs]

    @property
    def id(self) -> str:
        """Names the row in the page, so glance lines and arrows can point at it: short, as
        an arrow names every row it draws."""
        kind = "n" if self.negative else self.direction[0]
        return f"row-{kind}{self.condition.pk}-{self.mechanism.pk}"

    @property
    def rank(self) -> tuple[int, int, int]:
        return min(link_rank(link) for link in self.links)

    @property
    def prominence(self) -> int:
        return min(link.prominence for link in self.links)

    @property
    def is_key(self) -> bool:
        return any(link.is_key for link in self.links)

    @property
    def best(self) -> ReferralLink:
        """The link that speaks for the row: the most prominent, best supported."""
        return min(self.links, key=link_rank)

    @property
    def evidence(self) -> str:
        return self.best.evidence

    @property
    def kinds(self) -> list[tuple[str, str]]:
        """(value, label) of the kinds of its links, each once."""
        return list(dict.fromkeys((link.kind, link.get_kind_display()) for link in self.links))

    @property
    def look_alikes(self) -> list[Condition]:
        # One of each, in the order first met.
        unique = {link.look_alike_id: link.look_alike for link in self.links if link.look_alike}
        return list(unique.values())

    @property
    def other_places(self) -> list[tuple[str, str]]:
        return place_words(self.places)

    @property
    def link_ids(self) -> str:
        return ",".join(str(link.pk) for link in sorted(self.links, key=link_rank))

    @property
    def details_url(self) -> str:
        return reverse("conditions:link_details") + "?ids=" + self.link_ids

    @property
    def sources(self) -> list:
        """The articles its links cite, each once (read by `_add_details`)."""
        return list({s.pk: s for link in self.links for s in getattr(link, "sources", [])}.values())

    @property
    def place_slugs(self) -> str:
        """Every place the row draws, both ends: what picking it lights on the diagram."""
        return " ".join(dict.fromkeys(p.slug for pair in self.pairs for p in pair))

    def sort(self) -> None:
        self.links.sort(key=link_rank)
        order = {p: (p.region.order, p.side or "") for p in self.places}
        self.places.sort(key=order.get)
        self.key_places.sort(key=order.get)


GLANCE_LINES = 5  # at most: what a reader takes in at once


@dataclass
class GlanceLine:
    """A key connection in one line of plain words: ‹condition›: from ‹here› into ‹places› ·
    ‹mechanism›, naming at once every place its key links reach."""

    row: LinkRow
    here: str  # the selected place, as the sentence names it

    @property
    def places(self) -> list[tuple[str, str]]:
        """(address, words) of the places its key links reach, as a sentence names them:
        "left hand"; "thigh" when both sides are meant and `sides_note` says so once."""
        both = self.sides_note != ""
        return [
            (
                place.region.get_absolute_url() if both else place.get_absolute_url(),
                _in_words(place.region.name, None if both else place.side),
            )
            for place in dict.fromkeys(
                Place(p.region, None) if both else p for p in self.row.key_places
            )
        ]

    @property
    def sides_note(self) -> str:
        """ " on both sides" when every place is reached on both sides of the body."""
        places = self.row.key_places
        by_region: dict[int, set] = {}
        for place in places:
            by_region.setdefault(place.region.pk, set()).add(place.side)
        both = by_region and all(sides == set(SIDES) for sides in by_region.values())
        return " on both sides" if both else ""

    @property
    def words(self) -> str:
        """The line as plain text."""
        there = _and_list([label for _, label in self.places]) + self.sides_note
        return f"{self.row.condition.name}: {self.route(there)} · {self.row.mechanism.name}"

    def route(self, there: str) -> str:
        row, here = self.row, self.here
        if row.negative:
            ends = (there, here) if row.direction == "incoming" else (here, there)
            return f"no direct link from {ends[0]} to {ends[1]}"
        kinds = {kind for kind, _ in row.kinds}
        if kinds == {ReferralLink.Kind.SHARES_CAUSE}:
            return f"a shared cause of {here} and {there} problems"
        if row.direction == "incoming":
            return f"from {there} into {here}"
        return f"from {here} into {there}"

    @property
    def is_incoming(self) -> bool:
        return self.row.direction == "incoming"

    @property
    def shares_cause(self) -> bool:
        return {kind for kind, _ in self.row.kinds} == {ReferralLink.Kind.SHARES_CAUSE}


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) < 2 else ", ".join(words[:-1]) + " and " + words[-1]


def glance_lines(rows: list[LinkRow], here: str) -> list[GlanceLine]:
    """The key rows, at most `GLANCE_LINES`: an article's own points before debated claims,
    the most prominent first, a connection before a "no direct link", the best supported, the
    one reaching most places, then by name."""
    key = [row for row in rows if row.is_key and row.key_places]
    key.sort(
        key=lambda row: (
            row.rank[0],  # an article's own point first
            row.prominence,
            row.negative,
            row.rank[2],
            -len(row.key_places),
            row.condition.name,
        )
    )
    return [GlanceLine(row, here) for row in key[:GLANCE_LINES]]


# A reader takes in a handful of rows per mechanism; the rest are one click away ("Show all"),
# which also keeps a click's answer the same size however much content there is.
SHOWN_PER_GROUP = 5


@dataclass
class MechanismGroup:
    """The rows of one mechanism in one direction, the most prominent first."""

    mechanism: Mechanism
    limit: int | None  # how many to show; None shows them all
    show_all_url: str  # the same answer narrowed to this mechanism and direction
    items: list[LinkRow] = field(default_factory=list)

    @property
    def shown(self) -> list[LinkRow]:
        """The first rows, and of those only what the articles make something of: asides,
        rare causes and general risk factors (minor) wait behind "Show all" too."""
        if self.limit is None:
            return self.items
        minor = ReferralLink.Prominence.MINOR
        return [row for row in self.items if row.prominence < minor][: self.limit]

    @property
    def hidden_count(self) -> int:
        return len(self.items) - len(self.shown)

    def sort(self) -> None:
        # An article's own points first (reader comments and debated claims never lead), then
        # what the articles make most of, then the best supported. Stable: rows equal in all
        # keep their order by condition name.
        for row in self.items:
            row.sort()
        self.items.sort(key=lambda row: row.rank)

    @property
    def rank(self) -> tuple[int, int, int]:
        return min((row.rank for row in self.items), default=(99, 99, 99))

    @property
    def weight(self) -> int:
        """0 when an article makes one of its points: groups resting only on debated claims
        or comments come after."""
        return self.rank[0]


def evidence_rank(link: ReferralLink) -> int:
    """Best-supported first: direct, indirect, debated, a reader's comment."""
    return EVIDENCE_RANK.get(link.evidence, len(EVIDENCE_RANK))


def claim_rank(link: ReferralLink) -> int:
    """0 for an article's own point (direct or indirect), 1 for a debated claim, 2 for a
    reader's comment: what never leads a list."""
    return ReferralLink.CLAIM_RANK.get(link.evidence, 0)


class MarksPlaces:
    """What the diagram's `data-selected` and `data-connected` say of an answer that has
    `selected_places` and `connected` (a place's, or several places' at once)."""

    @property
    def selected_slugs(self) -> str:
        return " ".join(p.slug for p in self.selected_places)

    @property
    def connected_slugs(self) -> str:
        return " ".join(sorted(p.slug for p in self.connected))


@dataclass
class RegionAnswer(MarksPlaces):
    place: Place
    filters: MapFilters
    glance: list[GlanceLine]
    incoming: list[MechanismGroup]
    outgoing: list[MechanismGroup]
    no_direct_links: list[LinkRow]
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
        """Runs five queries, however many links there are. `only_links` narrows to those ids;
        `limit` is how many rows each mechanism (and the conditions here) list, unless the
        reader chose a mechanism or asked for everything. The diagram draws the key rows'
        arrows first, at most `MAX_ARROWS`, and lights every place."""
        if filters.mechanism or filters.everything:
            limit = None
        region = place.region
        selected = [place] if place.side or not region.bilateral else region.places()
        rows: dict[tuple, LinkRow] = {}
        connected: dict[Place, Mechanism] = {}
        for link in _links_touching(region, filters, only_links):
            for direction in ("incoming", "outgoing"):
                here = link.felt_in if direction == "incoming" else link.origin
                if here.pk != region.pk or not filters.shows(direction):
                    continue
                other = link.origin if direction == "incoming" else link.felt_in
                pairs = [
                    (op, sp) if direction == "incoming" else (sp, op)
                    for sp in selected
                    for op in counterpart_places(other, link.side, sp.side)
                ]
                key = (direction, link.condition_id, link.mechanism_id, link.is_negative)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = LinkRow(
                        link.condition, link.mechanism, direction, link.is_negative
                    )
                row.add(link, pairs)
                if not link.is_negative:
                    for start, end in pairs:
                        connected.setdefault(
                            start if direction == "incoming" else end, link.mechanism
                        )
        for sp in selected:
            connected.pop(sp, None)
        for row in rows.values():
            row.sort()
        ordered = sorted(rows.values(), key=lambda row: row.rank)  # stable: by condition name
        groups: dict[str, dict[int, MechanismGroup]] = {"incoming": {}, "outgoing": {}}
        no_direct: list[LinkRow] = []
        for row in ordered:
            if row.negative:
                no_direct.append(row)
                continue
            group = groups[row.direction].get(row.mechanism.pk)
            if group is None:
                narrowed = filters.query_string(
                    direction=row.direction, mechanism=row.mechanism.slug, show=None
                )
                group = groups[row.direction][row.mechanism.pk] = MechanismGroup(
                    row.mechanism, limit, place.get_absolute_url() + narrowed
                )
            group.items.append(row)
        listed = [
            row
            for g in [*groups["incoming"].values(), *groups["outgoing"].values()]
            for row in g.shown
        ]
        listed += no_direct[:limit]
        glance = glance_lines(ordered, _here_words(place))
        if not _add_details(
            {link for row in listed + [g.row for g in glance] for link in row.links}
        ):
            # A listed link was deleted between the two reads: answer again without it.
            return cls.build(place, filters, only_links, limit)
        conditions = _conditions_by_prominence(region)
        conditions_here = list(conditions[: limit + 1] if limit else conditions)
        return cls(
            place=place,
            filters=filters,
            glance=glance,
            incoming=list(groups["incoming"].values()),
            outgoing=list(groups["outgoing"].values()),
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
            arrows=choose_arrows(
                [row for row in ordered if not row.negative],
                {row.id for row in listed},
                place.get_absolute_url() + filters.query_string(show="all"),
            ),
            connected=connected,
            show_all_url=place.get_absolute_url() + filters.query_string(show="all"),
        )

    @property
    def selected_places(self) -> list[Place]:
        region = self.place.region
        return [self.place] if self.place.side or not region.bilateral else region.places()

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
    # A file on its own has no panel for its arrows to lead to.
    arrows = [replace(arrow, href="", rows="") for arrow in arrows]
    legend = [drawing.LegendItem("The part chosen", SELECTED_COLOUR, "selected")]
    legend += [drawing.LegendItem(m.name, m.colour, m.line_pattern) for m in mechanisms]
    specs = [
        drawing.RegionSpec(r.slug, r.name, r.shape_key, r.bilateral)
        for r in Region.objects.published()
    ]
    lines = [line.words for answer in answers for line in answer.glance]  # the glance first
    return drawing.draw_standalone(
        specs, href, marks, arrows, legend, title, subtitle, footnote, lines
    )


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


def _conditions_by_prominence(region: Region):
    """The published conditions that sit in `region`: those resting only on debated claims or
    a reader's comment after the others (`by_evidence`), then those of its most prominent links
    first, of those the one with the most links here (the one the articles say most about),
    then by name; a condition with no link here last among its kind."""
    here = (Q(links__origin=region) | Q(links__felt_in=region)) & Q(links__status=Status.PUBLISHED)
    return (
        region.conditions.published()
        .by_evidence()
        .annotate(
            rank=Min("links__prominence", filter=here), links_here=Count("links", filter=here)
        )
        .order_by("best_evidence_rank", F("rank").asc(nulls_last=True), "-links_here", "name")
    )


def _in_words(name: str, side: str | None) -> str:
    """A place as a sentence names it: "left side of the neck", "lower back"."""
    name = name[:1].lower() + name[1:]
    return f"{side} {name}" if side else name


def _here_words(place: Place) -> str:
    region = place.region
    if region.bilateral and not place.side:
        return f"{_in_words(region.name, None)} (either side)"
    return _in_words(region.name, place.side)


def _add_details(links: set[ReferralLink]) -> bool:
    """Gives the links the panel lists their one-line summary and their sources' titles (two
    queries): only those, however many more the diagram draws, and not their explanations or
    passages, which a reader opens on demand. False when one is no longer there."""
    read = (
        ReferralLink.objects.only("summary")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source").only(
                    "link_id", "source__slug", "source__title"
                ),
            )
        )
        .in_bulk([link.pk for link in links])
    )
    if len(read) < len(links):
        return False
    for link in links:
        link.summary = read[link.pk].summary
        link.sources = list({c.source_id: c.source for c in read[link.pk].citations.all()}.values())
    return True


MAX_ARROWS = 12  # what a lecture room can follow; the other connections are lit regions
LIMBS = (Region.Group.UPPER_LIMB, Region.Group.LOWER_LIMB)


def _end(place: Place) -> tuple[str, str | None]:
    return (place.region.shape_key, place.side)


def choose_arrows(
    rows: list[LinkRow], listed: set[str] = frozenset(), show_all_url: str = ""
) -> list[drawing.Arrow]:
    """The arrows an answer draws, from `rows` in order of prominence: one per pair of places
    (in the most prominent row's mechanism), none crossing from one view to the other, and
    the places one mechanism reaches down one limb bundled into one branching arrow; key rows'
    arrows first and drawn strongly, the rest lighter, at most `MAX_ARROWS`. Each names the
    rows it draws, so picking a row picks out its arrows, and leads to the first of them that
    is `listed` (or to it in the answer with everything listed, `show_all_url`)."""
    owner: dict[tuple[Place, Place], LinkRow] = {}
    drawn_for: dict[tuple[Place, Place], list[LinkRow]] = {}
    for row in rows:
        for pair in row.pairs:
            if not drawing.same_view(_end(pair[0]), _end(pair[1])):
                continue  # the place is lit instead: an arrow across the gap reads as a tangle
            owner.setdefault(pair, row)
            drawn_for.setdefault(pair, []).append(row)
    bundles: dict[tuple, list[tuple[Place, Place]]] = {}
    for pair, row in owner.items():
        start, end = pair
        down_limb = row.direction == "outgoing" and end.region.group in LIMBS
        reach = (end.region.group, end.side) if down_limb else (end, start)
        bundles.setdefault((start, reach, row.mechanism.pk), []).append(pair)
    arrows = []
    for (start, _, _), pairs in bundles.items():
        owners = sorted(
            {owner[pair].id: owner[pair] for pair in pairs}.values(), key=lambda r: r.rank
        )
        first = owners[0]
        ends = sorted((end for _, end in pairs), key=lambda p: (p.region.order, p.side or ""))
        drawn = {row.id: row for pair in pairs for row in drawn_for[pair]}
        strong = any(
            owner[pair].is_key
            and (pair[1] in owner[pair].key_places or pair[0] in owner[pair].key_places)
            for pair in pairs
        )
        conditions = list(dict.fromkeys(row.condition.name for row in owners))
        arrows.append(
            (
                (not strong, first.rank),
                drawing.Arrow(
                    start=_end(start),
                    end=_end(ends[-1]),
                    branches=tuple(_end(end) for end in ends[:-1]),
                    colour=first.mechanism.colour,
                    pattern=first.mechanism.line_pattern,
                    label=(
                        f"{start.label} to {_and_list([label for _, label in place_words(ends)])}"
                        f": {', '.join(conditions)} · {first.mechanism.name}"
                    ),
                    strong=strong,
                    rows=" ".join(drawn),
                    href=next(
                        (f"#{row_id}" for row_id in drawn if row_id in listed),
                        f"{show_all_url}#{first.id}",
                    ),
                ),
            )
        )
    arrows.sort(key=lambda pair: pair[0])  # stable: in the rows' order
    return [arrow for _, arrow in arrows[:MAX_ARROWS]]
