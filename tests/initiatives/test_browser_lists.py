"""The register's list in Chromium, on a phone and on a desktop: district staff narrow it to one union by
typing its name without diacritics, the totals follow, the page fits the window and axe-core finds
nothing. Screenshots: var/test-artifacts/initiative-list-<width>.png."""

import pytest

from initiatives import domain
from initiatives.enums import InitiativeState
from tests.a11y import axe_violations
from tests.factories import MemberFactory
from tests.initiatives.factories import make_council, make_initiative, recognise
from tests.unionsite.test_browser_layout import check_page, log_in
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_register():
    world = build_world()
    make_council(world.grassroots_a, world.officer_a)
    make_council(world.grassroots_a2, world.staff_a)
    colleague = MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn Cường")
    steel = make_initiative(
        world.grassroots_a,
        world.officer_a,
        title="Máy cắt thép tự động",
        value=1_250_000_000,
        authors=[(world.member_a, 60), (colleague, 40)],
        submit=True,
    )
    recognise(steel, world.officer_a, number="12/QĐ-CĐ")
    library = make_initiative(
        world.grassroots_a2,
        world.staff_a,
        title="Phần mềm quản lý thư viện",
        value=120_000_000,
        authors=[(colleague, 100)],
    )
    domain.WORKFLOW.transition(library, InitiativeState.SUBMITTED, by=world.staff_a)
    make_initiative(
        world.grassroots_a, world.officer_a, title="Bàn gá hàn xoay", value=None, social_value="An toàn hơn"
    )
    return world


@pytest.mark.parametrize("width", [1366, 390])
def test_list_filtered_by_a_typed_union(live_server, browser, artifacts_dir, width):
    world = build_register()
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server.url, "staff_a")
    url = live_server.url + "/sang-kien/"
    assert check_page(page, errors, url, f"initiative-list-all-{width}", width, artifacts_dir) == []
    assert page.locator("[data-testid=initiative-row]").count() == 3
    if width < 768:
        # The filters fold away on a phone until asked for.
        assert not page.locator("#id_q").is_visible()
        page.click("button[aria-controls=initiative-filter-box]")
        page.wait_for_selector("#id_q", state="visible")
    page.focus("#id_unit")
    page.keyboard.type("van yen")
    page.wait_for_selector("#id_unit-listbox [role=option]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.input_value("input[name=unit]") == str(world.grassroots_a2.pk)
    page.click("[data-testid=initiative-filters] button[type=submit]")
    page.wait_for_url(f"**unit={world.grassroots_a2.pk}**")
    assert page.locator("[data-testid=initiative-row]").all_inner_texts()[0].startswith("Phần mềm quản lý thư viện")
    assert page.locator("[data-testid=initiative-row]").count() == 1
    assert page.inner_text("[data-testid=totals-listed]").split() == ["Đang", "liệt", "kê", "1", "120.000.000", "đ"]
    # Filtered, the phone shows the filters open.
    assert page.locator("#id_q").is_visible()
    page.screenshot(path=str(artifacts_dir / f"initiative-list-{width}.png"), full_page=True)
    assert axe_violations(page) == []
    assert errors == []
    context.close()
