"""The dashboard of each role: current phases and their deadlines, coverage by block and ownership, what
waits for the user and for how long, quota use, titles (and initiatives) per level year on year, and
the units below. Everything is counted in the user's scope, in grouped queries, and kept in the cache
under a key made of the user's grants, so two users with different scopes never share an entry, and of
the generations of those grants' subtrees, so that a write below them refreshes the board at once
(reports.freshness)."""

import datetime
import hashlib

from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awards.domain.quotas import quota_limit, with_quota_use
from awards.enums import Level
from awards.models import Award, Quota
from awards.queries import queue_for_user
from campaigns.enums import AssessmentState, CampaignState, RegistrationState
from campaigns.models import Phase, SelfAssessment, UnitRegistration
from campaigns.queries.core import ASSESSED_STATES, REGISTERED_STATES, campaign_visible_q
from initiatives.models import Recognition
from reports.figures import LEVELS
from reports.freshness import generations
from unions.enums import STAFF_ROLES, Ownership, Role, UnitKind
from unions.models import PATH_SEGMENT, OrgUnit
from unions.scope import Scope
from unionsite.text import fold

CACHE_SECONDS = 300
YEARS_BACK = 6
AGE_BUCKETS = ((7, "under_7"), (30, "7_to_30"), (None, "over_30"))


def cache_key(user, today):
    scope = Scope.for_user(user)
    grants = sorted((g.role, g.path) for g in scope.grants)
    paths = [""] if scope.is_admin else sorted({path for _role, path in grants})
    raw = repr((scope.is_admin, grants, generations(paths), today.isoformat(), get_language()))
    return "reports:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def for_user(user, *, today=None):
    today = today or timezone.localdate()
    key = cache_key(user, today)
    board = cache.get(key)
    if board is None:
        board = build(user, today)
        cache.set(key, board, CACHE_SECONDS)
    return board


def build(user, today):
    scope = Scope.for_user(user)
    home = OrgUnit.objects.filter(pk__in=scope.unit_ids()).order_by("depth", "path").first()
    if scope.is_admin:
        home = OrgUnit.objects.filter(parent__isnull=True, active=True).order_by("path").first()
    board = {
        "home": home.name if home else "",
        "phases": current_phases(user, today),
        "coverage": coverage(user, today) if scope.is_staff else [],
        "own": own_unions(user, today),
        "waiting": waiting(user, today),
        "quotas": quotas(user, today) if scope.is_staff else [],
        "years": years(user, today),
        "units": units_below(home, today) if home is not None and home.kind != UnitKind.GRASSROOTS else None,
    }
    return board


def _phases(user, today):
    return (
        Phase.objects.filter(campaign_visible_q(user, "campaign__"))
        .filter(campaign__state=CampaignState.LAUNCHED, closed_at__isnull=True, ends_on__gte=today)
        .select_related("campaign__launched_by")
        .order_by("ends_on", "pk")
    )


def current_phases(user, today):
    """The running and coming phases and the days left to their deadline."""
    rows = []
    for phase in _phases(user, today)[:12]:
        rows.append(
            {
                "campaign": phase.campaign.title,
                "campaign_id": phase.campaign_id,
                "phase": phase.name,
                "starts_on": phase.starts_on,
                "ends_on": phase.ends_on,
                "days_left": (phase.ends_on - today).days,
                "running": phase.starts_on <= today,
            }
        )
    return rows


def own_unions(user, today):
    """For a grassroots officer: their union in each running phase, registered or not and self-assessed
    or not, with the days left (two queries)."""
    scope = Scope.for_user(user)
    unit_ids = scope.unit_ids(Role.GRASSROOTS_OFFICER)
    if not unit_ids:
        return []
    phases = [p for p in _phases(user, today)[:12] if p.starts_on <= today]
    if not phases:
        return []
    registered = set(
        UnitRegistration.objects.filter(
            unit_id__in=unit_ids, campaign_id__in=[p.campaign_id for p in phases], state__in=REGISTERED_STATES
        ).values_list("campaign_id", "unit_id")
    )
    assessed = set(
        SelfAssessment.objects.filter(unit_id__in=unit_ids, phase__in=phases, state__in=ASSESSED_STATES).values_list(
            "phase_id", "unit_id"
        )
    )
    names = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return [
        {
            "unit": names.get(unit_id, ""),
            "campaign": phase.campaign.title,
            "phase": phase.name,
            "days_left": (phase.ends_on - today).days,
            "registered": (phase.campaign_id, unit_id) in registered,
            "assessed": (phase.pk, unit_id) in assessed,
        }
        for phase in phases
        for unit_id in unit_ids
    ]


