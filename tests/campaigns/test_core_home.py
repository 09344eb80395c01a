import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.enums import CampaignState
from tests.campaigns.factories_core import CampaignFactory, PhaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _running_campaign(unit, title, **extra):
    today = timezone.localdate()
    campaign = CampaignFactory(
        launched_by=unit,
        title=title,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        **extra,
    )
    PhaseFactory(
        campaign=campaign,
        name="Đợt đang mở",
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        registration_open=True,
    )
    return campaign


def test_menu_entry_and_home_panel_show_current_campaigns(client, world):
    _running_campaign(world.district_a, "Thi đua Hà Đông")
    _running_campaign(world.district_b, "Thi đua Đan Phượng")
    _running_campaign(world.district_a, "Bản nháp", state=CampaignState.DRAFT)
    client.force_login(world.insider)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("campaigns:campaign_list")}">Phong trào thi đua</a>' in page
    assert "Thi đua Hà Đông" in page
    assert "Đợt đang mở" in page
    assert "đang mở đăng ký" in page
    assert "Thi đua Đan Phượng" not in page
    assert "Bản nháp" not in page


def test_user_without_role_sees_neither(client, db):
    client.force_login(UserFactory(username="no_role"))
    page = client.get(reverse("home")).content.decode()
    assert "Phong trào thi đua" not in page
    assert 'data-testid="campaigns-panel"' not in page
