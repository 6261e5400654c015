"""The knowledge behind the map: regions, conditions, mechanisms, referral links and sources.

Every invariant lives twice: as a database constraint (so no code path can break it) and in
`clean()` (so an editor reads what went wrong in words, on the form, before anything is saved).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Case, F, Min, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from conditions.body import drawing, geometry
from conditions.preview import showing_drafts

SIDES = ("left", "right")
COLOUR_REGEX = r"^#[0-9A-Fa-f]{6}$"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (hidden from the public map)"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public sees; in an editor's draft preview, drafts too."""
        if showing_drafts():
            return self.all()
        return self.filter(status=Status.PUBLISHED)


class Versioned(models.Model):
    """A number that every save raises, so that an editor's save can be checked against the
    version the editor's form was opened at (`conditions.concurrency`): a stale form is
    refused instead of silently undoing someone else's save."""

    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            # From the row, not from this instance: a revert from the history saves an old
            # copy, whose own number must not take the version backwards. One query.
            stored = (
                type(self)._base_manager.filter(pk=self.pk).values_list("edit_version", flat=True)
            )
            self.edit_version = max([self.edit_version, *stored]) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "edit_version"}
        super().save(*args, **kwargs)


class Content(Versioned):
    """Fields every piece of content shares."""

    slug = models.SlugField(max_length=100, unique=True, help_text="Used in web addresses.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


REVIEW_INTERVAL = timedelta(days=365)


class Reviewed(models.Model):
    """Medical content is checked against its sources again and again: who did it last, when."""

    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        verbose_name="last reviewed",
        help_text="When it was last checked against its sources.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="reviewed by",
    )

    class Meta:
        abstract = True

    @staticmethod
    def due_for_review(now=None) -> Q:
        """Never reviewed, or not in the last twelve months."""
        now = now or timezone.now()
        return Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=now - REVIEW_INTERVAL)

    @property
    def review_due(self) -> bool:
        return self.reviewed_at is None or self.reviewed_at < timezone.now() - REVIEW_INTERVAL


def named(objects, limit: int = 4) -> str:
    """“A”, “B” and “C” (and 2 more): entries named in a message an editor reads."""
    names = [f"“{obj}”" for obj in objects]
    shown = names[:limit]
    if len(names) > limit:
        return ", ".join(shown) + f" and {len(names) - limit} more"
    return " and ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else "".join(shown)


