"""The editors' workplace: every piece of content, with search, filters and undoable history."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from conditions.admin_history import ChangelogAdmin
from conditions.body import drawing, geometry
from conditions.concurrency import ConcurrentEditsAdmin
from conditions.forms import CitedLinkForm, ConditionLinkFormSet, LinkCitationFormSet, LinkForm
from conditions.models import (
    Citation,
    Condition,
    Mechanism,
    RedFlag,
    ReferralLink,
    Region,
    Reviewed,
    Source,
    Symptom,
)


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("due", "Due: never, or not in 12 months"),
            ("never", "Never reviewed"),
            ("recent", "Reviewed in the last 12 months"),
        ]

    def queryset(self, request, queryset):
        due = Reviewed.due_for_review()
        if self.value() == "due":
            return queryset.filter(due)
        if self.value() == "never":
            return queryset.filter(reviewed_at__isnull=True)
        if self.value() == "recent":
            return queryset.exclude(due)
        return queryset


class ReviewedAdmin(admin.ModelAdmin):
    """Review against the sources: who and when on the form, a filter for what is due, and
    an action that marks the chosen entries reviewed by the editor who runs it."""

    actions = ["mark_reviewed"]
    review_fieldset = ("Review against the sources", {"fields": ["reviewed_at", "reviewed_by"]})

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "reviewed_at", "reviewed_by"]

    def get_list_filter(self, request):
        return [ReviewFilter, *super().get_list_filter(request)]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "last_reviewed"]

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), self.review_fieldset]

    @admin.display(ordering="reviewed_at", description="last reviewed")
    def last_reviewed(self, obj) -> str:
        if obj.reviewed_at is None:
            return "never"
        when = f"{obj.reviewed_at:%d %b %Y}"
        return f"{when} (due)" if obj.review_due else when

    @admin.action(permissions=["change"], description="Mark reviewed against the sources")
    def mark_reviewed(self, request, queryset):
        now = timezone.now()
        count = 0
        for obj in queryset:
            # A save per entry, not update(): the history records who reviewed what, when.
            obj.reviewed_at, obj.reviewed_by = now, request.user
            obj._change_reason = "Marked reviewed"
            obj.save(update_fields=["reviewed_at", "reviewed_by"])
            count += 1
        self.message_user(request, f"Marked {count} reviewed by {request.user} today.")


def view_on_map_url(obj) -> str | None:
    """The entry's public page, opened in the draft preview (conditions/preview.py)."""
    if obj is None or not hasattr(obj, "get_absolute_url"):
        return None
    return reverse("preview") + "?" + urlencode({"next": obj.get_absolute_url()})


class ContentAdmin(ChangelogAdmin):
    """Every content admin: history as a changelog (conditions.admin_history), and "View on
    the map" through the draft preview, so a draft is seen where it will be published."""

    def get_view_on_site_url(self, obj=None):
        return view_on_map_url(obj)


admin.site.site_header = "Body Map content"
admin.site.site_title = "Body Map admin"
admin.site.index_title = "Content"


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    min_num = 0
    fields = ["source", "passage"]
    autocomplete_fields = ["source"]


class LinkCitationInline(CitationInline):
    fk_name = "link"
    formset = LinkCitationFormSet


class ConditionCitationInline(CitationInline):
    fk_name = "condition"


class MechanismCitationInline(CitationInline):
    fk_name = "mechanism"


class RedFlagCitationInline(CitationInline):
    fk_name = "red_flag"


