"""The admin's forms where one save touches several entries: a link with its citation, a
condition with its links, a link with its citations.

Why our own forms rather than nested inlines: django-nested-admin (the well-kept library for
inlines within inlines) injects inline styles the site's Content-Security-Policy blocks and
does not support Django 5.2 yet. A link form that carries its first citation covers what an
editor adds in one go; further citations are added on the link's own page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from conditions.models import Citation, ReferralLink, Source, Status, named

MISSING_CITATION = (
    "A published link needs a citation: choose the source and paste the passage of the "
    "article it rests on, or keep the link as a draft."
)


def _live_forms(formset) -> list[forms.Form]:
    """The formset's forms that will be saved: valid, not marked for deletion, and either an
    existing entry or a new one the editor filled in."""
    return [
        form
        for form in formset.forms
        if hasattr(form, "cleaned_data")
        and not (formset.can_delete and formset._should_delete_form(form))
        and (form.instance.pk is not None or form.has_changed())
    ]


class LinkForm(forms.ModelForm):
    """A referral link whose slug, left blank, is made from its condition and regions."""

    class Meta:
        model = ReferralLink
        fields = ["slug"]  # the admin adds the rest (its fieldsets or inline fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields[
                "slug"
            ].help_text = (
                "Used in web addresses. Left blank, it is made from the condition and regions."
            )

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name) for name in ("origin", "felt_in", "condition", "kind")]
        condition = cleaned.get("condition") or getattr(self.instance, "condition", None)
        if "slug" in self.fields and not cleaned.get("slug") and all(parts[:2]) and condition:
            link = ReferralLink(
                pk=self.instance.pk,
                origin=cleaned["origin"],
                felt_in=cleaned["felt_in"],
                condition=condition,
                kind=cleaned.get("kind") or "",
            )
            cleaned["slug"] = link.suggested_slug(taken=getattr(self, "slugs_taken", set()))
        return cleaned


class CitedLinkForm(LinkForm):
    """A link on its condition's page, with the citation it rests on in the same form."""

    citation_source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        label="Citation: source",
        help_text="The article this link rests on.",
    )
    citation_passage = forms.CharField(
        required=False,
        label="Citation: passage",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="The exact words of the article. For a second citation, open the link.",
    )

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("citation_source")
        passage = (cleaned.get("citation_passage") or "").strip()
        if source and not passage:
            self.add_error("citation_passage", f"Paste the passage of “{source}” it rests on.")
        if passage and not source:
            self.add_error("citation_source", "Choose the article the passage comes from.")
        already_cited = self.instance.pk is not None and self.instance.citations.exists()
        uncited = not already_cited and not passage and "citation_source" not in self.errors
        if cleaned.get("status") == Status.PUBLISHED and uncited:
            self.add_error("citation_source", MISSING_CITATION)
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        source = self.cleaned_data.get("citation_source")
        passage = (self.cleaned_data.get("citation_passage") or "").strip()
        if source and passage:
            Citation.objects.create(link=self.instance, source=source, passage=passage)


class ConditionLinkFormSet(BaseInlineFormSet):
    """A condition's links, checked together with the condition's own new status, so that a
    condition and its links go to draft (or are published) in one save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The check Condition.clean() would make alone happens below, with the links' new
        # statuses in view (the condition's form is cleaned first and cannot see them).
        self.instance.links_checked_by_form = True

    def clean(self):
        live = _live_forms(self)
        # Slugs made from the same parts in one save must differ too.
        taken: set[str] = set()
        for form in live:
            slug = form.cleaned_data.get("slug")
            if slug and slug in taken and not form.data.get(form.add_prefix("slug")):
                form.slugs_taken = taken
                form.cleaned_data["slug"] = form.instance.slug = ReferralLink(
                    pk=form.instance.pk,
                    origin=form.cleaned_data["origin"],
                    felt_in=form.cleaned_data["felt_in"],
                    condition=self.instance,
                    kind=form.cleaned_data.get("kind") or "",
                ).suggested_slug(taken=taken)
            taken.add(form.cleaned_data.get("slug"))
        super().clean()
        condition = self.instance
        if condition.status != Status.DRAFT:
            return
        # Links edited here count with their new status; the others (links that name the
        # condition as a look-alike) with their saved one.
        staying = [
            form.instance for form in live if form.cleaned_data.get("status") == Status.PUBLISHED
        ]
        if condition.pk is not None:
            in_this_form = {form.instance.pk for form in self.forms if form.instance.pk}
            staying += list(condition.published_links_using_it().exclude(pk__in=in_this_form))
        if staying:
            raise ValidationError(
                f"“{condition}” cannot be a draft while the published link(s) {named(staying)} "
                "use it: set them to draft in the same save, or publish the condition."
            )


class LinkCitationFormSet(BaseInlineFormSet):
    """A link's citations: a published link keeps at least one."""

    def clean(self):
        super().clean()
        link = self.instance
        if link.status == Status.PUBLISHED and not _live_forms(self):
            raise ValidationError(MISSING_CITATION)
