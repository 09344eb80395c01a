"""District staff enter title registrations for a grassroots union: 20 through the grid (5 picked by
typing names without diacritics, 15 pasted from a spreadsheet), then 200 from an .xlsx file."""

import datetime
import itertools

import pytest
from django.conf import settings
from openpyxl import Workbook

from campaigns.models import TitleRegistration
from tests.campaigns.factories_registrations import UnitRegistrationFactory, open_campaign, worker_title
from tests.factories import MemberFactory
from unions.enums import Gender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLES = ["Văn", "Thị", "Minh", "Đức", "Ngọc"]
GIVENS = ["Anh", "Bình", "Cường", "Dung"]

PASTE = """
([text, selector]) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  const cell = document.querySelector(selector);
  cell.focus();
  cell.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}
"""


def members_of(unit):
    names = [" ".join(parts) for parts in itertools.product(FAMILIES, MIDDLES, GIVENS)][:220]
    return [
        MemberFactory(
            unit=unit,
            full_name=name,
            gender=Gender.FEMALE if " Thị " in name else Gender.MALE,
            date_of_birth=datetime.date(1970, 1, 1) + datetime.timedelta(days=97 * i),
        )
        for i, name in enumerate(names)
    ]


def login(page, live_server, username):
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("[data-testid=current-user]")


def test_district_staff_enters_20_in_the_grid_and_imports_200(live_server, page, world, artifacts_dir, tmp_path):
    title = worker_title()
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    people = members_of(world.grassroots_a)
    login(page, live_server, "staff_a")

    page.goto(live_server.url + registration.get_absolute_url())
    page.click("text=Nhập nhanh")
    page.wait_for_selector("#registration-grid")

    # Five members picked by typing their names without diacritics.
    for index, member in enumerate(people[:5]):
        row = page.locator("tr[data-grid-row]").nth(index)
        row.locator("[data-member-name]").click()
        page.keyboard.type(member.name_search)
        suggestion = row.locator("[data-testid=member-suggestions] li").first
        suggestion.wait_for()
        assert suggestion.inner_text() == f"{member.full_name} ({member.date_of_birth:%d/%m/%Y})"
        page.keyboard.press("Enter")
        assert row.locator("[data-birth-date]").input_value() == f"{member.date_of_birth:%d/%m/%Y}"
        # The picker moved the cursor to the title cell; titles are picked the same way.
        page.keyboard.type("cong nhan g")
        row.locator("[data-testid=title-suggestions] li").first.wait_for()
        page.keyboard.press("Enter")
        assert row.locator("input[name=title]").input_value() == title.name
        assert page.evaluate("document.activeElement.getAttribute('name')") == "collective"
        assert row.locator("[data-member-name]").input_value() == member.full_name

    # Fifteen rows copied from a spreadsheet, pasted into the sixth row's first cell.
    lines = [f"{m.full_name}\t{m.date_of_birth:%d/%m/%Y}\t{title.name}\t\tDán từ Excel" for m in people[5:20]]
    page.evaluate(PASTE, ["\n".join(lines) + "\n", "tr[data-grid-row]:nth-child(6) [data-member-name]"])
    assert page.locator("tr[data-grid-row]").count() == 20
    assert page.locator("tr[data-grid-row]").nth(19).locator("[data-member-name]").input_value() == people[19].full_name
    page.screenshot(path=str(artifacts_dir / "registrations-grid.png"), full_page=True)

    page.click("text=Kiểm tra và lưu tất cả")
    page.wait_for_selector("text=Đã lưu 20 đăng ký danh hiệu.")
    assert TitleRegistration.objects.filter(registration=registration).count() == 20

    # Two hundred more from an .xlsx file.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Ngày sinh", "Danh hiệu đăng ký", "Tập thể", "Ghi chú"])
    for member in people[20:]:
        sheet.append([member.name_search.upper(), member.date_of_birth, "cong nhan gioi", None, "Nhập từ tệp"])
    path = tmp_path / "dang-ky-200.xlsx"
    workbook.save(path)

    page.click("text=Nhập từ Excel")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=Kiểm tra và nhập")
    page.wait_for_selector("text=Đã nhập 200 đăng ký danh hiệu.")
    page.screenshot(path=str(artifacts_dir / "registrations-after-import.png"), full_page=True)

    registered = set(
        TitleRegistration.objects.filter(registration=registration, title=title).values_list("member_id", flat=True)
    )
    assert registered == {m.pk for m in people}
    assert "220" in page.locator("main").inner_text()
    # One page of the 220 rows (settings.PAGE_SIZE, one page size for every list).
    assert page.locator("[data-testid=title-registrations] tbody tr").count() == settings.PAGE_SIZE