def lines(text: str) -> list[str]:
    """Synonyms are edited one per line; blank lines are ignored."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Source(Versioned):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article (what the map is drawn from)"
        # Only for warnings the articles lack; the page says where such a warning comes from.
        GUIDELINE = "guideline", "Public health guideline"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    site = models.CharField(max_length=200, blank=True, help_text="Publisher or website, if known.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    url = models.URLField(
        max_length=500, blank=True, help_text="Where it is published; required for a guideline."
    )
    file = models.CharField(
        max_length=200, blank=True, help_text="The source's text file in content/sources/."
    )
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="guideline") | ~Q(url=""),
                name="guideline_has_url",
                violation_error_message="A guideline needs the address where it is published.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conditions:about") + f"#source-{self.slug}"

    @property
    def is_guideline(self) -> bool:
        return self.kind == self.Kind.GUIDELINE

    def clean(self) -> None:
        if self.is_guideline and not self.url:
            raise ValidationError({"url": self._meta.constraints[0].violation_error_message})


class Symptom(Versioned):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=100)
    synonyms = models.TextField(blank=True, help_text="Words readers use for it, one per line.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContentVersion(models.Model):
    """A log of content changes: the newest row's stamp changes with every edit of the content,
    so anything drawn or rendered from the content can be cached under the stamp and is never
    served stale. Reading it is one query however much content there is.

    Saves and deletes through the ORM (the admin, the loaders, a revert from the history) add a
    row through the signals connected in `conditions.apps`; code that writes in bulk
    (`update()`, `bulk_create()`, raw SQL, data migrations) calls `ContentVersion.bump()` itself.
    """

    stamp = models.UUIDField(default=uuid.uuid4, editable=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        get_latest_by = "id"

    def __str__(self) -> str:
        return f"Content version {self.stamp} ({self.changed_at:%Y-%m-%d %H:%M})"

    @classmethod
    def current(cls) -> str:
        # Every map page asks this first, so it skips the ORM's query building: a third of a
        # cached page's time. The stamp's column holds a uuid or 32 hex digits, by database.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT stamp FROM {cls._meta.db_table} ORDER BY id DESC LIMIT 1")
            row = cursor.fetchone()
        # No row yet (a database flushed by a test, say): the next edit adds one.
        return uuid.UUID(str(row[0])).hex if row else "none"

    @classmethod
    def bump(cls) -> None:
        # An INSERT, not an UPDATE of one row: two editors' transactions never wait on each
        # other for it (and so cannot deadlock with the rows they edit). A random stamp rather
        # than the id: a rolled-back edit can never bring back a stamp pages were cached under.
        cls.objects.create()


class Region(Content):
    class Group(models.TextChoices):
        HEAD_NECK = "head_neck", "Head and neck"
        TRUNK = "trunk", "Trunk"
        UPPER_LIMB = "upper_limb", "Upper limb"
        LOWER_LIMB = "lower_limb", "Lower limb"

    class Views(models.TextChoices):
        FRONT = "front", "Front"
        BACK = "back", "Back"
        BOTH = "both", "Front and back"

    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    group = models.CharField(max_length=20, choices=Group.choices)
    views = models.CharField(
        max_length=5, choices=Views.choices, help_text="The views of the diagram it is drawn on."
    )
    bilateral = models.BooleanField(
        default=False, help_text="Drawn twice, on the left and the right (a wrist, not the chest)."
    )
    anatomical_notes = models.TextField(blank=True, help_text="Spinal levels, structures.")
    shape_key = models.CharField(
        max_length=60, help_text="The shape in the diagram that stands for this region."
    )
    synonyms = models.TextField(blank=True, help_text="Words readers use for it, one per line.")
    order = models.PositiveIntegerField(default=0, help_text="Position in lists, head to foot.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__startswith="left-") & ~Q(slug__startswith="right-"),
                name="region_slug_has_no_side_prefix",
                violation_error_message=(
                    "A region's slug cannot start with “left-” or “right-”: those prefixes name "
                    "a side in web addresses. Tick “bilateral” instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:region", args=[self.slug])

    def view_list(self) -> list[str]:
        return ["front", "back"] if self.views == self.Views.BOTH else [self.views]

    def places(self) -> list["Place"]:
        sides = SIDES if self.bilateral else (None,)
        return [Place(self, side) for side in sides]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.slug.startswith(("left-", "right-")):
            errors["slug"] = self._meta.constraints[0].violation_error_message
        if self.shape_key:
            if self.shape_key not in geometry.shape_keys():
                errors["shape_key"] = (
                    f"There is no shape “{self.shape_key}” in the diagram. "
                    f"Choose one of: {', '.join(sorted(geometry.shape_keys()))}."
                )
            else:
                drawn_on = geometry.views_of(self.shape_key)
                missing = [v for v in self.view_list() if v not in drawn_on]
                if missing:
                    errors["views"] = (
                        f"The shape “{self.shape_key}” is not drawn on the {' or '.join(missing)} "
                        f"view; it is drawn on: {', '.join(sorted(drawn_on))}."
                    )
                if geometry.is_bilateral(self.shape_key) != self.bilateral:
                    errors["bilateral"] = (
                        f"The shape “{self.shape_key}” is drawn "
                        + ("on both sides" if geometry.is_bilateral(self.shape_key) else "once")
                        + ", so “bilateral” must be "
                        + ("ticked." if geometry.is_bilateral(self.shape_key) else "unticked.")
                    )
        if self.pk and self.status == Status.DRAFT:
            used = list(
                ReferralLink.objects.filter(status=Status.PUBLISHED)
                .filter(Q(origin=self) | Q(felt_in=self))
                .select_related("origin", "felt_in", "condition")
            )
            if used:
                errors["status"] = (
                    f"The published link(s) {named(used)} use this region. Set them to draft "
                    "first, so the public map never shows a link to a hidden region."
                )
        if errors:
            raise ValidationError(errors)


class Place:
    """A region on one side of the body ("left wrist"), or a midline region ("lower back").

    Places are what a person clicks; their slugs ("left-wrist") are the map's web addresses.
    """

    def __init__(self, region: Region, side: str | None):
        self.region = region
        self.side = side

    @property
    def slug(self) -> str:
        return f"{self.side}-{self.region.slug}" if self.side else self.region.slug

    @property
    def label(self) -> str:
        return f"{self.region.name}, {self.side}" if self.side else self.region.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:region", args=[self.slug])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Place) and (self.region.pk, self.side) == (
            other.region.pk,
            other.side,
        )

    def __hash__(self) -> int:
        return hash((self.region.pk, self.side))

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def split_slug(place_slug: str) -> tuple[str, str | None]:
        """ "left-wrist" → ("wrist", "left"); "lower-back" → ("lower-back", None)."""
        for side in SIDES:
            if place_slug.startswith(f"{side}-"):
                return place_slug.removeprefix(f"{side}-"), side
        return place_slug, None


class Mechanism(Content):
    class LinePattern(models.TextChoices):
        SOLID = "solid", "Solid"
        DASHED = "dashed", "Dashed"
        DOTTED = "dotted", "Dotted"
        DASH_DOT = "dash-dot", "Dash-dot"
        LONG_DASH = "long-dash", "Long dash"
        DASH_DOT_DOT = "dash-dot-dot", "Dash-dot-dot"
        DOUBLE = "double", "Double line"
        WAVY = "wavy", "Wavy line"

    name = models.CharField(max_length=150)
    summary = models.TextField(help_text="One plain sentence.")
    explanation = models.TextField(blank=True)
    colour = models.CharField(
        # Longer than a colour needs, so a mistyped value gets the friendly message below.
        max_length=20,
        validators=[
            RegexValidator(
                COLOUR_REGEX,
                message="“%(value)s” is not a colour: write # and six hex digits, like #0072B2.",
            )
        ],
        help_text="A colour such as #0072B2. Pick from a colour-blind-safe palette (Okabe–Ito).",
    )
    line_pattern = models.CharField(
        max_length=20,
        choices=LinePattern.choices,
        default=LinePattern.SOLID,
        help_text="The second cue besides colour: arrows and highlights use this pattern.",
    )
    synonyms = models.TextField(blank=True, help_text="Words readers use for it, one per line.")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=COLOUR_REGEX),
                name="mechanism_colour_is_hex",
                violation_error_message="Write the colour as # and six hex digits, like #0072B2.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:mechanism", args=[self.slug])

    def swatch_svg(self) -> str:
        """A small legend key: this mechanism's colour and line pattern."""
        return drawing.draw_swatch(self.colour, self.line_pattern)

    def line_key_svg(self) -> str:
        """Its arrow in small, for the lines of a panel (lighter than a swatch)."""
        return drawing.draw_line_key(self.colour, self.line_pattern)


