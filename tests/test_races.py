"""The same form posted at the same moment (a double click, two tabs, two clerks) saves one record and
never answers 500 (issue 13, point 3). PostgreSQL only: SQLite takes the write lock at the start of
every transaction (settings: transaction_mode IMMEDIATE), so two writers never overlap there.

Each test lines the requests up behind a lock on the table they write (tests/races.py): every request
has passed the checks the code makes before writing, then all write at once."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from awards.enums import Level
from awards.enums import NominationState as S
from awards.models import Decision, Nomination
from tests.awards.factories import NominationFactory, PhaseFactory, title
from tests.races import logged_in_client, race
from unions.enums import Role
from unions.models import Member
from unionsite.models import FormSubmission

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writing transaction at a time, so requests never race there",
    ),
]

ALREADY_SENT = "Biểu mẫu này đã được gửi và lưu trước đó; lần gửi lại không lưu thêm gì."
SAME_NOMINEE = "Người/tập thể này đã có đề nghị cho danh hiệu, cấp và năm này."


@pytest.fixture
def phase(world):
    return PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026")


def _nomination_data(world, phase, token):
    return {
        "form_token": token,
        "phase": phase.pk,
        "unit": world.grassroots_a.pk,
        "member": world.member_a.pk,
        "collective_name": "",
        "title": title("cong-nhan-gioi").pk,
        "level": "upper",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ; 2 sáng kiến được công nhận.",
        "not_disciplined": "on",
        "not_absent_40_days": "on",
    }


def _post(client, url, data):
    return lambda: client.post(url, data)


def _errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()] if response.context else []


def test_the_nomination_form_sent_twice_at_once_saves_one_nomination(world, phase):
    clients = [logged_in_client(world.officer_a) for _ in range(2)]
    data = _nomination_data(world, phase, "double-click-token-0001")
    responses = race("unionsite_formsubmission", [_post(c, "/khen-thuong/de-nghi/moi/", data) for c in clients])
    nomination = Nomination.objects.get()
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 302]
    second = next(r for r in responses if r.status_code == 200)
    assert _errors(second) == [f'{ALREADY_SENT} <a href="/khen-thuong/de-nghi/{nomination.pk}/">Mở hồ sơ đã lưu</a>']
    assert FormSubmission.objects.get().url == f"/khen-thuong/de-nghi/{nomination.pk}/"


def test_the_same_nominee_nominated_from_two_tabs_at_once_has_one_live_nomination(world, phase):
    # Two pages (two tokens): both pass the "already nominated" check; the database keeps one.
    clients = [logged_in_client(world.officer_a), logged_in_client(world.staff_a)]
    responses = race(
        "awards_nomination",
        [
            _post(client, "/khen-thuong/de-nghi/moi/", _nomination_data(world, phase, f"two-tabs-token-000{i}"))
            for i, client in enumerate(clients)
        ],
    )
    assert Nomination.objects.count() == 1
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert _errors(refused) == [SAME_NOMINEE]
    # Its token is free again: nothing was saved under it.
    assert FormSubmission.objects.count() == 1


def test_two_decisions_with_one_number_at_once_make_one_decision_and_no_second_award(world, phase):
    first = NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a, state=S.APPROVED)
    second = NominationFactory(phase=phase, unit=world.grassroots_a2, state=S.APPROVED)
    clients = [logged_in_client(world.staff_a) for _ in range(2)]

    def issue(client, nomination, token):
        data = {
            "form_token": token,
            "unit": world.district_a.pk,
            "method": "regular",
            "number": "12/QĐ-LĐLĐ",
            "date": "2026-11-20",
            "signer": "Nguyễn Văn Phú",
            "signer_title": "Chủ tịch",
            "nominations": [nomination.pk],
        }
        return _post(client, "/khen-thuong/quyet-dinh/moi/", data)

    responses = race(
        "awards_decision",
        [issue(clients[0], first, "decision-token-0001"), issue(clients[1], second, "decision-token-0002")],
    )
    decision = Decision.objects.get()
    assert (decision.number, decision.year, decision.awards.count()) == ("12/QĐ-LĐLĐ", 2026, 1)
    refused = next(r for r in responses if r.status_code == 200)
    assert _errors(refused) == ["Đơn vị này đã có quyết định mang số này trong năm."]


def test_the_member_form_sent_twice_at_once_adds_one_member(world):
    clients = [logged_in_client(world.officer_a) for _ in range(2)]
    data = {
        "form_token": "member-double-click-01",
        "unit": world.grassroots_a.pk,
        "full_name": "Lê Thị Thu Trang",
        "gender": "female",
        "date_of_birth": "12/03/1991",
        "direct_production": "on",
    }
    responses = race("unionsite_formsubmission", [_post(c, "/to-chuc/doan-vien/them/", data) for c in clients])
    trang = Member.objects.get(full_name="Lê Thị Thu Trang")
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert _errors(refused) == [f'{ALREADY_SENT} <a href="/to-chuc/doan-vien/{trang.pk}/">Mở hồ sơ đã lưu</a>']


def test_two_members_with_one_card_number_at_once_are_refused_on_the_field(world):
    clients = [logged_in_client(world.officer_a), logged_in_client(world.staff_a)]

    def add(client, name, token):
        data = {
            "form_token": token,
            "unit": world.grassroots_a.pk,
            "full_name": name,
            "gender": "male",
            "date_of_birth": "01/01/1990",
            "card_number": "CD-2026-0042",
        }
        return _post(client, "/to-chuc/doan-vien/them/", data)

    responses = race(
        "unions_member",
        [add(clients[0], "Phạm Văn Long", "card-token-000001"), add(clients[1], "Phạm Văn Lâm", "card-token-000002")],
    )
    assert Member.objects.filter(card_number="CD-2026-0042").count() == 1
    refused = next(r for r in responses if r.status_code == 200)
    assert refused.context["form"].errors == {"card_number": ["Đoàn viên có Số thẻ đoàn viên đã tồn tại."]}


def test_two_accounts_with_one_username_at_once_make_one_account(world):
    clients = [logged_in_client(world.staff_a), logged_in_client(world.city_reviewer)]

    def create(client, token):
        data = {
            "form_token": token,
            "username": "canbo.moi",
            "last_name": "Trần",
            "first_name": "Mai",
            "email": "",
            "unit": world.grassroots_a2.pk,
            "role": Role.GRASSROOTS_OFFICER,
        }
        return _post(client, "/to-chuc/tai-khoan/them/", data)

    responses = race("auth_user", [create(clients[0], "account-token-0001"), create(clients[1], "account-token-0002")])
    assert get_user_model().objects.filter(username="canbo.moi").count() == 1
    assert sorted(r.status_code for r in responses) == [200, 200]  # the page with the password, and the refusal
    refused = next(r for r in responses if r.context.get("form") is not None)
    assert refused.context["form"].errors == {"username": ["Tên đăng nhập “canbo.moi” đã có người dùng."]}


def test_level_is_part_of_the_rule(world, phase):
    """A city-level and a district-level nomination of one person for one title may stand together."""
    NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a, level=Level.UPPER)
    NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a, level=Level.CITY)
    assert Nomination.objects.count() == 2
