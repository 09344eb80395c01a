"""Accounts: login lockout on both login forms, the password rules, temporary passwords changed at the
first login, session expiry, two-factor login with an authenticator app, and load_demo kept off
production."""

import base64
import datetime
import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from unions import domain
from unions.models import AccountState
from unionsite.history import history_for

pytestmark = pytest.mark.django_db

LOGIN = "/dang-nhap/"
ADMIN_LOGIN = "/quan-tri/login/"
LOCKED = "Tài khoản này đã bị tạm khóa sau 5 lần nhập sai mật khẩu."


def _logged_in(client):
    return "_auth_user_id" in client.session


def _fail(client, url, username, times):
    """Wrong passwords: the form again with its error, until the fifth, which locks the username."""
    for attempt in range(1, times + 1):
        response = client.post(url, {"username": username, "password": "sai-mat-khau"})
        assert response.status_code == (429 if attempt >= 5 else 200)
        assert not _logged_in(client)


def _end_cooloff(username):
    """As if the cooling-off period had passed since the last wrong password."""
    AccessAttempt.objects.filter(username=username).update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))


# --- lockout -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN], ids=["app", "admin"])
def test_after_five_wrong_passwords_the_right_one_is_refused_until_the_cooloff_ends(client, world, url):
    user = world.admin if url == ADMIN_LOGIN else world.officer_a
    _fail(client, url, user.username, 5)
    response = client.post(url, {"username": user.username, "password": "mat-khau-1"})
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "Hãy thử lại sau 15 phút" in html
    assert 'name="password"' not in html  # no form to try again from
    assert not _logged_in(client)
    # Another username is not locked by these failures (counted per username, not per address).
    assert client.post(LOGIN, {"username": world.staff_a.username, "password": "mat-khau-1"}).status_code == 302
    client.logout()

    _end_cooloff(user.username)
    response = client.post(url, {"username": user.username, "password": "mat-khau-1"})
    assert response.status_code == 302
    assert _logged_in(client)


def test_four_wrong_passwords_do_not_lock_and_a_success_clears_the_count(client, world):
    _fail(client, LOGIN, "officer_a", 4)
    assert client.post(LOGIN, {"username": "officer_a", "password": "mat-khau-1"}).status_code == 302
    client.logout()
    _fail(client, LOGIN, "officer_a", 4)
    assert client.post(LOGIN, {"username": "officer_a", "password": "mat-khau-1"}).status_code == 302


def test_tries_while_locked_do_not_lengthen_the_lock(client, world):
    _fail(client, LOGIN, "officer_a", 5)
    last = AccessAttempt.objects.get(username="officer_a").attempt_time
    for _ in range(3):
        assert client.post(LOGIN, {"username": "officer_a", "password": "sai"}).status_code == 429
    assert AccessAttempt.objects.get(username="officer_a").attempt_time == last


# --- password rules ----------------------------------------------------------------------------------


def test_password_rules_speak_vietnamese(client, world):
    client.force_login(world.officer_a)
    page = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu của bạn phải có ít nhất 10 ký tự." in page
    response = client.post(
        reverse("password_change"),
        {"old_password": "mat-khau-1", "new_password1": "Hn-2026x", "new_password2": "Hn-2026x"},
    )
    assert response.context["form"].errors["new_password2"] == ["Mật khẩu này quá ngắn: phải có ít nhất 10 ký tự."]
    response = client.post(
        reverse("password_change"),
        {"old_password": "mat-khau-1", "new_password1": "1234567890", "new_password2": "1234567890"},
    )
    assert response.context["form"].errors["new_password2"] == [
        "Mật khẩu này quá phổ biến.",
        "Mật khẩu này hoàn toàn là số.",
    ]
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password("mat-khau-1")


# --- temporary passwords -----------------------------------------------------------------------------


