"""Every list page runs the same number of queries for 1 row as for 3."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BlockFactory, GrassrootsFactory, MemberFactory, UpperFactory, UserFactory, user_with_role
from unions.enums import Role
from unions.models import RoleAssignment

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _assert_same(client, url, add_two_rows, django_assert_num_queries):
    client.get(url)  # session and content types warmed
    one = _queries(client, url)
    add_two_rows()
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.fixture
def district(world):
    return UpperFactory(parent=world.city, name="LĐLĐ quận Nam Từ Liêm", short_code="NTL")


@pytest.fixture
def district_staff(district):
    return user_with_role(district, Role.UPPER_STAFF, "canbo_ntl")


def test_tree(client, district, district_staff, django_assert_num_queries):
    GrassrootsFactory(parent=district)
    client.force_login(district_staff)
    response = _assert_same(
        client,
        reverse("unions:tree"),
        lambda: GrassrootsFactory.create_batch(2, parent=district),
        django_assert_num_queries,
    )
    assert response.content.decode().count('data-testid="tree-row"') == 3


def test_unit_children(client, district, district_staff, django_assert_num_queries):
    GrassrootsFactory(parent=district)
    client.force_login(district_staff)
    _assert_same(
        client,
        reverse("unions:unit_children", args=[district.pk]),
        lambda: GrassrootsFactory.create_batch(2, parent=district),
        django_assert_num_queries,
    )


def test_unit_detail_of_a_district(client, district, district_staff, django_assert_num_queries):
    unit = GrassrootsFactory(parent=district)
    MemberFactory(unit=unit)
    client.force_login(district_staff)

    def add():
        for other in GrassrootsFactory.create_batch(2, parent=district):
            MemberFactory(unit=other)
            user_with_role(district, Role.UPPER_STAFF)

    _assert_same(client, reverse("unions:unit_detail", args=[district.pk]), add, django_assert_num_queries)


def test_unit_detail_of_a_grassroots_union(client, world, django_assert_num_queries):
    client.force_login(world.reviewer)

    def add():
        MemberFactory.create_batch(2, unit=world.grassroots_a)
        user_with_role(world.grassroots_a, Role.GRASSROOTS_OFFICER)
        user_with_role(world.grassroots_a, Role.GRASSROOTS_OFFICER)

    response = _assert_same(
        client, reverse("unions:unit_detail", args=[world.grassroots_a.pk]), add, django_assert_num_queries
    )
    assert response.context["page_obj"].paginator.count == 3


def test_member_list(client, world, django_assert_num_queries):
    client.force_login(world.reviewer)
    response = _assert_same(
        client,
        reverse("unions:member_list"),
        lambda: MemberFactory.create_batch(2, unit=world.grassroots_a2),
        django_assert_num_queries,
    )
    assert response.context["page_obj"].paginator.count == 3


def test_unit_roles(client, world, django_assert_num_queries):
    client.force_login(world.reviewer)

    def add():
        user_with_role(world.grassroots_a, Role.GRASSROOTS_OFFICER)
        user_with_role(world.grassroots_a, Role.GRASSROOTS_OFFICER)

    response = _assert_same(
        client, reverse("unions:unit_roles", args=[world.grassroots_a.pk]), add, django_assert_num_queries
    )
    assert response.context["page_obj"].paginator.count == 3


def test_account_list(client, district, district_staff, django_assert_num_queries):
    client.force_login(district_staff)
    unit = GrassrootsFactory(parent=district)

    def add():
        for user in UserFactory.create_batch(2):
            RoleAssignment.objects.create(user=user, unit=unit, role=Role.GRASSROOTS_OFFICER)

    response = _assert_same(client, reverse("unions:account_list"), add, django_assert_num_queries)
    assert response.context["page_obj"].paginator.count == 3


def test_block_list(client, world, django_assert_num_queries):
    # The world already has one block (the grassroots unions' "Khối doanh nghiệp").
    client.force_login(world.city_reviewer)
    response = _assert_same(
        client, reverse("unions:block_list"), lambda: BlockFactory.create_batch(2), django_assert_num_queries
    )
    assert response.context["page_obj"].paginator.count == 3


def test_unit_search(client, district, district_staff, django_assert_num_queries):
    GrassrootsFactory(parent=district, name="Công đoàn trường Tiểu học A")
    client.force_login(district_staff)
    response = _assert_same(
        client,
        reverse("unions:tree") + "?q=tieu+hoc",
        lambda: GrassrootsFactory.create_batch(2, parent=district, name="Công đoàn trường Tiểu học B"),
        django_assert_num_queries,
    )
    assert response.context["page_obj"].paginator.count == 3
