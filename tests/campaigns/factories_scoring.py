"""Factories for the scoring part (named to stay clear of the core part's factories)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from campaigns.domain import scoring as domain
from campaigns.models import Campaign, Criterion, Phase, ScoreSection
from tests.factories import UpperFactory


class ScoringCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    launched_by = factory.SubFactory(UpperFactory)
    title = factory.Sequence(lambda n: f"Phong trào thi đua năm 2023 ({n})")
    starts_on = datetime.date(2023, 1, 1)
    ends_on = datetime.date(2023, 12, 31)
    state = "launched"


class ScoringPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    campaign = factory.SubFactory(ScoringCampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Đợt {o.number}")
    starts_on = datetime.date(2023, 1, 1)
    ends_on = datetime.date(2023, 6, 30)
    self_assessment_open = True
    review_open = True


def make_sheet(campaign, block, *, by=None, criteria=(("1.1", 40), ("1.2", 30), ("2.1", 30)), vetoes=()):
    """A sheet with the default bands and, per criterion code "S.n", a section "S" holding it."""
    if by is None:  # the administrator sets the sheet up when the test does not say who
        by = get_user_model().objects.get_or_create(username="sheet_admin", defaults={"is_superuser": True})[0]
    sheet = domain.create_sheet(campaign=campaign, block=block, name=f"Bảng điểm {block.name}", by=by)
    sections = {}
    for index, (code, points) in enumerate(criteria):
        head = code.split(".")[0]
        if head not in sections:
            sections[head] = ScoreSection.objects.create(sheet=sheet, title=f"Phần {head}", order=len(sections))
        Criterion.objects.create(
            section=sections[head], code=code, title=f"Tiêu chí {code}", max_points=Decimal(points), order=index
        )
    for index, text in enumerate(vetoes):
        sheet.vetoes.create(text=text, order=index)
    return sheet


def self_assess(assessment, user, scores, *, submit=True, vetoes=()):
    """Fill every criterion (scores keyed by code) and submit."""
    by_code = {e.criterion.code: e.criterion_id for e in assessment.entries.select_related("criterion")}
    domain.save_self_scores(
        assessment,
        by=user,
        scores={by_code[code]: (Decimal(str(score)), "") for code, score in scores.items()},
        vetoes=list(vetoes),
    )
    assessment.refresh_from_db()
    if submit:
        assessment = domain.transition(assessment, "submitted", by=user)
    return assessment


def review(assessment, user, scores=None, *, approve=True, reasons=None):
    """Review with changes keyed by code (reason "Thiếu minh chứng" unless given), then approve."""
    if scores:
        by_code = {e.criterion.code: e for e in assessment.entries.select_related("criterion")}
        domain.save_review(
            assessment,
            by=user,
            scores={
                by_code[code].criterion_id: (Decimal(str(score)), (reasons or {}).get(code, "Thiếu minh chứng"))
                for code, score in scores.items()
            },
            vetoes=list(assessment.vetoes.all()),
        )
        assessment.refresh_from_db()
    if approve:
        assessment = domain.transition(assessment, "reviewed", by=user)
    return assessment
