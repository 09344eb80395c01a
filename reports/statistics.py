"""The yearly statistics tables of emulation and commendation, built from the records by the titles'
statistics codes (awards.enums.StatisticsCode), never from hard-coded title ids: campaigns by the level
that launched them (scope), by their duration and by their form (thường xuyên / theo chuyên đề); titles
and commendations by code, recipient and level; commendations by their kind (theo công trạng, theo
chuyên đề, đột xuất, …) and recipient."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from awards.enums import CommendationMethod, Level, StatisticsCode
from awards.models import Award
from campaigns.enums import CampaignKind, CampaignState, EmulationMethod
from campaigns.models import Campaign
from reports.content import Table
from unions.enums import UnitKind

LAUNCHERS = [UnitKind.CITY, UnitKind.UPPER, UnitKind.GRASSROOTS]
LEVELS = [Level.GRASSROOTS, Level.UPPER, Level.CITY]


def _campaign_counts(unit, year):
    """{(kind, method, launching unit kind): campaigns} of the campaigns that ran in `year`, launched
    in the unit's subtree: one grouped query for both campaign tables."""
    rows = (
        Campaign.objects.filter(
            launched_by__path__startswith=unit.path,
            state__in=[CampaignState.LAUNCHED, CampaignState.CLOSED],
            starts_on__year__lte=year,
            ends_on__year__gte=year,
        )
        .values("kind", "method", "launched_by__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["kind"], row["method"], row["launched_by__kind"]): row["n"] for row in rows}


_KEY = {"kind": 0, "method": 1}


def _by_launcher(counts, dimension, choices, title, first_header):
    """A campaigns table: a row per choice of `dimension` ("kind" or "method"), a column per launching
    level, from `counts` ({(kind, method, launcher): n})."""
    table = Table(title, [first_header, *[str(UnitKind(kind).label) for kind in LAUNCHERS], _("Total")], row_header=1)
    for choice in choices:
        values = [
            sum(n for key, n in counts.items() if key[_KEY[dimension]] == choice.value and key[2] == launcher)
            for launcher in LAUNCHERS
        ]
        table.rows.append([str(choice.label), *values, sum(values)])
    table.total = [_("Total"), *[sum(r[i] for r in table.rows) for i in range(1, len(LAUNCHERS) + 2)]]
    return table


def campaigns_table(unit, year, counts=None):
    """Campaigns that ran in `year`, launched in the unit's subtree: by duration (kind) and launching level."""
    counts = _campaign_counts(unit, year) if counts is None else counts
    return _by_launcher(
        counts,
        "kind",
        CampaignKind,
        _("Table 1. Emulation campaigns by duration and launching level"),
        _("Kind of campaign"),
    )


def campaign_methods_table(unit, year, counts=None):
    """The same campaigns by their form of emulation (thường xuyên / theo chuyên đề) and launching level."""
    counts = _campaign_counts(unit, year) if counts is None else counts
    return _by_launcher(
        counts,
        "method",
        EmulationMethod,
        _("Table 2. Emulation campaigns by form and launching level"),
        _("Form of emulation"),
    )


def _by_recipient(awards, column, rows, title, first_header):
    """An awards table: for each (key, label) of `rows` (values of `column`), a line for individuals and
    one for collectives, a column per level (one grouped query)."""
    counts = {}
    grouped = (
        awards.values(column, "level")
        .annotate(
            people=Count("pk", filter=Q(member__isnull=False)),
            groups=Count("pk", filter=Q(member__isnull=True)),
        )
        .order_by()
    )
    for row in grouped:
        counts[(row[column], "individual", row["level"])] = row["people"]
        counts[(row[column], "collective", row["level"])] = row["groups"]
    table = Table(
        title,
        [first_header, _("Recipient"), *[str(Level(level).label) for level in LEVELS], _("Total")],
        row_header=1,
    )
    recipients = [("individual", _("Individuals")), ("collective", _("Collectives"))]
    for key, label in rows:
        for recipient, recipient_label in recipients:
            values = [counts.get((key, recipient, level), 0) for level in LEVELS]
            table.rows.append([label, str(recipient_label), *values, sum(values)])
    table.total = ["", _("Total"), *[sum(r[i] for r in table.rows) for i in range(2, len(LEVELS) + 3)]]
    return table


def _awards_of(unit, year):
    return Award.objects.filter(unit__path__startswith=unit.path, year=year, revoked_at__isnull=True)


def awards_table(unit, year):
    """Titles and commendations of `year` in the unit's subtree, by statistics code, recipient and level."""
    return _by_recipient(
        _awards_of(unit, year).exclude(title__statistics_code=""),
        "title__statistics_code",
        [(code.value, f"{code.value} — {code.label}") for code in StatisticsCode],
        _("Table 3. Emulation titles and commendations by recipient and level"),
        _("Statistics code"),
    )


def commendation_methods_table(unit, year):
    """Commendations (statistics code KT) of `year` in the unit's subtree by their kind (the decision's
    loại hình khen thưởng, kept on each award), recipient and level."""
    return _by_recipient(
        _awards_of(unit, year).filter(title__statistics_code=StatisticsCode.COMMENDATION),
        "method",
        [(method.value, str(method.label)) for method in CommendationMethod],
        _("Table 4. Commendations by kind, recipient and level"),
        _("Kind of commendation"),
    )


def yearly_tables(unit, year):
    counts = _campaign_counts(unit, year)
    return [
        campaigns_table(unit, year, counts),
        campaign_methods_table(unit, year, counts),
        awards_table(unit, year),
        commendation_methods_table(unit, year),
    ]
