"""The yearly statistics tables of emulation and commendation, built from the records by the titles'
statistics codes (awards.enums.StatisticsCode), never from hard-coded title ids: campaigns by the level
that launched them and by their duration, and titles and commendations by code, recipient and level."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from awards.enums import Level, StatisticsCode
from awards.models import Award
from campaigns.enums import CampaignKind, CampaignState
from campaigns.models import Campaign
from reports.content import Table
from unions.enums import UnitKind

LAUNCHERS = [UnitKind.CITY, UnitKind.UPPER, UnitKind.GRASSROOTS]
LEVELS = [Level.GRASSROOTS, Level.UPPER, Level.CITY]


def campaigns_table(unit, year):
    """Campaigns that ran in `year`, launched in the unit's subtree: by duration (kind) and launching level."""
    rows = (
        Campaign.objects.filter(
            launched_by__path__startswith=unit.path,
            state__in=[CampaignState.LAUNCHED, CampaignState.CLOSED],
            starts_on__year__lte=year,
            ends_on__year__gte=year,
        )
        .values("kind", "launched_by__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["kind"], row["launched_by__kind"]): row["n"] for row in rows}
    table = Table(
        _("Table 1. Emulation campaigns by duration and launching level"),
        [_("Kind of campaign"), *[str(UnitKind(kind).label) for kind in LAUNCHERS], _("Total")],
    )
    for kind in CampaignKind:
        values = [counts.get((kind.value, launcher), 0) for launcher in LAUNCHERS]
        table.rows.append([str(kind.label), *values, sum(values)])
    table.total = [_("Total"), *[sum(r[i] for r in table.rows) for i in range(1, len(LAUNCHERS) + 2)]]
    return table


def awards_table(unit, year):
    """Titles and commendations of `year` in the unit's subtree, by statistics code, recipient and level."""
    rows = (
        Award.objects.filter(unit__path__startswith=unit.path, year=year, revoked_at__isnull=True)
        .exclude(title__statistics_code="")
        .values("title__statistics_code", "level")
        .annotate(
            people=Count("pk", filter=Q(member__isnull=False)),
            groups=Count("pk", filter=Q(member__isnull=True)),
        )
        .order_by()
    )
    counts = {}
    for row in rows:
        counts[(row["title__statistics_code"], "individual", row["level"])] = row["people"]
        counts[(row["title__statistics_code"], "collective", row["level"])] = row["groups"]
    table = Table(
        _("Table 2. Emulation titles and commendations by recipient and level"),
        [_("Statistics code"), _("Recipient"), *[str(Level(level).label) for level in LEVELS], _("Total")],
    )
    recipients = [("individual", _("Individuals")), ("collective", _("Collectives"))]
    for code in StatisticsCode:
        for key, label in recipients:
            values = [counts.get((code.value, key, level), 0) for level in LEVELS]
            table.rows.append([f"{code.value} — {code.label}", str(label), *values, sum(values)])
    table.total = ["", _("Total"), *[sum(r[i] for r in table.rows) for i in range(2, len(LEVELS) + 3)]]
    return table


def yearly_tables(unit, year):
    return [campaigns_table(unit, year), awards_table(unit, year)]
