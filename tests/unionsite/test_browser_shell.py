import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_see_vietnamese_home_switch_language(live_server, page, artifacts_dir):
    get_user_model().objects.create_user("hoa", password="mat-khau-demo-1", first_name="Hoa")

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.fill("input[name=username]", "hoa")
    page.fill("input[name=password]", "mat-khau-demo-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")

    page.wait_for_selector("text=Xin chào, Hoa")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=str(artifacts_dir / "shell-home-vi.png"), full_page=True)

    page.click("[data-testid=language-switcher] button[value=en]")
    page.wait_for_selector("text=Hello, Hoa")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav").get_by_text("Log out").is_visible()

    page.click("[data-testid=language-switcher] button[value=vi]")
    page.wait_for_selector("text=Xin chào, Hoa")
    page.screenshot(path=str(artifacts_dir / "shell-home-vi-again.png"), full_page=True)

    # No request left the server: every asset is vendored.
    assert page.evaluate("performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin))")
