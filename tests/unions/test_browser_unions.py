"""District staff's main journey: find a member without typing diacritics, import an Excel list with
a bad row, fix it, import again."""

import pytest
from playwright.sync_api import expect

from tests.factories import MemberFactory
from tests.unions.factories import member_row, xlsx_bytes
from unions.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_staff_searches_and_imports_members(live_server, page, artifacts_dir, world, tmp_path):
    MemberFactory(unit=world.grassroots_a2, full_name="Trần Văn Hùng")
    rows = [member_row("Lê Thị Hoa", card="VY-01"), member_row("Phạm Văn Nam", "Nam", "31/02/1990", card="VY-02")]
    bad = tmp_path / "doan-vien.xlsx"
    bad.write_bytes(xlsx_bytes(rows))
    rows[1] = member_row("Phạm Văn Nam", "Nam", "28/02/1990", card="VY-02")
    good = tmp_path / "doan-vien-da-sua.xlsx"
    good.write_bytes(xlsx_bytes(rows))

    page.goto(live_server.url + "/")
    page.fill("input[name=username]", "staff_a")
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.get_by_role("link", name="Tổ chức", exact=True).click()
    expect(page.get_by_role("heading", name="Cây tổ chức")).to_be_visible()

    page.get_by_role("link", name="Đoàn viên", exact=True).first.click()
    page.fill("input[name=q]", "nguyen thi kim dung")
    results = page.locator("#member-results")
    expect(results.get_by_text("Trần Văn Hùng")).to_have_count(0)
    expect(results.get_by_role("link", name="Nguyễn Thị Kim Dung")).to_be_visible()
    assert "q=nguyen%20thi%20kim%20dung" in page.url  # htmx pushed the search into the address
    page.screenshot(path=str(artifacts_dir / "unions-member-search.png"), full_page=True)

    page.get_by_role("link", name="Nhập từ Excel").click()
    page.select_option("select[name=unit]", label="Công đoàn trường Tiểu học Văn Yên")
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    errors = page.locator("[data-testid=import-errors]")
    expect(errors).to_contain_text("Dòng 3, cột “Ngày sinh (dd/mm/yyyy)”: “31/02/1990” không phải ngày tháng")
    expect(errors).to_contain_text("Chưa nhập dòng nào")
    page.screenshot(path=str(artifacts_dir / "unions-import-error.png"), full_page=True)
    assert Member.objects.filter(unit=world.grassroots_a2).count() == 1

    page.select_option("select[name=unit]", label="Công đoàn trường Tiểu học Văn Yên")
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_text("Đã nhập 2 đoàn viên vào Công đoàn trường Tiểu học Văn Yên.")).to_be_visible()
    table = page.locator("[data-testid=member-table]")
    expect(table.get_by_role("link", name="Lê Thị Hoa")).to_be_visible()
    expect(table.get_by_role("link", name="Phạm Văn Nam")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "unions-import-done.png"), full_page=True)
    assert Member.objects.filter(unit=world.grassroots_a2).count() == 3
