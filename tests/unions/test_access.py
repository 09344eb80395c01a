"""Every unions page for the three standing users: the insider (officer of grassroots_a), the reviewer
above (staff of district_a) and the outsider (officer of grassroots_b in another district)."""

import pytest
from django.urls import reverse

from tests.factories import BlockFactory

pytestmark = pytest.mark.django_db

# name: (kwargs builder, method, insider, reviewer, outsider)
EXPECTED = {
    "unions:tree": (None, "get", 200, 200, 200),
    "unions:unit_detail": (lambda w: {"pk": w.grassroots_a.pk}, "get", 200, 200, 404),
    "unions:unit_children": (lambda w: {"pk": w.district_a.pk}, "get", 404, 200, 404),
    "unions:unit_create": (lambda w: {"pk": w.district_a.pk}, "get", 404, 200, 404),
    "unions:unit_edit": (lambda w: {"pk": w.grassroots_a.pk}, "get", 403, 200, 404),
    "unions:unit_move": (lambda w: {"pk": w.grassroots_a.pk}, "get", 403, 200, 404),
    "unions:unit_close": (lambda w: {"pk": w.grassroots_a.pk}, "get", 403, 200, 404),
    "unions:unit_merge": (lambda w: {"pk": w.grassroots_a.pk}, "get", 403, 200, 404),
    "unions:unit_roles": (lambda w: {"pk": w.grassroots_a.pk}, "get", 200, 200, 404),
    "unions:member_list": (None, "get", 200, 200, 200),
    "unions:member_export": (None, "get", 200, 200, 200),
    # A background export's page belongs to the session that asked for it (see test_views_members).
    "unions:member_export_file": (lambda w: {"token": "0" * 32}, "get", 404, 404, 404),
    "unions:member_import": (None, "get", 200, 200, 200),
    "unions:member_import_template": (None, "get", 200, 200, 200),
    "unions:member_create": (None, "get", 200, 200, 200),
    "unions:member_detail": (lambda w: {"pk": w.member_a.pk}, "get", 200, 200, 404),
    "unions:member_edit": (lambda w: {"pk": w.member_a.pk}, "get", 200, 200, 404),
    "unions:account_list": (None, "get", 403, 200, 403),
    "unions:account_create": (None, "get", 403, 200, 403),
    "unions:account_detail": (lambda w: {"pk": w.officer_a.pk}, "get", 200, 200, 404),
    "unions:block_list": (None, "get", 403, 403, 403),
    "unions:block_create": (None, "get", 403, 403, 403),
    "unions:block_edit": (lambda w: {"pk": BlockFactory(code="doanh-nghiep").pk}, "get", 403, 403, 403),
    # Actions (POST): the insider may not act on its own account or role, the reviewer may.
    "unions:role_revoke": (lambda w: {"pk": w.officer_a.role_assignments.get().pk}, "post", 403, 302, 404),
    "unions:account_deactivate": (lambda w: {"pk": w.officer_a.pk}, "post", 403, 302, 404),
    "unions:account_reset_password": (lambda w: {"pk": w.officer_a.pk}, "post", 403, 200, 404),
    "unions:account_reset_two_factor": (lambda w: {"pk": w.officer_a.pk}, "post", 403, 302, 404),
    "unions:member_deactivate": (lambda w: {"pk": w.member_a.pk}, "post", 302, 302, 404),
}


@pytest.mark.parametrize("who", ["insider", "reviewer", "outsider"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_answers_each_standing_user(client, world, name, who):
    kwargs, method, *statuses = EXPECTED[name]
    expected = dict(zip(["insider", "reviewer", "outsider"], statuses, strict=True))[who]
    client.force_login(getattr(world, who))
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    response = getattr(client, method)(url)
    assert response.status_code == expected


# Form pages answer an empty POST the same way: the check comes before the form is read (an allowed
# user gets the form back with its errors, 200).
EXPECTED_POST = {
    "unions:unit_create": (lambda w: {"pk": w.district_a.pk}, 404, 200, 404),
    "unions:unit_edit": (lambda w: {"pk": w.grassroots_a.pk}, 403, 200, 404),
    "unions:unit_move": (lambda w: {"pk": w.grassroots_a.pk}, 403, 200, 404),
    "unions:unit_close": (lambda w: {"pk": w.grassroots_a.pk}, 403, 200, 404),
    "unions:unit_merge": (lambda w: {"pk": w.grassroots_a.pk}, 403, 200, 404),
    "unions:unit_roles": (lambda w: {"pk": w.grassroots_a.pk}, 403, 200, 404),
    "unions:member_edit": (lambda w: {"pk": w.member_a.pk}, 200, 200, 404),
    "unions:member_create": (None, 200, 200, 200),
    "unions:member_import": (None, 200, 200, 200),
    "unions:account_create": (None, 403, 200, 403),
    "unions:block_create": (None, 403, 403, 403),
    "unions:block_edit": (lambda w: {"pk": BlockFactory(code="doanh-nghiep").pk}, 403, 403, 403),
}


@pytest.mark.parametrize("who", ["insider", "reviewer", "outsider"])
@pytest.mark.parametrize("name", sorted(EXPECTED_POST))
def test_form_post_answers_each_standing_user(client, world, name, who):
    kwargs, *statuses = EXPECTED_POST[name]
    expected = dict(zip(["insider", "reviewer", "outsider"], statuses, strict=True))[who]
    client.force_login(getattr(world, who))
    response = client.post(reverse(name, kwargs=kwargs(world) if kwargs else None), {})
    assert response.status_code == expected


def test_every_unions_url_has_expected_answers():
    from tests.unions.scope_cases import CASES

    missing = {name for name in CASES if name not in EXPECTED and name not in EXPECTED_POST}
    assert missing == set()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("unions:block_list", None),
        ("unions:block_create", None),
        ("unions:block_edit", lambda w: {"pk": BlockFactory(code="doanh-nghiep").pk}),
    ],
)
def test_city_reviewer_manages_blocks(client, world, name, kwargs):
    client.force_login(world.city_reviewer)
    response = client.get(reverse(name, kwargs=kwargs(world) if kwargs else None))
    assert response.status_code == 200


def test_nav_shows_organisations_to_role_holders(client, world):
    client.force_login(world.insider)
    html = client.get("/").content.decode()
    assert 'href="/to-chuc/">Tổ chức</a>' in html
    assert 'data-testid="units-panel"' in html
    assert "Công đoàn Công ty Cổ phần Fecon" in html


def test_nav_hides_organisations_without_role(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="no_role"))
    html = client.get("/").content.decode()
    assert 'href="/to-chuc/"' not in html
    assert 'data-testid="units-panel"' not in html


@pytest.mark.parametrize(
    "name", sorted(n for n, spec in EXPECTED.items() if spec[1] == "get" and n != "unions:member_export_file")
)
def test_administrator_sees_every_page(client, world, admin_user, name):
    kwargs = EXPECTED[name][0]
    client.force_login(admin_user)
    assert client.get(reverse(name, kwargs=kwargs(world) if kwargs else None)).status_code == 200
