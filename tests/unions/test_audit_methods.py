"""Audit findings on the unions pages: form pages answer GET and POST only, and the `next` a form
sends back never leads off the site."""

import pytest
from django.urls import reverse

from tests.factories import BlockFactory

pytestmark = pytest.mark.django_db

FORM_PAGES = {
    "unions:unit_create": lambda w: {"pk": w.district_a.pk},
    "unions:unit_edit": lambda w: {"pk": w.grassroots_a.pk},
    "unions:unit_move": lambda w: {"pk": w.grassroots_a.pk},
    "unions:unit_close": lambda w: {"pk": w.grassroots_a.pk},
    "unions:unit_merge": lambda w: {"pk": w.grassroots_a.pk},
    "unions:unit_roles": lambda w: {"pk": w.grassroots_a.pk},
    "unions:member_import": None,
    "unions:member_create": None,
    "unions:member_edit": lambda w: {"pk": w.member_a.pk},
    "unions:account_create": None,
    "unions:block_create": None,
    "unions:block_edit": lambda w: {"pk": BlockFactory(code="hanh-chinh").pk},
}


@pytest.mark.parametrize("name", sorted(FORM_PAGES))
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_form_pages_answer_only_get_and_post(client, world, name, method):
    kwargs = FORM_PAGES[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    client.force_login(world.city_reviewer)
    assert getattr(client, method)(url).status_code == 405


def test_role_revoke_does_not_redirect_off_the_site(client, world):
    assignment = world.officer_a.role_assignments.get()
    client.force_login(world.staff_a)
    url = reverse("unions:role_revoke", args=[assignment.pk])
    response = client.post(url, {"next": "https://evil.example/phishing"})
    assert response.status_code == 302
    assert response["Location"] == reverse("unions:unit_roles", args=[world.grassroots_a.pk])


def test_role_revoke_follows_a_local_next(client, world):
    assignment = world.officer_a.role_assignments.get()
    client.force_login(world.staff_a)
    url = reverse("unions:role_revoke", args=[assignment.pk])
    next_url = reverse("unions:account_detail", args=[world.officer_a.pk])
    response = client.post(url, {"next": next_url})
    assert response["Location"] == next_url


def test_account_pages_do_not_name_units_outside_the_viewers_scope(client, world):
    # officer_a also holds a role in district_b's grassroots union, which staff_a may not see.
    from unions.enums import Role
    from unions.models import RoleAssignment

    RoleAssignment.objects.create(user=world.officer_a, unit=world.grassroots_b, role=Role.GRASSROOTS_OFFICER)
    client.force_login(world.staff_a)
    detail = client.get(reverse("unions:account_detail", args=[world.officer_a.pk]))
    assert [r.unit.name for r in detail.context["roles"]] == [world.grassroots_a.name]
    assert detail.context["roles_elsewhere"] == 1
    page = detail.content.decode()
    assert world.grassroots_b.name not in page
    assert "Và 1 vai trò ở đơn vị ngoài phạm vi của bạn." in page
    listing = client.get(reverse("unions:account_list")).content.decode()
    assert world.grassroots_b.name not in listing
    client.force_login(world.city_reviewer)
    detail = client.get(reverse("unions:account_detail", args=[world.officer_a.pk]))
    assert sorted(r.unit.name for r in detail.context["roles"]) == sorted(
        [world.grassroots_a.name, world.grassroots_b.name]
    )
    assert detail.context["roles_elsewhere"] == 0
