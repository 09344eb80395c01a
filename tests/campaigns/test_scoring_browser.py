"""Browser journeys of scoring: the sheet builder (htmx rows, keyboard), a grassroots officer's
self-assessment, the district's review with a changed score, and the ranking."""

import re

import pytest
from playwright.sync_api import expect

from campaigns.domain import scoring as domain
from campaigns.models import Criterion, SelfAssessment
from tests.campaigns.factories_scoring import (
    ScoringCampaignFactory,
    ScoringPhaseFactory,
    make_sheet,
    review,
    self_assess,
)
from tests.factories import ClusterFactory, GrassrootsFactory
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("[data-testid=current-user]")


def log_out(page):
    page.click("nav button:has-text('Đăng xuất')")
    page.wait_for_selector("input[name=username]")


@pytest.fixture
def scene():
    world = build_world()
    campaign = ScoringCampaignFactory(launched_by=world.district_a, title="Thi đua năm 2023 quận Hà Đông")
    phase = ScoringPhaseFactory(campaign=campaign, name="Đợt 1")
    sheet = make_sheet(
        campaign, world.grassroots_a.block, by=world.staff_a, vetoes=["Để xảy ra tai nạn lao động chết người"]
    )
    cluster = ClusterFactory(organiser=world.district_a, name="Cụm thi đua số 1")
    for unit in (world.grassroots_a, world.grassroots_a2):
        unit.cluster = cluster
        unit.save()
    # Two other enterprises of the cluster, already reviewed: 95 and 88 points.
    for name, scores in (
        ("Công ty May Hà Đông", {"1.1": 40, "1.2": 30, "2.1": 25}),
        ("Công ty Xây dựng số 5", {"1.1": 35, "1.2": 28, "2.1": 25}),
    ):
        unit = GrassrootsFactory(parent=world.district_a, name=name, block=world.grassroots_a.block, cluster=cluster)
        review(
            self_assess(domain.start_assessment(phase=phase, unit=unit, by=world.staff_a), world.staff_a, scores),
            world.staff_a,
        )
    return world, phase, sheet


def test_officer_self_assesses_district_reviews_ranking_shows(live_server, page, artifacts_dir, scene, tmp_path):
    world, phase, sheet = scene
    ids = {c.code: c.pk for c in Criterion.objects.filter(section__sheet=sheet)}
    evidence = tmp_path / "bien-ban-kiem-tra-atvsld.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% bien ban\n")
    page.on("dialog", lambda dialog: dialog.accept())

    # The grassroots officer starts, fills with evidence, saves a draft, submits.
    log_in(page, live_server, "officer_a")
    page.goto(live_server.url + "/phong-trao/cham-diem/tu-danh-gia/")
    page.click("[data-testid=to-start] button:has-text('Bắt đầu tự chấm')")
    page.wait_for_selector("[data-testid=self-score-form]")
    page.fill(f"#id_score_{ids['1.1']}", "40")
    page.keyboard.press("Tab")
    page.keyboard.type("Biên bản kiểm tra an toàn vệ sinh lao động quý II")
    page.set_input_files(f"#id_file_{ids['1.1']}", str(evidence))
    page.fill(f"#id_score_{ids['1.2']}", "27,5")
    expect(page.locator("[data-testid=live-total]")).to_have_text("67,5")
    page.screenshot(path=str(artifacts_dir / "scoring-officer-fill.png"), full_page=True)
    page.click("button:has-text('Lưu nháp')")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu nháp")
    expect(page.get_by_role("link", name="bien-ban-kiem-tra-atvsld.pdf")).to_be_visible()
    page.fill(f"#id_score_{ids['2.1']}", "29")
    page.click("button:has-text('Lưu và gửi')")
    expect(page.locator("[data-testid=state]")).to_have_text("Đã gửi để xét duyệt")
    expect(page.locator("[data-testid=self-total]")).to_contain_text("96,5")
    page.screenshot(path=str(artifacts_dir / "scoring-officer-submitted.png"), full_page=True)
    log_out(page)

    # The district reviews: 1.1 drops to 32 with a reason, and finishes the review.
    log_in(page, live_server, "staff_a")
    assessment = SelfAssessment.objects.get(phase=phase, unit=world.grassroots_a)
    page.goto(live_server.url + f"/phong-trao/cham-diem/tu-danh-gia/{assessment.pk}/")
    page.click("a:has-text('Thẩm định điểm')")
    page.wait_for_selector("[data-testid=review-form]")
    page.fill(f"#id_score_{ids['1.1']}", "32")
    expect(page.locator("[data-testid=live-total]")).to_have_text("88,5")
    page.screenshot(path=str(artifacts_dir / "scoring-review-form.png"), full_page=True)
    page.click("button:has-text('Lưu và hoàn tất thẩm định')")
    expect(page.locator(f"#id_reason_{ids['1.1']} ~ .invalid-feedback, .alert-danger").first).to_be_visible()
    page.fill(f"#id_score_{ids['1.1']}", "32")
    page.fill(f"#id_reason_{ids['1.1']}", "Biên bản kiểm tra chưa có chữ ký")
    page.click("button:has-text('Lưu và hoàn tất thẩm định')")
    expect(page.locator("[data-testid=state]")).to_have_text("Đã xét duyệt")
    expect(page.locator("[data-testid=total]")).to_contain_text("88,5")
    expect(page.locator("[data-testid=band]")).to_have_text("Hoàn thành tốt nhiệm vụ")
    expect(page.locator("[data-testid=history]")).to_contain_text("Biên bản kiểm tra chưa có chữ ký")
    page.screenshot(path=str(artifacts_dir / "scoring-reviewed.png"), full_page=True)

    # The ranking: 95, then 88.5 (ours), then 88.
    page.click("a:has-text('Xếp hạng')")
    rows = page.locator("[data-testid=ranking-row]")
    expect(rows).to_have_count(3)
    names = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(3)]
    assert names == ["Công ty May Hà Đông", "Công đoàn Công ty Cổ phần Fecon", "Công ty Xây dựng số 5"]
    assert [rows.nth(i).locator("td").nth(1).inner_text() for i in range(3)] == ["1", "2", "3"]
    expect(rows.nth(1).locator("td").nth(5)).to_have_text("88,50")
    page.screenshot(path=str(artifacts_dir / "scoring-ranking.png"), full_page=True)