def test_a_temporary_password_must_be_changed_before_any_other_page(client, world):
    temporary = domain.reset_password(world.officer_a, by=world.staff_a)
    response = client.post(LOGIN + "?next=/to-chuc/doan-vien/", {"username": "officer_a", "password": temporary})
    assert response["Location"] == "/to-chuc/doan-vien/"
    change = reverse("password_change")
    for path in ("/to-chuc/doan-vien/", "/", "/quan-tri/", "/khen-thuong/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, change + "?next=" + path.replace("/", "%2F"))
    page = client.get(change).content.decode()
    assert "Bạn vừa đăng nhập bằng mật khẩu tạm do cán bộ cấp." in page

    # The temporary password again is refused.
    response = client.post(
        change + "?next=/to-chuc/doan-vien/",
        {"old_password": temporary, "new_password1": temporary, "new_password2": temporary},
    )
    assert response.context["form"].errors["new_password1"] == ["Hãy chọn mật khẩu mới, không dùng lại mật khẩu tạm."]

    response = client.post(
        change + "?next=/to-chuc/doan-vien/",
        {"old_password": temporary, "new_password1": "Hang-Fecon-2026", "new_password2": "Hang-Fecon-2026"},
    )
    assert response["Location"] == "/to-chuc/doan-vien/"
    assert client.get("/to-chuc/doan-vien/").status_code == 200  # still logged in, free to go
    state = AccountState.objects.get(user=world.officer_a)
    assert state.must_change_password is False
    assert state.password_changed_at is not None
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password("Hang-Fecon-2026")
    latest = history_for(world.officer_a).first()
    assert (latest.actor, latest.changes) == (
        world.officer_a,
        {"password_changed": [None, True], "must_change_password": [True, False]},
    )
    client.logout()
    assert client.post(LOGIN, {"username": "officer_a", "password": "Hang-Fecon-2026"})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_new_account_and_its_pending_change_are_shown_to_staff(client, world):
    client.force_login(world.staff_a)
    url = reverse("unions:account_detail", args=[world.officer_a.pk])
    assert "do chủ tài khoản đặt" in client.get(url).content.decode()
    client.post(reverse("unions:account_reset_password", args=[world.officer_a.pk]))
    html = client.get(url).content.decode()
    assert "mật khẩu tạm: phải đổi ở lần đăng nhập tới" in html
    assert "Đã cấp mật khẩu tạm thời" in html


def test_logout_stays_open_while_a_step_is_owed(client, world):
    temporary = domain.reset_password(world.officer_a, by=world.staff_a)
    client.post(LOGIN, {"username": "officer_a", "password": temporary})
    response = client.post(reverse("logout"))
    assert (response.status_code, response["Location"]) == (302, LOGIN)
    assert not _logged_in(client)


# --- sessions ----------------------------------------------------------------------------------------


def test_a_session_ends_with_the_browser_and_after_eight_hours(client, world):
    response = client.post(LOGIN, {"username": "officer_a", "password": "mat-khau-1"})
    cookie = response.cookies["sessionid"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # a browser-session cookie
    assert cookie["httponly"] is True
    session = Session.objects.get(session_key=cookie.value)
    assert abs((session.expire_date - timezone.now()).total_seconds() - 8 * 3600) < 60
    assert client.get("/").status_code == 200
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/dang-nhap/?next=/")


# --- two-factor login --------------------------------------------------------------------------------


def _code(key_bytes, steps_ahead=0):
    totp = TOTP(key_bytes)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _key_on_page(html):
    secret = re.search(r'data-testid="totp-secret">([^<]+)<', html).group(1).replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_a_city_reviewer_sets_up_the_authenticator_then_logs_in_with_its_codes(client, world, required):
    response = client.post(LOGIN + "?next=/khen-thuong/", {"username": "city_reviewer", "password": "mat-khau-1"})
    assert response["Location"] == "/khen-thuong/"
    setup = reverse("two_factor_setup")
    assert client.get("/khen-thuong/")["Location"] == setup + "?next=%2Fkhen-thuong%2F"
    page = client.get(setup + "?next=%2Fkhen-thuong%2F").content.decode()
    assert "Vai trò của bạn bắt buộc xác thực hai bước" in page
    assert re.search(r'<div class="my-2 qr-code" data-testid="qr-code"><svg [^>]*class="segno"><title>Mã QR', page)
    key = _key_on_page(page)
    assert len(key) == 20
    # Opening the page saved no device; opening it again shows the same key.
    assert not TOTPDevice.objects.exists()
    assert _key_on_page(client.get(setup).content.decode()) == key

    response = client.post(setup + "?next=%2Fkhen-thuong%2F", {"token": "000000" if _code(key) != "000000" else "1"})
    assert response.context["form"].errors["token"] == [
        "Mã không đúng hoặc đã hết hạn: hãy nhập mã ứng dụng đang hiện."
    ]
    assert not TOTPDevice.objects.exists()
    response = client.post(setup + "?next=%2Fkhen-thuong%2F", {"token": _code(key)})
    assert response["Location"] == "/khen-thuong/"
    assert client.get("/khen-thuong/").status_code == 200
    device = TOTPDevice.objects.get(user=world.city_reviewer, confirmed=True)
    assert device.bin_key == key
    latest = history_for(world.city_reviewer).first()
    assert (latest.actor, latest.changes) == (world.city_reviewer, {"two_factor": [False, True]})

    # The next login: the password, then a code; the code used to set it up cannot be used again.
    used = _code(key)
    client.logout()
    client.post(LOGIN, {"username": "city_reviewer", "password": "mat-khau-1"})
    verify = reverse("two_factor_verify")
    assert client.get("/")["Location"] == verify + "?next=%2F"
    assert client.get(setup).status_code == 200  # its own pages stay open
    response = client.post(verify, {"token": used})
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    # A wrong code makes the device wait before it takes the next one.
    response = client.post(verify, {"token": _code(key, steps_ahead=1)})
    assert "Nhập sai mã quá nhiều lần: hãy chờ 1 giây" in response.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=5)
    )
    response = client.post(verify + "?next=/khen-thuong/", {"token": _code(key, steps_ahead=1)})
    assert response["Location"] == "/khen-thuong/"
    assert client.get("/").status_code == 200


