"""The account security pages in real Chromium, on a phone (390 px) and a desktop (1366 px): a city
reviewer given a temporary password sets up the authenticator app (a real code computed from the key
the page shows), chooses a password, logs in again with a code; a username locked after five wrong
passwords. Every page fits the window and passes axe-core; screenshots are kept as
var/test-artifacts/security-<page>-<width>.png."""

import base64
import time

import pytest
from axes.models import AccessAttempt
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.a11y import axe_violations
from tests.factories import user_with_role
from tests.world import build_world
from unions import domain
from unions.enums import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((390, 844), (1366, 768))


def _code(secret, steps_ahead=0):
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _check(page, name, width, artifacts_dir):
    page.screenshot(path=str(artifacts_dir / f"security-{name}-{width}.png"), full_page=True)
    problems = []
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        problems.append(f"{name}: overflow {scroll_width} > {inner_width}")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name}: axe {violations}")
    return problems


def _log_in(page, base, username, password):
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]:has-text('Đăng nhập')")


def test_temporary_password_two_factor_and_lockout_pages(live_server, browser, artifacts_dir, settings):
    settings.TWO_FACTOR_REQUIRED = True
    world = build_world()
    base = live_server.url
    problems = []
    for width, height in WIDTHS:
        reviewer = user_with_role(world.city, Role.CITY_REVIEWER, f"thanhpho.{width}", first_name="Quang")
        temporary = domain.reset_password(reviewer, by=world.admin)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(10_000)

        # The password, then the authenticator: set up now, the role needs it.
        _log_in(page, base, reviewer.username, temporary)
        page.wait_for_selector("[data-testid=qr-code] svg")
        assert page.locator("h1").inner_text() == "Xác thực hai bước"
        problems += _check(page, "two-factor-setup", width, artifacts_dir)
        secret = page.locator("[data-testid=totp-secret]").inner_text()
        page.fill("input[name=token]", _code(secret))
        page.click("form button[type=submit]:has-text('Bật xác thực hai bước')")

        # Then a password of one's own in place of the temporary one.
        page.wait_for_selector("[data-testid=temporary-password-notice]")
        problems += _check(page, "password-change-forced", width, artifacts_dir)
        page.fill("input[name=old_password]", temporary)
        page.fill("input[name=new_password1]", "Ngan-Hang-2026")
        page.fill("input[name=new_password2]", "Ngan-Hang-2026")
        page.click("form button[type=submit]:has-text('Đổi mật khẩu')")
        page.wait_for_selector("[data-testid=current-user]", state="attached")
        assert page.url == base + "/"  # back where the login was going

        # The next login (a new browser session) asks for a code after the password.
        context.clear_cookies()
        _log_in(page, base, reviewer.username, "Ngan-Hang-2026")
        page.wait_for_selector("input[name=token]")
        assert page.locator("h1").inner_text() == "Bước thứ hai của đăng nhập"
        problems += _check(page, "two-factor-verify", width, artifacts_dir)
        page.fill("input[name=token]", _code(secret, steps_ahead=1))
        page.click("form button[type=submit]:has-text('Xác nhận')")
        page.wait_for_selector("[data-testid=current-user]", state="attached")
        assert page.url == base + "/"

        context.close()

        # Five wrong passwords lock the username: the right one is refused too.
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        page = context.new_page()
        for _ in range(5):
            _log_in(page, base, world.officer_a.username, "sai-mat-khau")
        _log_in(page, base, world.officer_a.username, "mat-khau-1")
        page.wait_for_selector("[data-testid=locked-out]")
        assert "Hãy thử lại sau 15 phút" in page.locator("[data-testid=locked-out]").inner_text()
        problems += _check(page, "locked-out", width, artifacts_dir)

        # District staff see an account's password and second factor, and can remove a lost one.
        TOTPDevice.objects.get_or_create(user=world.officer_a, defaults={"name": "authenticator", "confirmed": True})
        _log_in(page, base, world.staff_a.username, "mat-khau-1")
        page.wait_for_selector("[data-testid=current-user]", state="attached")
        page.goto(base + f"/to-chuc/tai-khoan/{world.officer_a.pk}/")
        assert page.locator("[data-testid=two-factor-state]").inner_text() == "đang bật (ứng dụng xác thực)"
        problems += _check(page, "account-detail", width, artifacts_dir)
        context.close()
        AccessAttempt.objects.all().delete()
    assert problems == []