def test_staff_builds_a_sheet_with_htmx_rows_and_the_keyboard(live_server, page, artifacts_dir, scene):
    _world, _phase, sheet = scene
    log_in(page, live_server, "staff_a")
    page.goto(live_server.url + f"/phong-trao/cham-diem/bang-diem/{sheet.pk}/sua/")
    page.click("button:has-text('Thêm phần')")
    expect(page.locator("[data-testid=section-row]")).to_have_count(3)
    new_section = page.locator("[data-testid=section-row]").last
    expect(new_section.locator("input[name^=s-][name$=-title]")).to_be_focused()
    page.keyboard.type("Phần 3: Công tác nữ công")
    new_section.locator("button:has-text('Thêm tiêu chí')").click()
    expect(new_section.locator("[data-testid=criterion-row]")).to_have_count(1)
    code = new_section.locator("[data-testid=criterion-row] input[name$=-code]").last
    expect(code).to_be_focused()
    page.keyboard.type("3.1")
    page.keyboard.press("Tab")
    page.keyboard.type("Phong trào Giỏi việc nước – Đảm việc nhà")
    page.keyboard.press("Tab")
    page.keyboard.type("10")
    page.click("button:has-text('Thêm điều kiện loại trừ')")
    expect(page.locator("[data-testid=veto-row]")).to_have_count(2)
    expect(page.locator("[data-testid=veto-row] input[name$=-text]").last).to_be_focused()
    page.keyboard.type("Có đơn thư khiếu nại vượt cấp đúng sự thật")
    page.screenshot(path=str(artifacts_dir / "scoring-builder.png"), full_page=True)
    page.click("form[data-testid=sheet-builder] button[type=submit]:has-text('Lưu')")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu bảng điểm")
    expect(page.locator("[data-testid=criteria]")).to_contain_text("Phong trào Giỏi việc nước – Đảm việc nhà")
    expect(page.locator("[data-testid=max-points]")).to_have_text("110")
    expect(page.locator("[data-testid=vetoes]")).to_contain_text("Có đơn thư khiếu nại vượt cấp đúng sự thật")
    assert re.search(r"/bang-diem/\d+/$", page.url)
