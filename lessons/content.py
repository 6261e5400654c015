"""Load the shipped lessons (content/lessons.yaml), idempotently, like conditions.content.

A lesson is created or updated by slug with all its steps; one that a person has edited in the
admin since it was last loaded is kept as the person left it.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from conditions.content import LOAD_REASON, Change, ContentError, edited_in_admin
from conditions.models import Mechanism, ReferralLink, Region
from lessons.models import Lesson, Step

DEFAULT_PATH = Path(settings.BASE_DIR) / "content" / "lessons.yaml"
LESSON_FIELDS = ("title", "summary", "order", "status")
STEP_FIELDS = (
    "title",
    "caption",
    "question",
    "regions",
    "side",
    "pattern",
    "direction",
    "mechanism",
    "links",
)


def load(path: Path = DEFAULT_PATH, *, dry_run: bool = False, force: bool = False) -> list[Change]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    changes = []
    with transaction.atomic():
        for slug, entry in (data.get("lessons") or {}).items():
            changes.append(_load_lesson(slug, entry, force=force))
        if dry_run:
            transaction.set_rollback(True)
    return changes


def _wanted_steps(slug: str, entries: list[dict]) -> list[dict]:
    steps = []
    for number, entry in enumerate(entries, start=1):
        unknown = set(entry) - set(STEP_FIELDS)
        if unknown:
            raise ContentError(f"lessons/{slug} step {number}: unknown {', '.join(unknown)}")
        steps.append(
            {
                "order": number * 10,
                "title": entry.get("title", ""),
                "caption": entry.get("caption", ""),
                "question": entry.get("question", ""),
                "regions": sorted(entry.get("regions") or []),
                "side": entry.get("side", Step.Side.BOTH),
                "pattern": bool(entry.get("pattern", False)),
                "direction": entry.get("direction", "both"),
                "mechanism": entry.get("mechanism"),
                "links": sorted(entry.get("links") or []),
            }
        )
    return steps


def _current_steps(lesson: Lesson) -> list[dict]:
    return [
        {
            "order": step.order,
            "title": step.title,
            "caption": step.caption,
            "question": step.question,
            "regions": sorted(r.slug for r in step.regions.all()),
            "side": step.side,
            "pattern": step.pattern,
            "direction": step.direction,
            "mechanism": step.mechanism.slug if step.mechanism else None,
            "links": sorted(link.slug for link in step.links.all()),
        }
        for step in lesson.steps.prefetch_related("regions", "links").select_related("mechanism")
    ]


def _load_lesson(slug: str, entry: dict, *, force: bool) -> Change:
    values = {name: entry[name] for name in LESSON_FIELDS}
    steps = _wanted_steps(slug, entry.get("steps") or [])
    lesson = Lesson.objects.filter(slug=slug).first()
    if lesson is None:
        lesson, action = Lesson(slug=slug, **values), "create"
    else:
        differences = [n for n, v in values.items() if getattr(lesson, n) != v]
        if _current_steps(lesson) != steps:
            differences.append("steps")
        if not differences:
            return Change("unchanged", "lessons", slug)
        edited = edited_in_admin(lesson)
        if edited and not force:
            return Change("keep", "lessons", slug, f"{edited}; file differs in {differences}")
        for name, value in values.items():
            setattr(lesson, name, value)
        action = "update"
    lesson._change_reason = LOAD_REASON
    lesson.full_clean()
    lesson.save()
    lesson.steps.all().delete()
    for wanted in steps:
        _create_step(lesson, wanted)
    return Change(action, "lessons", slug)


def _create_step(lesson: Lesson, wanted: dict) -> None:
    where = f"lessons/{lesson.slug} step {wanted['order'] // 10}"
    mechanism = None
    if wanted["mechanism"]:
        mechanism = Mechanism.objects.filter(slug=wanted["mechanism"]).first()
        if mechanism is None:
            raise ContentError(f"{where}: no mechanism “{wanted['mechanism']}”")
    step = Step.objects.create(
        lesson=lesson,
        order=wanted["order"],
        title=wanted["title"],
        caption=wanted["caption"],
        question=wanted["question"],
        side=wanted["side"],
        pattern=wanted["pattern"],
        direction=wanted["direction"],
        mechanism=mechanism,
    )
    for field, model in (("regions", Region), ("links", ReferralLink)):
        found = list(model.objects.filter(slug__in=wanted[field]))
        missing = set(wanted[field]) - {obj.slug for obj in found}
        if missing:
            raise ContentError(f"{where}: unknown {field} {', '.join(sorted(missing))}")
        getattr(step, field).set(found)
