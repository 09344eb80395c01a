"""Score sheets without retyping (issue 9, item 3): copy a sheet from an earlier campaign or version, or
start from the block's last sheet; "Start self-assessment" only where the block has a sheet."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.domain import scoring as domain
from campaigns.models import Criterion, ScoreBand, ScoreSection, ScoreSheet, SelfAssessment
from campaigns.queries.scoring import sheet_outline
from tests.campaigns.factories_scoring import ScoringCampaignFactory, ScoringPhaseFactory, make_sheet
from tests.factories import BlockFactory
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def block(world):
    return world.grassroots_a.block


@pytest.fixture
def last_year(world, block):
    """District A's 2023 campaign with a sheet worth copying: nested sections, edited bands, a cap band
    that is not the default one, two veto conditions."""
    campaign = ScoringCampaignFactory(launched_by=world.district_a, title="Thi đua năm 2023")
    sheet = make_sheet(
        campaign,
        block,
        by=world.staff_a,
        criteria=(("1.1", 35), ("1.2", 15.5), ("2.1", 49.5)),
        vetoes=["Tai nạn lao động chết người", "Vi phạm pháp luật về lao động"],
    )
    part_1 = ScoreSection.objects.get(sheet=sheet, title="Phần 1")
    sub = ScoreSection.objects.create(sheet=sheet, title="1.3 Văn hóa doanh nghiệp", parent=part_1, order=5)
    Criterion.objects.create(section=sub, code="1.3.1", title="Bữa ăn ca", max_points=Decimal("0.25"), order=9)
    ScoreBand.objects.filter(sheet=sheet, min_score=90).update(min_score=Decimal("92.5"), name="Xuất sắc")
    sheet.cap_band = ScoreBand.objects.get(sheet=sheet, min_score=75)
    sheet.save()
    return sheet


@pytest.fixture
def this_year(world):
    return ScoringCampaignFactory(
        launched_by=world.district_a,
        title="Thi đua năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )


def structure(sheet):
    """Everything a sheet is made of, without its ids."""
    outline = sheet_outline(sheet)
    return {
        "sections": [
            (p.depth, p.section.title, p.section.order, p.section.parent.title if p.section.parent_id else None)
            for p in outline
        ],
        "criteria": [(p.section.title, c.code, c.title, c.max_points, c.order) for p in outline for c in p.criteria],
        "bands": [(b.name, b.min_score) for b in sheet.bands.order_by("-min_score")],
        "cap_band": sheet.cap_band.name if sheet.cap_band_id else None,
        "vetoes": [(v.text, v.order) for v in sheet.vetoes.order_by("order")],
    }


def test_copy_keeps_sections_criteria_bands_vetoes_and_cap_band_exactly(world, block, last_year, this_year):
    before = structure(last_year)
    copy = domain.copy_sheet(last_year, campaign=this_year, block=block, by=world.staff_a)
    assert (copy.campaign, copy.block, copy.name, copy.version, copy.is_current, copy.previous) == (
        this_year,
        block,
        "Bảng điểm Khối doanh nghiệp",
        1,
        True,
        None,
    )
    assert structure(copy) == before
    assert structure(copy) == {
        "sections": [
            (0, "Phần 1", 0, None),
            (1, "1.3 Văn hóa doanh nghiệp", 5, "Phần 1"),
            (0, "Phần 2", 1, None),
        ],
        "criteria": [
            ("Phần 1", "1.1", "Tiêu chí 1.1", Decimal("35.00"), 0),
            ("Phần 1", "1.2", "Tiêu chí 1.2", Decimal("15.50"), 1),
            ("1.3 Văn hóa doanh nghiệp", "1.3.1", "Bữa ăn ca", Decimal("0.25"), 9),
            ("Phần 2", "2.1", "Tiêu chí 2.1", Decimal("49.50"), 2),
        ],
        "bands": [
            ("Xuất sắc", Decimal("92.50")),
            ("Hoàn thành tốt nhiệm vụ", Decimal("75.00")),
            ("Hoàn thành nhiệm vụ", Decimal("50.00")),
            ("Không hoàn thành nhiệm vụ", Decimal("0.00")),
        ],
        "cap_band": "Hoàn thành tốt nhiệm vụ",
        "vetoes": [("Tai nạn lao động chết người", 0), ("Vi phạm pháp luật về lao động", 1)],
    }
    # New rows, the source untouched.
    assert copy.cap_band.sheet == copy
    source_criteria = Criterion.objects.filter(section__sheet=last_year)
    assert not Criterion.objects.filter(section__sheet=copy, pk__in=source_criteria).exists()
    assert structure(last_year) == before
    assert ScoreSheet.objects.filter(campaign=last_year.campaign).get() == last_year


def test_copy_leaves_one_history_row_naming_the_source(world, block, last_year, this_year):
    copy = domain.copy_sheet(last_year, campaign=this_year, block=block, by=world.staff_a, name="Bảng điểm 2024")
    entry = history_for(copy).get()
    assert (entry.action, entry.actor) == ("create", world.staff_a)
    assert entry.changes["copied_from"] == [
        None,
        "Bảng điểm Khối doanh nghiệp (v1) — Thi đua năm 2023 — Khối doanh nghiệp",
    ]
    assert entry.changes["name"] == [None, "Bảng điểm 2024"]
    assert entry.changes["cap_band"] == [None, "Hoàn thành tốt nhiệm vụ"]
    assert entry.changes["vetoes"] == [None, ["Tai nạn lao động chết người", "Vi phạm pháp luật về lao động"]]
    assert entry.changes["criteria"][1][2] == ["1.3.1 Bữa ăn ca", "0.25"]


def test_copy_is_for_those_who_set_up_the_campaign_and_see_the_source(world, block, last_year, this_year):
    for user in (world.officer_a, world.staff_b):
        with pytest.raises(PermissionDenied):
            domain.copy_sheet(last_year, campaign=this_year, block=block, by=user)
    # District B's sheet is out of district A's sight.
    elsewhere = make_sheet(ScoringCampaignFactory(launched_by=world.district_b), block, by=world.staff_b)
    with pytest.raises(PermissionDenied):
        domain.copy_sheet(elsewhere, campaign=this_year, block=block, by=world.staff_a)
    # A city sheet is seen below: the district may start from it.
    city_sheet = make_sheet(ScoringCampaignFactory(launched_by=world.city), block, by=world.city_reviewer)
    assert structure(domain.copy_sheet(city_sheet, campaign=this_year, block=block, by=world.staff_a)) == structure(
        city_sheet
    )
    with pytest.raises(DomainError) as error:
        domain.copy_sheet(last_year, campaign=this_year, block=block, by=world.staff_a)
    assert error.value.message_dict == {"block": ["Phong trào này đã có bảng điểm cho khối này."]}
    assert ScoreSheet.objects.filter(campaign=this_year).count() == 1


def test_copy_from_an_earlier_version(world, block, last_year, this_year):
    version_2, _maps = domain.new_version(last_year, by=world.staff_a)
    Criterion.objects.filter(section__sheet=version_2, code="2.1").update(max_points=Decimal("50.5"))
    copy = domain.copy_sheet(last_year, campaign=this_year, block=block, by=world.staff_a)
    assert structure(copy) == structure(last_year)
    other_block = BlockFactory(code="hcsn", name="Khối hành chính sự nghiệp")
    copy_2 = domain.copy_sheet(version_2, campaign=this_year, block=other_block, by=world.staff_a)
    assert Criterion.objects.get(section__sheet=copy_2, code="2.1").max_points == Decimal("50.50")


# --- the create page ---------------------------------------------------------------------------------


def test_create_page_starts_from_the_blocks_last_sheet(client, world, block, last_year, this_year):
    client.force_login(world.staff_a)
    url = reverse("campaigns:scoring_sheet_create")
    response = client.post(url, {"campaign": this_year.pk, "block": block.pk, "start_from": "last", "name": ""})
    copy = ScoreSheet.objects.get(campaign=this_year)
    assert response["Location"] == reverse("campaigns:scoring_sheet_edit", args=[copy.pk])
    assert (copy.name, structure(copy)) == (last_year.name, structure(last_year))
    page = client.get(response["Location"]).content.decode()
    assert (
        "Đã sao chép bảng điểm từ Bảng điểm Khối doanh nghiệp (v1). Hãy sửa những gì khác trong phong trào này rồi lưu."
        in page
    )


def test_create_page_copies_a_chosen_sheet_and_offers_only_sheets_in_sight(client, world, block, last_year, this_year):
    elsewhere = make_sheet(ScoringCampaignFactory(launched_by=world.district_b), block, by=world.staff_b)
    client.force_login(world.staff_a)
    url = reverse("campaigns:scoring_sheet_create")
    form = client.get(url, {"source": last_year.pk}).context["form"]
    offered = [key for _group, options in form.fields["start_from"].choices[2:] for key, _label in options]
    assert offered == [str(last_year.pk)]
    assert form["start_from"].value() == last_year.pk
    response = client.post(url, {"campaign": this_year.pk, "block": block.pk, "start_from": str(elsewhere.pk)})
    assert "start_from" in response.context["form"].errors
    hcsn = BlockFactory(code="hcsn", name="Khối hành chính sự nghiệp")
    response = client.post(
        url, {"campaign": this_year.pk, "block": hcsn.pk, "start_from": str(last_year.pk), "name": "Bảng điểm HCSN"}
    )
    copy = ScoreSheet.objects.get(campaign=this_year)
    assert (copy.block, copy.name, structure(copy)) == (hcsn, "Bảng điểm HCSN", structure(last_year))


def test_create_page_says_when_the_block_has_no_earlier_sheet(client, world, this_year):
    hcsn = BlockFactory(code="hcsn", name="Khối hành chính sự nghiệp")
    client.force_login(world.staff_a)
    response = client.post(
        reverse("campaigns:scoring_sheet_create"), {"campaign": this_year.pk, "block": hcsn.pk, "start_from": "last"}
    )
    assert response.context["form"].errors == {
        "start_from": [
            "Chưa có phong trào nào trước đây có bảng điểm cho khối “Khối hành chính sự nghiệp”: hãy bắt đầu từ "
            "bảng điểm trống."
        ]
    }
    response = client.post(reverse("campaigns:scoring_sheet_create"), {"campaign": this_year.pk, "block": hcsn.pk})
    assert response.context["form"].errors == {"name": ["Hãy đặt tên cho bảng điểm."]}
    assert ScoreSheet.objects.filter(campaign=this_year).count() == 0


def test_sheet_page_offers_to_start_a_new_sheet_from_it(client, world, last_year):
    url = reverse("campaigns:scoring_sheet_detail", args=[last_year.pk])
    client.force_login(world.staff_a)
    link = reverse("campaigns:scoring_sheet_create") + f"?source={last_year.pk}"
    assert f'href="{link}"' in client.get(url).content.decode()
    client.force_login(world.officer_a)
    assert 'data-testid="copy-sheet"' not in client.get(url).content.decode()


# --- "Start self-assessment" only where the block has a sheet -----------------------------------------


def test_start_is_offered_only_where_the_block_has_a_sheet(client, world, block, this_year):
    phase = ScoringPhaseFactory(campaign=this_year, name="Đợt 1")
    client.force_login(world.officer_a)
    url = reverse("campaigns:scoring_assessment_list")
    response = client.get(url)
    assert [(o.phase, o.unit, o.has_sheet) for o in response.context["to_start"]] == [
        (phase, world.grassroots_a, False)
    ]
    page = response.content.decode()
    assert "Bắt đầu tự chấm" not in page
    assert (
        "Chưa có bảng điểm cho khối “Khối doanh nghiệp”: cán bộ LĐLĐ quận Hà Đông cần ban hành bảng điểm trước khi "
        "bắt đầu tự chấm."
    ) in page
    home = client.get(reverse("home")).content.decode()
    assert "cán bộ LĐLĐ quận Hà Đông cần ban hành bảng điểm" in home
    # Starting anyway (a stale page) is refused with the same words.
    response = client.post(
        reverse("campaigns:scoring_assessment_start", args=[phase.pk]), {"unit": world.grassroots_a.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Chưa có bảng điểm cho khối “Khối doanh nghiệp”: cán bộ LĐLĐ quận Hà Đông cần ban hành bảng điểm trước khi "
        "bắt đầu tự chấm."
    ]
    assert SelfAssessment.objects.count() == 0
    # Once the district publishes the block's sheet, the button is there.
    make_sheet(this_year, block, by=world.staff_a)
    response = client.get(url)
    assert [o.has_sheet for o in response.context["to_start"]] == [True]
    assert response.content.decode().count("Bắt đầu tự chấm") == 1


def test_a_union_without_a_block_is_told_who_sets_it(client, world, this_year):
    ScoringPhaseFactory(campaign=this_year, name="Đợt 1")
    world.grassroots_a.block = None
    world.grassroots_a.save()
    client.force_login(world.officer_a)
    page = client.get(reverse("campaigns:scoring_assessment_list")).content.decode()
    assert (
        "Công đoàn này chưa thuộc khối nào nên chưa có bảng điểm áp dụng: cán bộ LĐLĐ quận Hà Đông cần xếp khối cho "
        "công đoàn."
    ) in page


def test_staff_start_from_paper_only_where_the_block_has_a_sheet(client, world, block, this_year):
    phase = ScoringPhaseFactory(campaign=this_year, name="Đợt 1")
    hcsn = BlockFactory(code="hcsn", name="Khối hành chính sự nghiệp")
    world.grassroots_a2.block = hcsn
    world.grassroots_a2.save()
    make_sheet(this_year, block, by=world.staff_a)
    client.force_login(world.staff_a)
    response = client.get(reverse("campaigns:scoring_assessment_list"), {"phase": phase.pk})
    assert list(response.context["on_behalf"].fields["unit"].queryset) == [world.grassroots_a]
    assert response.context["blocks_without_sheet"] == [hcsn]
    page = response.content.decode()
    assert (
        "Chưa có bảng điểm cho khối “Khối hành chính sự nghiệp”: cán bộ LĐLĐ quận Hà Đông cần ban hành bảng điểm "
        "trước khi bắt đầu tự chấm."
    ) in page
    assert reverse("campaigns:scoring_sheet_create") + f"?campaign={this_year.pk}" in page