def test_the_admin_login_asks_an_admin_for_the_second_factor_too(client, world, required):
    device = TOTPDevice.objects.create(user=world.admin, name="authenticator", confirmed=True)
    response = client.post(ADMIN_LOGIN + "?next=/quan-tri/", {"username": "admin", "password": "mat-khau-1"})
    assert response["Location"] == "/quan-tri/"
    verify = reverse("two_factor_verify")
    assert client.get("/quan-tri/")["Location"] == verify + "?next=%2Fquan-tri%2F"
    response = client.post(verify + "?next=/quan-tri/", {"token": _code(device.bin_key)})
    assert response["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200


def test_who_is_asked_for_a_second_factor(client, world, settings):
    # Off (development and the demo): nobody without an authenticator.
    client.post(LOGIN, {"username": "city_reviewer", "password": "mat-khau-1"})
    assert client.get("/").status_code == 200
    client.logout()
    # Anyone who set one up is asked for its code either way.
    TOTPDevice.objects.create(user=world.officer_a, name="authenticator", confirmed=True)
    client.post(LOGIN, {"username": "officer_a", "password": "mat-khau-1"})
    assert client.get("/")["Location"] == reverse("two_factor_verify") + "?next=%2F"
    client.logout()
    # On: city reviewers and admins; other roles are not asked.
    settings.TWO_FACTOR_REQUIRED = True
    client.post(LOGIN, {"username": "staff_a", "password": "mat-khau-1"})
    assert client.get("/").status_code == 200


def test_staff_remove_a_lost_authenticator_and_the_owner_sets_up_a_new_one(client, world, required):
    old = TOTPDevice.objects.create(user=world.officer_a, name="authenticator", confirmed=True)
    client.force_login(world.staff_a)
    url = reverse("unions:account_detail", args=[world.officer_a.pk])
    assert "đang bật (ứng dụng xác thực)" in client.get(url).content.decode()
    response = client.post(reverse("unions:account_reset_two_factor", args=[world.officer_a.pk]), {"note": "Mất máy"})
    assert response["Location"] == url
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    latest = history_for(world.officer_a).first()
    assert (latest.actor, latest.changes, latest.note) == (world.staff_a, {"two_factor": [True, False]}, "Mất máy")
    html = client.get(url).content.decode()
    assert "Đã gỡ ứng dụng xác thực của officer_a" in html
    assert "đang tắt" in html
    # Nothing left to remove: said so, nothing written.
    client.post(reverse("unions:account_reset_two_factor", args=[world.officer_a.pk]))
    assert history_for(world.officer_a).count() == 1
    # The owner (no longer asked: not a city role) can set up a new one from the page.
    client.force_login(world.officer_a)
    key = _key_on_page(client.get(reverse("two_factor_setup")).content.decode())
    assert key != old.bin_key
    # The owner may not remove their own.
    TOTPDevice.objects.create(user=world.officer_a, name="authenticator", confirmed=True)
    assert client.post(reverse("unions:account_reset_two_factor", args=[world.officer_a.pk])).status_code == 403


def test_enrolment_refuses_junk_codes_and_a_second_device(world):
    key = domain.security.new_authenticator_key()
    for junk in ("", "abcdef", "١٢٣٤٥٦", "12345", "9" * 40):
        with pytest.raises(domain.security.DomainError):
            domain.enrol_authenticator(world.officer_a, key=key, token=junk)
    device = domain.enrol_authenticator(world.officer_a, key=key, token=_code(bytes.fromhex(key)))
    assert device.confirmed
    with pytest.raises(domain.security.DomainError, match="đã bật xác thực hai bước"):
        domain.enrol_authenticator(world.officer_a, key=key, token=_code(bytes.fromhex(key), steps_ahead=1))


# --- the demo data -----------------------------------------------------------------------------------


def test_load_demo_refuses_the_production_profile(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="Không thể nạp dữ liệu demo khi chạy cấu hình production"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="admin").exists()
