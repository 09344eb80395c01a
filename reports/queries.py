"""Scoped reads of the reports: which units and periods a user may report on, and their tallies.

A report is about a unit in the user's scope (their own unit or one under it: out of scope, 404); a
phase or campaign report is about a campaign the user sees (campaigns.queries.core). Period keys in
URLs read "dot-12" (phase), "phong-trao-3" (campaign), "nam-2023" (year), "giai-doan-2015-2020" (stage).
"""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404

from campaigns.queries.core import get_campaign_for_user, get_phase_for_user, phases_for_user
from reports.enums import PeriodKind
from reports.figures import Selection
from reports.models import ReportExport, TallyRun
from unions.enums import UnitKind
from unions.models import OrgUnit
from unions.scope import Scope

_PERIOD = re.compile(r"^(dot|phong-trao|nam|giai-doan)-(\d{1,9})(?:-(\d{4}))?$")
FIRST_YEAR, LAST_YEAR = 1990, 2100


def period_slug(selection):
    if selection.kind == PeriodKind.PHASE:
        return f"dot-{selection.phase.pk}"
    if selection.kind == PeriodKind.CAMPAIGN:
        return f"phong-trao-{selection.campaign.pk}"
    if selection.kind == PeriodKind.YEAR:
        return f"nam-{selection.year_from}"
    return f"giai-doan-{selection.year_from}-{selection.year_to}"


def selection_for_user(user, slug):
    """The Selection a URL names, when the user sees it; otherwise 404."""
    found = _PERIOD.match(slug or "")
    if not found:
        raise Http404
    kind, first, second = found.group(1), int(found.group(2)), found.group(3)
    if kind == "dot" and second is None:
        return Selection.for_phase(get_phase_for_user(user, first))
    if kind == "phong-trao" and second is None:
        return Selection.for_campaign(get_campaign_for_user(user, first))
    if kind == "nam" and second is None and FIRST_YEAR <= first <= LAST_YEAR:
        return Selection.for_years(first)
    if kind == "giai-doan" and second is not None:
        end = int(second)
        if FIRST_YEAR <= first < end <= LAST_YEAR and end - first <= 10:
            return Selection.for_years(first, end)
    raise Http404


def units_for_user(user):
    """The units a user may report on: every unit in their scope."""
    return OrgUnit.objects.filter(Scope.for_user(user).q(), active=True)


def get_unit_for_user(user, pk):
    return get_object_or_404(units_for_user(user), pk=pk)


def report_units_for_user(user):
    """The units offered in the report chooser: the units the user holds a role on, and the upper-level
    unions under the ones they are staff of."""
    scope = Scope.for_user(user)
    own = OrgUnit.objects.filter(pk__in=scope.unit_ids(), active=True)
    below = OrgUnit.objects.filter(scope.staff_q(), active=True).exclude(kind=UnitKind.GRASSROOTS)
    return (own | below).distinct().order_by("path")


def home_unit(user):
    """The unit a user's reports are about by default: the highest unit they hold a role on."""
    return report_units_for_user(user).order_by("depth", "path").first()


def tallied_phases_for_user(user):
    """Phases the user sees with their tallies, newest first (for the reports' index)."""
    return (
        phases_for_user(user)
        .select_related("campaign__launched_by")
        .prefetch_related("tally_runs")
        .order_by("-ends_on", "-pk")
    )


def runs_of(phase):
    return TallyRun.objects.filter(phase=phase).select_related("requested_by").order_by("-version")


def get_export_for_user(user, token):
    """A background export is only ever seen by the person who asked for it."""
    return get_object_or_404(ReportExport.objects.select_related("unit"), token=token, user=user)
