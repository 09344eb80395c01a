"""District staff meet the campaign pages' former traps in a real browser, on a desktop and a phone."""

import pytest

from campaigns.enums import CampaignState, TargetMetric
from campaigns.models import Campaign
from tests.campaigns.factories_core import CampaignFactory, PhaseFactory, TargetFactory
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, username):
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("text=Xin chào")


def shots(page, artifacts_dir, name):
    for width, label in ((1366, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_campaign_moves_targets_and_phases_say_what_is_wrong(live_server, page, artifacts_dir):
    world = build_world()
    campaign = CampaignFactory(launched_by=world.district_a, title="Thi đua năm 2023", state=CampaignState.DRAFT)
    phase = PhaseFactory(campaign=campaign)  # 01/01–30/06/2023: over
    TargetFactory(campaign=campaign, set_by=world.district_a, metric=TargetMetric.REGISTERED_SHARE, value=90)
    login(page, live_server.url, "staff_a")

    page.goto(live_server.url + "/phong-trao/")
    headings = page.locator("[data-testid=campaign-table] thead th").all_inner_texts()
    assert headings == ["Phong trào", "Đơn vị phát động", "Loại", "Thời gian", "Phong trào chung", "Trạng thái"]
    assert page.inner_text("[data-testid=movements-link]") == "Các phong trào chung"
    shots(page, artifacts_dir, "campaigns-list")

    page.goto(live_server.url + campaign.get_absolute_url())
    buttons = page.locator("[data-testid=transition-form] button")
    assert buttons.all_inner_texts() == ["Phát động"]
    page.once("dialog", lambda dialog: dialog.accept())
    buttons.first.click()
    page.wait_for_selector("text=Phong trào hiện ở trạng thái “Đã phát động”.")
    assert page.locator("[data-testid=transition-form] select").count() == 0
    assert buttons.all_inner_texts() == ["Kết thúc"]
    shots(page, artifacts_dir, "campaigns-detail-launched")
    # Dismissing the confirmation leaves the campaign launched.
    page.once("dialog", lambda dialog: dialog.dismiss())
    buttons.first.click()
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.LAUNCHED

    page.goto(live_server.url + f"/phong-trao/{campaign.pk}/chi-tieu/them/")
    page.select_option("select[name=metric]", TargetMetric.REGISTERED_SHARE.value)
    page.fill("input[name=value]", "95")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=LĐLĐ quận Hà Đông đã đặt chỉ tiêu này cho tất cả các khối")
    shots(page, artifacts_dir, "campaigns-target-twin")

    page.goto(live_server.url + f"/phong-trao/dot/{phase.pk}/sua/")
    page.check("input[name=registration_open]")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=Đợt 1 đã kết thúc ngày 30/06/2023: không thể mở đăng ký cho đợt này.")
    shots(page, artifacts_dir, "campaigns-phase-ended")
