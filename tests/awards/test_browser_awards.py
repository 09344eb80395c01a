"""The three users walk one nomination for "Công nhân giỏi Thủ đô" from draft to certificate."""

import subprocess
import unicodedata

import pytest

from awards.enums import Level
from awards.models import Award, Nomination
from tests.awards.factories import AwardFactory, PhaseFactory
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("text=Xin chào")


def move_form(page, label):
    return page.locator("[data-testid=moves] form", has=page.get_by_role("button", name=label, exact=True))


def test_nomination_from_grassroots_to_city_certificate(live_server, page, artifacts_dir, tmp_path):
    world = build_world()
    member = world.member_a
    member.direct_production = True
    member.save()
    AwardFactory(unit=world.grassroots_a, member=member, level=Level.UPPER, year=2026)
    PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026", name="Đợt 2")
    base = live_server.url

    # 1. The grassroots officer nominates Nguyễn Thị Kim Dung for Công nhân giỏi Thủ đô.
    login(page, base, "officer_a")
    page.click("nav >> text=Khen thưởng")
    page.click("text=Đề nghị khen thưởng mới")
    page.select_option("select[name=phase]", label="Thi đua năm 2026 — Đợt 2")
    page.select_option("select[name=unit]", label="Công đoàn Công ty Cổ phần Fecon")
    # The member is found by typing, among the chosen union's members (static/js/picker.js).
    page.fill("#id_member", "kim dung")
    page.get_by_role("option", name="Nguyễn Thị Kim Dung").click()
    assert page.input_value("input[name=member]") == str(member.pk)
    page.select_option("select[name=title]", label="Công nhân giỏi")
    page.select_option("select[name=level]", label="Cấp Thành phố (Thủ đô)")
    page.fill("textarea[name=achievements]", "Hoàn thành xuất sắc nhiệm vụ; 2 sáng kiến được áp dụng.")
    page.check("input[name=not_disciplined]")
    page.check("input[name=not_absent_40_days]")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("[data-testid=eligibility]")
    assert page.locator("[data-testid=eligibility] .list-group-item-danger").count() == 0
    assert "2026: Công nhân giỏi (Cấp quận, huyện)" in page.inner_text("[data-testid=earlier-titles]")
    page.screenshot(path=str(artifacts_dir / "awards-1-draft.png"), full_page=True)
    move_form(page, "Gửi lên cấp trên").get_by_role("button").click()
    page.wait_for_selector("[data-testid=nomination-state]:has-text('Đã gửi cấp trên')")
    nomination_url = page.url

    # 2. The district returns it for completion.
    login(page, base, "staff_a")
    page.goto(base + "/khen-thuong/xet-duyet/")
    page.click("[data-testid=queue-table] >> text=Nguyễn Thị Kim Dung")
    form = move_form(page, "Trả lại để bổ sung")
    form.locator("textarea[name=note]").fill("Bổ sung biên bản họp hội đồng thi đua")
    form.get_by_role("button").click()
    page.wait_for_selector("[data-testid=nomination-state]:has-text('Trả lại để bổ sung')")

    # 3. The officer sees why on the home page, completes it and resubmits.
    login(page, base, "officer_a")
    panel = page.inner_text("[data-testid=awards-notifications-panel]")
    assert "Trả lại để bổ sung (Bổ sung biên bản họp hội đồng thi đua)" in panel
    page.goto(nomination_url)
    page.click("text=Sửa")
    page.fill("textarea[name=achievements]", "Hoàn thành xuất sắc nhiệm vụ; 2 sáng kiến; đã có biên bản họp hội đồng.")
    page.click("form button[type=submit]:has-text('Lưu')")
    page.wait_for_selector("[data-testid=eligibility]")
    move_form(page, "Gửi lại").get_by_role("button").click()
    page.wait_for_selector("[data-testid=nomination-state]:has-text('Đã gửi lại')")

    # 4. The district approves and forwards to the city.
    login(page, base, "staff_a")
    page.goto(nomination_url)
    move_form(page, "Duyệt").get_by_role("button").click()
    page.wait_for_selector("[data-testid=nomination-state]:has-text('Cấp trên đã duyệt')")
    move_form(page, "Chuyển lên Thành phố").get_by_role("button").click()
    page.wait_for_selector("[data-testid=nomination-state]:has-text('Đã chuyển lên Thành phố')")

    # 5. The city approves and issues the decision.
    login(page, base, "city_reviewer")
    page.goto(base + "/khen-thuong/xet-duyet/")
    page.click("[data-testid=queue-table] >> text=Nguyễn Thị Kim Dung")
    move_form(page, "Duyệt cấp Thành phố").get_by_role("button").click()
    page.wait_for_selector("[data-testid=nomination-state]:has-text('Thành phố đã duyệt')")
    page.goto(base + "/khen-thuong/quyet-dinh/moi/")
    assert page.input_value("select[name=unit]") == str(world.city.pk)
    page.fill("input[name=number]", "312/QĐ-LĐLĐ")
    page.fill("input[name=date]", "2026-11-25")
    page.fill("input[name=signer]", "Phạm Quang Thanh")
    page.fill("input[name=signer_title]", "Chủ tịch LĐLĐ Thành phố Hà Nội")
    page.check("input[name=nominations]")
    page.click("form button[type=submit]:has-text('Ban hành quyết định')")
    page.wait_for_selector("text=Đã ban hành quyết định 312/QĐ-LĐLĐ.")
    page.screenshot(path=str(artifacts_dir / "awards-5-decision.png"), full_page=True)

    # 6. The officer downloads the certificate.
    login(page, base, "officer_a")
    page.goto(nomination_url)
    page.click("[data-testid=awarded] >> text=xem khen thưởng")
    with page.expect_download() as download_info:
        page.click("[data-testid=certificate-link]")
    path = tmp_path / "chung-nhan.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    text = unicodedata.normalize("NFC", text)
    assert "BẰNG KHEN" in text
    assert "Nguyễn Thị Kim Dung" in text
    assert "Quyết định số 312/QĐ-LĐLĐ, ngày 25/11/2026" in text
    nomination = Nomination.objects.get()
    assert (nomination.state, Award.objects.get(nomination=nomination).level) == ("city_approved", Level.CITY)


def test_city_reviewer_approves_three_forwarded_nominations_at_once(live_server, page, artifacts_dir):
    from tests.awards.factories import NominationFactory

    world = build_world()
    phase = PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026", name="Đợt 2")
    names = ["Lê Văn An", "Vũ Thị Mai", "Đỗ Minh Hằng"]
    for name in names:
        NominationFactory(
            phase=phase, unit=world.grassroots_a, state="forwarded", level=Level.CITY, member__full_name=name
        )
    login(page, live_server.url, "city_reviewer")
    page.goto(live_server.url + "/khen-thuong/xet-duyet/")
    assert page.get_by_role("button", name="Chuyển các đề nghị đã chọn lên Thành phố").count() == 0
    page.check("[data-testid=queue-table] thead input[type=checkbox]")
    for name in names:
        assert page.get_by_label(name).is_checked()
    page.get_by_role("button", name="Duyệt các đề nghị đã chọn").click()
    page.wait_for_selector("text=Đã thực hiện cho 3 đề nghị")
    page.screenshot(path=str(artifacts_dir / "awards-city-bulk-approve.png"), full_page=True)
    assert sorted(Nomination.objects.values_list("state", flat=True)) == ["city_approved"] * 3
    assert page.locator("[data-testid=queue-table]").inner_text().count("Thành phố đã duyệt") == 0
