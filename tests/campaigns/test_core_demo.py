import datetime
import io

import pytest

from campaigns import demo
from campaigns.models import Campaign, Phase, Target
from unions import demo as unions_demo

pytestmark = pytest.mark.django_db


def test_demo_has_the_ha_dong_2023_campaign_and_a_city_campaign_and_is_idempotent():
    unions_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    ha_dong = Campaign.objects.get(launched_by__short_code="HD")
    assert ha_dong.title == demo.HA_DONG_2023
    assert list(Phase.objects.filter(campaign=ha_dong).values_list("name", "starts_on", "ends_on", "theme")) == [
        (
            "Đợt 1",
            datetime.date(2023, 1, 1),
            datetime.date(2023, 6, 30),
            "Đoàn kết, sáng tạo, thi đua lập thành tích chào mừng Đại hội Công đoàn các cấp",
        ),
        (
            "Đợt 2",
            datetime.date(2023, 7, 1),
            datetime.date(2023, 12, 31),
            "Thi đua lao động giỏi – Lao động sáng tạo, hoàn thành thắng lợi nhiệm vụ năm 2023",
        ),
    ]
    assert Target.objects.filter(campaign=ha_dong).count() >= 3
    city = Campaign.objects.get(launched_by__short_code="HN")
    assert city.phases.count() == 2
    assert sorted(city.targets.values_list("set_by__short_code", "value")) == [("HD", 90), ("HN", 80)]
    assert city.pledges.get().signatories.count() == 3
    assert Campaign.objects.count() == 2
