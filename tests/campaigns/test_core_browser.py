import pytest
from django.contrib.auth import get_user_model

from campaigns.enums import CampaignState, TargetMetric
from campaigns.models import Campaign
from tests.factories import CityFactory, GrassrootsFactory, UpperFactory
from unions.enums import Role
from unions.models import RoleAssignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEME_1 = "Đoàn kết, sáng tạo, thi đua lập thành tích chào mừng Đại hội Công đoàn các cấp"
THEME_2 = "Thi đua lao động giỏi – Lao động sáng tạo, hoàn thành thắng lợi nhiệm vụ năm 2023"


def _login(page, live_server, username, password):
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("text=Xin chào")


def _add_phase(page, number, starts_on, ends_on, theme, *, registration_open=False):
    page.click("text=Thêm đợt")
    assert page.input_value("input[name=name]") == f"Đợt {number}"
    page.fill("input[name=starts_on]", starts_on)
    page.fill("input[name=ends_on]", ends_on)
    page.fill("textarea[name=theme]", theme)
    if registration_open:
        page.check("input[name=registration_open]")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=Đã lưu đợt.")


def test_district_staff_creates_the_ha_dong_2023_campaign(live_server, page, artifacts_dir):
    city = CityFactory(name="Liên đoàn Lao động Thành phố Hà Nội", short_code="HN")
    ha_dong = UpperFactory(parent=city, name="LĐLĐ quận Hà Đông", short_code="HD")
    fecon = GrassrootsFactory(parent=ha_dong, name="Công đoàn Công ty CP Xây dựng Hà Đông", short_code="HD-XD")
    GrassrootsFactory(parent=ha_dong, name="Công đoàn Khách sạn Mường Thanh Hà Đông", short_code="HD-KS")
    user = get_user_model().objects.create_user("canbo.quan", password="thidua2026", first_name="Minh")
    RoleAssignment.objects.create(user=user, unit=ha_dong, role=Role.UPPER_STAFF)

    _login(page, live_server, "canbo.quan", "thidua2026")
    page.click("nav >> text=Phong trào thi đua")
    page.click("text=Phong trào mới")
    page.fill("input[name=title]", "Phong trào thi đua năm 2023")
    page.select_option("select[name=kind]", "annual")
    page.check("label:has-text('Lao động giỏi – Lao động sáng tạo') >> xpath=preceding-sibling::input")
    page.fill("input[name=starts_on]", "2023-01-01")
    page.fill("input[name=ends_on]", "2023-12-31")
    page.fill("input[name=document_number]", "05/KH-LĐLĐ")
    page.fill("input[name=document_date]", "2023-01-09")
    page.set_input_files(
        "input[name=document_file]",
        files=[{"name": "ke-hoach-2023.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%ke hoach\n"}],
    )
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=Đã tạo phong trào ở trạng thái nháp.")
    assert page.inner_text("[data-testid=campaign-state]") == "Nháp"
    assert page.inner_text("[data-testid=campaign-period]") == "01/01/2023 – 31/12/2023"

    # A 2023 phase has ended: registration is not opened on it (the domain refuses, see test_core_phases).
    _add_phase(page, 1, "2023-01-01", "2023-06-30", THEME_1)
    # Overlapping dates are refused in Vietnamese before anything is saved.
    page.click("text=Thêm đợt")
    page.fill("input[name=starts_on]", "2023-06-15")
    page.fill("input[name=ends_on]", "2023-12-31")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=Đợt này trùng thời gian với Đợt 1 (01/01/2023 – 30/06/2023).")
    page.click("text=Hủy")
    _add_phase(page, 2, "2023-07-01", "2023-12-31", THEME_2)

    rows = page.locator("[data-testid=phase-table] tbody tr")
    assert rows.count() == 2
    assert "01/01/2023 – 30/06/2023" in rows.nth(0).inner_text()
    assert THEME_1 in rows.nth(0).inner_text()
    assert "01/07/2023 – 31/12/2023" in rows.nth(1).inner_text()
    assert THEME_2 in rows.nth(1).inner_text()

    page.click("text=Thêm chỉ tiêu")
    page.select_option("select[name=metric]", TargetMetric.REGISTERED_SHARE.value)
    page.fill("input[name=value]", "100")
    page.fill("input[name=note]", "Toàn bộ CĐCS khối doanh nghiệp đăng ký thi đua")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=Đã lưu chỉ tiêu.")
    assert "0 trên 2 công đoàn (0%)" in page.inner_text("[data-testid=target-progress]")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=transition-form] button:has-text('Phát động')")
    page.wait_for_selector("text=Phong trào hiện ở trạng thái “Đã phát động”.")
    page.screenshot(path=str(artifacts_dir / "campaigns-core-ha-dong-2023.png"), full_page=True)

    campaign = Campaign.objects.get()
    assert (campaign.state, campaign.launched_by, campaign.document_number) == (
        CampaignState.LAUNCHED,
        ha_dong,
        "05/KH-LĐLĐ",
    )
    assert list(campaign.phases.values_list("name", "theme")) == [("Đợt 1", THEME_1), ("Đợt 2", THEME_2)]
    assert campaign.targets.get().value == 100
    assert fecon.is_within(campaign.launched_by)
