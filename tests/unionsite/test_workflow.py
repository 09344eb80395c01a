"""The one workflow engine (unionsite.workflow), through a real table: the campaign's moves, and a
table of its own to check conditions, checks, effects and hooks the campaign does not use."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_lazy

from campaigns.domain.core import WORKFLOW as CAMPAIGN
from campaigns.enums import CampaignState as C
from campaigns.models import Campaign
from tests.campaigns.factories_core import CampaignFactory, PhaseFactory
from unionsite.errors import DomainError
from unionsite.history import history_for
from unionsite.workflow import Move, StaleState, Workflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_legal_moves_follow_the_table_and_the_permission(world):
    campaign = CampaignFactory(launched_by=world.district_a, state=C.LAUNCHED)
    assert [m.target for m in CAMPAIGN.legal_moves(campaign, world.staff_a)] == [C.CLOSED]
    assert CAMPAIGN.legal_moves(campaign, world.officer_a) == []
    assert CAMPAIGN.legal_moves(campaign, world.staff_b) == []


def test_a_move_saves_the_state_and_writes_one_history_row(world):
    campaign = CampaignFactory(launched_by=world.district_a, state=C.LAUNCHED)
    CAMPAIGN.transition(campaign, C.CLOSED, by=world.staff_a, note="  Tổng kết xong  ")
    assert campaign.state == C.CLOSED
    assert Campaign.objects.get(pk=campaign.pk).state == C.CLOSED
    record = history_for(campaign).get()
    assert (record.action, record.changes, record.note, record.actor) == (
        "transition",
        {"state": ["launched", "closed"]},
        "Tổng kết xong",
        world.staff_a,
    )


def test_someone_else_moved_it_first(world):
    campaign = CampaignFactory(launched_by=world.district_a, state=C.LAUNCHED)
    stale = Campaign.objects.get(pk=campaign.pk)
    CAMPAIGN.transition(campaign, C.CLOSED, by=world.staff_a)
    with pytest.raises(StaleState) as raised:
        CAMPAIGN.transition(stale, C.CLOSED, by=world.staff_a)
    assert str(raised.value) == (
        "Người khác đã xử lý phong trào này trước bạn: hiện phong trào ở trạng thái “Kết thúc”. "
        "Không có gì được thay đổi."
    )
    assert history_for(campaign).count() == 1


def test_a_move_outside_the_table_is_refused_plainly(world):
    campaign = CampaignFactory(launched_by=world.district_a, state=C.CLOSED)
    with pytest.raises(DomainError) as raised:
        CAMPAIGN.transition(campaign, C.DRAFT, by=world.staff_a)
    assert str(raised.value) == "Không thể chuyển phong trào từ “Kết thúc” sang “Nháp”."
    assert Campaign.objects.get(pk=campaign.pk).state == C.CLOSED


def test_an_actor_without_the_right_gets_permission_denied(world):
    campaign = CampaignFactory(launched_by=world.district_a, state=C.LAUNCHED)
    with pytest.raises(PermissionDenied):
        CAMPAIGN.transition(campaign, C.CLOSED, by=world.officer_a)
    assert Campaign.objects.get(pk=campaign.pk).state == C.LAUNCHED
    assert not history_for(campaign).exists()


def test_a_failing_check_rolls_the_move_back(world):
    campaign = CampaignFactory(launched_by=world.district_a, state=C.DRAFT)
    with pytest.raises(DomainError) as raised:
        CAMPAIGN.transition(campaign, C.LAUNCHED, by=world.staff_a)
    assert str(raised.value) == "Thêm ít nhất một đợt trước khi phát động phong trào."
    assert Campaign.objects.get(pk=campaign.pk).state == C.DRAFT
    assert not history_for(campaign).exists()
    PhaseFactory(campaign=campaign)
    CAMPAIGN.transition(campaign, C.LAUNCHED, by=world.staff_a)
    assert Campaign.objects.get(pk=campaign.pk).state == C.LAUNCHED


def _table(calls):
    """A workflow over Campaign with a condition, a reason, a check, an effect and a hook."""

    def not_on_hold(campaign, actor):
        return "Đang tạm dừng." if "tạm dừng" in campaign.description else None

    def has_phase(campaign, actor):
        return None if campaign.phases.exists() else "Chưa có đợt."

    def stamp(campaign, actor, note):
        campaign.description = f"{campaign.description} [{note}]"
        return ["description"]

    def hook(campaign, move, actor, note):
        calls.append((campaign.pk, move.name, actor.username, note))

    return Workflow(
        Campaign,
        [
            Move(
                source=C.LAUNCHED,
                target=C.CLOSED,
                label=gettext_lazy("Close"),
                perm="campaigns.change_campaign",
                name="close",
                note_required=True,
                note_message="Hãy ghi lý do kết thúc.",
                conditions=(not_on_hold,),
                checks=(has_phase,),
                effects=(stamp,),
            )
        ],
        noun="phong trào",
        after=(hook,),
    )


def test_conditions_reasons_checks_effects_and_hooks(world):
    calls = []
    flow = _table(calls)
    held = CampaignFactory(launched_by=world.district_a, description="tạm dừng")
    assert flow.legal_moves(held, world.staff_a) == []  # a failing condition: not offered
    with pytest.raises(DomainError, match=r"^Đang tạm dừng\.$"):
        flow.transition(held, C.CLOSED, by=world.staff_a, note="x")
    campaign = CampaignFactory(launched_by=world.district_a, description="")
    assert [m.name for m in flow.legal_moves(campaign, world.staff_a)] == ["close"]
    with pytest.raises(DomainError, match=r"^Hãy ghi lý do kết thúc\.$"):
        flow.transition(campaign, C.CLOSED, by=world.staff_a, note="  ")
    with pytest.raises(DomainError, match=r"^Chưa có đợt\.$"):
        flow.transition(campaign, C.CLOSED, by=world.staff_a, note="Xong")
    assert calls == []
    PhaseFactory(campaign=campaign)
    flow.transition(campaign, C.CLOSED, by=world.staff_a, note="Xong")
    saved = Campaign.objects.get(pk=campaign.pk)
    assert (saved.state, saved.description) == (C.CLOSED, " [Xong]")
    assert calls == [(campaign.pk, "close", "staff_a", "Xong")]


def test_bulk_moves_each_record_and_says_why_the_rest_were_refused(world):
    mine = [CampaignFactory(launched_by=world.district_a) for _ in range(2)]
    other = CampaignFactory(launched_by=world.district_b)
    done_already = CampaignFactory(launched_by=world.district_a, state=C.CLOSED)
    result = CAMPAIGN.bulk_transition([*mine, other, done_already], C.CLOSED, by=world.staff_a)
    assert result.done == mine
    assert [(c, reason) for c, reason in result.failed] == [
        (other, "Vai trò của bạn không được thực hiện thao tác này."),
        (done_already, "Không thể chuyển phong trào từ “Kết thúc” sang “Kết thúc”."),
    ]
