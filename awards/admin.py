"""The catalogue (titles, their levels and eligibility rules) is data the city federation edits here.

Every save and delete made here is recorded in the change log (unionsite.admin.AuditedAdminSite)."""

from django.contrib import admin

from awards.models import Award, AwardTitle, Decision, EligibilityRule, Nomination, Quota, TitleLevel


class TitleLevelInline(admin.TabularInline):
    model = TitleLevel
    extra = 0


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


@admin.register(AwardTitle)
class AwardTitleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "subject", "statistics_code", "active", "order"]
    list_editable = ["statistics_code", "active", "order"]
    inlines = [TitleLevelInline, EligibilityRuleInline]


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "year", "unit", "max_count", "max_percent"]
    list_filter = ["year", "level", "title"]
    list_select_related = ["title", "unit"]
    raw_id_fields = ["unit"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """A decision is a signed document: corrected here with history, never deleted."""

    list_display = ["number", "date", "unit", "level", "signer"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Awards from earlier paper decisions are entered here (they count as prior titles). An award is
    revoked with its reason on its page, never deleted; every change made here is in its history."""

    list_display = ["__str__", "unit", "year", "level", "decision", "revoked_at"]
    list_filter = ["year", "level", "title"]
    list_select_related = ["title", "unit", "member", "decision"]
    raw_id_fields = ["unit", "member", "decision", "nomination"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "level", "year", "state", "waiting_since"]
    list_filter = ["state", "level", "year"]
    list_select_related = ["member", "title", "unit"]
    raw_id_fields = ["phase", "unit", "member", "title", "proposed_from", "created_by"]
    show_full_result_count = False
