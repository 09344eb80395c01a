"""The tables of the initiatives register the city federation keeps as data (fields, programmes,
criteria, value thresholds) are edited here; councils can be corrected here; dossiers and recognition
decisions are shown read-only, for support: they change only through the pages and the domain, which
check the rules and keep the history."""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    Council,
    CouncilMember,
    CriteriaSet,
    Criterion,
    GradeRule,
    Initiative,
    InitiativeField,
    Programme,
    Recognition,
    RecognitionDecision,
    ValueThreshold,
)
from unionsite.text import fold


@admin.register(InitiativeField)
class InitiativeFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "code"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active"]
    list_editable = ["active"]
    search_fields = ["name", "code"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class GradeRuleInline(admin.TabularInline):
    model = GradeRule
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    """Score sheets keep a snapshot of the set they were scored on: editing a set changes no past score."""

    list_display = ["name", "level", "year", "pass_total", "min_each", "drop_extremes_from"]
    list_filter = ["level"]
    inlines = [CriterionInline, GradeRuleInline]


@admin.register(ValueThreshold)
class ValueThresholdAdmin(admin.ModelAdmin):
    list_display = ["title_code", "category", "min_value", "min_value_three_years", "min_level"]
    list_filter = ["title_code", "category"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    raw_id_fields = ["user", "person"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "level", "valid_from", "valid_to", "min_size"]
    list_filter = ["level"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit", "created_by"]
    search_fields = ["name", "unit__name_search"]
    inlines = [CouncilMemberInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FoldedSearch:
    """The admin's search box reads the folded columns: "may cat" finds "Máy cắt"."""

    folded_search = ()

    def get_search_results(self, request, queryset, search_term):
        for word in fold(search_term).split():
            queryset = queryset.filter(reduce(or_, (Q(**{f"{name}__contains": word}) for name in self.folded_search)))
        return queryset, False


@admin.register(Initiative)
class InitiativeAdmin(FoldedSearch, ReadOnlyAdmin):
    list_display = ["title", "unit", "year", "level", "state", "value_per_year"]
    list_filter = ["level", "state", "year", "field"]
    list_select_related = ["unit", "field"]
    search_fields = ["title_search"]  # shows the search box; FoldedSearch does the searching
    search_help_text = _("Name of the initiative or of its union, with or without diacritics.")
    folded_search = ["title_search", "unit__name_search"]


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["initiative", "level", "year", "score", "grade", "revoked_at", "revoke_reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "unit", "level", "signer"]
    list_filter = ["level"]
    list_select_related = ["unit"]
    search_fields = ["number", "signer"]
    inlines = [RecognitionInline]
