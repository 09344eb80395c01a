"""Issue 9, item 9: every main page is usable on a phone (390 px) and on a desktop (1366 px).

Each demo role of the standing world walks its main pages with data in place. On each page, at both
widths: nothing is wider than the window (tables scroll inside their own box), the navigation folds
into its toggler on the phone, no console error, and axe-core finds no violation (the navigation's
colours included). Full-page screenshots are kept as var/test-artifacts/layout-<page>-<width>.png."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import Level, NominationState
from tests.a11y import axe_violations
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, QuotaFactory
from tests.campaigns.factories_registrations import (
    RegPhaseFactory,
    TitleRegistrationFactory,
    UnitRegistrationFactory,
    open_campaign,
    worker_title,
)
from tests.campaigns.factories_scoring import make_sheet, self_assess
from tests.factories import MemberFactory
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((390, 844), (1366, 768))


def build_data():
    """The standing world with a district campaign (registration, score sheet, self-assessment), a
    nomination waiting in the district's queue and one in the city's, a decision with its award and a
    quota."""
    from campaigns.domain import scoring

    world = build_world()
    for name in ("Lê Văn Hùng", "Phạm Thị Thu Trang", "Đỗ Quang Vinh"):
        MemberFactory(unit=world.grassroots_a, full_name=name)
    campaign = open_campaign(world.district_a)
    campaign.title = "Thi đua lao động giỏi, lao động sáng tạo quận Hà Đông năm 2026"
    campaign.save(update_fields=["title"])
    phase = campaign.phases.get()
    phase.self_assessment_open = True
    phase.review_open = phase.nominations_open = True
    phase.save(update_fields=["self_assessment_open", "review_open", "nominations_open"])
    RegPhaseFactory(campaign=campaign, number=2, registration_open=False)
    registration = UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a)
    TitleRegistrationFactory(registration=registration, title=worker_title(), member=world.member_a)
    sheet = make_sheet(campaign, world.grassroots_a.block, by=world.staff_a, vetoes=["Tai nạn lao động nghiêm trọng"])
    assessment = scoring.start_assessment(phase=phase, unit=world.grassroots_a, by=world.officer_a)
    assessment = self_assess(assessment, world.officer_a, {"1.1": 35, "1.2": 25, "2.1": 30}, submit=True)

    district = NominationFactory(
        unit=world.grassroots_a, member=world.member_a, state=NominationState.SUBMITTED, phase=phase
    )
    member_city = MemberFactory(unit=world.grassroots_a, full_name="Hoàng Minh Tuấn", direct_production=True)
    city = NominationFactory(
        unit=world.grassroots_a,
        member=member_city,
        level=Level.CITY,
        state=NominationState.FORWARDED,
        phase__campaign__launched_by=world.city,
    )
    decision = DecisionFactory(unit=world.district_a, level=Level.UPPER, number="112/QĐ-LĐLĐ")
    AwardFactory(unit=world.grassroots_a, member=member_city, decision=decision, year=timezone.localdate().year)
    QuotaFactory(unit=world.district_a, level=Level.CITY, year=2026, max_count=3)
    return world, {
        "campaign": campaign,
        "phase": phase,
        "registration": registration,
        "sheet": sheet,
        "assessment": assessment,
        "district_nomination": district,
        "city_nomination": city,
        "decision": decision,
    }


def pages_for(role, world, data):
    """(page name, url) of the main pages this role works on."""
    year = timezone.localdate().year
    if role == "officer_a":
        return [
            ("home-officer", reverse("home")),
            ("campaign-list", reverse("campaigns:campaign_list")),
            ("campaign-detail-officer", reverse("campaigns:campaign_detail", args=[data["campaign"].pk])),
            ("registration-list", reverse("campaigns:registration_list", args=[data["campaign"].pk])),
            ("registration-detail", reverse("campaigns:registration_detail", args=[data["registration"].pk])),
            ("assessment-list", reverse("campaigns:scoring_assessment_list")),
            ("assessment-detail", reverse("campaigns:scoring_assessment_detail", args=[data["assessment"].pk])),
            ("member-list", reverse("unions:member_list")),
            ("nomination-list", reverse("awards:nomination_list")),
            ("nomination-detail", reverse("awards:nomination_detail", args=[data["district_nomination"].pk])),
            ("honour-roll", reverse("awards:honour_roll", args=[world.grassroots_a.pk, year])),
            ("reports-officer", reverse("reports:index")),
            ("dashboard-officer", reverse("reports:dashboard")),
        ]
    if role == "staff_a":
        return [
            ("home-district", reverse("home")),
            ("unit-tree", reverse("unions:tree")),
            ("account-list", reverse("unions:account_list")),
            ("campaign-detail", reverse("campaigns:campaign_detail", args=[data["campaign"].pk])),
            ("coverage", reverse("campaigns:coverage", args=[data["campaign"].pk])),
            ("sheet-detail", reverse("campaigns:scoring_sheet_detail", args=[data["sheet"].pk])),
            ("ranking", reverse("campaigns:scoring_ranking", args=[data["phase"].pk])),
            ("queue-district", reverse("awards:queue")),
            ("decision-list", reverse("awards:decision_list")),
            ("decision-detail", reverse("awards:decision_detail", args=[data["decision"].pk])),
            ("quota-list", reverse("awards:quota_list")),
            ("dashboard-district", reverse("reports:dashboard")),
            ("report-year", reverse("reports:report", args=[world.district_a.pk, f"nam-{year}"])),
            ("statistics", reverse("reports:statistics")),
        ]
    return [
        ("home-city", reverse("home")),
        ("unit-tree-city", reverse("unions:tree")),
        ("campaign-list-city", reverse("campaigns:campaign_list")),
        ("queue-city", reverse("awards:queue")),
        ("nomination-detail-city", reverse("awards:nomination_detail", args=[data["city_nomination"].pk])),
        ("decision-list-city", reverse("awards:decision_list")),
        ("quota-list-city", reverse("awards:quota_list")),
        ("honour-roll-city", reverse("awards:honour_roll", args=[world.city.pk, year])),
        ("dashboard-city", reverse("reports:dashboard")),
    ]


def log_in(page, base, username):
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("[data-testid=current-user]", state="attached")


def check_page(page, errors, url, name, width, artifacts_dir):
    """What is wrong with the page at this width: [] when nothing. `errors` collects the console's."""
    problems = []
    errors.clear()
    response = page.goto(url)
    if response.status != 200:
        return [f"status {response.status}"]
    page.screenshot(path=str(artifacts_dir / f"layout-{name}-{width}.png"), full_page=True)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                             && !e.closest('.table-responsive'))
                .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
        )
        problems.append(f"overflow {scroll_width} > {inner_width}: {wide}")
    # On a phone the menu folds into the toggler; on a desktop the links show in the bar.
    toggler = page.locator("nav .navbar-toggler")
    if toggler.is_visible() != (width < 992):
        problems.append("navigation toggler shown on the desktop" if width >= 992 else "no navigation toggler")
    violations = axe_violations(page)
    if violations:
        problems.append(f"axe: {violations}")
    if errors:
        problems.append(f"console: {errors}")
    return problems


