"""The whole road from registration to certificate, as the three demo roles walk it in Chromium.

District staff key in two unions' registrations (coverage counts them at once) and start this year's
score sheet from last year's; the grassroots officer self-assesses on it and nominates a member with
an attachment; the district approves, issues its decision and proposes its awardees to the city in one
action (the third is refused, the quota named); the city approves both in one bulk action and issues
its decision, whose PDF reads back with "Căn cứ", "Điều 1" and "Nơi nhận", diacritics intact."""

import datetime
import subprocess
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import Level, NominationState
from awards.models import Award, Nomination
from campaigns.enums import CampaignState
from campaigns.models import Campaign, Criterion, Phase, ScoreSheet, UnitRegistration
from tests.awards.factories import NominationFactory, QuotaFactory, title
from tests.awards.test_browser_awards import login as log_in
from tests.awards.test_browser_awards import move_form
from tests.campaigns.factories_scoring import ScoringCampaignFactory, make_sheet
from tests.factories import MemberFactory
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def issue_decision(page, base, number, signer, signer_title):
    """Fill the decision form with every decidable nomination and issue it."""
    page.goto(base + reverse("awards:decision_create"))
    page.fill("input[name=number]", number)
    page.fill("input[name=date]", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("input[name=signer]", signer)
    page.fill("input[name=signer_title]", signer_title)
    for box in page.locator("input[name=nominations]").all():
        box.check()
    page.click("form button[type=submit]:has-text('Ban hành quyết định')")
    page.wait_for_selector(f"text=Đã ban hành quyết định {number}.")


def both_widths(page, artifacts_dir, name):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"road-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def the_year_around_today():
    """A district campaign running today, with one phase open for everything, and last year's."""
    today = timezone.localdate()
    world = build_world()
    campaign = Campaign.objects.create(
        launched_by=world.district_a,
        title="Thi đua lao động giỏi quận Hà Đông",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=30),
        state=CampaignState.LAUNCHED,
    )
    Phase.objects.create(
        campaign=campaign,
        number=1,
        name="Đợt 1",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=30),
        registration_open=True,
        self_assessment_open=True,
        nominations_open=True,
        review_open=True,
    )
    last_year = ScoringCampaignFactory(launched_by=world.district_a, title="Thi đua năm trước quận Hà Đông")
    old_sheet = make_sheet(last_year, world.grassroots_a.block, by=world.staff_a, vetoes=["Tai nạn lao động"])
    return world, campaign, old_sheet


