from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from unionsite.models import Heartbeat
from unionsite.tasks import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_user():
    return get_user_model().objects.create_user("lan", password="mat-khau-1", first_name="Lan")


@pytest.fixture
def admin_user_vi():
    return get_user_model().objects.create_superuser("quantri", "qt@example.org", "mat-khau-1")


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/"


def test_login_page_is_vietnamese_by_default(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html


def test_login_page_in_english_after_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/dang-nhap/"})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


def test_login_with_wrong_password_says_so_in_vietnamese(client, member_user):
    response = client.post(reverse("login"), {"username": "lan", "password": "sai"})
    assert response.status_code == 200
    assert response.content.decode().count("Vui lòng điền vào tên đăng nhập và mật khẩu chính xác.") == 1


def test_logged_in_home_greets_user(client, member_user):
    client.force_login(member_user)
    html = client.get("/").content.decode()
    assert "Xin chào, Lan" in html
    assert 'data-testid="heartbeat-panel"' not in html


def test_unknown_page_answers_vietnamese_404(client, member_user):
    client.force_login(member_user)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_heartbeat_task_counts_runs():
    heartbeat.delay()
    heartbeat.delay()
    beat = Heartbeat.objects.get(name="celery")
    assert beat.runs == 2
    assert timezone.now() - beat.last_run_at < timedelta(minutes=1)


def test_admin_home_shows_fresh_heartbeat(client, admin_user_vi):
    heartbeat.delay()
    client.force_login(admin_user_vi)
    html = client.get("/").content.decode()
    assert 'data-testid="heartbeat-panel"' in html
    assert "Bộ lập lịch và tiến trình nền đang chạy." in html
    assert "(1 lần chạy)" in html


def test_admin_home_warns_on_stale_heartbeat(client, admin_user_vi):
    Heartbeat.objects.create(name="celery", last_run_at=timezone.now() - timedelta(hours=1), runs=1065)
    client.force_login(admin_user_vi)
    html = client.get("/").content.decode()
    assert "(1.065 lần chạy)" in html
    assert "Không nhận được nhịp tim quá 180 giây" in html


def test_heartbeat_is_scheduled_by_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Heartbeat")
    assert task.task == "unionsite.heartbeat"
    assert task.interval.every == 60
    assert task.enabled


@pytest.mark.parametrize(
    ("template", "language", "expected"),
    [
        ("{{ 1065|num }}", "vi", "1.065"),
        ("{{ 1065|num }}", "en", "1,065"),
        ("{{ 12.5|num }}", "vi", "12,50"),
        ("{{ 1500000|dong }}", "vi", "1.500.000 đ"),
        ("{{ none|dong }}", "vi", ""),
        ("{{ d|date:'SHORT_DATE_FORMAT' }}", "vi", "30/06/2023"),
        ("{{ d|date:'SHORT_DATE_FORMAT' }}", "en", "30/06/2023"),
    ],
)
def test_vietnamese_formats(template, language, expected):
    import datetime

    with translation.override(language):
        rendered = Template(template).render(Context({"d": datetime.date(2023, 6, 30), "none": None}))
    assert rendered == expected


def test_history_records_edits_and_transitions_readably(client, admin_user_vi):
    from django.template.loader import render_to_string
    from django.utils import translation

    from unionsite.history import diff, history_for, record_change, snapshot
    from unionsite.models import ChangeRecord

    before = snapshot(admin_user_vi, ["first_name", "is_active", "date_joined"])
    admin_user_vi.first_name = "Quang"
    admin_user_vi.is_active = False
    after = snapshot(admin_user_vi, ["first_name", "is_active", "date_joined"])
    record_change(admin_user_vi, by=admin_user_vi, action=ChangeRecord.Action.UPDATE, changes=diff(before, after))
    record_change(
        admin_user_vi,
        by=admin_user_vi,
        action=ChangeRecord.Action.OTHER,
        changes={"date_joined": ["2026-01-31T03:00:00+00:00", "2026-02-01T10:30:00+00:00"]},
        note="Gửi lên quận",
    )
    assert diff(before, after) == {"first_name": ["", "Quang"], "is_active": [True, False]}
    with translation.override("vi"):
        html = render_to_string("includes/history.html", {"history": history_for(admin_user_vi)})
    # Field names from verbose_name, yes/no and dates in the reader's language, codes never shown.
    assert "<strong>Tên</strong>: Quang" in html
    assert "<strong>được đăng nhập</strong>: có → không" in html
    assert "31/01/2026 10:00 → 01/02/2026 17:30" in html
    assert "Gửi lên quận" in html
    assert "first_name" not in html
    assert "True" not in html
    with translation.override("en"):
        html = render_to_string("includes/history.html", {"history": history_for(admin_user_vi)})
    assert "<strong>first name</strong>: Quang" in html
    assert "<strong>can log in</strong>: yes → no" in html


def test_english_browser_still_gets_vietnamese_until_switching(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/dang-nhap/"})
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in html


def test_names_read_in_vietnamese_order(client):
    user = get_user_model().objects.create_user("minh", password="mat-khau-1", first_name="Minh", last_name="Trần Văn")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Xin chào, Trần Văn Minh" in html
    assert '<span class="navbar-text me-3" data-testid="current-user">Trần Văn Minh</span>' in html


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("campaigns:campaign_list", "Phong trào thi đua"),
        ("campaigns:scoring_assessment_list", "Tự chấm điểm"),
        ("campaigns:scoring_sheet_list", "Tự chấm điểm"),
        ("awards:queue", "Khen thưởng"),
        ("home", "Trang chủ"),
    ],
)
def test_exactly_one_menu_entry_is_current(client, world, url_name, current):
    import re

    client.force_login(world.staff_a)
    html = client.get(reverse(url_name)).content.decode()
    marked = re.findall(r'aria-current="page" href="[^"]*">([^<]*)</a>', html)
    assert marked == [current]


def test_menu_follows_permissions(client, world):
    client.force_login(world.officer_a)
    html = client.get(reverse("home")).content.decode()
    admin_link = f'href="{reverse("admin:index")}"'
    assert admin_link not in html
    assert f'href="{reverse("awards:nomination_list")}"' in html
    client.force_login(world.admin)
    assert admin_link in client.get(reverse("home")).content.decode()