class ConditionQuerySet(PublishableQuerySet):
    def by_evidence(self):
        """Conditions whose best published link is stated by an article first; those that rest
        only on debated claims or a reader's comment after them, however they are named
        (`best_evidence_rank`, see `evidence_label`). A condition without links counts as the
        article's own. Still one query."""
        rank = Case(
            *(
                When(links__evidence=value, then=Value(rank))
                for value, rank in ReferralLink.CLAIM_RANK.items()
            ),
            default=Value(0),
        )
        published = Q(links__status=Status.PUBLISHED)
        return self.annotate(
            best_evidence_rank=Coalesce(Min(rank, filter=published), Value(0))
        ).order_by("best_evidence_rank", "name")


class Condition(Content, Reviewed):
    name = models.CharField(max_length=150)
    summary = models.TextField(help_text="Plain language, one or two sentences.")
    explanation = models.TextField(blank=True)
    symptoms = models.ManyToManyField(Symptom, blank=True, related_name="conditions")
    regions = models.ManyToManyField(
        Region, blank=True, related_name="conditions", help_text="Where the condition sits."
    )
    differentiation = models.TextField(
        blank=True, verbose_name="how it is told apart", help_text="From look-alikes."
    )
    diagnosis = models.TextField(blank=True, help_text="How a clinician confirms it.")
    management = models.TextField(blank=True, verbose_name="what helps")
    self_care = models.TextField(blank=True)
    self_care_cautions = models.TextField(blank=True)
    synonyms = models.TextField(
        blank=True, help_text="Lay terms and abbreviations readers use, one per line."
    )

    objects = ConditionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[symptoms, regions])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:condition", args=[self.slug])

    def published_links_using_it(self):
        """Published links naming this condition, as theirs or as the look-alike. A query."""
        return (
            ReferralLink.objects.filter(status=Status.PUBLISHED)
            .filter(Q(condition=self) | Q(look_alike=self))
            .select_related("origin", "felt_in", "condition")
        )

    def clean(self) -> None:
        # The admin's condition page checks this itself, together with the links edited in
        # the same save (conditions.forms.ConditionLinkFormSet), so that a condition and its
        # links can go to draft in one save; it sets `links_checked_by_form`.
        if self.pk and self.status == Status.DRAFT and not self.links_checked_by_form:
            used = list(self.published_links_using_it())
            if used:
                raise ValidationError(
                    {
                        "status": f"The published link(s) {named(used)} use this condition. "
                        "Set them to draft too, so the public map never points at hidden content."
                    }
                )

    links_checked_by_form = False

    @property
    def evidence_label(self) -> str:
        """The label of a condition that rests on no article's own point (needs `by_evidence`)."""
        rank = getattr(self, "best_evidence_rank", 0)
        weaker = {rank: value for value, rank in ReferralLink.CLAIM_RANK.items()}
        return EVIDENCE_LABELS.get(weaker.get(rank), "")


