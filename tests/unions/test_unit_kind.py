"""A unit's kind cannot change while members, roles or other records depend on it (issue 13: district staff
turned a grassroots union with members and an officer into an upper-level unit, and the officer's role
then covered every union created under it)."""

import pytest
from django.urls import reverse

from tests.factories import GrassrootsFactory
from unions import domain
from unions.enums import UnitKind
from unions.models import OrgUnit
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def _edit_data(unit, **changes):
    data = {
        "kind": unit.kind,
        "name": unit.name,
        "short_code": unit.short_code,
        "block": unit.block_id or "",
        "cluster": "",
        "ownership": unit.ownership,
        "member_count": unit.member_count,
    }
    return {**data, **changes}


def test_district_staff_cannot_turn_a_union_with_members_and_an_officer_into_an_upper_unit(client, world):
    client.force_login(world.staff_a)
    url = reverse("unions:unit_edit", args=[world.grassroots_a.pk])
    response = client.post(url, _edit_data(world.grassroots_a, kind=UnitKind.UPPER))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "kind": [
            "Không thể đổi loại đơn vị của Công đoàn Công ty Cổ phần Fecon: đã có hồ sơ gắn với đơn vị này "
            "(các đoàn viên, các phân công vai trò)."
        ]
    }
    assert OrgUnit.objects.get(pk=world.grassroots_a.pk).kind == UnitKind.GRASSROOTS
    assert history_for(world.grassroots_a).count() == 0


def test_the_domain_refuses_it_whoever_calls(world):
    with pytest.raises(DomainError) as refused:
        domain.update_unit(world.grassroots_a, by=world.city_reviewer, kind=UnitKind.UPPER)
    assert list(refused.value.message_dict) == ["kind"]


def test_an_upper_unit_with_sub_units_keeps_its_kind(world):
    with pytest.raises(DomainError) as refused:
        domain.update_unit(world.district_a, by=world.city_reviewer, kind=UnitKind.GRASSROOTS)
    assert "đơn vị trực thuộc" in refused.value.message_dict["kind"][0]


def test_a_unit_entered_with_the_wrong_kind_a_moment_ago_may_be_corrected(client, world):
    mistake = GrassrootsFactory(parent=world.district_a, name="Công đoàn ngành Giáo dục", short_code="GD-HD")
    client.force_login(world.staff_a)
    response = client.post(reverse("unions:unit_edit", args=[mistake.pk]), _edit_data(mistake, kind=UnitKind.UPPER))
    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=mistake.pk).kind == UnitKind.UPPER
    assert history_for(mistake).get().changes == {"kind": ["grassroots", "upper"]}


def test_a_revoked_role_does_not_hold_the_kind(world):
    unit = GrassrootsFactory(parent=world.district_a, short_code="MOI")
    assignment = domain.assign_role(by=world.staff_a, user=world.officer_b, unit=unit, role="grassroots_officer")
    domain.revoke_role(assignment, by=world.staff_a, note="Phân công nhầm đơn vị")
    domain.update_unit(unit, by=world.staff_a, kind=UnitKind.UPPER)
    assert OrgUnit.objects.get(pk=unit.pk).kind == UnitKind.UPPER
