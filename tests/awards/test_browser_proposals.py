"""District staff propose the best awardees of their decision to the city in one action; the city
approves them in its queue."""

import datetime

import pytest
from django.core.files.base import ContentFile

from awards import domain
from awards.enums import AttachmentKind, Level, NominationState
from awards.models import Nomination, NominationAttachment
from tests.awards.factories import NominationFactory, PhaseFactory, QuotaFactory
from tests.awards.test_browser_awards import login
from tests.factories import MemberFactory
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NAMES = ["Nguyễn Thị Kim Dung", "Lê Văn An", "Vũ Thị Mai"]


def _district_decision(world):
    """Three approved district nominations decided by the district: the first with its report."""
    phase = PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026", name="Đợt 2")
    members = [world.member_a] + [MemberFactory(unit=world.grassroots_a, full_name=name) for name in NAMES[1:]]
    nominations = []
    for member in members:
        member.direct_production = True
        member.save()
        nominations.append(
            NominationFactory(
                phase=phase,
                unit=world.grassroots_a,
                member=member,
                state=NominationState.APPROVED,
                created_by=world.officer_a,
            )
        )
    report = NominationAttachment(
        nomination=nominations[0], kind=AttachmentKind.ACHIEVEMENT_REPORT, original_name="bao-cao.pdf", size=9
    )
    report.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    report.save()
    return domain.issue_decision(
        unit=world.district_a,
        number="112/QĐ-LĐLĐ",
        date=datetime.date(2026, 11, 20),
        signer="Phạm Thị Hương",
        nominations=nominations,
        by=world.staff_a,
    )


def test_district_proposes_its_best_awardees_to_the_city_in_one_action(
    live_server, page, artifacts_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    decision = _district_decision(world)
    QuotaFactory(unit=world.district_a, level=Level.CITY, max_count=2)
    waiting = NominationFactory(
        phase=decision.awards.first().nomination.phase,
        unit=world.grassroots_a,
        member__full_name="Đỗ Minh Hằng",
        state=NominationState.APPROVED,
    )
    base = live_server.url

    # 0. An approved district nomination says what comes next: the decision.
    login(page, base, "staff_a")
    page.set_viewport_size(DESKTOP)
    page.goto(base + waiting.get_absolute_url())
    assert page.inner_text("[data-testid=next-step]") == (
        "Bước tiếp theo: ra quyết định khen thưởng cho các đề nghị đã duyệt.\nRa quyết định khen thưởng"
    )
    _both_widths(page, artifacts_dir, "awards-approved-next-step")
    page.click("[data-testid=next-step] >> text=Ra quyết định khen thưởng")
    page.wait_for_selector("h1:has-text('Ban hành quyết định')")

    # 1. On its decision the district sees what comes next, and proposes all three at once.
    page.goto(base + decision.get_absolute_url())
    _both_widths(page, artifacts_dir, "awards-decision-next-step")
    page.click("[data-testid=propose-link]")
    page.wait_for_selector("[data-testid=propose-table]")
    for name in NAMES:
        assert page.get_by_label(f"Danh hiệu cấp Thành phố cho {name}").input_value() != ""
    page.check("[data-testid=propose-table] thead input[type=checkbox]")
    page.fill("textarea[name=note]", "Những người tiêu biểu nhất của quận năm 2026")
    page.screenshot(path=str(artifacts_dir / "awards-propose-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts_dir / "awards-propose-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đề nghị những người/tập thể đã chọn lên Thành phố").click()

    # 2. Each row's result: two within the district's city quota, the third refused with the quota named.
    page.wait_for_selector("text=Đã đề nghị lên Thành phố: Nguyễn Thị Kim Dung, Lê Văn An.")
    refusal = page.inner_text(".alert-danger")
    assert (
        "Chưa thực hiện được cho Vũ Thị Mai: Đã hết chỉ tiêu Công nhân giỏi (Cấp Thành phố (Thủ đô), năm 2026)"
        in refusal
    )
    assert "của LĐLĐ quận Hà Đông: đã dùng 2/2 suất." in refusal
    assert page.locator("[data-testid=proposal-link]").count() == 2
    page.screenshot(path=str(artifacts_dir / "awards-propose-result-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts_dir / "awards-propose-result-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    # 3. The city finds both in its queue, with the dossier, and approves them in one bulk action.
    login(page, base, "city_reviewer")
    page.goto(base + "/khen-thuong/xet-duyet/")
    queue = page.locator("[data-testid=queue-table] tbody tr td:nth-child(2)").all_inner_texts()
    assert queue == ["Nguyễn Thị Kim Dung", "Lê Văn An"]
    page.click("[data-testid=queue-table] >> text=Nguyễn Thị Kim Dung")
    assert page.inner_text("[data-testid=attachments]").startswith("bao-cao.pdf")
    assert "2026: Công nhân giỏi (Cấp quận, huyện) — quyết định 112/QĐ-LĐLĐ" in page.inner_text(
        "[data-testid=earlier-titles]"
    )
    assert page.inner_text("[data-testid=next-step]") == "Bước tiếp theo: Thành phố xét duyệt."
    page.screenshot(path=str(artifacts_dir / "awards-proposal-at-city-1366.png"), full_page=True)
    page.goto(base + "/khen-thuong/xet-duyet/")
    page.check("[data-testid=queue-table] thead input[type=checkbox]")
    page.get_by_role("button", name="Duyệt các đề nghị đã chọn").click()
    page.wait_for_selector("text=Đã thực hiện cho 2 đề nghị")
    states = sorted(Nomination.objects.filter(level=Level.CITY).values_list("state", flat=True))
    assert states == [NominationState.CITY_APPROVED, NominationState.CITY_APPROVED]
    # The quota list reads the use as the proposal page and the nomination page do.
    page.goto(base + "/khen-thuong/chi-tieu/")
    assert page.inner_text("[data-testid=quota-use]") == "2 / 2"
    _both_widths(page, artifacts_dir, "awards-quota-list")


def _both_widths(page, artifacts_dir, name):
    page.screenshot(path=str(artifacts_dir / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts_dir / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
