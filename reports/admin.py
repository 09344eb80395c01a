from django.contrib import admin

from reports.models import DeadlineReminder, ReportExport, ReportText, TallyRun


@admin.register(TallyRun)
class TallyRunAdmin(admin.ModelAdmin):
    """Tallies are read here, never changed: a re-run from the report page makes a new version."""

    list_display = ["phase", "version", "created_at", "requested_by", "reason"]
    list_select_related = ["phase__campaign", "requested_by"]
    readonly_fields = ["phase", "version", "reason", "requested_by", "created_at", "digest", "summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportText)
class ReportTextAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "section", "updated_by", "updated_at"]
    list_select_related = ["unit", "updated_by"]
    raw_id_fields = ["unit"]


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    list_display = ["filename", "user", "unit", "format", "state", "progress", "expires_at"]
    list_select_related = ["user", "unit"]
    list_filter = ["state", "format"]


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(admin.ModelAdmin):
    list_display = ["phase", "unit", "kind", "days_before", "created_at"]
    list_select_related = ["phase", "unit"]
    list_filter = ["kind", "days_before"]