@admin.register(Source)
class SourceAdmin(ConcurrentEditsAdmin, ContentAdmin):
    list_display = ["title", "kind", "site", "file", "citation_count"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["kind"]
    search_fields = ["title", "site", "file", "slug", "url"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(ordering="citation_count", description="citations")
    def citation_count(self, source: Source) -> int:
        return source.citation_count


@admin.register(Symptom)
class SymptomAdmin(ConcurrentEditsAdmin, ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}


class RegionForm(forms.ModelForm):
    # Editors attach a region to a shape the diagram already has: a list, not free text.
    shape_key = forms.ChoiceField(
        choices=lambda: [("", "---------")] + [(key, key) for key in sorted(geometry.shape_keys())],
        help_text="The shape in the diagram that stands for this region (previewed below).",
    )

    class Meta:
        model = Region
        fields = ["shape_key"]  # the admin's fieldsets add the rest


@admin.register(Region)
class RegionAdmin(ConcurrentEditsAdmin, ContentAdmin):
    form = RegionForm
    list_display = ["name", "slug", "group", "views", "bilateral", "status", "order"]
    list_filter = ["status", "group", "views", "bilateral"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "synonyms", "anatomical_notes"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["shape_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "description", "group", "order"]}),
        (
            "On the diagram",
            {"fields": ["shape_key", "shape_preview", "views", "bilateral"]},
        ),
        ("Details", {"fields": ["anatomical_notes", "synonyms"]}),
    ]

    @admin.display(description="shape")
    def shape_preview(self, region: Region) -> str:
        if not region.shape_key or region.shape_key not in geometry.shape_keys():
            return "Save with a valid shape key to see its preview. Shapes: " + ", ".join(
                sorted(geometry.shape_keys())
            )
        # The drawing is built from our own geometry, never from editor text: safe to embed.
        return mark_safe(drawing.draw_shape_preview(region.shape_key))


@admin.register(Mechanism)
class MechanismAdmin(ConcurrentEditsAdmin, ContentAdmin):
    list_display = ["name", "swatch", "colour", "line_pattern", "status", "order"]
    list_filter = ["status", "line_pattern"]
    search_fields = ["name", "slug", "summary", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MechanismCitationInline]

    @admin.display(description="looks like")
    def swatch(self, mechanism: Mechanism) -> str:
        if not mechanism.colour:
            return ""
        return mark_safe(drawing.draw_swatch(mechanism.colour, mechanism.line_pattern))


class ReferralLinkInline(admin.StackedInline):
    """A condition's links, each with the citation it rests on: a new condition and its cited
    links are added in one form (conditions.forms explains why not nested inlines)."""

    model = ReferralLink
    form = CitedLinkForm
    formset = ConditionLinkFormSet
    fk_name = "condition"
    extra = 0
    show_change_link = True
    autocomplete_fields = ["origin", "felt_in", "mechanism", "look_alike"]
    readonly_fields = ["cited"]
    fields = [
        ("origin", "felt_in"),
        ("mechanism", "kind", "look_alike"),
        ("side", "evidence", "prominence", "status"),
        "summary",
        "cited",
        "citation_source",
        "citation_passage",
        "slug",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations__source")

    def get_view_on_site_url(self, obj=None):
        return view_on_map_url(obj)

    @admin.display(description="cited from")
    def cited(self, link: ReferralLink) -> str:
        if link.pk is None:
            return "Add its citation below."
        sources = sorted({citation.source.title for citation in link.citations.all()})
        return "; ".join(sources) or "Not cited yet: add a citation below."


@admin.register(Condition)
class ConditionAdmin(ConcurrentEditsAdmin, ReviewedAdmin, ContentAdmin):
    list_display = ["name", "slug", "status", "link_count"]
    list_filter = ["status", "regions", "symptoms"]
    search_fields = ["name", "slug", "summary", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regions", "symptoms"]
    inlines = [ReferralLinkInline, ConditionCitationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "summary", "explanation"]}),
        ("Where and what", {"fields": ["regions", "symptoms", "synonyms"]}),
        (
            "Telling it apart and what helps",
            {
                "fields": [
                    "differentiation",
                    "diagnosis",
                    "management",
                    "self_care",
                    "self_care_cautions",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_count=Count("links"))

    @admin.display(ordering="link_count", description="links")
    def link_count(self, condition: Condition) -> int:
        return condition.link_count


@admin.register(RedFlag)
class RedFlagAdmin(ConcurrentEditsAdmin, ContentAdmin):
    list_display = ["title", "urgency", "status"]
    list_filter = ["urgency", "status", "regions"]
    search_fields = ["title", "advice", "explanation"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regions", "conditions"]
    inlines = [RedFlagCitationInline]


@admin.register(ReferralLink)
class ReferralLinkAdmin(ConcurrentEditsAdmin, ReviewedAdmin, ContentAdmin):
    form = LinkForm
    list_display = [
        "slug",
        "origin",
        "felt_in",
        "condition",
        "mechanism",
        "kind",
        "evidence",
        "prominence",
        "status",
    ]
    list_filter = [
        "status",
        "prominence",
        "kind",
        "evidence",
        "side",
        "mechanism",
        "origin",
        "felt_in",
    ]
    # Editors set prominence across many links at once, article by article.
    list_editable = ["prominence"]
    list_select_related = ["origin", "felt_in", "condition", "mechanism"]
    search_fields = [
        "slug",
        "summary",
        "explanation",
        "condition__name",
        "origin__name",
        "felt_in__name",
        "mechanism__name",
    ]
    autocomplete_fields = ["origin", "felt_in", "condition", "mechanism", "look_alike", "symptoms"]
    inlines = [LinkCitationInline]
    fieldsets = [
        (None, {"fields": ["slug", "status"]}),
        (
            "The connection",
            {
                "fields": [
                    ("origin", "felt_in"),
                    ("condition", "mechanism"),
                    ("kind", "look_alike"),
                    "side",
                    "symptoms",
                ]
            },
        ),
        (
            "What it says",
            {"fields": ["summary", "explanation", "evidence", "evidence_note", "how_to_tell"]},
        ),
        ("How much it matters", {"fields": ["prominence"]}),
    ]


@admin.register(Citation)
class CitationAdmin(ConcurrentEditsAdmin, ContentAdmin):
    list_display = ["source", "short_passage", "supports"]
    list_filter = ["source"]
    list_select_related = ["source", "link", "condition", "mechanism", "red_flag"]
    search_fields = ["passage"]
    autocomplete_fields = ["source", "link", "condition", "mechanism", "red_flag"]

    @admin.display(description="passage")
    def short_passage(self, citation: Citation) -> str:
        return format_html("“{}…”", citation.passage[:80])

    @admin.display(description="supports")
    def supports(self, citation: Citation) -> str:
        return str(citation.link or citation.condition or citation.mechanism or citation.red_flag)
