"""Imports of more than settings.IMPORT_SYNC_MAX_ROWS rows run in a worker (unionsite.importjobs): the
page hands the file over, the job's page shows how it stands (polled with htmx) and then its outcome.
Celery runs eagerly in tests, once the request's transaction commits."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns.models import TitleRegistration
from tests.campaigns.factories_registrations import UnitRegistrationFactory, open_campaign, worker_title
from tests.factories import MemberFactory
from tests.unions.factories import member_row, xlsx_bytes
from unions.models import Member
from unionsite import importjobs
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_SYNC_MAX_ROWS = 3  # the real one is 300: four rows are "long" here


def _members(count, **overrides):
    return [member_row(f"Lê Thị Hoa {i}", born=f"{i + 1:02d}/04/1990", **overrides) for i in range(count)]


def _post_members(client, world, rows, name="doan-vien.xlsx"):
    upload = SimpleUploadedFile(name, xlsx_bytes(rows))
    return client.post(reverse("unions:member_import"), {"unit": world.grassroots_a.pk, "file": upload})


def _status(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.context["job"], response.content.decode()


def _stored():
    return sorted(default_storage.listdir(importjobs.FOLDER)[1]) if default_storage.exists(importjobs.FOLDER) else []


def test_a_long_member_import_runs_in_the_worker_and_its_page_follows_it(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.officer_a)
    before = _stored()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post_members(client, world, _members(4))
    url = response["Location"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert url == reverse("import_status", args=[token])
    # Queued, not run yet: the page polls every 2 s.
    job, page = _status(client, url)
    assert job == {"state": "queued"}
    assert 'hx-trigger="every 2s"' in page
    assert "chờ đến lượt" in page
    assert not Member.objects.filter(full_name__startswith="Lê Thị Hoa").exists()
    # The worker runs it.
    for callback in queued:
        callback()
    job, page = _status(client, url, HX_Request="true")
    assert job == {
        "state": "done",
        "ok": True,
        "messages": [f"Đã nhập 4 đoàn viên vào {world.grassroots_a}."],
        "next_url": world.grassroots_a.get_absolute_url(),
    }
    assert "hx-trigger" not in page
    imported = Member.objects.filter(full_name__startswith="Lê Thị Hoa").order_by("full_name")
    assert [m.date_of_birth for m in imported] == [datetime.date(1990, 4, d) for d in (1, 2, 3, 4)]
    # The history names the file as it was uploaded, and the stored upload is gone.
    assert history_for(imported[0]).get().note == "Nhập từ tệp doan-vien.xlsx"
    assert [name for name in _stored() if name not in before and name.endswith(".xlsx")] == []


def test_a_job_delivered_again_does_nothing(client, world, django_capture_on_commit_callbacks):
    """Tasks are acknowledged when they end: a worker killed after the import delivers it again."""
    from unions.tasks import import_members

    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        url = _post_members(client, world, _members(4))["Location"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    kwargs = {"token": token, "file_name": "doan-vien.xlsx", "language": "vi"}
    import_members(**kwargs, user_id=world.officer_a.pk, unit_id=world.grassroots_a.pk)
    assert Member.objects.filter(full_name__startswith="Lê Thị Hoa").count() == 4
    assert _status(client, url)[0]["ok"] is True


def test_a_long_file_with_errors_saves_nothing_and_lists_them(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    rows = _members(4)
    rows[1][2] = "31/02/1990"
    rows[2][2] = "30/02/1990"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_members(client, world, rows)
    job, page = _status(client, response["Location"])
    assert job == {
        "state": "done",
        "ok": False,
        "messages": [
            "Dòng 3, cột “Ngày sinh (dd/mm/yyyy)”: “31/02/1990” không phải ngày tháng: ghi theo dạng dd/mm/yyyy.",
            "Dòng 4, cột “Ngày sinh (dd/mm/yyyy)”: “30/02/1990” không phải ngày tháng: ghi theo dạng dd/mm/yyyy.",
        ],
        "next_url": reverse("unions:member_import"),
    }
    assert "Không có gì được nhập" in page
    assert not Member.objects.filter(full_name__startswith="Lê Thị Hoa").exists()


def test_a_short_file_is_imported_at_once(client, world):
    client.force_login(world.officer_a)
    response = _post_members(client, world, _members(3))
    assert response["Location"] == world.grassroots_a.get_absolute_url()
    assert Member.objects.filter(full_name__startswith="Lê Thị Hoa").count() == 3


def test_a_refused_file_is_refused_at_once_never_queued(client, world, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks() as queued:
        wrong_type = _post_members(client, world, _members(4), name="doan-vien.csv")
        too_many = _post_members(client, world, _members(20))
    assert [str(e) for e in wrong_type.context["form"].errors["file"]] == ["Chỉ nhận tệp Excel (.xlsx)."]
    assert [str(e) for e in too_many.context["result"].errors] == ["Tệp có hơn 5 dòng; hãy chia thành các tệp nhỏ hơn."]
    assert queued == []


def test_the_job_is_only_the_sessions_that_started_it(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        url = _post_members(client, world, _members(4))["Location"]
    other = Client()
    other.force_login(world.officer_a)  # the same person in another session (another browser)
    assert other.get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_a_long_registration_import_runs_in_the_worker(client, world, django_capture_on_commit_callbacks):
    title = worker_title()
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    people = [MemberFactory(unit=world.grassroots_a, full_name=f"Trần Văn Nam {i}") for i in range(4)]
    client.force_login(world.officer_a)
    rows = [["Họ và tên", "Ngày sinh", "Danh hiệu đăng ký", "Tập thể", "Ghi chú"]]
    rows += [[p.full_name, None, title.name, None, None] for p in people]
    upload = SimpleUploadedFile("dang-ky.xlsx", _workbook(rows))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:registration_import", args=[registration.pk]), {"file": upload})
    job, _page = _status(client, response["Location"])
    assert job == {
        "state": "done",
        "ok": True,
        "messages": ["Đã nhập 4 đăng ký danh hiệu."],
        "next_url": registration.get_absolute_url(),
    }
    assert sorted(TitleRegistration.objects.values_list("member__full_name", flat=True)) == [
        p.full_name for p in people
    ]
    assert history_for(registration).get().note == "dang-ky.xlsx"


def test_a_job_that_breaks_is_shown_as_failed(client, world, rf):
    token = "f" * 32
    default_storage.save(f"{importjobs.FOLDER}/{token}.xlsx", SimpleUploadedFile("a.xlsx", b"PK"))

    def work(upload):
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        importjobs.run(token, "vi", "a.xlsx", work)
    client.force_login(world.officer_a)
    session = client.session
    session[importjobs.SESSION_KEY] = [token]
    session.save()
    job, page = _status(client, reverse("import_status", args=[token]))
    assert job == {"state": "failed"}
    assert "không có gì được lưu" in page
    assert not default_storage.exists(f"{importjobs.FOLDER}/{token}.xlsx")
    for what in ("running", "failed"):
        default_storage.delete(f"{importjobs.FOLDER}/{token}.{what}")


def _workbook(rows):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_a_long_import_shows_its_outcome_on_the_jobs_page(live_server, page, world, tmp_path, artifacts_dir):
    """In the browser: the officer imports a long file and lands on the job's page, which shows the
    outcome (the worker runs at once here: Celery is eager and the live server commits at once)."""
    from tests.a11y import axe_violations

    path = tmp_path / "doan-vien.xlsx"
    path.write_bytes(xlsx_bytes(_members(5)))
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("input[name=username]", "officer_a")
    page.fill("input[name=password]", "mat-khau-1")
    page.click("form button[type=submit]:has-text('Đăng nhập')")
    page.goto(live_server.url + reverse("unions:member_import"))
    page.select_option("select[name=unit]", str(world.grassroots_a.pk))
    page.set_input_files("input[type=file]", str(path))
    page.click("form button[type=submit]:has-text('Kiểm tra và nhập')")
    status = page.locator("[data-testid=import-status]")
    status.wait_for()
    assert page.url.startswith(live_server.url + "/nhap-tep/")
    assert status.inner_text().startswith(f"Đã nhập 5 đoàn viên vào {world.grassroots_a}.")
    for width, height in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(artifacts_dir / f"import-job-{width}.png"), full_page=True)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_url(live_server.url + world.grassroots_a.get_absolute_url())


def test_the_files_of_old_jobs_are_forgotten_every_day(settings):
    import os
    import time

    from django.core.files.base import ContentFile
    from django_celery_beat.models import PeriodicTask

    from unionsite.tasks import forget_import_files

    settings.IMPORT_FILES_KEEP_HOURS = 48
    old = default_storage.save(f"{importjobs.FOLDER}/cu.xlsx", ContentFile(b"PK"))
    new = default_storage.save(f"{importjobs.FOLDER}/moi.json", ContentFile(b"{}"))
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(default_storage.path(old), (three_days_ago, three_days_ago))
    assert forget_import_files() >= 1
    assert not default_storage.exists(old)
    assert default_storage.exists(new)
    default_storage.delete(new)
    assert PeriodicTask.objects.get(name="Forget old import files").task == "unionsite.forget_import_files"
