"""Scoped reads: every awards view loads its rows through these functions."""

from django.db.models import Case, Exists, OuterRef, Q, When
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404

from awards.enums import Level, NominationState
from awards.models import Award, AwardTitle, Decision, Nomination, NominationAttachment, Notification, Quota
from campaigns.enums import CampaignState
from campaigns.models import Phase
from unions.enums import Role, UnitKind
from unions.models import OrgUnit
from unions.queries import roles_of, scope_q

S = NominationState


def titles_catalogue():
    return AwardTitle.objects.filter(active=True).prefetch_related("levels", "rules")


def nominations_for_user(user):
    return Nomination.objects.filter(scope_q(user, "unit__")).select_related(
        "unit", "member", "title", "phase__campaign"
    )


def get_nomination_for_user(user, pk):
    return get_object_or_404(nominations_for_user(user).select_related("created_by", "unit__parent"), pk=pk)


def get_attachment_for_user(user, pk):
    return get_object_or_404(
        NominationAttachment.objects.filter(scope_q(user, "nomination__unit__")).select_related("nomination__unit"),
        pk=pk,
    )


def queue_q(user):
    """What waits for this user: upper staff review what their grassroots unions submitted and
    forward what they approved for the city; city reviewers decide what was forwarded."""
    if user.is_superuser and user.is_active:
        return Q(state__in=[S.SUBMITTED, S.RESUBMITTED, S.FORWARDED]) | Q(state=S.APPROVED, level=Level.CITY)
    q = Q(pk__in=[])
    for role, path, _unit_id, _kind in roles_of(user):
        below = Q(unit__path__startswith=path) & ~Q(unit__path=path)
        if role == Role.UPPER_STAFF:
            q |= below & (Q(state__in=[S.SUBMITTED, S.RESUBMITTED]) | Q(state=S.APPROVED, level=Level.CITY))
        elif role == Role.CITY_REVIEWER:
            q |= below & Q(state=S.FORWARDED)
    return q


def queue_for_user(user, *, unit=None, title=None, campaign=None):
    """Oldest first. Approved city-level nominations already decided are not waiting any more."""
    rows = nominations_for_user(user).filter(queue_q(user)).filter(award__isnull=True)
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
    if user.is_superuser and user.is_active:
        return units
    q = Q(pk__in=[])
    for role, path, _unit_id, _kind in roles_of(user):
        if role in (Role.GRASSROOTS_OFFICER, Role.UPPER_STAFF):
            q |= Q(path__startswith=path)
    return units.filter(q)


def get_grassroots_unit_for_user(user, pk):
    """A grassroots union in the user's scope (404 otherwise): the one a grassroots decision is for."""
    units = OrgUnit.objects.filter(scope_q(user), kind=UnitKind.GRASSROOTS, active=True)
    return get_object_or_404(units.select_related("parent"), pk=pk)


def grassroots_deciding_units_for_user(user):
    """Grassroots unions whose grassroots-level titles the user may record (same people as nominate)."""
    return nominating_units_for_user(user)


def open_phases_for_unit(unit):
    """Phases accepting nominations in launched campaigns of the unit or a unit above it."""
    return Phase.objects.filter(
        nominations_open=True,
        campaign__state=CampaignState.LAUNCHED,
        campaign__launched_by__path__in=_prefixes(unit.path),
    ).select_related("campaign")


def open_phases_for_user(user):
    return (
        Phase.objects.filter(nominations_open=True, campaign__state=CampaignState.LAUNCHED)
        .filter(
            Exists(nominating_units_for_user(user).filter(path__startswith=OuterRef("campaign__launched_by__path")))
        )
        .select_related("campaign")
    )


def _prefixes(path):
    parts = path.split(".")[:-1]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def awards_for_user(user):
    return Award.objects.filter(scope_q(user, "unit__")).select_related("title", "unit", "member", "decision")


def get_award_for_user(user, pk):
    return get_object_or_404(awards_for_user(user), pk=pk)


def decisions_for_user(user):
    """Decisions issued in the user's scope, or naming an awardee of it."""
    if user.is_superuser and user.is_active:
        # Their scope is an empty Q(), which would drop out of the OR below and leave only the Exists.
        return Decision.objects.select_related("unit")
    awardee_in_scope = Award.objects.filter(scope_q(user, "unit__"), decision=OuterRef("pk"))
    return Decision.objects.filter(Q(scope_q(user, "unit__")) | Q(Exists(awardee_in_scope))).select_related("unit")


def get_decision_for_user(user, pk):
    return get_object_or_404(decisions_for_user(user), pk=pk)


def staff_units_for_user(user):
    """Units on which the user holds a staff role (the units that issue decisions and set quotas)."""
    if user.is_superuser and user.is_active:
        return OrgUnit.objects.filter(kind__in=[UnitKind.UPPER, UnitKind.CITY], active=True)
    ids = [uid for role, _p, uid, _k in roles_of(user) if role in (Role.UPPER_STAFF, Role.CITY_REVIEWER)]
    return OrgUnit.objects.filter(pk__in=ids, kind__in=[UnitKind.UPPER, UnitKind.CITY])


def quotas_for_user(user):
    """Quotas of units in the user's scope, and quotas of the units above them (which bind them)."""
    if user.is_superuser and user.is_active:
        return Quota.objects.select_related("title", "unit")
    paths = set()
    for _role, path, _uid, _kind in roles_of(user):
        paths.update(_prefixes(path))
    return Quota.objects.filter(Q(scope_q(user, "unit__")) | Q(unit__path__in=paths)).select_related("title", "unit")


def get_quota_for_user(user, pk):
    return get_object_or_404(quotas_for_user(user), pk=pk)


def notifications_for_user(user):
    return Notification.objects.filter(user=user).select_related("nomination__member", "nomination__title")


def honour_roll(unit, year):
    return (
        Award.objects.filter(unit__path__startswith=unit.path, year=year, revoked_at__isnull=True)
        .select_related("title", "unit", "member", "decision")
        .annotate(rank=Case(When(level=Level.CITY, then=0), When(level=Level.UPPER, then=1), default=2))
        .annotate(sort_name=Coalesce("member__name_search", Lower("collective_name")))
        .order_by("rank", "title__order", "sort_name", "pk")
    )


def with_quota_use(quotas):
    """Annotate each quota with `used_count` and `registered_count` in the same query (no N+1)."""
    from django.db.models import Count, IntegerField, Subquery
    from django.db.models.functions import Coalesce

    from awards.enums import QUOTA_USING_STATES
    from campaigns.models import TitleRegistration

    used = (
        Nomination.objects.filter(
            title_id=OuterRef("title_id"),
            level=OuterRef("level"),
            year=OuterRef("year"),
            unit__path__startswith=OuterRef("unit__path"),
            state__in=QUOTA_USING_STATES,
        )
        .order_by()
        .values("title_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    registered = (
        TitleRegistration.objects.filter(
            title_id=OuterRef("title_id"),
            registration__unit__path__startswith=OuterRef("unit__path"),
            registration__campaign__ends_on__year=OuterRef("year"),
        )
        .order_by()
        .values("title_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return quotas.annotate(
        used_count=Coalesce(Subquery(used, output_field=IntegerField()), 0),
        registered_count=Coalesce(Subquery(registered, output_field=IntegerField()), 0),
    )