def test_the_road_from_registration_to_certificate(live_server, page, artifacts_dir, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    world, campaign, old_sheet = the_year_around_today()
    year = campaign.year
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    member = world.member_a
    member.direct_production = True
    member.save()
    # Two more awardees of the district's decision: their unions' nominations wait in the queue.
    others = [
        MemberFactory(unit=world.grassroots_a2, full_name=n, direct_production=True)
        for n in ("Lê Văn An", "Vũ Thị Mai")
    ]
    phase = campaign.phases.get()
    for other in others:
        NominationFactory(
            phase=phase,
            unit=world.grassroots_a2,
            member=other,
            level=Level.UPPER,
            year=year,
            state=NominationState.SUBMITTED,
        )
    QuotaFactory(unit=world.district_a, title=title("cong-nhan-gioi"), level=Level.CITY, year=year, max_count=2)

    # 1. The district keys in two unions' paper registrations: coverage counts them at once.
    log_in(page, base, "staff_a")
    for unit in (world.grassroots_a, world.grassroots_a2):
        page.goto(base + reverse("campaigns:registration_create", args=[campaign.pk]) + f"?unit={unit.pk}")
        page.fill("textarea[name=commitments]", "100% đoàn viên đăng ký thi đua lao động giỏi.")
        page.click("form button[type=submit]:has-text('Tạo bản đăng ký')")
        page.wait_for_selector("[data-testid=registration-state]:has-text('Đã chấp nhận')")
    assert UnitRegistration.objects.filter(campaign=campaign, state="accepted").count() == 2
    page.goto(base + reverse("campaigns:coverage", args=[campaign.pk]))
    assert page.inner_text("[data-testid=coverage-summary]").startswith("Đã đăng ký: 2 trên 2 công đoàn.")
    both_widths(page, artifacts_dir, "1-coverage")

    # 2. It starts this year's score sheet from last year's.
    page.goto(base + reverse("campaigns:scoring_sheet_detail", args=[old_sheet.pk]))
    page.click("[data-testid=copy-sheet]")
    page.select_option("select[name=campaign]", str(campaign.pk))
    page.select_option("select[name=block]", str(world.grassroots_a.block.pk))
    page.click("button[type=submit]:text-is('Tạo')")
    page.wait_for_selector(".alert-success:has-text('Đã sao chép bảng điểm từ')")
    sheet = ScoreSheet.objects.get(campaign=campaign)
    ids = {c.code: c.pk for c in Criterion.objects.filter(section__sheet=sheet)}

    # 3. The officer self-assesses on it and submits.
    log_in(page, base, "officer_a")
    page.goto(base + reverse("campaigns:scoring_assessment_list"))
    page.click("[data-testid=to-start] button:has-text('Bắt đầu tự chấm')")
    page.wait_for_selector("[data-testid=self-score-form]")
    for code, score in (("1.1", "40"), ("1.2", "27,5"), ("2.1", "29")):
        page.fill(f"#id_score_{ids[code]}", score)
    page.click("button:has-text('Lưu và gửi')")
    page.wait_for_selector("text=Đã gửi để xét duyệt")
    both_widths(page, artifacts_dir, "2-self-assessed")

    # 4. It nominates its member, with the achievement report attached, and submits.
    page.goto(base + reverse("awards:nomination_create"))
    page.select_option("select[name=phase]", label=f"{campaign.title} — Đợt 1")
    page.select_option("select[name=unit]", label="Công đoàn Công ty Cổ phần Fecon")
    page.fill("#id_member", "kim dung")
    page.get_by_role("option", name="Nguyễn Thị Kim Dung").click()
    page.select_option("select[name=title]", label="Công nhân giỏi")
    page.select_option("select[name=level]", label="Cấp quận, huyện")
    page.fill("textarea[name=achievements]", "Hoàn thành xuất sắc nhiệm vụ; 2 sáng kiến được áp dụng.")
    page.check("input[name=not_disciplined]")
    page.check("input[name=not_absent_40_days]")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("[data-testid=eligibility]")
    report = tmp_path / "bao-cao-thanh-tich.pdf"
    report.write_bytes(b"%PDF-1.4\n% bao cao thanh tich\n")
    page.set_input_files("input[name=file]", str(report))
    page.click("form button[type=submit]:has-text('Đính kèm')")
    page.wait_for_selector("[data-testid=attachments]:has-text('bao-cao-thanh-tich.pdf')")
    move_form(page, "Gửi lên cấp trên").get_by_role("button").click()
    page.wait_for_selector("[data-testid=nomination-state]:has-text('Đã gửi cấp trên')")
    both_widths(page, artifacts_dir, "3-nominated")

    # 5. The district approves the three in one bulk action and issues its decision.
    log_in(page, base, "staff_a")
    page.goto(base + "/khen-thuong/xet-duyet/")
    page.check("[data-testid=queue-table] thead input[type=checkbox]")
    page.get_by_role("button", name="Duyệt các đề nghị đã chọn").click()
    page.wait_for_selector("text=Đã thực hiện cho 3 đề nghị")
    issue_decision(page, base, "112/QĐ-LĐLĐ", "Phạm Thị Hương", "Chủ tịch")
    assert Award.objects.filter(level=Level.UPPER, year=year, decision__number="112/QĐ-LĐLĐ").count() == 3

    # 6. It proposes its awardees to the city in one action: two within the city quota, the third
    # refused with the quota named.
    page.click("[data-testid=propose-link]")
    page.wait_for_selector("[data-testid=propose-table]")
    page.check("[data-testid=propose-table] thead input[type=checkbox]")
    page.fill("textarea[name=note]", "Những người tiêu biểu nhất của quận")
    page.get_by_role("button", name="Đề nghị những người/tập thể đã chọn lên Thành phố").click()
    page.wait_for_selector("text=Đã đề nghị lên Thành phố")
    refusal = page.inner_text(".alert-danger")
    assert f"Đã hết chỉ tiêu Công nhân giỏi (Cấp Thành phố (Thủ đô), năm {year})" in refusal
    assert "của LĐLĐ quận Hà Đông: đã dùng 2/2 suất." in refusal
    both_widths(page, artifacts_dir, "4-proposed")

    # 7. The city approves both in one bulk action and issues its decision.
    log_in(page, base, "city_reviewer")
    page.goto(base + "/khen-thuong/xet-duyet/")
    assert page.locator("[data-testid=queue-table] tbody tr").count() == 2
    page.check("[data-testid=queue-table] thead input[type=checkbox]")
    page.get_by_role("button", name="Duyệt các đề nghị đã chọn").click()
    page.wait_for_selector("text=Đã thực hiện cho 2 đề nghị")
    issue_decision(page, base, "312/QĐ-LĐLĐ", "Phạm Quang Thanh", "Chủ tịch LĐLĐ Thành phố Hà Nội")
    both_widths(page, artifacts_dir, "5-city-decision")
    city_awards = Award.objects.filter(level=Level.CITY, year=year)
    assert sorted(a.member.full_name for a in city_awards) == sorted(
        n.member.full_name for n in Nomination.objects.filter(level=Level.CITY, state=NominationState.CITY_APPROVED)
    )
    assert city_awards.count() == 2

    # 8. The decision PDF reads back in the official layout, diacritics intact.
    with page.expect_download() as download_info:
        page.click("text=Tải quyết định (PDF)")
    path = tmp_path / "quyet-dinh.pdf"
    download_info.value.save_as(path)
    assert download_info.value.suggested_filename == "quyet-dinh-312-qd-ldld.pdf"
    text = unicodedata.normalize(
        "NFC", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    )
    for words in ("Căn cứ", "Điều 1", "Điều 2", "Điều 3", "Nơi nhận", "QUYẾT ĐỊNH", "312/QĐ-LĐLĐ", "Phạm Quang Thanh"):
        assert words in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(artifacts_dir / "road-6-decision")],
        check=True,
    )
