"""History that reads like a changelog, on top of django-simple-history.

Each entry's history page lists what changed, field by field, with its citations' changes
merged in (a citation is its own row in the database, but an editor thinks of it as part of
the link). A creation can be undone (unpublished, then deleted, after a confirmation), and a
deleted entry can be restored, as a draft, from the "Deleted entries" list.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey, ManyToManyField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from conditions.models import Citation, Content, Status

# Fields that record bookkeeping, not content: a change to them alone is not news to an editor.
# (`edit_version` counts saves for the admin's stale-form check.)
BOOKKEEPING = {"id", "created_at", "updated_at", "edit_version"}
MAX_CHARS = 300
HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Entry:
    """One line of the changelog."""

    when: datetime
    who: object
    what: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after
    record: object = None  # the entry's own historical record (it can be reverted to)
    undo_creation: bool = False


def tracked_relations(model) -> list[ManyToManyField]:
    """The many-to-many fields whose history django-simple-history keeps (`m2m_fields`)."""
    return list(getattr(model.history.model, "_history_m2m_fields", []))


def _fields(model) -> list:
    return [
        f
        for f in [*model._meta.concrete_fields, *tracked_relations(model)]
        if f.name not in BOOKKEEPING and not f.name.startswith("history_")
    ]


def _text(record, model_field) -> str:
    """A field's value in a historical record, as an editor reads it."""
    if isinstance(model_field, ManyToManyField):
        target = model_field.m2m_reverse_field_name()
        rows = getattr(record, model_field.name).select_related(target)
        return ", ".join(sorted(str(getattr(row, target)) for row in rows))
    if isinstance(model_field, ForeignKey):
        if getattr(record, model_field.attname) is None:
            return ""
        try:
            return str(getattr(record, model_field.name))
        except ObjectDoesNotExist:
            return f"(deleted #{getattr(record, model_field.attname)})"
    if model_field.choices:
        value = getattr(record, model_field.attname)
        return str(dict(model_field.flatchoices).get(value, value))
    value = getattr(record, model_field.attname)
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _label(model_field) -> str:
    return str(model_field.verbose_name).capitalize()


def _changes(model, before, after, hide=()) -> list[tuple[str, str, str]]:
    """Field by field, what differs between two historical records (either may be None)."""
    changes = []
    for model_field in _fields(model):
        if model_field.name in hide:
            continue
        old = _text(before, model_field) if before is not None else ""
        new = _text(after, model_field) if after is not None else ""
        if old != new:
            changes.append((_label(model_field), old, new))
    return changes


def _entries(model, records, *, label: str = "", own: bool = True, hide=()) -> list[Entry]:
    """The changelog entries of one object's records (any order)."""
    entries = []
    previous = None
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        what = HISTORY_TYPES[record.history_type]
        if record.history_type == "-":
            changes = _changes(model, record, None, hide)
        else:
            changes = _changes(model, previous, record, hide)
        if record.history_type == "~" and not changes and not record.history_change_reason:
            previous = record
            continue  # a save that changed nothing an editor sees (bookkeeping only)
        entries.append(
            Entry(
                when=record.history_date,
                who=record.history_user,
                what=f"{label} {what.lower()}".strip().capitalize() if label else what,
                reason=record.history_change_reason or "",
                changes=changes,
                record=record if own else None,
                undo_creation=own and record.history_type == "+",
            )
        )
        previous = record
    return entries


CITATION_FOR = {
    "ReferralLink": "link",
    "Condition": "condition",
    "Mechanism": "mechanism",
    "RedFlag": "red_flag",
}


def changelog(model, object_id) -> list[Entry]:
    """Every change to one object and to its citations, newest first."""
    records = list(model.history.filter(id=object_id).select_related("history_user"))
    entries = _entries(model, records)
    target = CITATION_FOR.get(model.__name__)
    if target:
        citation_records = Citation.history.filter(**{f"{target}_id": object_id})
        by_citation: dict[int, list] = {}
        for record in citation_records.select_related("history_user", "source"):
            by_citation.setdefault(record.id, []).append(record)
        for records_of_one in by_citation.values():
            # Which entry it supports goes without saying on that entry's own history.
            entries += _entries(
                Citation, records_of_one, label="Citation", own=False, hide={target}
            )
    return sorted(entries, key=lambda e: e.when, reverse=True)


