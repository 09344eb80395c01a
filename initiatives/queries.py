"""Reading initiatives: who sees which, the totals reports print, likely duplicates, and what the
title rules ask (recognised initiatives of a member in a year)."""

from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from initiatives.enums import InitiativeState, Level, levels_from
from initiatives.models import (
    Author,
    Council,
    CouncilMember,
    Initiative,
    Recognition,
    RecognitionDecision,
    Review,
    ValueThreshold,
)
from unions.scope import Scope, ancestor_paths
from unionsite.text import fold

DUPLICATE_SIMILARITY = 0.45


def _seats(user):
    """The councils the user sits on (not left), as a subquery."""
    return CouncilMember.objects.filter(user=user, left_at__isnull=True).values("council_id")


def _on_council_q(seats):
    """Initiatives a council among `seats` (ids or a subquery) has taken up (a member may sit outside
    their scope): an IN over the few initiatives those councils review, which PostgreSQL hashes once,
    rather than an EXISTS per row."""
    return Q(pk__in=Review.objects.filter(council_id__in=seats).values("initiative_id"))


def initiatives_for_user(user):
    """Initiatives of unions in the user's scope, and those their councils review."""
    if not getattr(user, "is_authenticated", False):
        return Initiative.objects.none()
    scope = Scope.for_user(user)
    return Initiative.objects.filter(scope.q("unit__") | _on_council_q(_seats(user)))


def listed_initiatives_for_user(user):
    """The same rows as `initiatives_for_user`, for the register's list and export, which read the whole
    scope (totals, counts): the councils the user sits on are read first (one small query), so that
    the scope's condition on the unit stands alone, which an index and a plain join serve, when they
    sit on none, and an admin's reads no condition at all."""
    if not getattr(user, "is_authenticated", False):
        return Initiative.objects.none()
    scope = Scope.for_user(user)
    if scope.is_admin:
        return Initiative.objects.all()
    seats = list(_seats(user).values_list("council_id", flat=True))
    if not seats:
        return Initiative.objects.filter(scope.q("unit__"))
    return Initiative.objects.filter(scope.q("unit__") | _on_council_q(seats))


def get_initiative_for_user(user, pk):
    return initiatives_for_user(user).select_related("unit", "field", "created_by").get(pk=pk)


def councils_for_user(user):
    """Councils of units in scope, and those the user sits on."""
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    scope = Scope.for_user(user)
    seat = CouncilMember.objects.filter(council=OuterRef("pk"), user=user)
    return Council.objects.filter(scope.q("unit__") | Q(Exists(seat)))


def decisions_for_user(user):
    """Recognition decisions issued in scope, and those recognising an initiative of a union in scope."""
    if not getattr(user, "is_authenticated", False):
        return RecognitionDecision.objects.none()
    scope = Scope.for_user(user)
    covered = Recognition.objects.filter(decision=OuterRef("pk")).filter(scope.q("initiative__unit__"))
    return RecognitionDecision.objects.filter(scope.q("unit__") | Q(Exists(covered)))


def my_reviews(user):
    """Reviews waiting for the user's sheet: their councils', under review, not excluded, not submitted."""
    return (
        Review.objects.filter(
            council__members__user=user,
            council__members__left_at__isnull=True,
            initiative__state=InitiativeState.UNDER_REVIEW,
            initiative__level=F("level"),
        )
        .exclude(exclusions__council_member__user=user)
        .exclude(sheets__council_member__user=user, sheets__submitted_at__isnull=False)
        .select_related("initiative__unit", "council")
        .distinct()
    )


# --- totals ------------------------------------------------------------------------------------------


def recognitions_within(unit, year_from, year_to):
    """Active recognitions of initiatives of unions in `unit`'s subtree, decided in those years."""
    return Recognition.objects.filter(
        revoked_at__isnull=True,
        year__gte=year_from,
        year__lte=year_to,
        initiative__unit__path__startswith=unit.path,
    )


def totals(unit, year_from, year_to):
    """{level: {"count": n, "value": đồng}} for initiatives recognised at each level in those years
    (value: the money saved or earned per year, summed). One grouped query."""
    rows = (
        recognitions_within(unit, year_from, year_to)
        .values("level")
        .annotate(count=Count("pk"), value=Sum("initiative__value_per_year"))
    )
    found = {row["level"]: {"count": row["count"], "value": row["value"] or 0} for row in rows}
    return {level: found.get(level, {"count": 0, "value": 0}) for level in Level.values}


