import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from awards import domain
from awards.enums import Level, NominationState
from awards.models import Notification
from tests.awards.factories import AwardFactory, NominationFactory, QuotaFactory
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def nomination(world, phase):
    member = world.member_a
    member.direct_production = True
    member.save()
    return NominationFactory(phase=phase, unit=world.grassroots_a, member=member, created_by=world.officer_a)


def _targets(nomination, user):
    return [m.target for m in domain.legal_moves(nomination, user)]


def test_full_path_to_city_approval_writes_history_and_notifies_the_nominator(
    world, nomination, django_capture_on_commit_callbacks
):
    AwardFactory(unit=world.grassroots_a, member=nomination.member, level=Level.UPPER, year=2026)
    nomination.level = Level.CITY
    nomination.save()
    with django_capture_on_commit_callbacks(execute=True):
        domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
        domain.transition(nomination, S.RETURNED, by=world.staff_a, note="Bổ sung biên bản họp hội đồng")
        domain.transition(nomination, S.RESUBMITTED, by=world.officer_a)
        domain.transition(nomination, S.APPROVED, by=world.staff_a)
        domain.transition(nomination, S.FORWARDED, by=world.staff_a)
        domain.transition(nomination, S.CITY_APPROVED, by=world.city_reviewer, note="Đủ điều kiện")
    nomination.refresh_from_db()
    assert nomination.state == S.CITY_APPROVED
    moves = [(r.changes["state"], r.actor.username, r.note) for r in reversed(history_for(nomination))]
    assert moves == [
        (["draft", "submitted"], "officer_a", ""),
        (["submitted", "returned"], "staff_a", "Bổ sung biên bản họp hội đồng"),
        (["returned", "resubmitted"], "officer_a", ""),
        (["resubmitted", "approved"], "staff_a", ""),
        (["approved", "forwarded"], "staff_a", ""),
        (["forwarded", "city_approved"], "city_reviewer", "Đủ điều kiện"),
    ]
    notes = Notification.objects.filter(user=world.officer_a).order_by("pk")
    assert [n.state for n in notes] == [S.RETURNED, S.APPROVED, S.FORWARDED, S.CITY_APPROVED]
    assert [m.to for m in mail.outbox] == [["officer_a@example.vn"]] * 4
    assert mail.outbox[0].subject == "Đề nghị khen thưởng Nguyễn Thị Kim Dung: Trả lại để bổ sung"
    assert mail.outbox[0].body == (
        "Đề nghị khen thưởng Nguyễn Thị Kim Dung danh hiệu Công nhân giỏi (Cấp Thành phố (Thủ đô)) "
        "hiện ở trạng thái: Trả lại để bổ sung.\n\nLý do: Bổ sung biên bản họp hội đồng"
    )


def test_no_email_before_commit(world, nomination, django_capture_on_commit_callbacks):
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        domain.transition(nomination, S.REJECTED, by=world.staff_a, note="Chưa đủ thành tích")
    assert len(mail.outbox) == 0
    for callback in callbacks:  # the commit
        callback()
    assert len(mail.outbox) == 1


def test_each_user_sees_only_their_legal_moves(world, nomination):
    assert _targets(nomination, world.officer_a) == [S.SUBMITTED, S.WITHDRAWN]
    # upper staff may act on the unit's behalf
    assert _targets(nomination, world.staff_a) == [S.SUBMITTED, S.WITHDRAWN]
    assert _targets(nomination, world.officer_b) == []
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    assert _targets(nomination, world.officer_a) == [S.WITHDRAWN]
    assert _targets(nomination, world.staff_a) == [S.RETURNED, S.APPROVED, S.REJECTED, S.WITHDRAWN]
    assert _targets(nomination, world.staff_b) == []
    assert _targets(nomination, world.city_reviewer) == []
    domain.transition(nomination, S.APPROVED, by=world.staff_a)
    # An upper-level title ends at the upper level: nothing to forward.
    assert _targets(nomination, world.staff_a) == []


