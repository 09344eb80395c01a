"""Scoped reads: every awards view loads its rows through these functions."""

from django.db.models import Case, Exists, OuterRef, Q, When
from django.shortcuts import get_object_or_404

from awards.enums import Level, NominationState
from awards.models import Award, AwardTitle, Decision, Nomination, NominationAttachment, Notification, Quota
from campaigns.enums import CampaignState
from campaigns.models import Phase
from campaigns.queries.core import campaign_visible_q
from unions.enums import Role, UnitKind
from unions.models import OrgUnit
from unions.scope import Scope

S = NominationState


def titles_catalogue():
    return AwardTitle.objects.filter(active=True).prefetch_related("levels", "rules")


def nominations_for_user(user):
    return Nomination.objects.filter(
        Scope.for_user(user).q("unit__"), campaign_visible_q(user, "phase__campaign__")
    ).select_related("unit", "member", "title", "phase__campaign")


def get_nomination_for_user(user, pk):
    return get_object_or_404(nominations_for_user(user).select_related("created_by", "unit__parent"), pk=pk)


def get_attachment_for_user(user, pk):
    return get_object_or_404(
        NominationAttachment.objects.filter(Scope.for_user(user).q("nomination__unit__")).select_related(
            "nomination__unit"
        ),
        pk=pk,
    )


def queue_q(user):
    """What waits for this user: upper staff review what their grassroots unions submitted and
    forward what they approved for the city; city reviewers decide what was forwarded."""
    scope = Scope.for_user(user)
    upper = Q(state__in=[S.SUBMITTED, S.RESUBMITTED]) | Q(state=S.APPROVED, level=Level.CITY)
    city = Q(state=S.FORWARDED)
    if scope.is_admin:
        return upper | city
    return (scope.role_q("unit__", Role.UPPER_STAFF, strictly=True) & upper) | (
        scope.role_q("unit__", Role.CITY_REVIEWER, strictly=True) & city
    )


def queue_for_user(user, *, unit=None, title=None, campaign=None):
    """Oldest first. Approved city-level nominations already decided are not waiting any more.

    "Not decided" is NOT EXISTS (an anti-join that walks the state index and stops after a page), not
    award__isnull, which Django writes as a LEFT JOIN … IS NULL that PostgreSQL reads to the end.
    It is asked only of a queue that holds approved nominations (upper staff's, an admin's): the other
    states cannot hold an award (one is issued to an approved, upper-level, or a city-approved
    nomination only, neither state is ever left, and an awarded nomination cannot be forwarded: the
    workflow's _not_awarded), so a city reviewer's queue, forwarded nominations alone, reads no award
    (counting it hashed the awards of every year: 40,000 rows for 581 at a million members)."""
    scope = Scope.for_user(user)
    rows = nominations_for_user(user).filter(queue_q(user))
    if scope.is_admin or scope.has_role(Role.UPPER_STAFF):
        rows = rows.filter(~Exists(Award.objects.filter(nomination=OuterRef("pk"))))
    if unit:
        rows = rows.filter(unit__path__startswith=unit.path)
    if title:
        rows = rows.filter(title=title)
    if campaign:
        rows = rows.filter(phase__campaign=campaign)
    return rows.order_by("waiting_since", "pk")


def nominating_units_for_user(user):
    """Grassroots unions the user may nominate for: their own, or those below their upper-level staff role."""
    units = OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS, active=True)
    return units.filter(Scope.for_user(user).role_q("", Role.GRASSROOTS_OFFICER, Role.UPPER_STAFF))


def get_grassroots_unit_for_user(user, pk):
    """A grassroots union in the user's scope (404 otherwise): the one a grassroots decision is for."""
    units = OrgUnit.objects.filter(Scope.for_user(user).q(), kind=UnitKind.GRASSROOTS, active=True)
    return get_object_or_404(units.select_related("parent"), pk=pk)


def grassroots_deciding_units_for_user(user):
    """Grassroots unions whose grassroots-level titles the user may record (same people as nominate)."""
    return nominating_units_for_user(user)


def open_phases_for_user(user):
    return (
        Phase.objects.filter(nominations_open=True, campaign__state=CampaignState.LAUNCHED)
        .filter(
            Exists(nominating_units_for_user(user).filter(path__startswith=OuterRef("campaign__launched_by__path")))
        )
        .select_related("campaign")
    )


def awards_for_user(user):
    return Award.objects.filter(Scope.for_user(user).q("unit__")).select_related("title", "unit", "member", "decision")


def get_award_for_user(user, pk):
    return get_object_or_404(awards_for_user(user), pk=pk)


def decisions_for_user(user):
    """Decisions issued in the user's scope, or naming an awardee of it."""
    scope = Scope.for_user(user)
    awardee_in_scope = Award.objects.filter(scope.q("unit__"), decision=OuterRef("pk"))
    return Decision.objects.filter(scope.q("unit__") | Q(Exists(awardee_in_scope))).select_related("unit")


def get_decision_for_user(user, pk):
    return get_object_or_404(decisions_for_user(user), pk=pk)


def staff_units_for_user(user):
    """Units on which the user holds a staff role (the units that issue decisions and set quotas)."""
    scope = Scope.for_user(user)
    if scope.is_admin:
        return OrgUnit.objects.filter(kind__in=[UnitKind.UPPER, UnitKind.CITY], active=True)
    return OrgUnit.objects.filter(pk__in=scope.unit_ids(staff=True), kind__in=[UnitKind.UPPER, UnitKind.CITY])


def quotas_for_user(user):
    """Quotas of units in the user's scope, and quotas of the units above them (which bind them)."""
    scope = Scope.for_user(user)
    return Quota.objects.filter(scope.q("unit__") | scope.above_q("unit__")).select_related("title", "unit")


def get_quota_for_user(user, pk):
    return get_object_or_404(quotas_for_user(user), pk=pk)


def notifications_for_user(user):
    return Notification.objects.filter(user=user).select_related("nomination__member", "nomination__title")


def honour_roll(unit, year):
    """The year's awards under `unit`, city level first, by title and awardee name (the name kept on
    the award: sorting reads no member rows)."""
    return (
        Award.objects.filter(unit__path__startswith=unit.path, year=year, revoked_at__isnull=True)
        .select_related("title", "unit", "member", "decision")
        .annotate(rank=Case(When(level=Level.CITY, then=0), When(level=Level.UPPER, then=1), default=2))
        .order_by("rank", "title__order", "name_search", "pk")
    )
