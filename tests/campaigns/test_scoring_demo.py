"""The scoring demo data loads on top of the organisation demo, twice without change."""

import io
from decimal import Decimal

import pytest

from campaigns import demo_scoring
from campaigns.models import Criterion, ScoreSheet, SelfAssessment
from campaigns.queries.scoring import phase_ranks
from unions import demo as unions_demo

pytestmark = pytest.mark.django_db


def test_demo_scoring_is_idempotent_and_ranks_hà_đông():
    out = io.StringIO()
    unions_demo.load(out)
    demo_scoring.load(out)
    demo_scoring.load(out)
    sheet = ScoreSheet.objects.get()
    assert (sheet.name, sheet.block.code, sheet.version) == (demo_scoring.SHEET_NAME, "doanh-nghiep", 1)
    assert sum(Criterion.objects.filter(section__sheet=sheet).values_list("max_points", flat=True)) == 100
    assert sheet.vetoes.count() == 3
    phase = sheet.campaign.phases.get(number=1)
    assert phase.closed_at is not None
    results = {
        a.unit.short_code: (a.self_total, a.total, a.band.name, a.band_reasons)
        for a in SelfAssessment.objects.select_related("unit", "band")
    }
    assert results == {
        "HD-XD": (Decimal(93), Decimal(91), "Hoàn thành xuất sắc nhiệm vụ", []),
        "HD-KS": (Decimal(84), Decimal(84), "Hoàn thành tốt nhiệm vụ", []),
        "HD-MAY": (
            Decimal(84),
            Decimal(82),
            "Hoàn thành nhiệm vụ",
            [{"kind": "cap", "text": "1.3 Công tác an toàn, vệ sinh lao động, phòng chống cháy nổ"}],
        ),
    }
    by_block, by_cluster = phase_ranks(phase)
    ranks = {
        a.unit.short_code: (by_block[a.pk], by_cluster[a.pk]) for a in SelfAssessment.objects.select_related("unit")
    }
    assert ranks == {"HD-XD": (1, 1), "HD-KS": (2, 2), "HD-MAY": (3, 3)}