# Emergencies first, then urgent, then soon: the order a reader must act in. The values
# themselves sort alphabetically, which would put "soon" before "urgent".
URGENCY_ORDER = ("emergency", "urgent", "soon")
URGENCY_RANK = Case(
    *(When(urgency=value, then=Value(rank)) for rank, value in enumerate(URGENCY_ORDER)),
    default=Value(len(URGENCY_ORDER)),
)


class RedFlagQuerySet(PublishableQuerySet):
    def by_urgency(self):
        """Most urgent first, then by title (the model's default order, said where it matters)."""
        return self.order_by(URGENCY_RANK, "title")

    def with_guideline(self):
        """Each warning with the guideline it rests on, if it cites one (`guideline_title`,
        `guideline_site`, `guideline_url`, else None): in the same query, so a page can say
        where a warning the articles lack comes from."""
        cited = Citation.objects.filter(
            red_flag=OuterRef("pk"), source__kind=Source.Kind.GUIDELINE
        ).order_by("pk")
        return self.annotate(
            **{
                f"guideline_{name}": Subquery(cited.values(f"source__{name}")[:1])
                for name in ("title", "site", "url")
            }
        )


class RedFlag(Content):
    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", "Emergency: get help now"
        URGENT = "urgent", "Urgent: see a doctor promptly"
        SOON = "soon", "Soon: have it checked"

    title = models.CharField(max_length=200)
    advice = models.CharField(max_length=300, help_text="What to do, in plain words.")
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    explanation = models.TextField(blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="red_flags")
    conditions = models.ManyToManyField(Condition, blank=True, related_name="red_flags")

    objects = RedFlagQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[regions, conditions])

    class Meta:
        ordering = [URGENCY_RANK, "title"]
        verbose_name = "red flag"

    def __str__(self) -> str:
        return self.title


class ReferralLinkQuerySet(PublishableQuerySet):
    def published(self):
        """Published links whose every part is published too (belt and braces for `clean`);
        in an editor's draft preview, drafts too."""
        if showing_drafts():
            return self.all()
        return self.filter(
            status=Status.PUBLISHED,
            origin__status=Status.PUBLISHED,
            felt_in__status=Status.PUBLISHED,
            condition__status=Status.PUBLISHED,
            mechanism__status=Status.PUBLISHED,
        )

    def with_details(self):
        """Everything a panel shows about a link, in a constant number of queries (four)."""
        return self.select_related(
            "origin", "felt_in", "condition", "mechanism", "look_alike"
        ).prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            "symptoms",
        )

    def touching(self, region: Region):
        """Published links into or out of `region`, with the regions and mechanism that draw
        them, in one query: enough for the diagram and the panel's rows; their explanations and
        passages are read when a reader asks for them (see `with_details`)."""
        drawn = ["slug", "name", "bilateral", "shape_key", "group", "order"]
        return (
            self.published()
            .filter(Q(origin=region) | Q(felt_in=region))
            .select_related("origin", "felt_in", "mechanism", "condition", "look_alike")
            # Only the columns the diagram needs: at 100x content a region has ~1,700 links,
            # and their text and timestamps were most of the time spent reading them.
            .only(
                "kind",
                "side",
                "evidence",
                "prominence",
                *(f"{end}__{name}" for end in ("origin", "felt_in") for name in drawn),
                *(
                    f"mechanism__{name}"
                    for name in ["slug", "name", "colour", "line_pattern", "order"]
                ),
                # Named in the glance lines and rows, which group the links by condition.
                *(
                    f"{end}__{name}"
                    for end in ("condition", "look_alike")
                    for name in ["slug", "name"]
                ),
            )
            .order_by("prominence", "mechanism__order", "mechanism__name", "condition__name", "pk")
        )