@pytest.mark.parametrize("role", ["officer_a", "staff_a", "city_reviewer"])
def test_main_pages_fit_a_phone_and_a_desktop(live_server, browser, artifacts_dir, role):
    world, data = build_data()
    problems = {}
    errors = []  # the console's errors on the page being checked
    for width, height in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        log_in(page, live_server.url, role)
        for name, url in pages_for(role, world, data):
            found = check_page(page, errors, live_server.url + url, name, width, artifacts_dir)
            if found:
                problems[f"{name}-{width}"] = found
        context.close()
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())


def test_phone_menu_opens_from_the_toggler(live_server, browser, artifacts_dir):
    build_world()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, "officer_a")
    assert not page.locator("#main-nav").is_visible()
    page.click("nav .navbar-toggler")
    page.wait_for_selector("#main-nav.show")
    assert page.get_by_role("link", name="Khen thưởng").is_visible()
    page.screenshot(path=str(artifacts_dir / "layout-menu-open-390.png"), full_page=True)
    assert axe_violations(page) == []
    context.close()


def test_history_reads_on_a_phone_without_scrolling_sideways(live_server, browser, artifacts_dir):
    """A record's history is a block of labelled lines per change on a phone, five columns on a desktop."""
    from unionsite.history import record_change

    world = build_world()
    record_change(
        world.member_a,
        by=world.staff_a,
        action="update",
        changes={"trade": ["Hàn điện", "Kế toán viên tổng hợp của phân xưởng cơ khí"]},
        note="Đoàn viên chuyển sang bộ phận kế toán theo quyết định của giám đốc công ty",
    )
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        page = context.new_page()
        log_in(page, live_server.url, "staff_a")
        page.goto(live_server.url + world.member_a.get_absolute_url())
        history = page.locator("[data-testid=history]")
        history.screenshot(path=str(artifacts_dir / f"layout-history-{width}.png"))
        box = history.locator(".table-responsive")
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth")
        header_shown = history.locator("thead th").first.is_visible()
        reason = history.locator("td[data-label='Lý do']").first
        label = reason.evaluate("e => getComputedStyle(e, '::before').content")
        if width < 576:
            assert label == '"Lý do"'
            assert reason.evaluate("e => getComputedStyle(e).display") == "grid"
        else:
            assert header_shown
            assert reason.evaluate("e => getComputedStyle(e).display") == "table-cell"
        assert "Kế toán viên tổng hợp" in history.inner_text()
        assert axe_violations(page) == []
        context.close()
