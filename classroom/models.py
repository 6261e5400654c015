"""A live class: the presenter's current view, and the room's anonymous answers to polls.

The database holds the truth; the WebSocket only carries it to the room (see classroom.live).
Students are never named: a vote carries a random token from the student's session, and the
polls and votes go when the class ends.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# Read aloud and typed on a phone: upper-case letters and digits without the look-alikes 0/O and
# 1/I/L. 31 symbols, 6 of them: 887 million codes, against a few guesses a minute per address
# (classroom.views.join_limit).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# A class nobody has touched for this long has been forgotten: it ends by itself.
IDLE_AFTER = timedelta(hours=4)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The code a student typed, as stored ("abc 234" reads as "ABC234"), or None when it
    cannot be a code at all."""
    code = "".join(text.split()).upper().replace("-", "")
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


class ClassSessionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(ended_at__isnull=True, last_activity__gte=timezone.now() - IDLE_AFTER)

    def idle(self):
        return self.filter(ended_at__isnull=True, last_activity__lt=timezone.now() - IDLE_AFTER)


class ClassSession(models.Model):
    code = models.CharField(max_length=CODE_LENGTH, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="class_sessions"
    )
    # What the presenter shows, as the map address that shows it ("/regions/lower-back/").
    view_path = models.CharField(max_length=500, default="/")
    started_at = models.DateTimeField(auto_now_add=True)
    last_activity = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="class_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Class {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("classroom:follow", args=[self.code])

    @classmethod
    def start(cls, owner, view_path: str = "/") -> "ClassSession":
        """A new class with a fresh code. A code already taken (rare) is drawn again."""
        for _ in range(10):
            try:
                with transaction.atomic():
                    return cls.objects.create(code=new_code(), owner=owner, view_path=view_path)
            except IntegrityError:
                continue
        raise IntegrityError("Could not find a free class code in ten draws.")

    @property
    def group_name(self) -> str:
        """The channel-layer group of everyone in this class."""
        return f"class.{self.pk}"

    @property
    def presenter_group_name(self) -> str:
        """The group of the presenter's screens: live counts the students must not see."""
        return f"class.{self.pk}.presenter"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None and self.last_activity >= timezone.now() - IDLE_AFTER

    def can_control(self, user) -> bool:
        return user.is_authenticated and (user.pk == self.owner_id or user.is_superuser)

    def touch(self) -> None:
        """Record that the presenter did something, which keeps the class from ending as idle."""
        self.last_activity = timezone.now()
        ClassSession.objects.filter(pk=self.pk).update(last_activity=self.last_activity)

    def end(self) -> None:
        """End the class: its address then says so, and the room's answers are deleted."""
        with transaction.atomic():
            self.polls.all().delete()
            if self.ended_at is None:
                self.ended_at = timezone.now()
                self.save(update_fields=["ended_at"])

    def open_poll(self) -> "Poll | None":
        return self.polls.filter(closed_at__isnull=True).first()

    def latest_poll(self) -> "Poll | None":
        return self.polls.order_by("-opened_at", "-pk").first()


class Poll(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(max_length=300)
    # The places the content gives as the answer (place slugs), fixed when the poll opens so a
    # later edit of the content cannot change what the room was asked. Empty: no answer known.
    answer = models.JSONField(default=list, blank=True)
    answer_source = models.CharField(
        max_length=300, blank=True, help_text="Where the answer comes from, in words."
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    results_shown = models.BooleanField(default=False)
    revealed = models.BooleanField(default=False)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(closed_at__isnull=True),
                name="one_open_poll_per_class",
            )
        ]

    def __str__(self) -> str:
        return self.question

    def clean(self) -> None:
        if not self.question.strip():
            raise ValidationError({"question": "Type the question the room should answer."})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def close(self) -> None:
        if self.closed_at is None:
            self.closed_at = timezone.now()
            self.save(update_fields=["closed_at"])


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    # A random token kept in the student's browser session: it tells one student's second
    # answer from another student's first, and names no one.
    voter = models.CharField(max_length=64)
    places = models.JSONField(default=list)  # place slugs, as on the diagram
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="one_vote_per_student_per_poll")
        ]

    def __str__(self) -> str:
        return f"{len(self.places)} places"

    def clean(self) -> None:
        if not self.places:
            raise ValidationError({"places": "Choose at least one place."})
