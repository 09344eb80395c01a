"""Classification: bands at their exact boundaries, veto conditions, the cap rule."""

from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.domain.scoring import classify
from campaigns.models import Criterion
from tests.campaigns.factories_scoring import ScoringCampaignFactory, make_sheet
from tests.factories import BlockFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet():
    return make_sheet(ScoringCampaignFactory(), BlockFactory(), vetoes=["Để xảy ra tai nạn lao động chết người"])


def band_for(sheet, total, scores=(), vetoes=()):
    return classify(
        total=Decimal(str(total)),
        bands=list(sheet.bands.all()),
        scores=list(scores),
        vetoes=list(vetoes),
        cap_band=sheet.cap_band,
    )


def test_new_sheet_has_the_default_bands_and_cap(sheet):
    assert [(b.name, b.min_score) for b in sheet.bands.all()] == [
        ("Hoàn thành xuất sắc nhiệm vụ", Decimal(90)),
        ("Hoàn thành tốt nhiệm vụ", Decimal(75)),
        ("Hoàn thành nhiệm vụ", Decimal(50)),
        ("Không hoàn thành nhiệm vụ", Decimal(0)),
    ]
    assert sheet.cap_band.name == "Hoàn thành nhiệm vụ"


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (100, "Hoàn thành xuất sắc nhiệm vụ"),
        (90, "Hoàn thành xuất sắc nhiệm vụ"),
        ("89.99", "Hoàn thành tốt nhiệm vụ"),
        (89, "Hoàn thành tốt nhiệm vụ"),
        (75, "Hoàn thành tốt nhiệm vụ"),
        (74, "Hoàn thành nhiệm vụ"),
        (50, "Hoàn thành nhiệm vụ"),
        (49, "Không hoàn thành nhiệm vụ"),
        (0, "Không hoàn thành nhiệm vụ"),
    ],
)
def test_band_boundaries(sheet, total, band):
    result = band_for(sheet, total)
    assert result.band.name == band
    assert result.reasons == []


def test_veto_forces_the_lowest_band_whatever_the_score(sheet):
    veto = sheet.vetoes.get()
    result = band_for(sheet, 100, vetoes=[veto])
    assert result.band.name == "Không hoàn thành nhiệm vụ"
    assert result.reasons == [{"kind": "veto", "text": "Để xảy ra tai nạn lao động chết người"}]


def test_criterion_below_half_caps_the_band(sheet):
    low = Criterion.objects.get(section__sheet=sheet, code="1.1")  # 40 points
    result = band_for(sheet, 95, scores=[(low, Decimal("19.5"))])
    assert result.band.name == "Hoàn thành nhiệm vụ"
    assert result.reasons == [{"kind": "cap", "text": "1.1 Tiêu chí 1.1"}]


def test_criterion_at_exactly_half_does_not_cap(sheet):
    half = Criterion.objects.get(section__sheet=sheet, code="1.1")
    result = band_for(sheet, 95, scores=[(half, Decimal(20))])
    assert result.band.name == "Hoàn thành xuất sắc nhiệm vụ"


def test_cap_never_raises_a_band(sheet):
    low = Criterion.objects.get(section__sheet=sheet, code="1.1")
    assert band_for(sheet, 60, scores=[(low, Decimal(5))]).band.name == "Hoàn thành nhiệm vụ"
    assert band_for(sheet, 60, scores=[(low, Decimal(5))]).reasons == []
    assert band_for(sheet, 49, scores=[(low, Decimal(5))]).band.name == "Không hoàn thành nhiệm vụ"


def test_cap_band_is_configurable_per_sheet(sheet):
    sheet.cap_band = sheet.bands.get(name="Hoàn thành tốt nhiệm vụ")
    sheet.save()
    low = Criterion.objects.get(section__sheet=sheet, code="1.1")
    assert band_for(sheet, 95, scores=[(low, Decimal(1))]).band.name == "Hoàn thành tốt nhiệm vụ"
    sheet.cap_band = None
    sheet.save()
    assert band_for(sheet, 95, scores=[(low, Decimal(1))]).band.name == "Hoàn thành xuất sắc nhiệm vụ"


def test_unscored_criterion_does_not_cap(sheet):
    low = Criterion.objects.get(section__sheet=sheet, code="1.1")
    assert band_for(sheet, 95, scores=[(low, None)]).band.name == "Hoàn thành xuất sắc nhiệm vụ"


def test_edited_bands_are_used(sheet):
    sheet.bands.filter(name="Hoàn thành xuất sắc nhiệm vụ").update(min_score=95)
    assert band_for(sheet, 94).band.name == "Hoàn thành tốt nhiệm vụ"
    assert band_for(sheet, 95).band.name == "Hoàn thành xuất sắc nhiệm vụ"


def test_band_explanations_in_vietnamese(sheet, world):
    from campaigns.models import SelfAssessment
    from tests.campaigns.factories_scoring import ScoringPhaseFactory

    assessment = SelfAssessment.objects.create(
        phase=ScoringPhaseFactory(campaign=sheet.campaign),
        unit=world.grassroots_a,
        sheet=sheet,
        band_reasons=[{"kind": "cap", "text": "1.1 Tiêu chí 1.1"}, {"kind": "veto", "text": "Tai nạn"}],
    )
    with translation.override("vi"):
        assert assessment.band_explanations == [
            "Bị giới hạn do tiêu chí 1.1 Tiêu chí 1.1 đạt dưới 50% điểm",
            "Vi phạm điều kiện loại trừ: Tai nạn",
        ]
