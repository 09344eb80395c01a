import datetime

import pytest

from awards import eligibility
from awards.enums import Level, RuleKind
from awards.models import AwardTitle, EligibilityRule, TitleLevel
from tests.awards.factories import AwardFactory, NominationFactory, title
from unions.enums import Gender

pytestmark = pytest.mark.django_db


def test_catalogue_is_seeded_with_the_titles_of_the_domain():
    assert list(AwardTitle.objects.values_list("name", flat=True)) == [
        "Công nhân giỏi",
        "Lao động giỏi",
        "Lao động sáng tạo",
        "Giỏi việc nước – Đảm việc nhà",
        "Điển hình tiên tiến",
        "Gia đình CNVCLĐ tiêu biểu",
        "Cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa",
        "Nhà giáo Hà Nội tâm huyết, sáng tạo",
        "Bằng Lao động sáng tạo",
        "Giấy khen",
        "Bằng khen",
    ]


def test_cong_nhan_gioi_exists_at_three_levels_each_decided_by_its_unit_kind():
    levels = TitleLevel.objects.filter(title__code="cong-nhan-gioi").order_by("pk")
    assert [(lv.level, lv.decided_by, lv.label) for lv in levels] == [
        ("grassroots", "grassroots", "Công nhân giỏi cấp cơ sở"),
        ("upper", "upper", "Công nhân giỏi cấp quận, huyện"),
        ("city", "city", "Công nhân giỏi Thủ đô"),
    ]


def test_city_level_cong_nhan_gioi_needs_the_upper_level_title_as_a_rule_row():
    rule = EligibilityRule.objects.get(title__code="cong-nhan-gioi", level=Level.CITY)
    assert (rule.kind, rule.params) == (RuleKind.PRIOR_TITLE, {"level": "upper"})


def _results(nomination):
    return [(r.rule.kind, r.passed, r.reason) for r in eligibility.evaluate(nomination)]


def test_all_rules_pass_for_an_eligible_worker_with_the_upper_level_award(world):
    member = world.member_a
    member.direct_production = True
    member.save()
    AwardFactory(unit=world.grassroots_a, member=member, level=Level.UPPER, year=2026)
    nomination = NominationFactory(unit=world.grassroots_a, member=member, level=Level.CITY)
    results = eligibility.evaluate(nomination)
    assert [r.passed for r in results] == [True, True, True, True]
    assert results[3].reason == "Đã đạt Công nhân giỏi (Cấp quận, huyện) năm 2026, theo hồ sơ trước đây."


def test_prior_title_fails_without_the_award_of_the_same_year(world):
    AwardFactory(unit=world.grassroots_a, member=world.member_a, level=Level.UPPER, year=2025)
    nomination = NominationFactory(unit=world.grassroots_a, member=world.member_a, level=Level.CITY)
    prior = [r for r in eligibility.evaluate(nomination) if r.rule.kind == RuleKind.PRIOR_TITLE]
    assert [(r.passed, r.reason) for r in prior] == [
        (False, "Hồ sơ chưa có Công nhân giỏi (Cấp quận, huyện) năm 2026.")
    ]


def test_revoked_award_does_not_count_as_prior_title(world):
    AwardFactory(
        unit=world.grassroots_a,
        member=world.member_a,
        level=Level.UPPER,
        revoked_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    )
    nomination = NominationFactory(unit=world.grassroots_a, member=world.member_a, level=Level.CITY)
    assert [r.passed for r in eligibility.evaluate(nomination) if r.rule.kind == RuleKind.PRIOR_TITLE] == [False]


def test_direct_production_membership_and_exclusions_fail_with_reasons(world):
    member = world.member_a
    member.direct_production = False
    member.joined_on = datetime.date.today() - datetime.timedelta(days=100)
    member.save()
    nomination = NominationFactory(
        unit=world.grassroots_a, member=member, not_disciplined=False, not_absent_40_days=False
    )
    assert _results(nomination) == [
        (RuleKind.DIRECT_PRODUCTION, False, "Đoàn viên chưa được ghi nhận là công nhân trực tiếp sản xuất."),
        (RuleKind.MIN_MEMBERSHIP, False, "Đoàn viên mới sinh hoạt 3 tháng; cần ít nhất 12 tháng."),
        (
            RuleKind.DECLARED_EXCLUSIONS,
            False,
            "Người đề nghị chưa cam kết: Không bị kỷ luật trong năm; Không nghỉ việc từ 40 ngày trở lên.",
        ),
    ]


def test_women_only_title(world):
    man = world.member_b
    nomination = NominationFactory(
        unit=world.grassroots_b, member=man, title=title("gioi-viec-nuoc-dam-viec-nha"), level=Level.UPPER
    )
    assert man.gender == Gender.MALE
    assert _results(nomination)[0] == (RuleKind.WOMEN_ONLY, False, "Danh hiệu này chỉ dành cho nữ đoàn viên.")


def test_initiative_rule_fails_plainly_when_no_provider_is_registered(world):
    eligibility.unregister_initiative_provider()
    nomination = NominationFactory(unit=world.grassroots_a, member=world.member_a, title=title("lao-dong-sang-tao"))
    assert _results(nomination)[0] == (
        RuleKind.INITIATIVE,
        False,
        "Chưa thể kiểm tra sáng kiến được công nhận: sổ sáng kiến chưa sẵn sàng.",
    )


def test_initiative_rule_asks_the_registered_provider(world):
    calls = []

    def provider(member, year, min_level):
        calls.append((member.pk, year, min_level))
        return ["Cải tiến khuôn đúc bê tông"] if member.pk == world.member_a.pk else []

    eligibility.register_initiative_provider(provider)
    try:
        ok = NominationFactory(unit=world.grassroots_a, member=world.member_a, title=title("lao-dong-sang-tao"))
        assert _results(ok)[0] == (
            RuleKind.INITIATIVE,
            True,
            "Sáng kiến được công nhận: Cải tiến khuôn đúc bê tông.",
        )
        other = NominationFactory(unit=world.grassroots_b, member=world.member_b, title=title("lao-dong-sang-tao"))
        assert _results(other)[0][1] is False
    finally:
        eligibility.unregister_initiative_provider()
    assert calls == [(world.member_a.pk, 2026, "grassroots"), (world.member_b.pk, 2026, "grassroots")]


def test_months_between_counts_whole_months():
    assert eligibility.months_between(datetime.date(2025, 3, 15), datetime.date(2026, 3, 14)) == 11
    assert eligibility.months_between(datetime.date(2025, 3, 15), datetime.date(2026, 3, 15)) == 12
