"""Scoped reads for registrations: every registration view loads its rows through these."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from campaigns.models import TitleRegistration, UnitRegistration
from campaigns.queries.core import campaign_visible_q
from unions.enums import UnitKind
from unions.models import Member, OrgUnit
from unions.queries import search_members
from unions.scope import Scope
from unionsite.text import fold


def registrations_for_user(user):
    """Registrations of units in the user's scope (their own unit, or every unit under them)."""
    return UnitRegistration.objects.filter(Scope.for_user(user).q("unit__"), campaign_visible_q(user, "campaign__"))


def get_registration_for_user(user, pk):
    queryset = registrations_for_user(user).select_related("campaign", "campaign__launched_by", "unit", "unit__block")
    return get_object_or_404(queryset, pk=pk)


def get_title_registration_for_user(user, pk):
    queryset = TitleRegistration.objects.filter(
        Scope.for_user(user).q("registration__unit__"), campaign_visible_q(user, "registration__campaign__")
    ).select_related("registration", "registration__unit", "registration__campaign")
    return get_object_or_404(queryset, pk=pk)


def units_for_campaign(user, campaign):
    """Active grassroots unions under the campaign's launching unit that lie in the user's scope."""
    return OrgUnit.objects.filter(
        Scope.for_user(user).q(),
        path__startswith=campaign.launched_by.path,
        kind=UnitKind.GRASSROOTS,
        active=True,
    )


NOT_REGISTERED = "none"


def unit_rows(user, campaign, *, state="", text="", block=None):
    """Units of the campaign in the user's scope, filtered; `attach_registrations` adds each one's row."""
    units = units_for_campaign(user, campaign).select_related("block", "parent")
    if text:
        units = units.filter(name_search__contains=fold(text))
    if block:
        units = units.filter(block=block)
    if state == NOT_REGISTERED:
        units = units.exclude(campaign_registrations__campaign=campaign)
    elif state:
        units = units.filter(campaign_registrations__campaign=campaign, campaign_registrations__state=state)
    return units.order_by("name", "pk")


def attach_registrations(units, campaign):
    """Sets `unit.registration` (or None) with its `title_count` on a page of units, in one query."""
    units = list(units)
    found = {
        r.unit_id: r
        for r in UnitRegistration.objects.filter(campaign=campaign, unit__in=[u.pk for u in units]).annotate(
            title_count=Count("titles", filter=Q(titles__withdrawn_at__isnull=True))
        )
    }
    for unit in units:
        unit.registration = found.get(unit.pk)
        if unit.registration is not None:
            unit.registration.unit = unit  # permission checks read it: no query per row
    return units


def unregistered_units(user, campaign):
    return units_for_campaign(user, campaign).exclude(campaign_registrations__campaign=campaign).order_by("name")


def title_registrations_of(registration):
    return registration.titles.select_related("title", "member").order_by("pk")


# The registration page lists this many withdrawn title registrations at most (the history keeps all).
WITHDRAWN_SHOWN = 50


def withdrawn_title_registrations_of(registration):
    """The registration's withdrawn title registrations, newest first, with who withdrew them."""
    return list(
        TitleRegistration.all_objects.filter(registration=registration, withdrawn_at__isnull=False)
        .select_related("title", "member", "withdrawn_by")
        .order_by("-withdrawn_at", "-pk")[:WITHDRAWN_SHOWN]
    )


def member_choices(registration, text, limit=15):
    """Members of the registration's unit whose name contains `text`, diacritics ignored."""
    members = Member.objects.filter(unit=registration.unit, active=True)
    found = search_members(members, text)
    return (found if fold(text) else found.order_by("name_search", "pk"))[:limit]
