"""A grassroots officer issues a recognition decision over what the council passed, in a real browser,
and downloads a Giấy chứng nhận sáng kiến. The list, the form and the decision's page are checked at a
phone's width (390 px) and a desktop's (1366 px): nothing wider than the window, no console error, no
axe-core violation; screenshots are kept as var/test-artifacts/layout-initiatives-decision-*.png."""

import subprocess
import unicodedata

import pytest

from initiatives import domain
from initiatives.enums import InitiativeState
from initiatives.models import RecognitionDecision
from tests.factories import MemberFactory
from tests.initiatives.factories import GOOD, make_council, make_initiative, score_all
from tests.unionsite.test_browser_layout import WIDTHS, check_page, log_in
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_data():
    world = build_world()
    make_council(world.grassroots_a, world.officer_a, users=[world.officer_a])
    colleague = MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn Cường")
    rows = {}
    for title, points, authors in (
        ("Máy cắt thép tự động", GOOD, [(world.member_a, 70), (colleague, 30)]),
        ("Sổ tay an toàn điện bằng hình ảnh", {"novelty": 35, "applicability": 27, "effectiveness": 26}, None),
        ("Giá để khuôn di động", {"novelty": 30, "applicability": 25, "effectiveness": 6}, None),
    ):
        initiative = make_initiative(world.grassroots_a, world.officer_a, title=title, authors=authors, submit=True)
        domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=world.officer_a)
        score_all(initiative.reviews.get(), points)
        rows[title] = initiative
    return world, rows


def _check(page, base, errors, pages, width, artifacts_dir):
    problems = {}
    for name, url in pages:
        found = check_page(page, errors, base + url, f"initiatives-decision-{name}", width, artifacts_dir)
        if found:
            problems[f"{name}-{width}"] = found
    return problems


def test_an_officer_issues_a_decision_and_downloads_a_certificate(live_server, browser, artifacts_dir, tmp_path):
    _world, rows = build_data()
    base = live_server.url
    problems = {}
    errors = []
    contexts = {}
    for width, height in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        contexts[width] = context
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        log_in(page, base, "officer_a")
        problems |= _check(
            page,
            base,
            errors,
            [("list-empty", "/sang-kien/quyet-dinh/"), ("create", "/sang-kien/quyet-dinh/moi/")],
            width,
            artifacts_dir,
        )

    # On the desktop: the failing initiative cannot be chosen and says why; the two others are recognised.
    page = contexts[1366].pages[0]
    page.click("text=Ban hành quyết định công nhận sáng kiến")
    weak = rows["Giá để khuôn di động"]
    assert page.is_disabled(f"#initiative-{weak.pk}")
    assert "Dưới 10 điểm ở: Hiệu quả." in page.inner_text(f"[data-testid=candidate-{weak.pk}]")
    page.get_by_label("Máy cắt thép tự động").check()
    page.get_by_label("Sổ tay an toàn điện bằng hình ảnh").check()
    page.fill("input[name=number]", "12/QĐ-CĐ")
    page.fill("input[name=date]", "20/11/2026")
    page.fill("input[name=signer]", "Lê Thị Hồng Nhung")
    page.fill("input[name=signer_title]", "Chủ tịch")
    page.click("form[data-testid=decision-form] button[type=submit]")
    page.wait_for_selector("text=Đã ban hành quyết định 12/QĐ-CĐ.")
    decision = RecognitionDecision.objects.get()
    assert page.url == f"{base}/sang-kien/quyet-dinh/{decision.pk}/"
    table = page.inner_text("[data-testid=decision-recognitions]")
    assert "Máy cắt thép tự động" in table
    assert "Nguyễn Thị Kim Dung (70\xa0%)" in table
    assert "83,00" in table
    with page.expect_download() as download_info:
        page.locator("[data-testid=decision-recognitions] tr", has_text="Máy cắt thép").locator(
            "[data-testid=certificate-link]"
        ).click()
    path = tmp_path / "chung-nhan.pdf"
    download_info.value.save_as(path)
    text = unicodedata.normalize(
        "NFC", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    )
    assert "GIẤY CHỨNG NHẬN SÁNG KIẾN" in text
    assert "Đã được công nhận là sáng kiến cấp cơ sở năm 2026, xếp loại B" in text
    assert "Quyết định số 12/QĐ-CĐ, ngày 20/11/2026" in text

    # Every page again with the decision in place, at both widths.
    for width, context in contexts.items():
        page = context.pages[0]
        problems |= _check(
            page,
            base,
            errors,
            [
                ("list", "/sang-kien/quyet-dinh/"),
                ("detail", f"/sang-kien/quyet-dinh/{decision.pk}/"),
                ("create-after", "/sang-kien/quyet-dinh/moi/"),
            ],
            width,
            artifacts_dir,
        )
        # The district's staff choose the deciding unit by typing (the district itself by default).
        context.clear_cookies()
        log_in(page, base, "staff_a")
        problems |= _check(
            page, base, errors, [("create-district", "/sang-kien/quyet-dinh/moi/")], width, artifacts_dir
        )
        assert page.input_value("#id_unit") == "LĐLĐ quận Hà Đông"
        if width > 390:
            page.fill("#id_unit", "van yen")
            page.get_by_role("option", name="Công đoàn trường Tiểu học Văn Yên").click()
            page.click("text=Đổi đơn vị quyết định")
            page.wait_for_selector(
                "[data-testid=deciding-unit]:has-text('Công đoàn trường Tiểu học Văn Yên — Cấp cơ sở')"
            )
        context.close()
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())
