"""Lessons an educator prepares: an ordered sequence of steps, each a view of the map."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from conditions.map import DIRECTIONS
from conditions.models import Content, Mechanism, Place, ReferralLink, Region


class Lesson(Content):
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="One or two sentences: what the class will see.")
    order = models.PositiveIntegerField(default=0, help_text="Position in the list of lessons.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", args=[self.slug])


class Step(models.Model):
    class Side(models.TextChoices):
        BOTH = "both", "Both sides"
        LEFT = "left", "Left"
        RIGHT = "right", "Right"

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(
        default=0, help_text="Steps play from the lowest number to the highest."
    )
    title = models.CharField(max_length=200, blank=True)
    caption = models.TextField(
        blank=True,
        help_text="What to say at this step. Plain text or Markdown (bold, italics, lists, links).",
    )
    question = models.CharField(
        max_length=300,
        blank=True,
        help_text="A question to ask the room in a live class, answered by tapping places on the "
        "body, for example “Where might pain from this be felt?”. The step's links are the answer.",
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="lesson_steps", help_text="The regions this step selects."
    )
    side = models.CharField(
        max_length=5,
        choices=Side.choices,
        default=Side.BOTH,
        help_text="For regions drawn on both sides: which side the step selects.",
    )
    direction = models.CharField(max_length=10, choices=list(DIRECTIONS.items()), default="both")
    mechanism = models.ForeignKey(
        Mechanism,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Show only links through this mechanism.",
    )
    pattern = models.BooleanField(
        default=False,
        verbose_name="show what connects the places",
        help_text="With two places or more: show what the articles say may connect them (the "
        "page of several places at once) instead of each place's links. Direction, mechanism and "
        "links then do not apply.",
    )
    links = models.ManyToManyField(
        ReferralLink,
        blank=True,
        related_name="lesson_steps",
        help_text="Focus on these links only (leave empty to show every link of the regions).",
    )

    history = HistoricalRecords(m2m_fields=[regions, links])

    class Meta:
        # No unique (lesson, order) constraint: the admin saves reordered steps one at a time,
        # so swapping two numbers would collide half-way. Ties play in the order they were added.
        ordering = ["lesson", "order", "pk"]

    def __str__(self) -> str:
        return self.title or f"Step {self.order}"

    def places(self) -> list[Place]:
        """The places this step selects (a region without a side means both of its sides).
        Runs a query unless the regions were prefetched."""
        side = None if self.side == self.Side.BOTH else self.side
        return [Place(region, side if region.bilateral else None) for region in self.regions.all()]