def coverage(user, today):
    """For each running phase (at most three): the grassroots unions in the user's staff scope under the
    campaign, registered or not and self-assessed or not, by block and by ownership (one grouped query)."""
    out = []
    scope = Scope.for_user(user)
    ownership = dict(Ownership.choices)
    for phase in [p for p in _phases(user, today) if p.starts_on <= today][:3]:
        campaign = phase.campaign
        registered = Exists(
            UnitRegistration.objects.filter(campaign=campaign, unit=OuterRef("pk"), state__in=REGISTERED_STATES)
        )
        assessed = Exists(SelfAssessment.objects.filter(phase=phase, unit=OuterRef("pk"), state__in=ASSESSED_STATES))
        units = (
            OrgUnit.objects.filter(scope.staff_q(), path__startswith=campaign.launched_by.path)
            .filter(kind=UnitKind.GRASSROOTS, active=True)
            .annotate(is_registered=registered, has_assessed=assessed)
        )
        counts = {
            "total": Count("pk"),
            "registered": Count("pk", filter=Q(is_registered=True)),
            "assessed": Count("pk", filter=Q(has_assessed=True)),
        }
        # One grouped query by (block, ownership), summed here both ways: each unit's two EXISTS are
        # read once, not once per table.
        blocks, owners = {}, {}
        for row in units.values("block__name", "ownership").annotate(**counts).order_by():
            for table, key in ((blocks, row["block__name"] or ""), (owners, row["ownership"] or "")):
                found = table.setdefault(key, {"total": 0, "registered": 0, "assessed": 0})
                for name in found:
                    found[name] += row[name]

        def rows(table, label):
            return [
                {
                    "label": label(key),
                    "total": row["total"],
                    "registered": row["registered"],
                    "not_registered": row["total"] - row["registered"],
                    "not_assessed": row["total"] - row["assessed"],
                }
                for key, row in sorted(table.items(), key=lambda item: (item[0] == "", fold(item[0]), item[0]))
            ]

        by_block = rows(blocks, lambda key: key or _("No block"))
        by_ownership = rows(owners, lambda key: str(ownership.get(key, _("Not stated"))) if key else _("Not stated"))
        out.append(
            {
                "campaign": campaign.title,
                "campaign_id": campaign.pk,
                "phase": phase.name,
                "by_block": by_block,
                "tables": [(_("By block"), by_block), (_("By ownership"), by_ownership)],
            }
        )
    return out


def _ages(rows, column, today):
    """How many rows wait, by how long (under 7 days, 7–30, over 30, by local calendar days; no date
    counts as today), and the oldest: one aggregate in the database, not the rows."""
    starts = {}  # bucket → the first moment of the oldest day it holds
    for limit, name in AGE_BUCKETS:
        if limit is not None:
            day = today - datetime.timedelta(days=limit - 1)
            starts[name] = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    newer = Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__gte": starts["under_7"]})
    middle = Q(**{f"{column}__gte": starts["7_to_30"], f"{column}__lt": starts["under_7"]})
    older = Q(**{f"{column}__lt": starts["7_to_30"]})
    found = rows.order_by().aggregate(
        count=Count("pk"),
        under_7=Count("pk", filter=newer),
        **{"7_to_30": Count("pk", filter=middle)},
        over_30=Count("pk", filter=older),
        oldest=Min(column),
    )
    return found


def waiting(user, today):
    """What waits for the user and for how long: nominations in their review queue, unit registrations
    submitted to them, self-assessments submitted for their review (one aggregate each)."""
    scope = Scope.for_user(user)
    nominations = _ages(queue_for_user(user), "waiting_since", today)
    oldest = nominations.pop("oldest")
    rows = [{"what": _("Nominations to review"), **nominations}]
    if scope.is_staff:
        submitted = [RegistrationState.SUBMITTED, RegistrationState.RESUBMITTED]
        reviewer = scope.role_q("unit__", *STAFF_ROLES, strictly=True)
        registrations = _ages(UnitRegistration.objects.filter(reviewer, state__in=submitted), "submitted_at", today)
        registrations.pop("oldest")
        rows.append({"what": _("Registrations to review"), **registrations})
        assessments = _ages(
            SelfAssessment.objects.filter(reviewer, state=AssessmentState.SUBMITTED), "submitted_at", today
        )
        assessments.pop("oldest")
        rows.append({"what": _("Self-assessments to review"), **assessments})
    return {
        "rows": rows,
        "oldest_days": (today - timezone.localtime(oldest).date()).days if oldest else None,
    }


