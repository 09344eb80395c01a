"""The one scope object: what each standing user sees, read once per user object."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import UserFactory
from unions.enums import Role
from unions.models import OrgUnit
from unions.scope import Scope, ancestor_paths

pytestmark = pytest.mark.django_db


def visible(user, **filters):
    return set(OrgUnit.objects.filter(Scope.for_user(user).q(), **filters).values_list("short_code", flat=True))


def test_ancestor_paths_of_a_path():
    assert ancestor_paths("00000001.00000004.00000009.") == [
        "00000001.",
        "00000001.00000004.",
        "00000001.00000004.00000009.",
    ]


def test_each_standing_user_sees_their_subtree(world):
    assert visible(world.officer_a) == {"FECON"}
    assert visible(world.staff_a) == {"HD", "FECON", "TH-VY"}
    assert visible(world.city_reviewer) == {"HN", "HD", "DP", "FECON", "TH-VY", "BV-DP"}
    assert visible(world.officer_b) == {"BV-DP"}


def test_staff_scope_leaves_out_officer_roles(world):
    assert OrgUnit.objects.filter(Scope.for_user(world.officer_a).staff_q()).count() == 0
    staff = OrgUnit.objects.filter(Scope.for_user(world.staff_a).staff_q())
    assert set(staff.values_list("short_code", flat=True)) == {"HD", "FECON", "TH-VY"}


def test_roles_are_read_once_per_user_object(world, django_assert_num_queries):
    user = type(world.staff_a).objects.get(pk=world.staff_a.pk)
    with django_assert_num_queries(1):
        first = Scope.for_user(user)
        assert Scope.for_user(user) is first
        assert first.covers(world.grassroots_a)
    Scope.forget(user)
    with django_assert_num_queries(1):
        Scope.for_user(user)


def test_covers_strictly_and_by_role(world):
    staff = Scope.for_user(world.staff_a)
    assert staff.covers(world.district_a)
    assert not staff.covers(world.district_a, strictly=True)
    assert staff.covers(world.grassroots_a, Role.UPPER_STAFF, strictly=True)
    assert not staff.covers(world.grassroots_a, Role.GRASSROOTS_OFFICER)
    assert not staff.covers(world.grassroots_b)
    assert staff.roles_on(world.grassroots_a) == {Role.UPPER_STAFF}
    assert staff.holds_on(world.district_a, staff=True)
    assert not staff.holds_on(world.grassroots_a, staff=True)


def test_units_above_the_users_units(world):
    above = set(OrgUnit.objects.filter(Scope.for_user(world.officer_a).above_q()).values_list("short_code", flat=True))
    assert above == {"HN", "HD", "FECON"}


def test_an_active_superuser_sees_everything_and_others_nothing(world):
    admin = UserFactory(username="quantri", is_superuser=True)
    assert Scope.for_user(admin).is_admin
    assert visible(admin) == {"HN", "HD", "DP", "FECON", "TH-VY", "BV-DP"}
    assert Scope.for_user(admin).covers(world.grassroots_b)
    retired = UserFactory(username="nghihuu", is_superuser=True, is_active=False)
    assert not Scope.for_user(retired).is_admin
    assert visible(retired) == set()
    assert visible(AnonymousUser()) == set()
    assert visible(UserFactory(username="khongvaitro")) == set()


def test_roles_on_a_closed_unit_grant_nothing(world):
    world.grassroots_a.active = False
    world.grassroots_a.save()
    user = type(world.officer_a).objects.get(pk=world.officer_a.pk)
    assert not Scope.for_user(user)
    assert visible(user) == set()
