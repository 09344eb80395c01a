"""Django admin for registrations: for administrators; people use the app's pages."""

from django.contrib import admin

from campaigns.models import TitleRegistration, UnitRegistration


class TitleRegistrationInline(admin.TabularInline):
    model = TitleRegistration
    extra = 0
    raw_id_fields = ["member", "title"]


@admin.register(UnitRegistration)
class UnitRegistrationAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "state", "submitted_at", "accepted_at"]
    list_filter = ["state"]
    list_select_related = ["unit", "campaign"]
    raw_id_fields = ["unit", "campaign", "created_by"]
    inlines = [TitleRegistrationInline]
    show_full_result_count = False
