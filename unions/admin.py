"""Django admin for the organisation tree and members: for administrators; people use the app's pages."""

from django.contrib import admin

from unions.models import Member, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_code", "kind", "parent", "active", "active_members"]
    list_filter = ["kind", "active"]
    list_select_related = ["parent"]
    search_fields = ["name_search", "short_code"]
    raw_id_fields = ["parent", "merged_into", "cluster"]
    readonly_fields = ["active_members"]
    show_full_result_count = False


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "gender", "date_of_birth", "card_number", "active"]
    list_filter = ["active", "gender"]
    list_select_related = ["unit"]
    search_fields = ["name_search", "card_number"]
    raw_id_fields = ["unit", "possible_duplicate_of"]
    show_full_result_count = False
