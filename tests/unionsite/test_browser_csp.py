"""The main pages under the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY): every page
loads, its scripts run (date picker, type-to-search pickers, the grid, the score sheet) and the browser
reports no violation, neither as a securitypolicyviolation event nor in the console."""

import pytest
from django.urls import reverse

from awards.models import AwardTitle
from tests.scope import all_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = all_cases()
# Pages of every kind, by who sees them: lists, details, forms with each widget, each page script.
PAGES = {
    "officer_a": [
        "home",
        "unions:tree",
        "unions:member_list",
        "unions:member_create",
        "unions:member_import",
        "campaigns:campaign_list",
        "campaigns:registration_detail",
        "campaigns:registration_grid",
        "campaigns:registration_import",
        "campaigns:scoring_assessment_fill",
        "awards:nomination_list",
        "awards:nomination_create",
        "awards:notification_list",
        "awards:honour_roll_home",
    ],
    "staff_a": [
        "unions:account_list",
        "unions:unit_detail",
        "campaigns:campaign_add",
        "campaigns:coverage",
        "campaigns:scoring_ranking",
        "awards:queue",
        "awards:decision_list",
        "awards:decision_create",
        "reports:dashboard",
        "reports:statistics",
        "initiatives:list",
    ],
}
REPORT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_selector("[data-testid=current-user]")


def _url(world, name):
    case = CASES[name]
    return reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)


def test_main_pages_run_under_the_policy_without_a_violation(live_server, page, world):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(REPORT)
    violations, used = {}, set()
    urls = {role: [(name, _url(world, name)) for name in names] for role, names in PAGES.items()}
    for role, pages in urls.items():
        log_in(page, live_server.url, role)
        for name, url in pages:
            response = page.goto(live_server.url + url)
            assert response.status == 200, name
            policy = response.header_value("content-security-policy")
            assert "script-src 'self'" in policy
            assert "style-src 'self'" in policy
            assert "unsafe-inline" not in policy
            page.wait_for_load_state("networkidle")
            # Let the scripts work: the date picker writes its dialog with innerHTML, a type-to-search
            # picker asks the server, the grid looks members up as one types.
            dates = page.locator("[data-datepicker-open]:visible")
            if dates.count():
                dates.first.click()
                page.wait_for_selector(".datepicker")
                page.keyboard.press("Escape")
            pickers = page.locator("input[role=combobox]:visible")
            if pickers.count():
                pickers.first.fill("ng")
                page.wait_for_load_state("networkidle")
                used.add("picker")
            if name == "campaigns:registration_grid":
                page.locator("[data-grid-body] input:visible").first.fill("Nguyen")
                page.wait_for_load_state("networkidle")
            if dates.count():
                used.add("date picker")
            found = page.evaluate("window.__csp")
            if found:
                violations[name] = found
    # The Django admin, as a superuser.
    log_in(page, live_server.url, world.admin.username)
    title = AwardTitle.objects.order_by("pk").first()
    for url in ("/quan-tri/", "/quan-tri/awards/awardtitle/", f"/quan-tri/awards/awardtitle/{title.pk}/change/"):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp")
        if found:
            violations[url] = found
    assert violations == {}
    assert used == {"date picker", "picker"}
    assert [text for text in console if "Content Security Policy" in text] == []