class ReferralLink(Content, Reviewed):
    class Prominence(models.IntegerChoices):
        # Numbers, so every list sorts by it in the database; the lowest comes first.
        HEADLINE = 1, "Headline: the question an article's title asks"
        KEY = 2, "Key: what a main section of an article is about"
        SUPPORTING = 3, "Supporting: explains or qualifies a key link"
        MINOR = 4, "Minor: an aside, a rare cause or a general risk factor"

    class Kind(models.TextChoices):
        CAUSES = "causes", "Causes or refers to"
        SHARES_CAUSE = "shares_cause", "Shares a cause with"
        MIMICS = "mimics", "Mimics (a look-alike to rule out)"
        NO_DIRECT_LINK = "no_direct_link", "No direct link"

    class Side(models.TextChoices):
        SAME_SIDE = "same_side", "Same side"
        BOTH_SIDES = "both_sides", "Both sides"
        ONE_SIDE = "one_side", "Usually one side (either)"
        NOT_APPLICABLE = "not_applicable", "Side does not matter"

    class Evidence(models.TextChoices):
        DIRECT = "direct", "Stated directly by the article"
        INDIRECT = "indirect", "An indirect or contributing route"
        DEBATED = "debated", "Claimed, but debated or uncertain"
        READER_COMMENT = "reader_comment", "Only in a reader's comment (weighs less)"

    # What never leads a list: an article's own point (direct or indirect) ranks 0.
    CLAIM_RANK = {Evidence.DEBATED: 1, Evidence.READER_COMMENT: 2}

    origin = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="outgoing_links",
        help_text="Where the problem is.",
    )
    felt_in = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="incoming_links",
        verbose_name="felt in",
        help_text="Where it is felt.",
    )
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="links")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.PROTECT, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    look_alike = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mimicked_by",
        help_text="For “mimics”: the condition it is mistaken for.",
    )
    side = models.CharField(max_length=20, choices=Side.choices, default=Side.NOT_APPLICABLE)
    summary = models.CharField(max_length=300, help_text="One line.")
    explanation = models.TextField(blank=True)
    evidence = models.CharField(max_length=20, choices=Evidence.choices)
    evidence_note = models.TextField(blank=True)
    how_to_tell = models.TextField(blank=True)
    prominence = models.PositiveSmallIntegerField(
        choices=Prominence.choices,
        default=Prominence.SUPPORTING,
        help_text=(
            "How much the articles make of it. Headline and key links are shown first, "
            "“at a glance”, and drawn strongly; every list of a part's links is sorted by it."
        ),
    )
    symptoms = models.ManyToManyField(Symptom, blank=True, related_name="links")

    objects = ReferralLinkQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[symptoms])

    class Meta:
        ordering = ["origin__order", "felt_in__order", "pk"]
        verbose_name = "referral link"
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin=F("felt_in")),
                name="link_not_to_itself",
                violation_error_message=(
                    "A link must join two different regions: “where the problem is” and "
                    "“where it is felt” are the same."
                ),
            ),
            models.UniqueConstraint(
                fields=["origin", "felt_in", "condition", "mechanism", "kind"],
                name="unique_link",
                violation_error_message=(
                    "This link already exists: the same regions, condition, mechanism and kind. "
                    "Edit the existing link instead of adding a second one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="mimics") | Q(look_alike__isnull=False),
                name="mimics_names_its_look_alike",
                violation_error_message="A “mimics” link must name the condition it looks like.",
            ),
            models.CheckConstraint(
                condition=~Q(look_alike=F("condition")),
                name="look_alike_is_another_condition",
                violation_error_message="A condition cannot be its own look-alike.",
            ),
            models.CheckConstraint(
                condition=Q(prominence__gte=1, prominence__lte=4),  # the Prominence values
                name="link_prominence_is_known",
                violation_error_message="Choose how prominent the link is from the list.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin} → {self.felt_in}: {self.condition} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("conditions:region", args=[self.felt_in.slug])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.origin_id and self.origin_id == self.felt_in_id:
            errors["felt_in"] = self._meta.constraints[0].violation_error_message
        if self.kind == self.Kind.MIMICS and not self.look_alike_id:
            errors["look_alike"] = self._meta.constraints[2].violation_error_message
        if self.look_alike_id and self.look_alike_id == self.condition_id:
            errors["look_alike"] = self._meta.constraints[3].violation_error_message
        if self.status == Status.PUBLISHED:
            condition = self._related("condition")
            if condition is not None and condition.links_checked_by_form:
                # On its condition's page the pair is checked once for all the links, with the
                # condition's new status (conditions.forms.ConditionLinkFormSet).
                condition = None
            drafts = [
                f"{label} “{obj}”"
                for label, obj in [
                    ("the region", self._related("origin")),
                    ("the region", self._related("felt_in")),
                    ("the condition", condition),
                    ("the mechanism", self._related("mechanism")),
                    ("the look-alike", self._related("look_alike")),
                ]
                if obj is not None and not obj.is_published
            ]
            if drafts:
                errors["status"] = (
                    "A published link can only use published content, and "
                    + " and ".join(drafts)
                    + " is still a draft. Publish it first, or keep this link as a draft."
                )
        if errors:
            raise ValidationError(errors)

    SLUG_SUFFIX = {
        Kind.CAUSES: "",
        Kind.SHARES_CAUSE: "-shared-cause",
        Kind.MIMICS: "-mimics",
        Kind.NO_DIRECT_LINK: "-no-direct-link",
    }

    def suggested_slug(self, taken: set[str] = frozenset()) -> str:
        """A readable slug from the link's parts, unused by other links and not in `taken`:
        "carpal-tunnel-syndrome-wrist-to-hand". Runs a query."""
        base = slugify(f"{self.condition.slug} {self.origin.slug} to {self.felt_in.slug}")
        base = base[:80] + self.SLUG_SUFFIX.get(self.kind, "")
        used = set(
            ReferralLink.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        ) | set(taken)
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _related(self, field: str):
        return getattr(self, field) if getattr(self, f"{field}_id") else None

    @property
    def is_negative(self) -> bool:
        return self.kind == self.Kind.NO_DIRECT_LINK

    @property
    def is_key(self) -> bool:
        """Shown "at a glance" and drawn strongly."""
        return self.prominence <= self.Prominence.KEY

    @property
    def evidence_label(self) -> str:
        """What a reader must know before weighing this link: not an article's own point."""
        return EVIDENCE_LABELS.get(self.evidence, "")


# Shown beside a claim wherever it appears, so that neither is taken for an article's point.
EVIDENCE_LABELS = {
    ReferralLink.Evidence.DEBATED: "Debated claim",
    ReferralLink.Evidence.READER_COMMENT: "Reader's comment, not the article",
}


class Citation(Versioned):
    """A passage of a source that one piece of content rests on."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    passage = models.TextField(help_text="The exact words of the article this rests on.")
    link = models.ForeignKey(
        ReferralLink, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    red_flag = models.ForeignKey(
        RedFlag, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(link__isnull=False, condition=None, mechanism=None, red_flag=None)
                    | Q(link=None, condition__isnull=False, mechanism=None, red_flag=None)
                    | Q(link=None, condition=None, mechanism__isnull=False, red_flag=None)
                    | Q(link=None, condition=None, mechanism=None, red_flag__isnull=False)
                ),
                name="citation_supports_exactly_one_thing",
                violation_error_message="A citation supports exactly one piece of content.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: “{self.passage[:60]}…”"
