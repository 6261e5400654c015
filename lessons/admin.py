from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from conditions.concurrency import ConcurrentEditsAdmin
from lessons.models import Lesson, Step


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    ordering = ["order", "pk"]
    autocomplete_fields = ["regions", "mechanism", "links"]
    fields = [
        ("order", "title"),
        "caption",
        "question",
        ("regions", "side"),
        "pattern",
        ("direction", "mechanism"),
        "links",
    ]


@admin.register(Lesson)
class LessonAdmin(ConcurrentEditsAdmin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "status", "step_count", "order"]
    list_filter = ["status"]
    list_editable = ["order"]
    search_fields = ["title", "summary", "slug", "steps__caption"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(step_count=Count("steps"))

    @admin.display(ordering="step_count", description="steps")
    def step_count(self, lesson: Lesson) -> int:
        return lesson.step_count
