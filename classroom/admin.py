from django.contrib import admin

from classroom.models import ClassSession, Poll


class PollInline(admin.TabularInline):
    model = Poll
    extra = 0
    fields = ["question", "opened_at", "closed_at", "results_shown", "revealed", "answer_source"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ClassSession)
class ClassSessionAdmin(admin.ModelAdmin):
    """Live classes, to see what ran and end one that was left open. The answers themselves
    stay anonymous: only counts are shown, on the presenter's page and in its CSV."""

    list_display = ["code", "owner", "started_at", "last_activity", "ended_at"]
    list_filter = ["ended_at"]
    list_select_related = ["owner"]
    search_fields = ["code", "owner__username"]
    readonly_fields = ["code", "owner", "view_path", "started_at", "last_activity", "ended_at"]
    inlines = [PollInline]
    actions = ["end_classes"]

    def has_add_permission(self, request) -> bool:
        return False  # classes start from the map's "Start a live class" button

    @admin.action(description="End the selected classes and delete their answers")
    def end_classes(self, request, queryset) -> None:
        for session in queryset.filter(ended_at__isnull=True):
            session.end()
