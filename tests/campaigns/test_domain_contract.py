"""The campaigns domain checks its actor and its rules itself, whatever calls it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from campaigns.domain import core as domain
from campaigns.domain import scoring
from campaigns.enums import TargetMetric
from campaigns.models import Campaign, ScoreSheet, Target
from tests.campaigns.factories_core import CampaignFactory
from unionsite.errors import DomainError

pytestmark = pytest.mark.django_db


def _campaign(unit, **fields):
    return Campaign(
        launched_by=unit,
        title="Thi đua 2027",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        **fields,
    )


def test_only_a_federations_staff_launch_its_campaigns(world):
    with pytest.raises(PermissionDenied):
        domain.save_record(_campaign(world.district_a), by=world.officer_a)
    with pytest.raises(PermissionDenied):
        domain.save_record(_campaign(world.district_b), by=world.staff_a)
    with pytest.raises(PermissionDenied):  # a district does not launch in the city's name
        domain.save_record(_campaign(world.city), by=world.staff_a)
    assert not Campaign.objects.exists()
    domain.save_record(_campaign(world.district_a), by=world.staff_a)
    assert Campaign.objects.get().launched_by == world.district_a


def test_a_campaign_cannot_end_before_it_starts(world):
    backwards = _campaign(world.district_a)
    backwards.ends_on = datetime.date(2026, 12, 31)
    with pytest.raises(DomainError) as raised:
        domain.save_record(backwards, by=world.staff_a)
    assert raised.value.message_dict == {"ends_on": ["Phong trào không thể kết thúc trước khi bắt đầu."]}


def test_targets_follow_their_rules_and_their_unit(world):
    campaign = CampaignFactory(launched_by=world.city)
    share = Target(campaign=campaign, set_by=world.district_a, metric=TargetMetric.REGISTERED_SHARE, value=120)
    with pytest.raises(PermissionDenied):  # another district sets its own targets, not this one's
        domain.save_record(share, by=world.staff_b)
    with pytest.raises(DomainError) as raised:
        domain.save_record(share, by=world.staff_a)
    assert raised.value.message_dict == {"value": ["Tỷ lệ không thể vượt quá 100%."]}
    outside = Target(
        campaign=CampaignFactory(launched_by=world.district_b),
        set_by=world.district_a,
        metric=TargetMetric.REGISTERED_SHARE,
        value=80,
    )
    with pytest.raises(DomainError, match=r"^Đơn vị này không tham gia phong trào này\.$"):
        domain.save_record(outside, by=world.staff_a)
    assert not Target.objects.exists()


def test_a_score_sheet_is_set_up_by_staff_of_the_launching_unit(world):
    campaign = CampaignFactory(launched_by=world.district_a)
    for stranger in (world.officer_a, world.staff_b):
        with pytest.raises(PermissionDenied):
            scoring.create_sheet(campaign=campaign, block=world.grassroots_a.block, name="Bảng điểm", by=stranger)
    assert not ScoreSheet.objects.exists()
    scoring.create_sheet(campaign=campaign, block=world.grassroots_a.block, name="Bảng điểm", by=world.staff_a)
    assert ScoreSheet.objects.count() == 1
