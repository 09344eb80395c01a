"""Self-assessment and review through the domain: totals, bands, history, the legal moves, versions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns.domain import scoring as domain
from campaigns.models import Criterion, ScoreSheet, SelfAssessment
from tests.campaigns.factories_scoring import (
    ScoringCampaignFactory,
    ScoringPhaseFactory,
    make_sheet,
    review,
    self_assess,
)
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    campaign = ScoringCampaignFactory(launched_by=world.district_a)
    phase = ScoringPhaseFactory(campaign=campaign)
    sheet = make_sheet(campaign, world.grassroots_a.block, by=world.staff_a, vetoes=["Tai nạn lao động chết người"])
    return world, phase, sheet


def start(world, phase, unit=None, user=None):
    return domain.start_assessment(phase=phase, unit=unit or world.grassroots_a, by=user or world.officer_a)


def test_start_creates_one_empty_score_per_criterion(setup):
    world, phase, sheet = setup
    assessment = start(world, phase)
    assert assessment.sheet == sheet
    assert assessment.state == "draft"
    assert sorted(assessment.entries.values_list("criterion__code", flat=True)) == ["1.1", "1.2", "2.1"]
    assert assessment.entries.filter(self_score=None).count() == 3
    assert start(world, phase).pk == assessment.pk  # starting twice gives the same one


def test_start_refused_when_phase_closed_for_self_assessment(setup):
    world, phase, _sheet = setup
    phase.self_assessment_open = False
    phase.save()
    with pytest.raises(DomainError):
        start(world, phase)


def test_start_refused_to_another_units_officer(setup):
    world, phase, _sheet = setup
    with pytest.raises(PermissionDenied):
        start(world, phase, unit=world.grassroots_a2)


def test_self_assessment_and_review_with_exact_totals(setup):
    world, phase, _sheet = setup
    assessment = start(world, phase)
    assessment = self_assess(assessment, world.officer_a, {"1.1": "38.5", "1.2": 28, "2.1": 27})
    assert assessment.state == "submitted"
    assert assessment.submitted_at is not None
    assert assessment.self_total == Decimal("93.5")
    assert assessment.total == Decimal("93.5")
    assert assessment.band.name == "Hoàn thành xuất sắc nhiệm vụ"

    assessment = review(assessment, world.staff_a, {"1.1": 35}, reasons={"1.1": "Minh chứng chưa đủ"})
    assert assessment.state == "reviewed"
    assert assessment.reviewed_by == world.staff_a
    assert assessment.self_total == Decimal("93.5")
    assert assessment.total == Decimal("90.0")
    assert assessment.band.name == "Hoàn thành xuất sắc nhiệm vụ"
    entries = {e.criterion.code: e for e in assessment.entries.select_related("criterion")}
    assert (entries["1.1"].self_score, entries["1.1"].reviewed_score) == (Decimal("38.5"), Decimal(35))
    assert entries["1.1"].review_reason == "Minh chứng chưa đủ"
    # Kept scores get a reviewed score equal to the self score when the review is finished.
    assert (entries["1.2"].self_score, entries["1.2"].reviewed_score) == (Decimal(28), Decimal(28))

    changes = [(r.action, r.changes, r.note) for r in history_for(assessment).order_by("pk")]
    assert changes[-3:] == [
        ("transition", {"state": ["draft", "submitted"]}, ""),
        ("update", {"reviewed_score@1.1": ["38.5", "35"]}, "Minh chứng chưa đủ"),
        ("transition", {"state": ["submitted", "reviewed"]}, ""),
    ]


def test_review_change_without_reason_is_refused(setup):
    world, phase, _sheet = setup
    assessment = self_assess(start(world, phase), world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30})
    with pytest.raises(DomainError):
        review(assessment, world.staff_a, {"1.1": 30}, reasons={"1.1": "  "})
    assert assessment.entries.get(criterion__code="1.1").reviewed_score is None


def test_review_below_half_caps_the_result_with_a_reason(setup):
    world, phase, _sheet = setup
    assessment = self_assess(start(world, phase), world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30})
    assessment = review(assessment, world.staff_a, {"2.1": 14})
    assert assessment.total == Decimal(84)
    assert assessment.band.name == "Hoàn thành nhiệm vụ"
    assert assessment.band_reasons == [{"kind": "cap", "text": "2.1 Tiêu chí 2.1"}]


def test_veto_declared_gives_the_lowest_band(setup):
    world, phase, sheet = setup
    veto = sheet.vetoes.get()
    assessment = self_assess(start(world, phase), world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30}, vetoes=[veto])
    assert assessment.total == Decimal(100)
    assert assessment.band.name == "Không hoàn thành nhiệm vụ"


def test_submit_needs_every_criterion_scored(setup):
    world, phase, _sheet = setup
    assessment = self_assess(start(world, phase), world.officer_a, {"1.1": 40}, submit=False)
    with pytest.raises(DomainError, match=r"2\.1"):
        domain.transition(assessment, "submitted", by=world.officer_a)
    assessment.refresh_from_db()
    assert assessment.state == "draft"


def test_illegal_moves_and_rights(setup):
    world, phase, _sheet = setup
    assessment = start(world, phase)
    with pytest.raises(DomainError):
        domain.transition(assessment, "reviewed", by=world.staff_a)  # not in the table
    assessment = self_assess(assessment, world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30})
    with pytest.raises(PermissionDenied):
        domain.transition(assessment, "reviewed", by=world.officer_a)  # the unit cannot review itself
    with pytest.raises(DomainError):
        domain.transition(assessment, "draft", by=world.staff_a, note="")  # returning needs a reason
    returned = domain.transition(assessment, "draft", by=world.staff_a, note="Bổ sung minh chứng")
    assert returned.state == "draft"


def test_stale_state_is_reported(setup):
    world, phase, _sheet = setup
    assessment = self_assess(start(world, phase), world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30})
    stale = SelfAssessment.objects.get(pk=assessment.pk)
    domain.transition(assessment, "reviewed", by=world.staff_a)
    with pytest.raises(DomainError, match="Người khác đã xử lý bản tự chấm này trước bạn"):
        domain.transition(stale, "draft", by=world.city_reviewer, note="Trả lại")


def test_review_closed_when_phase_review_not_open(setup):
    world, phase, _sheet = setup
    assessment = self_assess(start(world, phase), world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30})
    phase.review_open = False
    phase.save()
    assessment.refresh_from_db()
    assert not domain.may_review(world.staff_a, assessment)
    assert domain.legal_moves(world.staff_a, assessment) == []
    with pytest.raises(DomainError, match=r"^Đợt này không mở thẩm định\.$"):
        domain.transition(assessment, "reviewed", by=world.staff_a)


def structure_rows(sheet):
    """The builder's rows for the sheet as it is."""
    sections = [domain.Row(key=str(s.pk), data={"title": s.title, "parent": ""}) for s in sheet.sections.all()]
    criteria = [
        domain.Row(
            key=str(c.pk),
            data={"section": str(c.section_id), "code": c.code, "title": c.title, "max_points": c.max_points},
        )
        for c in Criterion.objects.filter(section__sheet=sheet).order_by("order")
    ]
    bands = [domain.Row(key=str(b.pk), data={"name": b.name, "min_score": b.min_score}) for b in sheet.bands.all()]
    vetoes = [domain.Row(key=str(v.pk), data={"text": v.text}) for v in sheet.vetoes.all()]
    return {"sections": sections, "criteria": criteria, "bands": bands, "vetoes": vetoes}


