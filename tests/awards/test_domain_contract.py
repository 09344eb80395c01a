"""Every domain function that changes awards data checks its actor itself: an import, a command or a
later API that calls it without a view in front gets the same refusals as the pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from awards import domain
from awards.enums import Level
from awards.enums import NominationState as S
from awards.models import Award, Decision, Nomination, Quota
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, QuotaFactory, title
from unionsite.errors import DomainError

pytestmark = pytest.mark.django_db


def test_save_nomination_checks_the_nominator_and_the_rules(world, phase):
    outsider_made = Nomination(
        phase=phase, unit=world.grassroots_a, member=world.member_a, title=title("cong-nhan-gioi")
    )
    outsider_made.level = Level.UPPER
    with pytest.raises(PermissionDenied):
        domain.save_nomination(outsider_made, by=world.officer_b)
    assert not Nomination.objects.exists()

    wrong = Nomination(phase=phase, unit=world.grassroots_a, member=world.member_b, title=title("cong-nhan-gioi"))
    wrong.level = Level.UPPER
    with pytest.raises(DomainError) as raised:
        domain.save_nomination(wrong, by=world.officer_a)
    assert raised.value.message_dict == {"member": ["Đoàn viên này không thuộc công đoàn đã chọn."]}

    both = Nomination(
        phase=phase,
        unit=world.grassroots_a,
        member=world.member_a,
        collective_name="Tổ hàn",
        title=title("cong-nhan-gioi"),
    )
    both.level = Level.UPPER
    with pytest.raises(DomainError) as raised:
        domain.save_nomination(both, by=world.officer_a)
    assert raised.value.message_dict == {
        "collective_name": [
            "Chọn đoàn viên hoặc ghi tên tập thể, không chọn cả hai.",
            "Danh hiệu này chỉ xét cho cá nhân.",
        ]
    }

    good = Nomination(phase=phase, unit=world.grassroots_a, member=world.member_a, title=title("cong-nhan-gioi"))
    good.level = Level.UPPER
    domain.save_nomination(good, by=world.officer_a)
    twice = Nomination(phase=phase, unit=world.grassroots_a, member=world.member_a, title=title("cong-nhan-gioi"))
    twice.level = Level.UPPER
    with pytest.raises(DomainError) as raised:
        domain.save_nomination(twice, by=world.staff_a)
    assert raised.value.message_dict == {"__all__": ["Người/tập thể này đã có đề nghị cho danh hiệu, cấp và năm này."]}
    assert Nomination.objects.count() == 1


def test_issue_decision_checks_the_deciding_unit(world, phase):
    approved = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED)
    kwargs = {"number": "9/QĐ", "date": datetime.date(2026, 11, 20), "signer": "Phạm Thị Hương"}
    with pytest.raises(PermissionDenied):
        domain.issue_decision(unit=world.district_a, nominations=[approved], by=world.staff_b, **kwargs)
    with pytest.raises(PermissionDenied):
        domain.issue_decision(unit=world.district_a, nominations=[approved], by=world.officer_a, **kwargs)
    assert not Decision.objects.exists()
    decision = domain.issue_decision(unit=world.district_a, nominations=[approved], by=world.staff_a, **kwargs)
    assert Award.objects.get().decision == decision


def test_revoke_award_checks_the_deciding_unit(world):
    award = AwardFactory(
        unit=world.grassroots_a, member=world.member_a, decision=DecisionFactory(unit=world.district_a)
    )
    for stranger in (world.officer_a, world.staff_b):
        with pytest.raises(PermissionDenied):
            domain.revoke_award(award, by=stranger, reason="Sai sót")
    domain.revoke_award(award, by=world.staff_a, reason="Sai sót hồ sơ")
    assert Award.objects.get().revoke_reason == "Sai sót hồ sơ"


def test_save_quota_checks_who_sets_it_and_its_numbers(world):
    with pytest.raises(PermissionDenied):
        domain.save_quota(
            Quota(title=title("cong-nhan-gioi"), level=Level.CITY, year=2026, unit=world.district_a, max_count=3),
            by=world.staff_a,
        )
    with pytest.raises(DomainError) as raised:
        domain.save_quota(
            Quota(
                title=title("cong-nhan-gioi"), level=Level.UPPER, year=2026, unit=world.grassroots_a, max_percent=120
            ),
            by=world.staff_a,
        )
    assert raised.value.message_dict == {"max_percent": ["Tỷ lệ phần trăm tối đa là 100."]}
    assert not Quota.objects.exists()
    QuotaFactory(unit=world.grassroots_a)
    assert Quota.objects.count() == 1


def test_record_grassroots_decision_checks_the_union(world):
    kwargs = {
        "title": title("cong-nhan-gioi"),
        "year": 2026,
        "number": "1/QĐ-CĐCS",
        "date": datetime.date(2026, 11, 20),
        "signer": "Lê Văn Tâm",
        "members": [world.member_a],
    }
    with pytest.raises(PermissionDenied):
        domain.record_grassroots_decision(unit=world.grassroots_a, by=world.officer_b, **kwargs)
    with pytest.raises(PermissionDenied):
        domain.record_grassroots_decision(unit=world.district_a, by=world.staff_a, **kwargs)
    with pytest.raises(DomainError, match=r"^Chỉ công đoàn cơ sở ghi nhận danh hiệu cấp cơ sở"):
        domain.record_grassroots_decision(unit=world.district_a, by=world.admin, **kwargs)
    assert not Decision.objects.exists()
