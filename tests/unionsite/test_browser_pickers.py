"""Pickers typed into with the keyboard only: a unit (new account) and a member (new nomination).
Diacritics are not needed, the combobox follows the WAI-ARIA pattern and axe-core finds nothing."""

import pytest

from tests.a11y import axe_violations
from tests.awards.factories import PhaseFactory
from tests.factories import MemberFactory
from tests.world import build_world
from unions.models import RoleAssignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("[data-testid=current-user]", state="attached")


def active_option(page, combobox):
    active = page.get_attribute(combobox, "aria-activedescendant")
    return page.inner_text(f"#{active} span:first-child") if active else None


@pytest.mark.parametrize("width", [1366, 390])
def test_unit_and_member_pickers_by_keyboard(live_server, page, artifacts_dir, width):
    world = build_world()
    for number in range(24):
        MemberFactory(unit=world.grassroots_a, full_name=f"Nguyễn Thị Số {number:02d}")
    PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026", name="Đợt 2")
    page.set_viewport_size({"width": width, "height": 900})
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    base = live_server.url

    # A unit: district staff create an account, typing the union's name without diacritics.
    login(page, base, "staff_a")
    page.goto(base + "/to-chuc/tai-khoan/them/")
    combobox = "#id_unit"
    assert page.get_attribute(combobox, "role") == "combobox"
    assert page.get_attribute(combobox, "aria-expanded") == "false"
    page.fill("input[name=username]", "canbo.vanyen")
    page.fill("input[name=first_name]", "Lan")
    page.focus(combobox)
    page.keyboard.type("tieu hoc van yen")
    page.wait_for_selector("#id_unit-listbox [role=option]")
    assert page.get_attribute(combobox, "aria-expanded") == "true"
    assert page.get_attribute(combobox, "aria-controls") == "id_unit-listbox"
    assert page.inner_text("[data-picker-status]") == "1 kết quả"
    page.keyboard.press("ArrowDown")
    assert active_option(page, combobox) == "Công đoàn trường Tiểu học Văn Yên"
    page.screenshot(path=str(artifacts_dir / f"pickers-unit-open-{width}.png"), full_page=True)
    page.keyboard.press("Enter")
    assert page.get_attribute(combobox, "aria-expanded") == "false"
    assert page.input_value(combobox) == "Công đoàn trường Tiểu học Văn Yên"
    assert page.input_value("input[name=unit]") == str(world.grassroots_a2.pk)
    assert axe_violations(page, "main form") == []
    page.select_option("select[name=role]", "grassroots_officer")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main strong:has-text('canbo.vanyen')")
    assert RoleAssignment.objects.get(user__username="canbo.vanyen").unit_id == world.grassroots_a2.pk

    # A member: the officer types part of a name; Escape closes, arrows load the next page at the end.
    login(page, base, "officer_a")
    page.goto(base + "/khen-thuong/de-nghi/moi/")
    page.select_option("select[name=phase]", label="Thi đua năm 2026 — Đợt 2")
    combobox = "#id_member"
    page.focus(combobox)
    page.keyboard.type("nguyen thi")
    page.wait_for_selector("#id_member-listbox [role=option]")
    assert page.inner_text("[data-name=member] [data-picker-status]") == "Đang hiện 20 kết quả; kéo xuống để xem thêm"
    assert page.locator("#id_member-listbox [role=option]").count() == 20
    page.keyboard.press("Escape")
    assert page.get_attribute(combobox, "aria-expanded") == "false"
    page.keyboard.press("ArrowDown")
    page.wait_for_selector("#id_member-listbox [role=option]")
    for _ in range(20):
        page.keyboard.press("ArrowDown")
    # A function, not an expression: Playwright evaluates an expression with eval(), which the site's
    # Content-Security-Policy refuses.
    page.wait_for_function("() => document.querySelectorAll('#id_member-listbox [role=option]').length === 25")
    assert page.locator("#id_member-listbox [role=option]").count() == 25
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")  # a second Escape clears the field
    assert page.input_value(combobox) == ""
    page.keyboard.type("kim dung")
    page.wait_for_function("() => document.querySelectorAll('#id_member-listbox [role=option]').length === 1")
    assert page.inner_text("#id_member-listbox [role=option] .picker-detail") == "Công đoàn Công ty Cổ phần Fecon"
    page.keyboard.press("ArrowDown")
    page.screenshot(path=str(artifacts_dir / f"pickers-member-open-{width}.png"), full_page=True)
    page.keyboard.press("Enter")
    assert page.input_value("input[name=member]") == str(world.member_a.pk)
    assert page.input_value(combobox) == "Nguyễn Thị Kim Dung"
    assert axe_violations(page, "main form") == []
    page.screenshot(path=str(artifacts_dir / f"pickers-member-chosen-{width}.png"), full_page=True)
    assert console_errors == []
