import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory
from unions.models import Block, RoleAssignment

pytestmark = pytest.mark.django_db


def _password(response):
    return re.search(r'data-testid="temporary-password">([^<]+)<', response.content.decode()).group(1)


def test_staff_creates_an_account_and_the_password_works(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:account_create"),
        {
            "username": "canbo.vy",
            "first_name": "Vy",
            "last_name": "Trần Thị",
            "unit": world.grassroots_a2.pk,
            "role": "grassroots_officer",
        },
    )
    assert response.status_code == 200
    password = _password(response)
    client.logout()
    response = client.post(reverse("login"), {"username": "canbo.vy", "password": password})
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    # A temporary password: every page sends the new account to choose its own first.
    assert client.get(reverse("home"))["Location"] == reverse("password_change") + "?next=%2F"


def test_account_form_offers_only_units_in_the_staff_subtree(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:account_create"),
        {"username": "x", "first_name": "X", "unit": world.city.pk, "role": "city_reviewer"},
    )
    assert "unit" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="x").exists()


def test_role_kind_mismatch_is_a_form_error(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:account_create"),
        {"username": "x", "first_name": "X", "unit": world.grassroots_a.pk, "role": "upper_staff"},
    )
    assert response.context["form"].non_field_errors() == [
        "Vai trò “Cán bộ công đoàn cấp trên cơ sở” không thể giao tại công đoàn cơ sở."
    ]
    assert not get_user_model().objects.filter(username="x").exists()


def test_account_list_shows_accounts_in_the_subtree(client, world):
    client.force_login(world.reviewer)
    response = client.get(reverse("unions:account_list"))
    assert [a.username for a in response.context["page_obj"]] == ["officer_a", "staff_a"]
    response = client.get(reverse("unions:account_list"), {"q": "fecon"})
    assert [a.username for a in response.context["page_obj"]] == ["officer_a"]
    # A search with a NUL byte (a 500 on PostgreSQL) is ignored.
    response = client.get(reverse("unions:account_list"), {"q": "fecon\x00"})
    assert [a.username for a in response.context["page_obj"]] == ["officer_a", "staff_a"]


def test_reset_password_shows_a_new_password_once(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:account_reset_password", args=[world.officer_a.pk]))
    password = _password(response)
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password(password)
    html = client.get(reverse("unions:account_detail", args=[world.officer_a.pk])).content.decode()
    assert password not in html
    assert "Đã cấp mật khẩu tạm thời" in html


def test_deactivate_account(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:account_deactivate", args=[world.officer_a.pk]))
    assert response["Location"] == reverse("unions:account_detail", args=[world.officer_a.pk])
    world.officer_a.refresh_from_db()
    assert world.officer_a.is_active is False


def test_staff_may_not_deactivate_the_city_reviewer(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:account_deactivate", args=[world.city_reviewer.pk]))
    assert response.status_code == 404  # above the staff member: not even visible
    client.force_login(world.city_reviewer)
    response = client.post(reverse("unions:account_deactivate", args=[world.reviewer.pk]))
    assert response.status_code == 302


def test_grant_role_on_the_roles_page(client, world):
    user = UserFactory(username="moi")
    RoleAssignment.objects.create(user=user, unit=world.grassroots_a2, role="grassroots_officer")
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:unit_roles", args=[world.grassroots_a.pk]), {"user": user.pk, "role": "grassroots_officer"}
    )
    assert response.status_code == 302
    assert set(user.role_assignments.values_list("unit__short_code", flat=True)) == {"FECON", "TH-VY"}
    html = client.get(reverse("unions:unit_roles", args=[world.grassroots_a.pk])).content.decode()
    # The history names the role, the unit and the login in words (codes are never shown).
    assert "<strong>vai trò</strong>: Cán bộ công đoàn cơ sở" in html
    assert "<strong>đơn vị công đoàn</strong>: Công đoàn Công ty Cổ phần Fecon" in html
    assert "<strong>tên đăng nhập</strong>: moi" in html
    assert "<strong>vai trò</strong>: grassroots_officer" not in html


def test_insider_sees_roles_but_may_not_grant(client, world):
    client.force_login(world.insider)
    url = reverse("unions:unit_roles", args=[world.grassroots_a.pk])
    assert client.get(url).context["form"] is None
    response = client.post(url, {"user": world.officer_a.pk, "role": "grassroots_officer"})
    assert response.status_code == 403


def test_revoke_role(client, world):
    assignment = world.officer_a.role_assignments.get()
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:role_revoke", args=[assignment.pk]), {"note": "Nghỉ hưu"})
    assert response["Location"] == reverse("unions:unit_roles", args=[world.grassroots_a.pk])
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert RoleAssignment.all_objects.get(pk=assignment.pk).revoke_reason == "Nghỉ hưu"


def test_revoking_without_a_reason_is_refused_in_words(client, world):
    assignment = world.officer_a.role_assignments.get()
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:role_revoke", args=[assignment.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Hãy nêu lý do thu hồi vai trò."]
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_city_reviewer_creates_and_edits_blocks(client, world):
    client.force_login(world.city_reviewer)
    response = client.post(
        reverse("unions:block_create"), {"code": "giao-duc", "name": "Khối giáo dục", "order": 3, "active": "on"}
    )
    assert response["Location"] == reverse("unions:block_list")
    block = Block.objects.get(code="giao-duc")
    client.post(
        reverse("unions:block_edit", args=[block.pk]), {"code": "giao-duc", "name": "Khối Giáo dục", "order": 3}
    )
    block.refresh_from_db()
    assert (block.name, block.active) == ("Khối Giáo dục", False)
    html = client.get(reverse("unions:block_edit", args=[block.pk])).content.decode()
    assert "Khối giáo dục → Khối Giáo dục" in html


def test_staff_may_not_post_blocks(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:block_create"), {"code": "x", "name": "X", "order": 1})
    assert response.status_code == 403
    assert not Block.objects.filter(code="x").exists()


def test_every_link_on_the_officers_account_page_opens(client, world):
    # The "← Accounts" link led a grassroots officer, who may not list accounts, to a 403.
    client.force_login(world.officer_a)
    html = client.get(reverse("unions:account_detail", args=[world.officer_a.pk])).content.decode()
    links = {link for link in re.findall(r'href="(/[^"]*)"', html) if not link.startswith("/static/")}
    assert reverse("unions:unit_roles", args=[world.grassroots_a.pk]) in links
    answers = {link: client.get(link).status_code for link in links}
    assert {link: status for link, status in answers.items() if status != 200} == {}