class ChangelogAdmin(SimpleHistoryAdmin):
    """A content admin whose history reads like a changelog, whose creations can be undone and
    whose deleted entries can be restored. Mixins such as a stale-form check go before it."""

    object_history_list_template = "admin/conditions/changelog.html"
    change_list_template = "admin/conditions/change_list_with_deleted.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        # Before the history URLs: their pattern would take "undo-creation" for a version.
        return [
            path(
                "<path:object_id>/history/undo-creation/",
                wrap(self.undo_creation_view),
                name=f"{name}_undo_creation",
            ),
            path("deleted/", wrap(self.deleted_view), name=f"{name}_deleted"),
            path(
                "deleted/<int:history_id>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        object_id = unquote(object_id)
        context = {
            "changelog": changelog(self.model, object_id),
            "object_exists": self.model.objects.filter(pk=object_id).exists(),
            "undo_creation_url": self._url("undo_creation", object_id),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra_context=context)

    def _url(self, view: str, *args) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    # --- Undoing a creation: unpublish, then delete --------------------------------------------

    def undo_creation_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("It no longer exists: see the deleted entries.")
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        deleted, counts, perms_needed, protected = self.get_deleted_objects([obj], request)
        if request.method == "POST" and not (perms_needed or protected):
            name = str(obj)
            with transaction.atomic():
                obj._history_user = request.user
                if isinstance(obj, Content) and obj.status != Status.DRAFT:
                    # Off the public map first, so that the history says so and a restore
                    # brings it back as a draft, to be checked before it is published again.
                    obj.status = Status.DRAFT
                    obj._change_reason = "Unpublished to undo its creation"
                    obj.save()
                self.log_deletions(request, self.model.objects.filter(pk=obj.pk))
                obj._change_reason = "Creation undone"
                self.delete_model(request, obj)
            self.message_user(
                request,
                f"“{name}” was unpublished and deleted. It can be restored from the deleted "
                "entries.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._url("changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Undo the creation of “{obj}”?",
            "opts": self.model._meta,
            "object": obj,
            "deleted_objects": deleted,
            "perms_lacking": perms_needed,
            "protected": protected,
            "is_content": isinstance(obj, Content),
            "history_url": self._url("history", obj.pk),
        }
        return TemplateResponse(request, "admin/conditions/undo_creation.html", context)

    # --- Deleted entries and restoring them ------------------------------------------------------

    def _deleted_records(self):
        """The last record of each deleted entry that has not come back. Two queries."""
        history = self.model.history
        existing = self.model.objects.values_list("pk", flat=True)
        return (
            history.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date")
        )

    def deleted_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        records, seen = [], set()
        for record in self._deleted_records():
            if record.id not in seen:  # deleted, restored and deleted again: the last time
                seen.add(record.id)
                record.label = entry_name(record)
                records.append(record)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "records": records,
            "can_restore": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/conditions/deleted.html", context)

    def restore_view(self, request: HttpRequest, history_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(self._url("deleted"))
        if not self.has_add_permission(request):
            raise PermissionDenied
        record = get_object_or_404(self._deleted_records(), history_id=history_id)
        problem = restore(record, request.user)
        if problem:
            self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(self._url("deleted"))
        obj = self.model.objects.get(pk=record.id)
        self.log_addition(request, obj, [{"added": {}}])
        draft = " as a draft: check it, then publish it" if isinstance(obj, Content) else ""
        self.message_user(request, f"“{obj}” was restored{draft}.", messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj.pk))


def entry_name(record) -> str:
    """What a deleted entry was called, even when what its name is made of is gone too."""
    try:
        return str(record.instance)
    except ObjectDoesNotExist:
        return getattr(record, "slug", "") or f"#{record.id}"


def restore(record, user) -> str:
    """Bring a deleted entry back from its last historical record, with its relations and the
    citations deleted with it; content comes back as a draft. Returns what stops it, or ""."""
    model = record.instance_type
    obj = record.instance
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, ForeignKey) and getattr(obj, model_field.attname) is not None:
            related = model_field.related_model
            if not related._default_manager.filter(pk=getattr(obj, model_field.attname)).exists():
                return (
                    f"“{entry_name(record)}” cannot be restored: its {model_field.verbose_name} "
                    "was deleted too. Restore that first."
                )
    if model._default_manager.filter(slug=getattr(obj, "slug", None)).exists():
        return (
            f"“{entry_name(record)}” cannot be restored: another entry now uses its slug "
            f"“{obj.slug}”."
        )
    if isinstance(obj, Content):
        obj.status = Status.DRAFT
    obj._change_reason = "Restored" + (" as a draft" if isinstance(obj, Content) else "")
    obj._history_user = user
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
            # The deletion's record holds no relations (they go first): the version before it.
            before = (
                model.history.filter(id=record.id, history_date__lte=record.history_date)
                .exclude(history_type="-")
                .order_by("-history_date", "-history_id")
                .first()
            )
            for model_field in tracked_relations(model) if before else []:
                target = model_field.m2m_reverse_field_name()
                rows = getattr(before, model_field.name).all()
                ids = [getattr(row, f"{target}_id") for row in rows]
                existing = model_field.related_model._default_manager.filter(pk__in=ids)
                getattr(obj, model_field.name).set(existing)
            target = CITATION_FOR.get(model.__name__)
            if target:
                _restore_citations(target, obj, user)
    except IntegrityError as error:
        return f"“{entry_name(record)}” cannot be restored: {error}"
    return ""


def _restore_citations(target: str, obj, user) -> None:
    """The citations that were deleted with `obj` (their last record is a deletion)."""
    last_records: dict[int, object] = {}
    for citation in Citation.history.filter(**{f"{target}_id": obj.pk}).order_by("history_date"):
        last_records[citation.id] = citation
    for citation in last_records.values():
        if citation.history_type == "-" and not Citation.objects.filter(pk=citation.id).exists():
            restored = citation.instance
            restored._change_reason = "Restored with its entry"
            restored._history_user = user
            restored.save(force_insert=True)
