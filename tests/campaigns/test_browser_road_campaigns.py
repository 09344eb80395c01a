"""Issue 9, items 2–4 in real Chromium: the district keys in two unions' registrations and the coverage
page counts them at once; it reminds the unions with a message and a deadline that the officer reads on
the home page; it starts this year's score sheet from last year's, and only then is the officer offered
"Bắt đầu tự chấm". Screenshots at 1366 and 390 px wide are kept in var/test-artifacts/."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import ScoreSheet
from tests.campaigns.factories_registrations import open_campaign
from tests.campaigns.factories_scoring import ScoringCampaignFactory, make_sheet
from tests.factories import GrassrootsFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1366, "phone": 390}


def log_in(page, live_server, username):
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("[data-testid=current-user]")


def log_out(page):
    page.context.clear_cookies()


def shoot(page, artifacts_dir, name):
    """The page as it is now, at both widths (full page), then back to the desktop width."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"road-campaigns-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_district_keys_in_reminds_and_copies_last_years_sheet(live_server, page, world, artifacts_dir):
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    campaign = open_campaign(world.district_a)
    campaign.phases.update(self_assessment_open=True)
    for code, name in (("HD-MAY", "Công đoàn Công ty May Hà Đông"), ("HD-KS", "Công đoàn Khách sạn Hà Đông")):
        GrassrootsFactory(parent=world.district_a, short_code=code, name=name, block=world.grassroots_a.block)
    last_year = ScoringCampaignFactory(launched_by=world.district_a, title="Thi đua năm 2025 quận Hà Đông")
    old_sheet = make_sheet(last_year, world.grassroots_a.block, by=world.staff_a, vetoes=["Tai nạn lao động"])

    # 1. The district clerk keys in the paper registrations of two unions.
    log_in(page, live_server, "staff_a")
    for unit in (world.grassroots_a, world.grassroots_a2):
        page.goto(live_server.url + reverse("campaigns:registration_create", args=[campaign.pk]) + f"?unit={unit.pk}")
        page.fill("textarea[name=commitments]", "100% đoàn viên đăng ký thi đua lao động giỏi.")
        page.click("form button[type=submit]:has-text('Tạo bản đăng ký')")
        expect(page.locator("[data-testid=registration-state]")).to_have_text("Đã chấp nhận")
    expect(page.locator(".alert-success")).to_contain_text("Đã nhập thay và chấp nhận bản đăng ký")
    expect(page.locator("[data-testid=history]")).to_contain_text("nhập thay cho")
    shoot(page, artifacts_dir, "1-registration-entered")

    # 2. Coverage counts them at once; the clerk reminds the two others, with a deadline.
    page.goto(live_server.url + reverse("campaigns:coverage", args=[campaign.pk]))
    summary = page.locator("[data-testid=coverage-summary]")
    expect(summary).to_have_text("Đã đăng ký: 2 trên 4 công đoàn. Đã tự đánh giá: 0 trên 4.")
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    # The two unregistered unions, and Fecon (its officer has an account) to bring its titles.
    for row in page.locator("[data-testid=coverage-row]").all():
        if "Không" in row.locator("[data-testid=coverage-registered]").inner_text() or "Fecon" in row.inner_text():
            row.locator("input[name=units]").check()
    page.select_option("#id_kind", "registration")
    page.fill("#id_deadline", deadline.isoformat())
    page.fill("#id_message", "Đề nghị gửi bản đăng ký thi đua về LĐLĐ quận trước hạn.")
    page.click("button:has-text('Gửi nhắc nhở tới các công đoàn đã chọn')")
    sent = page.locator("[data-testid=reminder-table] tbody tr").first
    expect(sent).to_contain_text(deadline.strftime("%d/%m/%Y"))
    # Three unions, one officer account among them: one notice, one e-mail.
    assert [c.inner_text() for c in sent.locator("td.text-end").all()] == ["3", "1", "1"]
    shoot(page, artifacts_dir, "2-coverage")
    log_out(page)

    # 3. The grassroots officer reads on the home page what the district wrote: the reminder with its
    # message and deadline, and that its registration was keyed in on its behalf.
    log_in(page, live_server, "officer_a")
    notices = page.locator("[data-testid=campaign-notice]")
    expect(notices.nth(0)).to_contain_text("Nhắc nhở: Đăng ký thi đua")
    expect(notices.nth(0)).to_contain_text(f"Hạn chót: {deadline:%d/%m/%Y}.")
    expect(notices.nth(0)).to_contain_text("Đề nghị gửi bản đăng ký thi đua về LĐLĐ quận trước hạn.")
    expect(notices.nth(1)).to_contain_text("Cấp trên đã nhập thay bản đăng ký")
    assert [m.to for m in mail.outbox] == [["officer_a@example.vn"], ["officer_a@example.vn"]]
    shoot(page, artifacts_dir, "3-officer-home-notice")
    # No sheet for the block yet: no start button, and the page says who must publish one.
    page.goto(live_server.url + reverse("campaigns:scoring_assessment_list"))
    expect(page.locator("[data-testid=no-sheet-yet]")).to_have_text(
        "Chưa có bảng điểm cho khối “Khối doanh nghiệp”: cán bộ LĐLĐ quận Hà Đông cần ban hành bảng điểm "
        "trước khi bắt đầu tự chấm."
    )
    expect(page.locator("button:has-text('Bắt đầu tự chấm')")).to_have_count(0)
    shoot(page, artifacts_dir, "3-officer-no-sheet")
    log_out(page)

    # 4. The district starts this year's sheet from last year's.
    log_in(page, live_server, "staff_a")
    page.goto(live_server.url + reverse("campaigns:scoring_sheet_detail", args=[old_sheet.pk]))
    page.click("[data-testid=copy-sheet]")
    page.select_option("select[name=campaign]", str(campaign.pk))
    page.select_option("select[name=block]", str(world.grassroots_a.block.pk))
    expect(page.locator("select[name=start_from]")).to_have_value(str(old_sheet.pk))
    shoot(page, artifacts_dir, "4-sheet-create")
    page.click("button[type=submit]:text-is('Tạo')")
    expect(page.locator(".alert-success")).to_contain_text("Đã sao chép bảng điểm từ")
    new_sheet = ScoreSheet.objects.get(campaign=campaign)
    assert new_sheet.vetoes.get().text == "Tai nạn lao động"
    log_out(page)

    # 5. Now the officer may start.
    log_in(page, live_server, "officer_a")
    page.goto(live_server.url + reverse("campaigns:scoring_assessment_list"))
    page.click("button:has-text('Bắt đầu tự chấm')")
    expect(page.locator("h1")).to_contain_text("Công đoàn Công ty Cổ phần Fecon")
    shoot(page, artifacts_dir, "5-officer-fill")