def test_city_level_nomination_is_forwarded_and_decided_by_the_city(world, nomination):
    AwardFactory(unit=world.grassroots_a, member=nomination.member, level=Level.UPPER, year=2026)
    nomination.level = Level.CITY
    nomination.save()
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    domain.transition(nomination, S.APPROVED, by=world.staff_a)
    assert _targets(nomination, world.staff_a) == [S.FORWARDED]
    domain.transition(nomination, S.FORWARDED, by=world.staff_a)
    assert _targets(nomination, world.staff_a) == []
    assert _targets(nomination, world.city_reviewer) == [S.CITY_APPROVED, S.RETURNED, S.REJECTED]


def test_officer_may_not_approve_own_nomination(world, nomination):
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    with pytest.raises(PermissionDenied):
        domain.transition(nomination, S.APPROVED, by=world.officer_a)
    nomination.refresh_from_db()
    assert nomination.state == S.SUBMITTED


def test_return_needs_a_reason(world, nomination):
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    with pytest.raises(DomainError) as exc:
        domain.transition(nomination, S.RETURNED, by=world.staff_a, note="  ")
    assert str(exc.value) == "Hãy ghi lý do: lý do sẽ được gửi tới công đoàn đề nghị."


def test_illegal_move_is_refused(world, nomination):
    with pytest.raises(DomainError) as exc:
        domain.transition(nomination, S.APPROVED, by=world.staff_a)
    assert str(exc.value) == "Không thể chuyển đề nghị từ “Nháp” sang “Cấp trên đã duyệt”."


def test_second_actor_on_a_stale_state_is_told_plainly(world, nomination):
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    # Two reviewers opened the page while it was "submitted"; the first approves.
    seen_by_second = type(nomination).objects.get(pk=nomination.pk)
    domain.transition(nomination, S.APPROVED, by=world.staff_a)
    with pytest.raises(DomainError) as exc:
        domain.transition(seen_by_second, S.REJECTED, by=world.city_reviewer, note="Không đạt")
    assert str(exc.value) == (
        "Người khác đã xử lý đề nghị này trước bạn: hiện đề nghị ở trạng thái “Cấp trên đã duyệt”. "
        "Không có gì được thay đổi."
    )


def test_submission_refused_while_conditions_fail(world, nomination):
    nomination.not_absent_40_days = False
    nomination.save()
    with pytest.raises(DomainError) as exc:
        domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    assert str(exc.value) == (
        "Đề nghị chưa đáp ứng điều kiện: Người đề nghị chưa cam kết: Không nghỉ việc từ 40 ngày trở lên."
    )


def test_bulk_approve_reports_which_failed_and_why(world, phase):
    QuotaFactory(unit=world.district_a, max_count=2)
    nominations = [
        NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED, member__full_name=name)
        for name in ["Lê Văn An", "Phạm Thị Bích", "Hoàng Văn Cường"]
    ]
    result = domain.bulk_move(nominations, "approve", by=world.staff_a)
    assert [n.nominee_name for n in result.done] == ["Lê Văn An", "Phạm Thị Bích"]
    assert [(n.nominee_name, reason) for n, reason in result.failed] == [
        (
            "Hoàng Văn Cường",
            "Đã hết chỉ tiêu Công nhân giỏi (Cấp quận, huyện, năm 2026) của LĐLĐ quận Hà Đông: đã dùng 2/2 suất.",
        )
    ]


def test_phase_flags_decide_when_one_may_submit_and_review(world, nomination):
    phase = nomination.phase
    phase.nominations_open = False
    phase.save()
    with pytest.raises(DomainError) as exc:
        domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    assert str(exc.value) == "Đã hết hạn nhận đề nghị khen thưởng trong Đợt 2."
    phase.nominations_open, phase.review_open = True, False
    phase.save()
    domain.transition(nomination, S.SUBMITTED, by=world.officer_a)
    with pytest.raises(DomainError) as exc:
        domain.transition(nomination, S.APPROVED, by=world.staff_a)
    assert str(exc.value) == "Đã hết hạn xét duyệt trong Đợt 2."