def totals_by_year(unit, year_from, year_to):
    """{(year, level): {"count", "value"}} — the year-on-year figures."""
    rows = (
        recognitions_within(unit, year_from, year_to)
        .values("year", "level")
        .annotate(count=Count("pk"), value=Sum("initiative__value_per_year"))
        .order_by("year", "level")
    )
    return {(row["year"], row["level"]): {"count": row["count"], "value": row["value"] or 0} for row in rows}


# --- the link to titles ----------------------------------------------------------------------------


def recognised_names(member, year, min_level):
    """Names of the member's initiatives recognised in `year` at `min_level` or above (the provider
    awards.eligibility asks)."""
    rows = (
        Recognition.objects.filter(
            revoked_at__isnull=True,
            year=year,
            level__in=levels_from(min_level),
            initiative__authors__member=member,
        )
        .select_related("initiative", "decision")
        .order_by("initiative__title", "level")
    )
    seen, names = set(), []
    for recognition in rows:
        if recognition.initiative_id in seen:
            continue
        seen.add(recognition.initiative_id)
        names.append(
            f"{recognition.initiative.title} ({Level(recognition.level).label}, {recognition.decision.number})"
        )
    return names


def recognised_for_member(member):
    """Every active recognition of the member's initiatives, newest first (the nomination page)."""
    return (
        Recognition.objects.filter(revoked_at__isnull=True, initiative__authors__member=member)
        .select_related("initiative", "decision")
        .order_by("-year", "initiative__title")
    )


def value_check(member, year, title_code):
    """(passed, total value, threshold row) for a value-based title rule: the money saved or earned
    per year by the member's recognised initiatives (their share of it), in `year` — or over the
    three years ending in `year` against the three-year threshold. None when no threshold applies."""
    author = Author.objects.filter(member=member, initiative__year__lte=year).order_by("-initiative__year").first()
    if author is None:
        return None
    threshold = ValueThreshold.objects.filter(title_code=title_code, category=author.category).first()
    if threshold is None:
        return None
    levels = levels_from(threshold.min_level)

    def value_between(first, last):
        rows = (
            Author.objects.filter(
                member=member,
                initiative__recognitions__revoked_at__isnull=True,
                initiative__recognitions__level__in=levels,
                initiative__recognitions__year__gte=first,
                initiative__recognitions__year__lte=last,
            )
            .values("initiative_id", "initiative__value_per_year", "share")
            .distinct()
        )
        return sum(int((row["initiative__value_per_year"] or 0) * row["share"] / 100) for row in rows)

    one_year = value_between(year, year)
    if one_year >= threshold.min_value:
        return True, one_year, threshold
    if threshold.min_value_three_years:
        three = value_between(year - 2, year)
        return three >= threshold.min_value_three_years, three, threshold
    return False, one_year, threshold


# --- likely duplicates ---------------------------------------------------------------------------------


def district_path(path):
    """The path of the district (the unit right under the city) a unit lies in; the city's own path
    for the city."""
    paths = ancestor_paths(path)
    return paths[1] if len(paths) > 1 else paths[0]


def likely_duplicates(initiative, *, limit=5):
    """Initiatives of the same district (or city-wide for a city-level one) whose folded title or
    solution is close to this one's: trigram similarity on PostgreSQL, a sequence ratio elsewhere."""
    title, solution = fold(initiative.title), fold(initiative.solution)[:500]
    if not title and not solution:
        return []
    area = district_path(initiative.unit.path) if initiative.unit_id else ""
    rows = Initiative.objects.filter(unit__path__startswith=area).exclude(state=InitiativeState.WITHDRAWN)
    if initiative.pk:
        rows = rows.exclude(pk=initiative.pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        rows = (
            rows.annotate(t=TrigramSimilarity("title_search", title), s=TrigramSimilarity("solution_search", solution))
            .filter(Q(t__gte=DUPLICATE_SIMILARITY) | Q(s__gte=DUPLICATE_SIMILARITY))
            .select_related("unit")
            .order_by("-t", "-s", "pk")[:limit]
        )
        return list(rows)
    words = [w for w in title.split() if len(w) > 3][:3]
    if words:
        condition = Q()
        for word in words:
            condition |= Q(title_search__contains=word)
        rows = rows.filter(condition)
    scored = []
    for row in rows.select_related("unit")[:300]:
        ratio = max(
            SequenceMatcher(None, title, row.title_search).ratio(),
            SequenceMatcher(None, solution, row.solution_search).ratio() if solution else 0,
        )
        if ratio >= 0.6:
            scored.append((ratio, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [row for _ratio, row in scored[:limit]]
