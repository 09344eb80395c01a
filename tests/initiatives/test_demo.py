"""The demo data of the initiatives register: what `load_demo` leaves, exactly, and that a second run
changes nothing."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from initiatives.models import (
    Council,
    CouncilMember,
    Evidence,
    Exclusion,
    Initiative,
    Recognition,
    RecognitionDecision,
    ScoreSheet,
)
from initiatives.queries import totals
from unions.models import OrgUnit
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def _snapshot():
    """The initiatives demo's records: its three years (the reports demo adds a 2015–2020 stage)."""
    since = timezone.localdate().year - 2
    return (
        sorted(
            Initiative.objects.filter(year__gte=since).values_list(
                "unit__short_code", "title", "year", "level", "state"
            )
        ),
        sorted(
            Recognition.objects.filter(initiative__year__gte=since).values_list(
                "initiative__title", "level", "year", "grade"
            )
        ),
        sorted(RecognitionDecision.objects.filter(date__year__gte=since).values_list("unit__short_code", "number")),
        Council.objects.filter(valid_to__year__gte=since).count(),
        CouncilMember.objects.filter(council__valid_to__year__gte=since).count(),
        ScoreSheet.objects.filter(review__initiative__year__gte=since).count(),
        Evidence.objects.filter(initiative__year__gte=since).count(),
    )


def test_demo_loads_three_years_across_the_levels_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    year = timezone.localdate().year
    first = _snapshot()
    initiatives, recognitions, decisions, councils, seats, sheets, evidence = first
    assert len(initiatives) == 16
    assert Counter(i[2] for i in initiatives) == {year - 2: 5, year - 1: 5, year: 6}
    assert Counter((i[3], i[4]) for i in initiatives) == {
        ("grassroots", "recognised"): 7,
        ("upper", "recognised"): 2,
        ("city", "recognised"): 1,
        ("upper", "under_review"): 1,
        ("grassroots", "under_review"): 1,
        ("grassroots", "not_recognised"): 1,
        ("grassroots", "returned"): 1,
        ("grassroots", "submitted"): 1,
        ("grassroots", "draft"): 1,
    }
    assert Counter(r[1] for r in recognitions) == {"grassroots": 11, "upper": 3, "city": 1}
    assert Counter(r[3] for r in recognitions) == {"A": 7, "B": 6, "C": 2}
    assert len(decisions) == 12
    assert (councils, seats, evidence) == (7, 22, 5)
    recent = ScoreSheet.objects.filter(review__initiative__year__gte=year - 2)
    assert sheets == recent.filter(submitted_at__isnull=False).count() == 54
    # The conflict of interest: the district council's member who is an author is excluded, with the reason.
    exclusion = Exclusion.objects.get(review__initiative__year__gte=year - 2)
    assert (exclusion.council_member.user.username, exclusion.reason, exclusion.review.initiative.title) == (
        "hoidong.dung",
        "author",
        "Thiết bị nâng hạ cốp pha leo thủy lực",
    )
    # The district's figures over the three years, as the reports print them.
    district = OrgUnit.objects.get(short_code="HD")
    assert totals(district, year - 2, year) == {
        "grassroots": {"count": 11, "value": 3_517_000_000},
        "upper": {"count": 3, "value": 2_050_000_000},
        "city": {"count": 1, "value": 1_250_000_000},
    }
    # Everything went through the domain: every dossier has its history.
    assert all(history_for(i).exists() for i in Initiative.objects.filter(year__gte=year - 2))
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
