"""The district proposes its best awardees to the city in one action (awards.domain.proposals)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from awards import domain
from awards.enums import AttachmentKind, Level, NominationState
from awards.models import Award, Nomination, NominationAttachment
from awards.queries import queue_for_user
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, PhaseFactory, QuotaFactory, title
from tests.awards.scope_cases_proposals import district_award
from tests.factories import MemberFactory
from unionsite.errors import DomainError
from unionsite.history import history_for

S = NominationState
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _attach(nomination, name="bao-cao-thanh-tich.pdf", content=b"%PDF-1.7 thanh tich"):
    attachment = NominationAttachment(
        nomination=nomination,
        kind=AttachmentKind.ACHIEVEMENT_REPORT,
        original_name=name,
        size=len(content),
        uploaded_by=nomination.created_by,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def _cong_nhan_gioi():
    return title("cong-nhan-gioi")


def test_only_the_districts_staff_above_the_award_may_propose(world):
    award = district_award(world)
    for stranger in (world.officer_a, world.staff_b, world.city_reviewer, world.officer_b):
        with pytest.raises(PermissionDenied):
            domain.propose_to_city([award], by=stranger, title=_cong_nhan_gioi())
    assert not Nomination.objects.filter(level=Level.CITY).exists()


def test_a_proposal_carries_the_dossier_over_and_arrives_in_the_city_queue(world):
    award = district_award(world)
    source = award.nomination
    source.achievements = "Hoàn thành xuất sắc nhiệm vụ; 2 sáng kiến được áp dụng."
    source.created_by = world.officer_a
    source.save()
    original = _attach(source)
    result = domain.propose_to_city([award], by=world.staff_a, title=_cong_nhan_gioi(), note="Tiêu biểu của quận")
    assert result.failed == []
    (nomination,) = result.done
    nomination.refresh_from_db()
    assert (nomination.level, nomination.state, nomination.title, nomination.year) == (
        Level.CITY,
        S.FORWARDED,
        _cong_nhan_gioi(),
        2026,
    )
    assert (nomination.unit, nomination.member, nomination.collective_name) == (world.grassroots_a, world.member_a, "")
    assert nomination.achievements == "Hoàn thành xuất sắc nhiệm vụ; 2 sáng kiến được áp dụng."
    assert (nomination.not_disciplined, nomination.not_absent_40_days) == (True, True)
    assert nomination.earlier_titles == "2026: Công nhân giỏi (Cấp quận, huyện) — quyết định 112/QĐ-LĐLĐ"
    assert (nomination.proposed_from, nomination.created_by, nomination.phase) == (award, world.staff_a, source.phase)
    assert nomination.state_note == "Tiêu biểu của quận"
    (copy,) = nomination.attachments.all()
    assert (copy.original_name, copy.kind, copy.size, copy.uploaded_by) == (
        "bao-cao-thanh-tich.pdf",
        AttachmentKind.ACHIEVEMENT_REPORT,
        19,
        world.officer_a,
    )
    assert copy.file.name != original.file.name
    assert copy.file.name.startswith(f"awards/nominations/{nomination.pk}/")
    with copy.file.open("rb") as copied, original.file.open("rb") as kept:
        assert copied.read() == kept.read() == b"%PDF-1.7 thanh tich"
    assert list(queue_for_user(world.city_reviewer)) == [nomination]
    assert list(queue_for_user(world.staff_a)) == []


def test_every_step_of_a_proposal_has_its_history_row(world):
    award = district_award(world)
    _attach(award.nomination)
    (nomination,) = domain.propose_to_city([award], by=world.staff_a, title=_cong_nhan_gioi(), note="Tiêu biểu").done
    rows = list(history_for(nomination).order_by("pk"))
    assert [(r.action, r.changes, r.note, r.actor) for r in rows] == [
        ("create", {}, "", world.staff_a),
        ("update", {"attachments": [None, "bao-cao-thanh-tich.pdf"]}, "", world.staff_a),
        ("transition", {"state": ["draft", "forwarded"]}, "Tiêu biểu", world.staff_a),
    ]
    (on_award,) = history_for(award)
    assert (on_award.action, on_award.changes) == ("other", {"proposed_to_city": [None, "Công nhân giỏi"]})


def test_the_union_hears_of_the_proposal(world):
    award = district_award(world)
    domain.propose_to_city([award], by=world.staff_a, title=_cong_nhan_gioi())
    notified = world.officer_a.award_notifications.get()
    assert (notified.state, notified.nomination.level) == (S.FORWARDED, Level.CITY)


def test_the_districts_city_quota_refuses_a_proposal_and_names_the_quota(world, settings):
    QuotaFactory(unit=world.district_a, level=Level.CITY, max_count=1)
    first = district_award(world)
    second_member = MemberFactory(unit=world.grassroots_a, full_name="Lê Văn An")
    second = district_award(world, member=second_member, decision=first.decision)
    _attach(second.nomination)
    result = domain.propose_to_city([first, second], by=world.staff_a, title=_cong_nhan_gioi())
    assert [n.nominee_name for n in result.done] == ["Nguyễn Thị Kim Dung"]
    assert result.failed == [
        (
            second,
            "Đã hết chỉ tiêu Công nhân giỏi (Cấp Thành phố (Thủ đô), năm 2026) của LĐLĐ quận Hà Đông: "
            "đã dùng 1/1 suất.",
        )
    ]
    assert not Nomination.objects.filter(proposed_from=second).exists()
    assert not history_for(second).exists()
    # The refused proposal's copy of the document went with it: only the original is stored.
    stored = sorted(p.name for p in (settings.MEDIA_ROOT / "awards" / "nominations").rglob("*") if p.is_file())
    assert stored == ["bao-cao-thanh-tich.pdf"]


def test_the_city_titles_eligibility_rules_refuse_a_proposal(world):
    award = district_award(world)
    world.member_a.direct_production = False
    world.member_a.save()
    result = domain.propose_to_city([award], by=world.staff_a, title=_cong_nhan_gioi())
    assert result.done == []
    assert result.failed == [
        (
            award,
            "Đề nghị chưa đáp ứng điều kiện: Đoàn viên chưa được ghi nhận là công nhân trực tiếp sản xuất.",
        )
    ]
    assert not Nomination.objects.filter(level=Level.CITY).exists()


def test_each_award_is_proposed_once_with_its_own_title_or_the_one_for_all(world):
    award = district_award(world)
    collective = AwardFactory(
        unit=world.grassroots_a,
        member=None,
        collective_name="Tổ hàn số 1",
        title=title("giay-khen"),
        decision=award.decision,
    )
    result = domain.propose_to_city(
        [award, collective],
        by=world.staff_a,
        titles={award.pk: _cong_nhan_gioi()},
        title=title("bang-khen"),
        note="Tập thể tiêu biểu",
        not_disciplined=True,
        not_absent_40_days=True,
    )
    assert result.failed == []
    assert [(n.nominee_name, n.title.code, n.achievements) for n in result.done] == [
        ("Nguyễn Thị Kim Dung", "cong-nhan-gioi", "Hoàn thành xuất sắc nhiệm vụ, 3 sáng kiến cải tiến kỹ thuật."),
        ("Tổ hàn số 1", "bang-khen", "Tập thể tiêu biểu"),  # no nomination behind it: the note stands in
    ]
    again = domain.propose_to_city([award], by=world.staff_a, title=_cong_nhan_gioi())
    assert again.failed == [(award, "Khen thưởng này đã được đề nghị lên Thành phố.")]


def test_an_award_from_paper_records_needs_achievements_and_declarations(world):
    district_award(world)  # the open city phase
    record = AwardFactory(unit=world.grassroots_a, member=None, collective_name="Tổ điện", title=title("giay-khen"))
    result = domain.propose_to_city([record], by=world.staff_a, title=title("bang-khen"))
    assert result.failed == [
        (record, "Khen thưởng này không có hồ sơ đề nghị kèm theo: hãy ghi thành tích vào ô lý do đề nghị.")
    ]
    result = domain.propose_to_city([record], by=world.staff_a, title=title("bang-khen"), note="Tổ tiêu biểu")
    assert result.failed == [
        (
            record,
            "Đề nghị chưa đáp ứng điều kiện: Người đề nghị chưa cam kết: Không bị kỷ luật trong năm; "
            "Không nghỉ việc từ 40 ngày trở lên.",
        )
    ]


def test_a_title_not_at_city_level_or_not_for_the_awardee_is_refused(world):
    award = district_award(world)
    result = domain.propose_to_city([award], by=world.staff_a, title=title("lao-dong-gioi"))
    assert result.failed == [(award, "Danh hiệu này không có ở cấp đã chọn.")]
    result = domain.propose_to_city([award], by=world.staff_a)
    assert result.failed == [(award, "Chọn danh hiệu cấp Thành phố.")]


def test_no_phase_open_for_nominations_is_said_plainly(world):
    award = district_award(world)
    award.nomination.phase.__class__.objects.update(nominations_open=False)
    result = domain.propose_to_city([award], by=world.staff_a, title=_cong_nhan_gioi())
    assert result.failed == [
        (
            award,
            "Không có phong trào năm 2026 nào đang nhận đề nghị khen thưởng cho Công đoàn Công ty Cổ phần Fecon: "
            "hãy mở một đợt nhận đề nghị trước.",
        )
    ]


def test_a_revoked_or_city_level_award_is_not_proposed(world):
    award = district_award(world)
    domain.revoke_award(award, by=world.staff_a, reason="Sai sót hồ sơ")
    city_award = AwardFactory(unit=world.grassroots_a, level=Level.CITY, decision=DecisionFactory(unit=world.city))
    result = domain.propose_to_city(
        [Award.objects.get(pk=award.pk), city_award], by=world.admin, title=_cong_nhan_gioi()
    )
    message = "Chỉ khen thưởng cấp quận, huyện còn hiệu lực mới được đề nghị lên Thành phố."
    assert [reason for _award, reason in result.failed] == [message, message]


def test_the_proposal_phase_is_the_one_launched_highest_up(world):
    district_phase = PhaseFactory(campaign__launched_by=world.district_a)
    assert domain.proposal_phase(world.grassroots_a, 2026) == district_phase
    city_phase = PhaseFactory(campaign__launched_by=world.city)
    PhaseFactory(campaign__launched_by=world.grassroots_a)  # a union's own campaign is not the road up
    PhaseFactory(campaign__launched_by=world.district_b)  # another district's does not reach it
    assert domain.proposal_phase(world.grassroots_a, 2026) == city_phase
    assert domain.proposal_phase(world.grassroots_a, 2025) is None


def test_the_propose_move_is_never_offered_on_an_ordinary_draft(world, phase):
    draft = NominationFactory(phase=phase, unit=world.grassroots_a, level=Level.CITY)
    assert [m.name for m in domain.legal_moves(draft, world.staff_a)] == ["submit", "withdraw"]
    with pytest.raises(DomainError) as raised:
        domain.transition(draft, S.FORWARDED, by=world.staff_a)
    assert str(raised.value) == (
        "Chỉ đề nghị của cấp quận, huyện từ khen thưởng của chính mình mới được chuyển thẳng lên Thành phố."
    )


def test_the_grassroots_officer_still_nominates_at_city_level_directly(world, phase):
    world.member_a.direct_production = True
    world.member_a.save()
    AwardFactory(unit=world.grassroots_a, member=world.member_a)
    nomination = Nomination(phase=phase, unit=world.grassroots_a, member=world.member_a, title=_cong_nhan_gioi())
    nomination.level = Level.CITY
    nomination.achievements = "Thợ hàn giỏi"
    nomination.not_disciplined = nomination.not_absent_40_days = True
    domain.save_nomination(nomination, by=world.officer_a)
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    assert Nomination.objects.get(pk=nomination.pk).state == S.SUBMITTED