def test_grid_error_keeps_rows_and_saves_nothing(live_server, page, world):
    worker_title()
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    login(page, live_server, "officer_a")
    page.goto(live_server.url + f"/phong-trao/dang-ky/{registration.pk}/nhap-nhanh/")
    page.evaluate(
        PASTE,
        [
            "Nguyễn Thị Kim Dung\t17/05/1990\tCông nhân giỏi\nNgười Không Có\t\tCông nhân giỏi",
            "tr[data-grid-row]:nth-child(1) [data-member-name]",
        ],
    )
    # Enter moves down a column; Tab past the last cell of the last row adds a row.
    page.locator("tr[data-grid-row]").nth(2).locator("[data-member-name]").click()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('tr').querySelector('[data-row-number]').textContent") == "4"
    page.locator("tr[data-grid-row]").last.locator("input[name=note]").click()
    page.keyboard.press("Tab")
    assert page.locator("tr[data-grid-row]").count() == 11
    assert page.evaluate("document.activeElement.getAttribute('name')") == "full_name"
    page.click("text=Kiểm tra và lưu tất cả")
    page.wait_for_selector("[data-testid=grid-errors]")
    assert "Dòng 2, cột Họ và tên" in page.locator("[data-testid=grid-errors]").inner_text()
    assert page.locator("tr[data-grid-row]").first.locator("[data-member-name]").input_value() == "Nguyễn Thị Kim Dung"
    assert TitleRegistration.objects.count() == 0


def test_officer_registers_district_returns_officer_resubmits_district_accepts(
    live_server, browser, world, artifacts_dir
):
    campaign = open_campaign(world.district_a)
    officer = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    login(officer, live_server, "officer_a")
    officer.goto(live_server.url + f"/phong-trao/dang-ky/dot/{campaign.pk}/")
    officer.locator("[data-testid=registration-table]").get_by_role("link", name="Đăng ký", exact=True).click()
    officer.fill("textarea[name=commitments]", "100% đoàn viên đăng ký thi đua.")
    officer.click("text=Tạo bản đăng ký")
    officer.wait_for_selector("text=Đã tạo bản đăng ký ở trạng thái nháp.")
    officer.check("input[name=to][value=submitted]")
    officer.click("text=Thực hiện")
    officer.wait_for_selector("[data-testid=registration-state]:has-text('Đã gửi')")

    staff = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    login(staff, live_server, "staff_a")
    staff.goto(live_server.url + f"/phong-trao/dang-ky/dot/{campaign.pk}/?state=submitted")
    assert staff.locator("[data-testid=registration-table] tbody tr").count() == 1
    staff.locator("[data-testid=registration-table]").get_by_role("link", name="Mở", exact=True).click()
    staff.check("input[name=to][value=returned]")
    staff.fill("textarea[name=note]", "Bổ sung cam kết về an toàn lao động.")
    staff.click("text=Thực hiện")
    staff.wait_for_selector("[data-testid=return-reason]:has-text('Bổ sung cam kết về an toàn lao động.')")

    officer.reload()
    assert officer.locator("[data-testid=return-reason]").is_visible()
    officer.click("text=Sửa nội dung cam kết")
    officer.fill("textarea[name=commitments]", "100% đoàn viên đăng ký thi đua; không để xảy ra tai nạn lao động.")
    # The registration was submitted once: a change says why (kept in its history).
    officer.fill("textarea[name=note]", "Bổ sung theo yêu cầu của LĐLĐ quận.")
    officer.click("button:has-text('Lưu')")
    officer.check("input[name=to][value=resubmitted]")
    officer.click("text=Thực hiện")
    officer.wait_for_selector("[data-testid=registration-state]:has-text('Đã gửi lại')")

    staff.reload()
    staff.check("input[name=to][value=accepted]")
    staff.click("text=Thực hiện")
    staff.wait_for_selector("[data-testid=registration-state]:has-text('Đã chấp nhận')")
    assert staff.locator("[data-testid=next-moves]").count() == 0
    assert staff.locator("[data-testid=history] tbody tr").count() == 6
    staff.screenshot(path=str(artifacts_dir / "registrations-accepted.png"), full_page=True)
    staff.goto(live_server.url + f"/phong-trao/dang-ky/dot/{campaign.pk}/")
    staff.screenshot(path=str(artifacts_dir / "registrations-list.png"), full_page=True)


def test_grid_saves_210_pasted_rows_in_one_go(live_server, page, world):
    title = worker_title()
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    people = members_of(world.grassroots_a)[:210]
    login(page, live_server, "staff_a")
    page.goto(live_server.url + f"/phong-trao/dang-ky/{registration.pk}/nhap-nhanh/")
    lines = [f"{m.name_search}\t{m.date_of_birth:%d/%m/%Y}\t{title.name}" for m in people]
    page.evaluate(PASTE, ["\r\n".join(lines), "tr[data-grid-row]:nth-child(1) [data-member-name]"])
    assert page.locator("tr[data-grid-row]").count() == 210
    page.click("text=Kiểm tra và lưu tất cả")
    page.wait_for_selector("text=Đã lưu 210 đăng ký danh hiệu.")
    assert TitleRegistration.objects.filter(registration=registration).count() == 210
