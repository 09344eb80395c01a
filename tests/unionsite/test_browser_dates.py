"""Dates in an English browser: typed day first, or picked in the calendar with the mouse or the keys.

A native date field would show mm/dd/yyyy in this browser; the product's fields read and show
dd/mm/yyyy whatever the browser's language, and the calendar popup passes axe-core."""

import datetime

import pytest

from campaigns.models import Campaign
from tests.a11y import axe_violations
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser):
    context = browser.new_context(
        locale="en-US", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


def login(page, base, username):
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("[data-testid=current-user]")


def test_dates_typed_and_picked_day_first_in_an_english_browser(live_server, english_page, artifacts_dir):
    world = build_world()
    page = english_page
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    assert page.evaluate("navigator.language") == "en-US"
    login(page, live_server.url, "staff_a")

    page.goto(live_server.url + "/phong-trao/them/")
    page.fill("input[name=title]", "Phong trào thi đua năm 2026")
    page.select_option("select[name=kind]", "annual")
    # Typed with the keyboard, one-digit day and month: shown back as understood on leaving the field.
    page.click("input[name=starts_on]")
    page.keyboard.type("1/2/2026")
    assert page.get_attribute("input[name=starts_on]", "placeholder") == "dd/mm/yyyy"
    page.keyboard.press("Tab")
    assert page.input_value("input[name=starts_on]") == "01/02/2026"
    # A phone's number pad has no "/": eight digits are read day first too.
    page.fill("input[name=starts_on]", "")
    page.click("input[name=starts_on]")
    page.keyboard.type("01022026")
    page.keyboard.press("Tab")
    assert page.input_value("input[name=starts_on]") == "01/02/2026"

    # Picked with the mouse: the calendar opens on the month of what is typed.
    page.fill("input[name=ends_on]", "1/12/2026")
    page.get_by_role("button", name="Chọn ngày: Ngày kết thúc").click()
    dialog = page.get_by_role("dialog", name="Lịch")
    assert dialog.locator(".datepicker-title").inner_text() == "tháng 12 năm 2026"
    assert dialog.locator("th").all_inner_texts()[0] == "T2"
    assert dialog.locator("td[aria-selected=true]").inner_text() == "1"
    assert axe_violations(page, "main form") == []
    page.screenshot(path=str(artifacts_dir / "dates-calendar-vi-desktop.png"), full_page=True)
    last_day = dialog.locator('td[data-date="2026-12-31"]')
    assert last_day.get_attribute("aria-label") == "Thứ Năm, 31 tháng 12, 2026"
    last_day.click()
    assert dialog.count() == 0
    assert page.input_value("input[name=ends_on]") == "31/12/2026"

    # Picked with the keys only: Alt+Down opens, arrows and Page Down move, Enter chooses.
    page.fill("input[name=document_number]", "05/KH-LĐLĐ")
    page.fill("input[name=document_date]", "15/03/2026")
    page.focus("input[name=document_date]")
    page.keyboard.press("Alt+ArrowDown")
    focused = "document.activeElement.getAttribute('data-date')"
    assert page.evaluate(focused) == "2026-03-15"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("PageDown")
    assert page.evaluate(focused) == "2026-04-16"
    assert page.get_by_role("dialog").locator(".datepicker-title").inner_text() == "tháng 4 năm 2026"
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Chọn ngày: Ngày văn bản phát động"
    assert page.input_value("input[name=document_date]") == "15/03/2026"
    page.keyboard.press("Enter")  # the focused calendar button opens it again
    page.keyboard.press("ArrowRight")
    page.keyboard.press("PageDown")
    page.keyboard.press("Enter")
    assert page.input_value("input[name=document_date]") == "16/04/2026"
    assert page.evaluate("document.activeElement.name") == "document_date"

    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=Đã tạo phong trào ở trạng thái nháp.")
    campaign = Campaign.objects.get(title="Phong trào thi đua năm 2026")
    assert (campaign.starts_on, campaign.ends_on, campaign.document_date) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2026, 4, 16),
    )
    assert campaign.launched_by == world.district_a

    # An impossible date says it is not a date (a native field would have posted nothing).
    page.goto(live_server.url + f"/phong-trao/{campaign.pk}/sua/")
    assert page.input_value("input[name=starts_on]") == "01/02/2026"
    page.fill("input[name=starts_on]", "31/02/2026")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("text=“31/02/2026” không phải là ngày (dd/mm/yyyy).")
    assert page.locator("#div_id_starts_on .invalid-feedback").is_visible()
    page.locator("#div_id_starts_on").screenshot(path=str(artifacts_dir / "dates-not-a-date-vi.png"))
    assert axe_violations(page, "main form") == []

    # The English interface shows the same day-first dates and an English calendar.
    page.click("[data-testid=language-switcher] button[value=en]")
    page.wait_for_selector("html[lang=en]")
    page.goto(live_server.url + f"/phong-trao/{campaign.pk}/sua/")
    assert page.input_value("input[name=ends_on]") == "31/12/2026"
    page.get_by_role("button", name="Choose a date: Ends on").click()
    dialog = page.get_by_role("dialog", name="Calendar")
    assert dialog.locator(".datepicker-title").inner_text() == "December 2026"
    assert dialog.locator("th").all_inner_texts()[0] == "Mon"
    assert axe_violations(page, "main form") == []
    page.screenshot(path=str(artifacts_dir / "dates-calendar-en-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("input[name=ends_on]").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "dates-calendar-en-phone.png"), full_page=True)
    box = dialog.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    dialog.get_by_role("button", name="Close").click()
    assert dialog.count() == 0
    # Not one console error on the way (the site's icon is found, the calendar script runs clean).
    assert console_errors == []