def quotas(user, today):
    """This year's quotas of the user's staff units: places used of places allowed."""
    scope = Scope.for_user(user)
    rows = with_quota_use(
        Quota.objects.filter(scope.staff_q("unit__"), year=today.year).select_related("title", "unit")
    ).order_by("unit__path", "title__order", "level")[:20]
    out = []
    for quota in rows:
        limit = quota_limit(quota)
        out.append(
            {
                "label": f"{quota.title.name} ({quota.get_level_display()}) — {quota.unit.name}",
                "used": quota.used_count,
                "limit": limit,
                "percent": round(100 * quota.used_count / limit) if limit else 0,
            }
        )
    return out


def years(user, today):
    """Titles awarded per level, year on year, in the user's scope (one grouped query)."""
    first = today.year - YEARS_BACK + 1
    rows = (
        Award.objects.filter(Scope.for_user(user).q("unit__"), year__gte=first, year__lte=today.year)
        .filter(revoked_at__isnull=True)
        .values("year", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["year"], row["level"]): row["n"] for row in rows}
    recognised = (
        Recognition.objects.filter(Scope.for_user(user).q("initiative__unit__"), year__gte=first, year__lte=today.year)
        .filter(revoked_at__isnull=True)
        .values("year", "level")
        .annotate(n=Count("pk"), value=Sum("initiative__value_per_year"))
        .order_by()
    )
    initiatives = {(row["year"], row["level"]): row["n"] for row in recognised}
    values = {}
    for row in recognised:
        values[row["year"]] = values.get(row["year"], 0) + (row["value"] or 0)
    labels = list(range(first, today.year + 1))
    return {
        "labels": labels,
        "titles": [
            {"label": str(Level(level).label), "data": [counts.get((year, level), 0) for year in labels]}
            for level in LEVELS
        ],
        "initiatives": [
            {"label": str(Level(level).label), "data": [initiatives.get((year, level), 0) for year in labels]}
            for level in LEVELS
        ],
        "values": [values.get(year, 0) for year in labels],
    }


def units_below(home, today):
    """The unions directly below the user's unit: the grassroots unions under each and this year's titles
    per level, grouped by the child's path prefix in the database (two queries)."""
    children = list(OrgUnit.objects.filter(parent=home, active=True).order_by("name").values_list("pk", "name", "path"))
    if not children:
        return []
    width = len(home.path) + PATH_SEGMENT + 1
    grassroots = (
        OrgUnit.objects.filter(path__startswith=home.path, kind=UnitKind.GRASSROOTS, active=True)
        .annotate(child=Substr("path", 1, width))
        .values("child")
        .annotate(n=Count("pk"))
        .order_by()
    )
    awards = (
        Award.objects.filter(unit__path__startswith=home.path, year=today.year, revoked_at__isnull=True)
        .annotate(child=Substr("unit__path", 1, width))
        .values("child", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    units = {row["child"]: row["n"] for row in grassroots}
    titles = {(row["child"], row["level"]): row["n"] for row in awards}
    return [
        {
            "id": pk,
            "name": name,
            "grassroots": units.get(path, 0),
            "levels": [titles.get((path, level), 0) for level in LEVELS],
        }
        for pk, name, path in children
    ]


def level_labels():
    return [str(Level(level).label) for level in LEVELS]


def charts(board):
    """The data of each chart (canvas id → labels and datasets), the same figures as the tables."""
    out = {
        "chart-waiting": {
            "labels": [str(row["what"]) for row in board["waiting"]["rows"]],
            "stacked": True,
            "horizontal": True,
            "datasets": [
                {"label": _("under 7 days"), "data": [row["under_7"] for row in board["waiting"]["rows"]]},
                {"label": _("7–30 days"), "data": [row["7_to_30"] for row in board["waiting"]["rows"]]},
                {"label": _("over 30 days"), "data": [row["over_30"] for row in board["waiting"]["rows"]]},
            ],
        },
        "chart-years": {"labels": board["years"]["labels"], "datasets": board["years"]["titles"]},
        "chart-initiatives": {"labels": board["years"]["labels"], "datasets": board["years"]["initiatives"]},
    }
    for i, cover in enumerate(board["coverage"], start=1):
        rows = cover["by_block"]
        out[f"chart-coverage-{i}"] = {
            "labels": [str(row["label"]) for row in rows],
            "datasets": [
                {"label": _("Not registered"), "data": [row["not_registered"] for row in rows]},
                {"label": _("Not self-assessed"), "data": [row["not_assessed"] for row in rows]},
            ],
        }
    if board["units"]:
        out["chart-units"] = {
            "labels": [row["name"] for row in board["units"]],
            "stacked": True,
            "horizontal": True,
            "datasets": [
                {"label": label, "data": [row["levels"][i] for row in board["units"]]}
                for i, label in enumerate(level_labels())
            ],
        }
    return out