def test_editing_an_unlocked_sheet_changes_it_in_place(setup):
    world, _phase, sheet = setup
    rows = structure_rows(sheet)
    rows["criteria"][0].data["max_points"] = Decimal(45)
    saved = domain.save_structure(sheet, by=world.staff_a, name="Bảng điểm mới", cap_key=str(sheet.cap_band_id), **rows)
    assert saved.pk == sheet.pk
    assert Criterion.objects.get(section__sheet=sheet, code="1.1").max_points == Decimal(45)
    record = history_for(sheet).first()
    assert record.changes["name"] == ["Bảng điểm Khối doanh nghiệp", "Bảng điểm mới"]


def test_sheet_used_by_a_closed_phase_gets_a_new_version(setup):
    world, phase, sheet = setup
    old_assessment = review(
        self_assess(start(world, phase), world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30}), world.staff_a
    )
    phase.closed_at = timezone.now()
    phase.save()
    phase2 = ScoringPhaseFactory(campaign=phase.campaign)
    running = start(world, phase2)
    assert running.sheet == sheet
    assert domain.sheet_is_locked(sheet)

    rows = structure_rows(sheet)
    rows["criteria"][0].data["max_points"] = Decimal(50)
    rows["criteria"].append(
        domain.Row(
            key="n0000abcd",
            data={"section": str(sheet.sections.first().pk), "code": "1.3", "title": "Mới", "max_points": Decimal(10)},
        )
    )
    new = domain.save_structure(sheet, by=world.staff_a, name=sheet.name, cap_key=str(sheet.cap_band_id), **rows)

    assert new.pk != sheet.pk
    assert (new.version, new.previous_id, new.is_current) == (2, sheet.pk, True)
    sheet.refresh_from_db()
    assert sheet.is_current is False
    # The old version is untouched and stays with the closed phase's assessment.
    assert Criterion.objects.get(section__sheet=sheet, code="1.1").max_points == Decimal(40)
    assert not Criterion.objects.filter(section__sheet=sheet, code="1.3").exists()
    old_assessment.refresh_from_db()
    assert old_assessment.sheet == sheet
    assert old_assessment.band.sheet_id == sheet.pk
    # The running phase's assessment moves to the new version, its scores with it.
    running.refresh_from_db()
    assert running.sheet == new
    assert set(running.entries.values_list("criterion__section__sheet", flat=True)) == {new.pk}
    assert sorted(Criterion.objects.filter(section__sheet=new).values_list("code", "max_points")) == [
        ("1.1", Decimal(50)),
        ("1.2", Decimal(30)),
        ("1.3", Decimal(10)),
        ("2.1", Decimal(30)),
    ]
    assert new.cap_band.name == "Hoàn thành nhiệm vụ"
    assert new.cap_band.sheet_id == new.pk
    assert ScoreSheet.objects.filter(campaign=phase.campaign, block=sheet.block, is_current=True).get() == new


