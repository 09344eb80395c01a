"""The registration workflow: the table of moves, who may make each, the registration window."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns.domain import registrations as domain
from campaigns.enums import CampaignState
from campaigns.enums import RegistrationState as S
from campaigns.models import UnitRegistration
from tests.campaigns.factories_registrations import (
    RegCampaignFactory,
    RegPhaseFactory,
    UnitRegistrationFactory,
    open_campaign,
    today,
)
from tests.factories import UpperFactory
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db

SUBMIT_MOVES = [(S.DRAFT, S.SUBMITTED), (S.RETURNED, S.RESUBMITTED)]
REVIEW_MOVES = [
    (S.SUBMITTED, S.ACCEPTED),
    (S.SUBMITTED, S.RETURNED),
    (S.RESUBMITTED, S.ACCEPTED),
    (S.RESUBMITTED, S.RETURNED),
]


def make(world, state=S.DRAFT, **fields):
    return UnitRegistrationFactory(
        campaign=open_campaign(world.district_a), unit=world.grassroots_a, state=state, **fields
    )


def test_the_table_holds_exactly_the_seven_moves():
    assert sorted(domain.WORKFLOW.table) == sorted(SUBMIT_MOVES + REVIEW_MOVES + [(S.DRAFT, S.ACCEPTED)])


@pytest.mark.parametrize(("source", "target"), SUBMIT_MOVES)
@pytest.mark.parametrize("actor", ["officer_a", "staff_a", "city_reviewer"])
def test_officer_and_staff_above_may_submit(world, source, target, actor):
    registration = make(world, source)
    user = getattr(world, actor)
    domain.transition(registration, target, by=user, note="Đã bổ sung")
    registration.refresh_from_db()
    assert registration.state == target
    assert registration.submitted_at is not None
    entry = history_for(registration).get()
    assert (entry.action, entry.changes, entry.note, entry.actor) == (
        "transition",
        {"state": [source, target]},
        "Đã bổ sung",
        user,
    )


@pytest.mark.parametrize(("source", "target"), REVIEW_MOVES)
@pytest.mark.parametrize("actor", ["staff_a", "city_reviewer"])
def test_staff_above_may_accept_and_return(world, source, target, actor):
    registration = make(world, source)
    domain.transition(registration, target, by=getattr(world, actor), note="Thiếu danh sách đoàn viên")
    registration.refresh_from_db()
    assert registration.state == target
    if target == S.ACCEPTED:
        assert registration.accepted_at is not None
        assert registration.return_reason == ""
    else:
        assert registration.return_reason == "Thiếu danh sách đoàn viên"
    assert history_for(registration).get().changes == {"state": [source, target]}


@pytest.mark.parametrize(("source", "target"), REVIEW_MOVES)
@pytest.mark.parametrize("actor", ["officer_a", "officer_b", "staff_b"])
def test_officer_and_others_may_not_review(world, source, target, actor):
    registration = make(world, source)
    with pytest.raises(PermissionDenied):
        domain.transition(registration, target, by=getattr(world, actor), note="lý do")
    registration.refresh_from_db()
    assert registration.state == source
    assert history_for(registration).count() == 0


@pytest.mark.parametrize(("source", "target"), SUBMIT_MOVES)
@pytest.mark.parametrize("actor", ["officer_b", "staff_b"])
def test_units_elsewhere_may_not_submit(world, source, target, actor):
    registration = make(world, source)
    with pytest.raises(PermissionDenied):
        domain.transition(registration, target, by=getattr(world, actor))


ILLEGAL = [pair for pair in itertools.product(S.values, S.values) if pair not in domain.WORKFLOW.table]


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_every_other_move_is_refused(world, source, target, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "x")
    registration = make(world, source)
    with pytest.raises(DomainError) as error:
        domain.transition(registration, target, by=admin, note="lý do")
    assert error.value.message == (f"Không thể chuyển bản đăng ký từ “{S(source).label}” sang “{S(target).label}”.")
    registration.refresh_from_db()
    assert registration.state == source
    assert history_for(registration).count() == 0


def test_return_needs_a_reason(world):
    registration = make(world, S.SUBMITTED)
    with pytest.raises(DomainError) as error:
        domain.transition(registration, S.RETURNED, by=world.staff_a, note="   ")
    assert error.value.message == "Hãy nêu lý do trả lại bản đăng ký."
    assert UnitRegistration.objects.get().state == S.SUBMITTED


def test_submit_needs_commitments(world):
    registration = make(world, commitments="")
    with pytest.raises(DomainError) as error:
        domain.transition(registration, S.SUBMITTED, by=world.officer_a)
    assert error.value.message == "Hãy ghi các nội dung cam kết của đơn vị trước khi gửi đăng ký."


def test_someone_else_moved_it_first(world):
    registration = make(world, S.SUBMITTED)
    domain.transition(registration, S.ACCEPTED, by=world.city_reviewer)
    stale = UnitRegistration.objects.get()
    stale.state = S.SUBMITTED  # what the second reviewer's page still shows
    with pytest.raises(DomainError) as error:
        domain.transition(stale, S.RETURNED, by=world.staff_a, note="Thiếu", expected=S.SUBMITTED)
    assert error.value.message == (
        "Người khác đã xử lý bản đăng ký này trước bạn: hiện bản đăng ký ở trạng thái “Đã chấp nhận”. "
        "Không có gì được thay đổi."
    )
    assert UnitRegistration.objects.get().state == S.ACCEPTED


def test_returned_and_resubmitted_twice_keeps_every_move(world):
    registration = make(world)
    moves = [
        (S.SUBMITTED, world.officer_a, ""),
        (S.RETURNED, world.staff_a, "Thiếu cam kết về an toàn lao động"),
        (S.RESUBMITTED, world.officer_a, "Đã bổ sung"),
        (S.RETURNED, world.staff_a, "Chưa đủ"),
        (S.RESUBMITTED, world.officer_a, ""),
        (S.ACCEPTED, world.staff_a, ""),
    ]
    for target, user, note in moves:
        domain.transition(registration, target, by=user, note=note)
    entries = list(history_for(registration).order_by("pk"))
    assert [(e.changes["state"][1], e.actor.username, e.note) for e in entries] == [
        (t, u.username, n) for t, u, n in moves
    ]
    assert registration.return_reason == "Chưa đủ"


def test_legal_moves_offer_only_what_the_user_may_do(world):
    submitted = make(world, S.SUBMITTED)
    assert domain.legal_moves(submitted, world.officer_a) == []
    assert domain.legal_moves(submitted, world.staff_a) == [S.ACCEPTED, S.RETURNED]
    draft = UnitRegistrationFactory(campaign=submitted.campaign, unit=world.grassroots_a2)
    assert domain.legal_moves(draft, world.staff_a) == [S.SUBMITTED, S.ACCEPTED]
    assert domain.legal_moves(draft, world.officer_a) == []  # not the officer of grassroots_a2


# The registration window


def test_window_open_while_a_phase_allows_registration_today(world):
    campaign = open_campaign(world.district_a)
    assert domain.closed_reason(campaign) is None
    assert domain.registration_phase(campaign).number == 1


def test_window_closed_when_the_campaign_is_not_launched(world):
    campaign = RegCampaignFactory(launched_by=world.district_a, state=CampaignState.DRAFT)
    RegPhaseFactory(campaign=campaign)
    assert domain.closed_reason(campaign) == ("Chưa thể đăng ký: phong trào chưa được phát động hoặc đã kết thúc.")


def test_window_closed_when_no_phase_is_open_today(world):
    campaign = RegCampaignFactory(launched_by=world.district_a)
    RegPhaseFactory(campaign=campaign, number=1, registration_open=False)
    RegPhaseFactory(
        campaign=campaign,
        number=2,
        starts_on=today() - datetime.timedelta(days=40),
        ends_on=today() - datetime.timedelta(days=1),
    )
    RegPhaseFactory(
        campaign=campaign,
        number=3,
        starts_on=today() + datetime.timedelta(days=1),
        ends_on=today() + datetime.timedelta(days=40),
    )
    assert domain.closed_reason(campaign) == "Đã hết hạn đăng ký: hôm nay không có đợt nào của phong trào mở đăng ký."
    assert domain.closed_reason(campaign, today() + datetime.timedelta(days=1)) is None


def test_window_closed_when_the_open_phase_was_closed(world):
    campaign = RegCampaignFactory(launched_by=world.district_a)
    RegPhaseFactory(campaign=campaign, closed_at=timezone.now())
    assert domain.registration_phase(campaign) is None


def test_closed_window_refuses_create_submit_and_edit_but_not_review(world):
    campaign = RegCampaignFactory(launched_by=world.district_a)
    RegPhaseFactory(campaign=campaign, registration_open=False)
    with pytest.raises(DomainError):
        domain.create_registration(campaign, world.grassroots_a, by=world.officer_a)
    draft = UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a)
    with pytest.raises(DomainError):
        domain.transition(draft, S.SUBMITTED, by=world.officer_a)
    with pytest.raises(DomainError):
        domain.update_registration(draft, by=world.officer_a, commitments="Mới")
    assert domain.legal_moves(draft, world.officer_a) == []
    submitted = UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a2, state=S.SUBMITTED)
    domain.transition(submitted, S.ACCEPTED, by=world.staff_a)
    assert submitted.state == S.ACCEPTED


# Creating and editing


def test_create_registration_records_history(world):
    campaign = open_campaign(world.district_a)
    registration = domain.create_registration(campaign, world.grassroots_a, by=world.officer_a, commitments="Cam kết")
    assert (registration.state, registration.created_by) == (S.DRAFT, world.officer_a)
    entry = history_for(registration).get()
    assert (entry.action, entry.changes) == ("create", {"commitments": [None, "Cam kết"]})


def test_create_registration_twice_is_refused(world):
    campaign = open_campaign(world.district_a)
    domain.create_registration(campaign, world.grassroots_a, by=world.officer_a)
    with pytest.raises(DomainError) as error:
        domain.create_registration(campaign, world.grassroots_a, by=world.staff_a)
    assert error.value.message == "Công đoàn Công ty Cổ phần Fecon đã đăng ký tham gia phong trào này."


def test_create_registration_outside_the_campaign_is_refused(world):
    campaign = open_campaign(world.district_a)
    with pytest.raises(DomainError):
        domain.create_registration(campaign, world.grassroots_b, by=world.staff_b)
    with pytest.raises(PermissionDenied):
        domain.create_registration(campaign, world.grassroots_a, by=world.officer_b)
    with pytest.raises(DomainError):
        domain.create_registration(open_campaign(UpperFactory(parent=world.city)), world.grassroots_a, by=world.staff_a)


def test_edit_of_a_submitted_registration_keeps_the_diff_and_the_reason(world):
    registration = make(world, S.SUBMITTED, commitments="Cũ")
    with pytest.raises(DomainError) as refused:
        domain.update_registration(registration, by=world.staff_a, commitments="Mới", note="  ")
    assert refused.value.message_dict == {"note": ["Hãy nêu lý do sửa bản đăng ký đã gửi lên."]}
    assert history_for(registration).count() == 0
    domain.update_registration(registration, by=world.staff_a, commitments="Mới", note="Đơn vị gửi bản sửa")
    entry = history_for(registration).get()
    assert (entry.action, entry.changes, entry.note) == (
        "update",
        {"commitments": ["Cũ", "Mới"]},
        "Đơn vị gửi bản sửa",
    )
    assert UnitRegistration.objects.get().commitments == "Mới"


def test_edit_of_a_draft_needs_no_reason(world):
    registration = make(world, commitments="Cũ")
    domain.update_registration(registration, by=world.officer_a, commitments="Mới")
    assert history_for(registration).get().changes == {"commitments": ["Cũ", "Mới"]}


def test_edit_without_change_records_nothing(world):
    registration = make(world, commitments="Giữ nguyên")
    domain.update_registration(registration, by=world.officer_a, commitments="Giữ nguyên")
    assert history_for(registration).count() == 0


def test_accepted_registration_cannot_be_edited(world):
    registration = make(world, S.ACCEPTED)
    with pytest.raises(DomainError) as error:
        domain.update_registration(registration, by=world.officer_a, commitments="Mới")
    assert error.value.message == "Bản đăng ký đã được chấp nhận, không thể sửa nữa."
