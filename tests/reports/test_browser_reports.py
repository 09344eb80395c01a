"""Done-when, in the browser: district staff open the phase report, write section III and download the
.docx, the PDF and the .xlsx; the city reviewer's dashboard shows every district, a district user's only
their own unions. Screenshots at 1366 and 390 px; axe finds nothing; nothing scrolls sideways."""

import io
from decimal import Decimal
from pathlib import Path

import pytest

from campaigns.models import ScoreBand, ScoreSheet
from reports.domain import tally
from tests.a11y import axe_violations
from tests.awards.factories import AwardFactory
from tests.reports.factories import assessed, ended_phase, register, upper_award
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((1366, 900), (390, 844))
SECTION_III = "Một số công đoàn cơ sở khối doanh nghiệp ngoài nhà nước chưa đăng ký thi đua đúng hạn."


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("text=Xin chào")


def no_sideways_scroll(page):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, (scroll_width, inner_width)


def _phase(world):
    phase = ended_phase(world.district_a, year=2023)
    register(phase.campaign, world.grassroots_a)
    sheet = ScoreSheet.objects.create(campaign=phase.campaign, block=world.grassroots_a.block, name="Bảng điểm")
    band = ScoreBand.objects.create(sheet=sheet, name="Hoàn thành xuất sắc nhiệm vụ", min_score=Decimal(90))
    assessed(phase, world.grassroots_a, Decimal("95"), band)
    upper_award(phase, world.grassroots_a)
    tally.tally_phase(phase)
    return phase


def test_district_staff_writes_section_iii_and_downloads_the_files(live_server, browser, artifacts_dir):
    world = build_world()
    _phase(world)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    login(page, base, "staff_a")
    page.click("nav >> text=Báo cáo")
    page.click("[data-testid=phase-row] >> text=Mở")
    page.wait_for_selector("h1:has-text('Sơ kết Đợt 1')")
    assert "Chính thức" in page.inner_text("[data-testid=report-status]")
    assert "1/2 công đoàn cơ sở đăng ký thi đua (đạt 50%)." in page.inner_text("[data-testid=report-body]")
    assert "1 Công nhân giỏi cấp quận, huyện." in page.inner_text("[data-testid=report-body]")

    page.fill("#id_shortcomings-text", SECTION_III)
    page.locator("[data-testid=section-shortcomings]").get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã lưu.")
    assert page.input_value("#id_shortcomings-text") == SECTION_III
    assert axe_violations(page) == []
    no_sideways_scroll(page)
    page.screenshot(path=str(artifacts_dir / "reports-phase-1366.png"), full_page=True)

    files = {}
    for fmt in ("docx", "pdf", "xlsx"):
        with page.expect_download() as info:
            page.click(f"[data-testid=download-{fmt}]")
        files[fmt] = Path(info.value.path()).read_bytes()

    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    docx_text = "\n".join(p.text for p in Document(io.BytesIO(files["docx"])).paragraphs)
    assert "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN\n" + SECTION_III in docx_text
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    assert " ".join(SECTION_III.split()) in " ".join(pdf_text.split())
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    ranks = [list(r) for r in workbook["Phụ lục 4"].iter_rows(values_only=True)]
    assert [1, "Công đoàn Công ty Cổ phần Fecon", "95,00", "Hoàn thành xuất sắc nhiệm vụ", "1/1"] in ranks

    # The same file made in the background: the page follows its progress and offers it when ready.
    page.click("[data-testid=export-xlsx]")
    page.wait_for_selector("[data-testid=export-file]")
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.click("[data-testid=export-file]")
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"
    page.go_back()

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    no_sideways_scroll(page)
    assert axe_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "reports-phase-390.png"), full_page=True)
    context.close()


def test_dashboards_city_sees_every_district_a_district_only_its_own(live_server, browser, artifacts_dir):
    world = build_world()
    AwardFactory(unit=world.grassroots_a, year=2026)
    AwardFactory(unit=world.grassroots_b, year=2026)
    base = live_server.url
    for username, expected in (
        ("city_reviewer", ["LĐLĐ huyện Đan Phượng", "LĐLĐ quận Hà Đông"]),
        ("staff_a", ["Công đoàn Công ty Cổ phần Fecon", "Công đoàn trường Tiểu học Văn Yên"]),
    ):
        for width, height in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
            page = context.new_page()
            errors = []
            page.on("console", lambda message, errors=errors: message.type == "error" and errors.append(message.text))
            login(page, base, username)
            page.goto(base + "/bao-cao/bang-dieu-khien/")
            rows = page.locator("[data-testid=dash-unit] th").all_inner_texts()
            assert rows == expected
            # Chart.js drew the charts from the page's own copy (nothing loaded from elsewhere).
            assert page.evaluate("typeof Chart") == "function"
            assert page.evaluate("Object.keys(Chart.instances).length") >= 3
            assert errors == []
            assert axe_violations(page) == []
            no_sideways_scroll(page)
            page.screenshot(path=str(artifacts_dir / f"reports-dashboard-{username}-{width}.png"), full_page=True)
            context.close()


def test_a_large_report_waits_for_its_figures_then_opens_by_itself(live_server, browser, settings):
    """The stage report of a subtree above REPORTS_LIVE_MAX_UNITS: the page says the figures are being
    counted and polls; once the worker has kept them, the page reloads into the report. axe-clean."""
    from reports import tasks
    from reports.models import PeriodTally

    settings.REPORTS_LIVE_MAX_UNITS = 1
    world = build_world()
    _phase(world)
    base = live_server.url
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    login(page, base, "staff_a")
    page.goto(f"{base}/bao-cao/don-vi/{world.district_a.pk}/nam-2023/")
    status = page.wait_for_selector("[data-testid=report-preparing]")
    assert "đang được tổng hợp" in status.inner_text()
    assert axe_violations(page) == []
    no_sideways_scroll(page)
    # The worker (in tests, Celery runs the queued task in place once the request commits).
    for pending in PeriodTally.objects.filter(state=PeriodTally.State.PENDING):
        tasks.tally_period(tally_id=pending.pk)
    assert PeriodTally.objects.filter(state=PeriodTally.State.READY).count() == 1
    page.wait_for_selector("[data-testid=report-body]", timeout=10_000)  # the poll reloads the page
    assert "Chính thức Số liệu tổng hợp lúc" in page.inner_text("[data-testid=report-status]")
    assert "Khen thưởng cấp quận, huyện: 1 cá nhân và 0 tập thể." in page.inner_text("[data-testid=report-body]")