def test_criterion_with_scores_cannot_be_deleted(setup):
    world, phase, sheet = setup
    self_assess(start(world, phase), world.officer_a, {"1.1": 40}, submit=False)
    rows = structure_rows(sheet)
    rows["criteria"][0] = domain.Row(key=rows["criteria"][0].key, delete=True)
    with pytest.raises(DomainError):
        domain.save_structure(sheet, by=world.staff_a, name=sheet.name, cap_key="", **rows)
    assert Criterion.objects.filter(section__sheet=sheet).count() == 3


def test_changing_bands_recomputes_results(setup):
    world, phase, sheet = setup
    assessment = self_assess(start(world, phase), world.officer_a, {"1.1": 38, "1.2": 28, "2.1": 26})
    assert assessment.band.name == "Hoàn thành xuất sắc nhiệm vụ"  # 92
    rows = structure_rows(sheet)
    for row in rows["bands"]:
        if row.data["min_score"] == 90:
            row.data["min_score"] = Decimal(95)
    domain.save_structure(sheet, by=world.staff_a, name=sheet.name, cap_key=str(sheet.cap_band_id), **rows)
    assessment.refresh_from_db()
    assert assessment.band.name == "Hoàn thành tốt nhiệm vụ"


def test_nested_sections_keep_their_tree_in_a_new_version(setup):
    from campaigns.models import ScoreSection
    from campaigns.queries.scoring import sheet_outline

    world, phase, sheet = setup
    part_one = sheet.sections.get(title="Phần 1")
    child = ScoreSection.objects.create(sheet=sheet, parent=part_one, title="1.A An toàn vệ sinh lao động", order=9)
    Criterion.objects.create(section=child, code="1.A.1", title="Huấn luyện ATVSLĐ", max_points=5, order=0)
    outline = [(p.section.title, p.depth, [c.code for c in p.criteria]) for p in sheet_outline(sheet)]
    assert outline == [
        ("Phần 1", 0, ["1.1", "1.2"]),
        ("1.A An toàn vệ sinh lao động", 1, ["1.A.1"]),
        ("Phần 2", 0, ["2.1"]),
    ]
    review(
        self_assess(start(world, phase), world.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30, "1.A.1": 5}), world.staff_a
    )
    phase.closed_at = timezone.now()
    phase.save()
    new, _maps = domain.new_version(sheet, by=world.staff_a)
    copied = [(p.section.title, p.depth, [c.code for c in p.criteria]) for p in sheet_outline(new)]
    assert copied == outline
