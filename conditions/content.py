"""Read and write the shipped content file (content/bodymap.yaml).

Loading is idempotent: each entry is created or updated by slug, nothing is deleted, and an entry
that a person has edited in the admin since it was last loaded keeps the person's version (the
history says who touched it last). Exporting writes every entry in the same shape, in the order
the entries were created, so export → load into an empty database → export is identical.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from conditions.models import (
    Citation,
    Condition,
    Mechanism,
    RedFlag,
    ReferralLink,
    Region,
    Source,
    Symptom,
    lines,
)

DEFAULT_PATH = Path(settings.BASE_DIR) / "content" / "bodymap.yaml"
LOAD_REASON = "load_content"


@dataclass(frozen=True)
class Section:
    """How one top-level key of the file maps onto a model."""

    key: str
    model: type
    fields: tuple[str, ...]
    foreign: dict[str, type] = field(default_factory=dict)  # field → model, by slug
    many: dict[str, type] = field(default_factory=dict)  # m2m field → model, by slug
    line_lists: tuple[str, ...] = ()  # text fields edited one item per line, lists in YAML
    cited: bool = False


SECTIONS = (
    Section("sources", Source, ("title", "site", "kind", "url", "file", "summary")),
    Section("symptoms", Symptom, ("name", "synonyms"), line_lists=("synonyms",)),
    Section(
        "regions",
        Region,
        (
            "name",
            "description",
            "group",
            "views",
            "bilateral",
            "anatomical_notes",
            "shape_key",
            "synonyms",
            "order",
            "status",
        ),
        line_lists=("synonyms",),
    ),
    Section(
        "mechanisms",
        Mechanism,
        ("name", "summary", "explanation", "colour", "line_pattern", "synonyms", "order", "status"),
        line_lists=("synonyms",),
        cited=True,
    ),
    Section(
        "conditions",
        Condition,
        (
            "name",
            "summary",
            "explanation",
            "symptoms",
            "regions",
            "differentiation",
            "diagnosis",
            "management",
            "self_care",
            "self_care_cautions",
            "synonyms",
            "status",
        ),
        many={"symptoms": Symptom, "regions": Region},
        line_lists=("synonyms",),
        cited=True,
    ),
    Section(
        "red_flags",
        RedFlag,
        ("title", "advice", "urgency", "explanation", "regions", "conditions", "status"),
        many={"regions": Region, "conditions": Condition},
        cited=True,
    ),
    Section(
        "links",
        ReferralLink,
        (
            "origin",
            "felt_in",
            "condition",
            "mechanism",
            "kind",
            "look_alike",
            "side",
            "summary",
            "explanation",
            "evidence",
            "evidence_note",
            "how_to_tell",
            "prominence",
            "symptoms",
            "status",
        ),
        foreign={
            "origin": Region,
            "felt_in": Region,
            "condition": Condition,
            "mechanism": Mechanism,
            "look_alike": Condition,
        },
        many={"symptoms": Symptom},
        cited=True,
    ),
)
CITATION_FIELD = {
    Mechanism: "mechanism",
    Condition: "condition",
    RedFlag: "red_flag",
    ReferralLink: "link",
}


class ContentError(Exception):
    """The file does not fit the schema; the message says where."""


@dataclass
class Change:
    action: str  # "create", "update", "keep" (edited in the admin), "unchanged"
    section: str
    slug: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.action:9} {self.section}/{self.slug}"
        return f"{text}: {self.detail}" if self.detail else text


def summarise(changes: list[Change], noun: str, *, dry_run: bool = False) -> str:
    """What a load did, in words a person reads at start-up: "5 lessons already up to date"
    rather than "loaded 0 of 5", which reads like a failure. `noun` is plural ("lessons")."""
    counts = {action: sum(c.action == action for c in changes) for action in ACTION_WORDS}
    if not changes:
        return f"No {noun} in the file"
    if counts["unchanged"] == len(changes):
        return f"{len(changes)} {noun} already up to date"
    parts = [f"{n} {ACTION_WORDS[action]}" for action, n in counts.items() if n]
    verb = "Dry run, nothing saved; it would leave" if dry_run else "Loaded"
    return f"{verb} {len(changes)} {noun}: " + ", ".join(parts)


ACTION_WORDS = {
    "create": "new",
    "update": "updated from the file",
    "keep": "kept as edited in the admin (--force overwrites them)",
    "unchanged": "already up to date",
}


# --- YAML <-> Python values ---------------------------------------------------------------------


def _to_yaml_views(value: str) -> list[str]:
    return ["front", "back"] if value == Region.Views.BOTH else [value]


def _from_yaml_views(value: Iterable[str]) -> str:
    views = set(value)
    if views == {"front", "back"}:
        return Region.Views.BOTH
    if len(views) == 1 and views <= {"front", "back"}:
        return views.pop()
    raise ContentError(f"views must be [front], [back] or [front, back], not {sorted(views)}")


# Editors read words, the database sorts numbers: `prominence: key` in the file.
PROMINENCE_WORDS = {p.name.lower(): p.value for p in ReferralLink.Prominence}


def _from_yaml_prominence(value: str) -> int:
    if value not in PROMINENCE_WORDS:
        raise ContentError(
            f"prominence must be one of {', '.join(PROMINENCE_WORDS)}, not {value!r}"
        )
    return PROMINENCE_WORDS[value]


def _wanted_values(section: Section, slug: str, entry: dict) -> tuple[dict, dict, list]:
    """Plain field values, m2m slug lists and citations an entry asks for."""
    missing = [name for name in section.fields if name not in entry]
    unknown = set(entry) - set(section.fields) - {"citations"}
    if missing or unknown:
        raise ContentError(
            f"{section.key}/{slug}: "
            + (f"missing {', '.join(missing)}" if missing else "")
            + ("; " if missing and unknown else "")
            + (f"unknown {', '.join(sorted(unknown))}" if unknown else "")
        )
    values: dict = {}
    many: dict = {}
    for name in section.fields:
        raw = entry[name]
        if name in section.many:
            many[name] = sorted(raw or [])
        elif name in section.foreign:
            values[f"{name}_id"] = _pk_of(
                section.foreign[name], raw, f"{section.key}/{slug}.{name}"
            )
        elif name in section.line_lists:
            values[name] = "\n".join(raw or [])
        elif section.model is Region and name == "views":
            values[name] = _from_yaml_views(raw)
        elif name == "prominence":
            values[name] = _from_yaml_prominence(raw)
        else:
            values[name] = raw if raw is not None else ""
    citations = [(c["source"], c["passage"].strip()) for c in entry.get("citations") or []]
    return values, many, citations


def _pk_of(model: type, slug: str | None, where: str) -> int | None:
    if slug is None:
        return None
    try:
        return model.objects.values_list("pk", flat=True).get(slug=slug)
    except model.DoesNotExist:
        raise ContentError(f"{where}: no {model._meta.verbose_name} with slug “{slug}”") from None


def _current_citations(obj) -> list[tuple[str, str]]:
    return [(c.source.slug, c.passage.strip()) for c in obj.citations.select_related("source")]


def edited_in_admin(obj) -> str:
    """Who last edited `obj` by hand, if a person did after the last load; else ""."""
    latest = obj.history.order_by("-history_date", "-history_id").first()
    if latest is None or latest.history_user_id is None:
        return ""
    return f"edited by {latest.history_user} on {latest.history_date:%Y-%m-%d %H:%M}"


# --- Loading ------------------------------------------------------------------------------------


def read(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path} is not valid YAML: {error}") from None
    unknown = set(data) - {s.key for s in SECTIONS}
    if unknown:
        raise ContentError(f"{path}: unknown top-level keys {', '.join(sorted(unknown))}")
    return data


def load(path: Path = DEFAULT_PATH, *, dry_run: bool = False, force: bool = False) -> list[Change]:
    """Apply the file to the database; with dry_run, report what would change and roll back."""
    data = read(path)
    changes: list[Change] = []
    with transaction.atomic():
        for section in SECTIONS:
            for slug, entry in (data.get(section.key) or {}).items():
                changes.append(_load_entry(section, slug, entry or {}, force=force))
        if dry_run:
            transaction.set_rollback(True)
    return changes


def _load_entry(section: Section, slug: str, entry: dict, *, force: bool) -> Change:
    values, many, citations = _wanted_values(section, slug, entry)
    if section.model is ReferralLink and values.get("status") == "published" and not citations:
        raise ContentError(
            f"{section.key}/{slug}: a published link needs at least one citation (a source "
            "and the passage it rests on), or status: draft"
        )
    obj = section.model.objects.filter(slug=slug).first()
    if obj is None:
        obj = section.model(slug=slug, **values)
        action, differences = "create", []
    else:
        differences = [name for name, value in values.items() if getattr(obj, name) != value]
        differences += [
            name
            for name, slugs in many.items()
            if sorted(getattr(obj, name).values_list("slug", flat=True)) != slugs
        ]
        if section.cited and _current_citations(obj) != citations:
            differences.append("citations")
        if not differences:
            return Change("unchanged", section.key, slug)
        edited = edited_in_admin(obj)
        if edited and not force:
            return Change("keep", section.key, slug, f"{edited}; file differs in {differences}")
        for name, value in values.items():
            setattr(obj, name, value)
        action = "update"
    obj._change_reason = LOAD_REASON
    try:
        obj.full_clean()
    except Exception as error:
        raise ContentError(f"{section.key}/{slug}: {error}") from None
    obj.save()
    for name, slugs in many.items():
        related = section.many[name].objects.filter(slug__in=slugs)
        if len(related) != len(slugs):
            found = {r.slug for r in related}
            raise ContentError(f"{section.key}/{slug}.{name}: unknown {set(slugs) - found}")
        getattr(obj, name).set(related)
    if section.cited and (action == "create" or "citations" in differences):
        _replace_citations(section, obj, citations)
    return Change(action, section.key, slug, ", ".join(differences))


def _replace_citations(section: Section, obj, citations: list[tuple[str, str]]) -> None:
    target = CITATION_FIELD[section.model]
    obj.citations.all().delete()
    for source_slug, passage in citations:
        source_id = _pk_of(Source, source_slug, f"{section.key}/{obj.slug}.citations")
        Citation.objects.create(source_id=source_id, passage=passage, **{target: obj})


# --- Exporting ----------------------------------------------------------------------------------


def export() -> dict:
    """The whole database in the file's shape. Runs a fixed number of queries per section."""
    data: dict = {}
    for section in SECTIONS:
        queryset = section.model.objects.order_by("pk").select_related(*section.foreign)
        queryset = queryset.prefetch_related(*section.many)
        if section.cited:
            queryset = queryset.prefetch_related("citations__source")
        entries = {}
        for obj in queryset:
            entry: dict = {}
            for name in section.fields:
                value = getattr(obj, name)
                if name in section.many:
                    entry[name] = sorted(related.slug for related in value.all())
                elif name in section.foreign:
                    entry[name] = value.slug if value is not None else None
                elif name in section.line_lists:
                    entry[name] = lines(value)
                elif section.model is Region and name == "views":
                    entry[name] = _to_yaml_views(value)
                elif name == "prominence":
                    entry[name] = ReferralLink.Prominence(value).name.lower()
                else:
                    entry[name] = value
            if section.cited:
                entry["citations"] = [
                    {"source": c.source.slug, "passage": c.passage}
                    for c in sorted(obj.citations.all(), key=lambda c: c.pk)
                ]
            entries[obj.slug] = entry
        data[section.key] = entries
    return data


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: dict) -> str:
    header = (
        "# Body Map content. Every entry is keyed by its slug; see content/README.md.\n"
        "# Load with `python manage.py load_content`; write back with `export_content`.\n"
    )
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    return header + body
