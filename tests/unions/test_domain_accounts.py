import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory, user_with_role
from unions import domain
from unions.enums import Role
from unions.models import RoleAssignment
from unions.scope import Scope
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def test_staff_grants_officer_role_in_own_district(world):
    user = UserFactory(username="moi")
    assignment = domain.assign_role(by=world.staff_a, user=user, unit=world.grassroots_a2, role=Role.GRASSROOTS_OFFICER)
    assert (assignment.granted_by, assignment.unit) == (world.staff_a, world.grassroots_a2)
    granted = {
        "role": [None, "grassroots_officer"],
        "unit": [None, "Công đoàn trường Tiểu học Văn Yên"],
        "username": [None, "moi"],
    }
    for target in (assignment, world.grassroots_a2, user):
        assert history_for(target).get().changes == granted


def test_role_must_fit_the_unit_kind(world):
    with pytest.raises(ValidationError):
        domain.assign_role(by=world.staff_a, user=UserFactory(), unit=world.grassroots_a, role=Role.UPPER_STAFF)


def test_staff_may_not_grant_above_their_unit(world):
    with pytest.raises(PermissionDenied):
        domain.assign_role(by=world.staff_a, user=UserFactory(), unit=world.city, role=Role.CITY_REVIEWER)


def test_staff_may_not_grant_in_another_district(world):
    with pytest.raises(PermissionDenied):
        domain.assign_role(by=world.staff_a, user=UserFactory(), unit=world.grassroots_b, role=Role.GRASSROOTS_OFFICER)


def test_officer_may_not_grant_roles(world):
    with pytest.raises(PermissionDenied):
        domain.assign_role(by=world.insider, user=UserFactory(), unit=world.grassroots_a, role=Role.GRASSROOTS_OFFICER)


def test_granting_twice_is_refused(world):
    with pytest.raises(ValidationError):
        domain.assign_role(
            by=world.staff_a, user=world.officer_a, unit=world.grassroots_a, role=Role.GRASSROOTS_OFFICER
        )


def test_revoke_role_keeps_the_row_with_who_when_and_why(world):
    assignment = world.officer_a.role_assignments.get()
    domain.revoke_role(assignment, by=world.staff_a, note="Chuyển công tác")
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    kept = RoleAssignment.all_objects.get(pk=assignment.pk)
    assert (kept.revoked_by, kept.revoke_reason, kept.revoked_at is not None) == (
        world.staff_a,
        "Chuyển công tác",
        True,
    )
    entry = history_for(world.officer_a).get()
    assert entry.changes == {
        "role": ["grassroots_officer", None],
        "unit": ["Công đoàn Công ty Cổ phần Fecon", None],
        "username": ["officer_a", None],
    }
    assert entry.note == "Chuyển công tác"
    # The revoked role covers nothing any more, and the same role may be granted again.
    assert not Scope.for_user(RoleAssignment.all_objects.get(pk=assignment.pk).user).grants
    again = domain.assign_role(by=world.staff_a, user=world.officer_a, unit=world.grassroots_a, role=assignment.role)
    assert RoleAssignment.objects.get(user=world.officer_a) == again


def test_revoking_a_role_needs_the_reason(world):
    assignment = world.officer_a.role_assignments.get()
    with pytest.raises(ValidationError) as raised:
        domain.revoke_role(assignment, by=world.staff_a, note="  ")
    assert raised.value.message_dict == {"note": ["Hãy nêu lý do thu hồi vai trò."]}
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_nobody_revokes_their_own_role(world):
    with pytest.raises(ValidationError):
        domain.revoke_role(world.staff_a.role_assignments.get(), by=world.staff_a)


def test_create_account_gives_a_working_temporary_password(world):
    user, password = domain.create_account(
        by=world.staff_a,
        username="canbo.vy",
        unit=world.grassroots_a2,
        role=Role.GRASSROOTS_OFFICER,
        first_name="Vy",
        last_name="Trần Thị",
    )
    assert len(password) == 12
    assert user.check_password(password)
    assert list(user.role_assignments.values_list("unit", "role")) == [(world.grassroots_a2.pk, "grassroots_officer")]


def test_create_account_refuses_taken_username(world):
    with pytest.raises(ValidationError):
        domain.create_account(
            by=world.staff_a, username="OFFICER_A", unit=world.grassroots_a2, role=Role.GRASSROOTS_OFFICER
        )
    assert get_user_model().objects.filter(username__iexact="officer_a").count() == 1


def test_staff_may_not_create_an_account_above_them(world):
    with pytest.raises(PermissionDenied):
        domain.create_account(by=world.staff_a, username="x", unit=world.city, role=Role.CITY_REVIEWER)
    assert not get_user_model().objects.filter(username="x").exists()


def test_staff_deactivates_account_in_their_subtree(world):
    domain.deactivate_account(world.officer_a, by=world.staff_a, note="Chuyển công tác")
    world.officer_a.refresh_from_db()
    assert world.officer_a.is_active is False
    assert history_for(world.officer_a).get().changes == {"is_active": [True, False]}


@pytest.mark.parametrize("target", ["city_reviewer", "staff_b", "officer_b", "staff_a"])
def test_staff_may_not_manage_accounts_above_beside_or_self(world, target):
    with pytest.raises(PermissionDenied):
        domain.deactivate_account(getattr(world, target), by=world.staff_a)
    with pytest.raises(PermissionDenied):
        domain.reset_password(getattr(world, target), by=world.staff_a)


def test_account_with_a_role_outside_the_subtree_is_not_managed(world):
    user = user_with_role(world.grassroots_a, Role.GRASSROOTS_OFFICER, "hai_noi")
    RoleAssignment.objects.create(user=user, unit=world.grassroots_b, role=Role.GRASSROOTS_OFFICER)
    with pytest.raises(PermissionDenied):
        domain.deactivate_account(user, by=world.staff_a)
    domain.deactivate_account(user, by=world.city_reviewer)


def test_reset_password(world):
    password = domain.reset_password(world.officer_a, by=world.staff_a)
    world.officer_a.refresh_from_db()
    assert world.officer_a.check_password(password)
    assert not world.officer_a.check_password("mat-khau-1")
    entry = history_for(world.officer_a).get()
    assert (entry.note, entry.changes) == ("", {"temporary_password": [None, True]})
