"""Edits never overwrite each other unseen: the admin refuses a save from a stale form.

Each change form carries, hidden, the `edit_version` of the row when the form was shown. On
save the row is locked and its version compared: if someone saved in between, nothing is saved
and the form comes back with a list of what the other save changed (from the history). Where
this editor had left a field as it was, the other editor's value is put into the form; where
both changed it, the form keeps this editor's value. Saving that form again then keeps both
editors' work. Nothing saved is lost either way: every save is in the history.

Why our own field and not django-concurrency: its check raises RecordModifiedError from the
model's save, after the admin has validated the form and begun saving inlines, and answers with
a 409 page; here the refusal has to be a form error that keeps the editor's input and shows
the other editor's changes, which is this module either way. The field is a plain integer that
simple-history copies like any other, so the history tells which version each record was.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.text import capfirst

VERSION_FIELD = "edit_version_seen"
# Fields every save changes by itself: not worth showing an editor.
NOT_SHOWN = {"edit_version", "updated_at", "created_at"}


class ConcurrentEditsForm(forms.ModelForm):
    """Mixed into an admin's change form by `ConcurrentEditsAdmin.get_form`."""

    edit_version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            # From the row, not the instance: a revert form shows an old copy of the object,
            # but what it will overwrite is the current row.
            self.initial[VERSION_FIELD] = _stored_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned  # a new object: nobody else can have saved it
        seen = cleaned.get(VERSION_FIELD)
        current = _stored_version(self.instance, lock=True)
        if seen is not None and seen == current:
            return cleaned
        self.data = self.data.copy()  # the form shown again: theirs merged in, see below
        messages = self._take_in_their_changes(seen, current)
        # Saving the form as it comes back applies it over the entry as it is now, knowingly.
        self.data[self.add_prefix(VERSION_FIELD)] = current
        raise ValidationError(messages)

    def _take_in_their_changes(self, seen: int | None, current: int | None) -> list[str]:
        """What changed since `seen`, one line per field, each change also put into the form
        where this editor left the field as it was: saving again then keeps both editors'
        work, and only a field both changed needs a decision."""
        if seen is None:
            return [
                "This form does not say which version of the entry it was opened at, so saving "
                "it could undo someone else's changes. Your input is kept below: check it, then "
                "save again to apply it."
            ]
        lines = [
            "Someone else saved this entry after you opened it. Nothing of yours has been "
            "saved yet. What they changed:"
        ]
        history = self.instance.history
        before = history.filter(edit_version=seen).first()
        after = history.filter(edit_version=current).first()
        if before is None or after is None:
            lines.append("(The history does not say: see the entry's History page.)")
            lines.append("Your input is kept below: check it, then save again to apply it.")
            return lines
        who = after.history_user or "someone"
        when = timezone.localtime(after.history_date).strftime("%H:%M:%S")
        for change in after.diff_against(before).changes:
            if change.field in NOT_SHOWN:
                continue
            field = self.instance._meta.get_field(change.field)
            line = (
                f"{capfirst(field.verbose_name)}: “{_shown(field, change.old)}” → "
                f"“{_shown(field, change.new)}” ({who}, {when})"
            )
            if field.name not in self.fields:
                lines.append(line)
                continue
            mine = self.cleaned_data.get(field.name, _MISSING)
            if field.is_relation:
                mine = getattr(mine, "pk", mine)
            if mine == change.old:
                self._put_in_form(field.name, change.new)
                lines.append(line + ": taken into your form.")
            else:
                lines.append(line + ": you changed it too, and the form shows yours.")
        if len(lines) == 1:
            lines.append("No field of the entry itself: a related entry or its order.")
        lines.append("Check the form below (your changes, with theirs taken in), then save again.")
        return lines

    def _put_in_form(self, name: str, value) -> None:
        key = self.add_prefix(name)
        if isinstance(self.fields[name].widget, forms.CheckboxInput):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
        else:
            self.data[key] = "" if value is None else str(value)


_MISSING = object()


def _shown(field, value) -> str:
    """A stored value as an editor reads it: a related entry's name, a choice's label."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return _short(str(related) if related is not None else f"a deleted entry ({value})")
    return _short(str(dict(field.flatchoices).get(value, value)))


def _stored_version(instance, lock: bool = False) -> int | None:
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if lock and transaction.get_connection(router.db_for_write(type(instance))).in_atomic_block:
        # Until this save commits, a second save of the same object waits here, then sees
        # this one's version. (SQLite serialises writers anyway: IMMEDIATE transactions.)
        rows = rows.select_for_update()
    return rows.values_list("edit_version", flat=True).first()


def _short(value, limit: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ConcurrentEditsAdmin(admin.ModelAdmin):
    """Refuses a save from a stale change form (see the module's docstring). Put it before
    SimpleHistoryAdmin in the bases, so the history's revert form is checked too."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, ConcurrentEditsForm):
            kwargs["form"] = type(base.__name__, (ConcurrentEditsForm, base), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets  # no fieldsets of its own: the form's fields, ours included
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]
