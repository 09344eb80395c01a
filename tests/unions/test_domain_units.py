import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import GrassrootsFactory, MemberFactory, UpperFactory
from unions import domain
from unions.enums import UnitKind
from unions.models import OrgUnit
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def _path(*units):
    return "".join(f"{u.pk:08d}." for u in units)


def test_create_unit_under_district_records_history(world):
    unit = domain.create_unit(
        by=world.staff_a,
        parent=world.district_a,
        kind=UnitKind.GRASSROOTS,
        name="Công đoàn Khách sạn Mường Thanh",
        short_code="MT",
    )
    assert unit.path == _path(world.city, world.district_a, unit)
    assert unit.depth == 2
    entry = history_for(unit).get()
    assert (entry.action, entry.actor) == ("create", world.staff_a)
    assert entry.changes["name"] == [None, "Công đoàn Khách sạn Mường Thanh"]


def test_officer_may_not_create_units(world):
    with pytest.raises(PermissionDenied):
        domain.create_unit(
            by=world.officer_a, parent=world.district_a, kind=UnitKind.GRASSROOTS, name="X", short_code="X"
        )


def test_staff_may_not_create_units_in_another_district(world):
    with pytest.raises(PermissionDenied):
        domain.create_unit(
            by=world.staff_a, parent=world.district_b, kind=UnitKind.GRASSROOTS, name="X", short_code="X"
        )


def test_grassroots_union_cannot_have_sub_units(world):
    with pytest.raises(PermissionDenied):
        domain.create_unit(
            by=world.city_reviewer, parent=world.grassroots_a, kind=UnitKind.GRASSROOTS, name="X", short_code="X"
        )


def test_update_unit_records_field_diff(world):
    domain.update_unit(world.grassroots_a, by=world.staff_a, name="Công đoàn Công ty Fecon", member_count=75)
    entry = history_for(world.grassroots_a).get()
    assert entry.changes == {
        "name": ["Công đoàn Công ty Cổ phần Fecon", "Công đoàn Công ty Fecon"],
        "member_count": [50, 75],
    }
    assert OrgUnit.objects.get(pk=world.grassroots_a.pk).name_search == "cong doan cong ty fecon fecon"


def test_staff_may_not_edit_own_district(world):
    with pytest.raises(PermissionDenied):
        domain.update_unit(world.district_a, by=world.staff_a, name="LĐLĐ quận Hà Đông mới")


def test_move_rewrites_every_descendant_path_and_depth(world):
    sector = UpperFactory(parent=world.district_a, name="Công đoàn ngành Xây dựng", short_code="XD")
    company = GrassrootsFactory(parent=sector, short_code="XD1")
    other = GrassrootsFactory(parent=world.district_b, short_code="B2")
    domain.move_unit(sector, world.city, by=world.city_reviewer, note="Sắp xếp lại 2025")
    sector.refresh_from_db()
    company.refresh_from_db()
    assert (sector.parent, sector.path, sector.depth) == (world.city, _path(world.city, sector), 1)
    assert (company.path, company.depth) == (_path(world.city, sector, company), 2)
    other.refresh_from_db()
    assert other.path == _path(world.city, world.district_b, other)
    entry = history_for(sector).get()
    assert entry.changes == {"parent": ["LĐLĐ quận Hà Đông", "Liên đoàn Lao động Thành phố Hà Nội"]}
    assert entry.note == "Sắp xếp lại 2025"


def test_move_deeper_shifts_depth_down(world):
    sector = UpperFactory(parent=world.city, short_code="NG")
    company = GrassrootsFactory(parent=sector, short_code="NG1")
    domain.move_unit(sector, world.district_a, by=world.city_reviewer)
    company.refresh_from_db()
    assert (company.path, company.depth) == (_path(world.city, world.district_a, sector, company), 3)


def test_move_keeps_members_with_the_unit(world):
    domain.move_unit(world.grassroots_a, world.district_b, by=world.city_reviewer)
    world.member_a.refresh_from_db()
    assert world.member_a.unit_id == world.grassroots_a.pk
    assert OrgUnit.objects.get(pk=world.grassroots_a.pk).path == _path(world.city, world.district_b, world.grassroots_a)


def test_move_under_own_subtree_is_refused(world):
    sector = UpperFactory(parent=world.district_a, short_code="XD")
    with pytest.raises(ValidationError) as caught:
        domain.move_unit(world.district_a, sector, by=world.city_reviewer)
    assert caught.value.messages == ["Không thể chuyển một đơn vị về trực thuộc chính nó hoặc đơn vị cấp dưới của nó."]


def test_staff_may_not_move_a_unit_out_of_their_district(world):
    with pytest.raises(PermissionDenied):
        domain.move_unit(world.grassroots_a, world.district_b, by=world.staff_a)


def test_close_unit(world):
    domain.close_unit(world.grassroots_a2, by=world.staff_a, closed_on=datetime.date(2025, 7, 1), note="Giải thể")
    world.grassroots_a2.refresh_from_db()
    assert (world.grassroots_a2.active, world.grassroots_a2.closed_on) == (False, datetime.date(2025, 7, 1))
    assert history_for(world.grassroots_a2).get().changes == {
        "active": [True, False],
        "closed_on": [None, "2025-07-01"],
    }


def test_close_refused_while_sub_units_are_active(world):
    with pytest.raises(ValidationError) as caught:
        domain.close_unit(world.district_a, by=world.city_reviewer)
    assert caught.value.messages == ["Hãy chuyển hoặc giải thể các đơn vị trực thuộc trước."]


def test_merge_closes_sources_and_keeps_their_members(world):
    extra = MemberFactory(unit=world.grassroots_a2)
    domain.merge_units([world.grassroots_a2], world.grassroots_a, by=world.staff_a, closed_on=datetime.date(2025, 7, 1))
    world.grassroots_a2.refresh_from_db()
    assert (world.grassroots_a2.active, world.grassroots_a2.merged_into) == (False, world.grassroots_a)
    extra.refresh_from_db()
    assert extra.unit == world.grassroots_a2
    assert history_for(world.grassroots_a).get().changes == {"merged_from": [None, "Công đoàn trường Tiểu học Văn Yên"]}


def test_merging_districts_moves_their_active_units_with_right_paths(world):
    domain.merge_units([world.district_b], world.district_a, by=world.city_reviewer)
    world.grassroots_b.refresh_from_db()
    world.district_b.refresh_from_db()
    assert world.grassroots_b.parent == world.district_a
    assert world.grassroots_b.path == _path(world.city, world.district_a, world.grassroots_b)
    assert (world.district_b.active, world.district_b.merged_into) == (False, world.district_a)


def test_merge_of_different_kinds_is_refused(world):
    with pytest.raises(ValidationError):
        domain.merge_units([world.grassroots_b], world.district_a, by=world.city_reviewer)


def test_staff_may_not_merge_units_of_another_district(world):
    with pytest.raises(PermissionDenied):
        domain.merge_units([world.grassroots_b], world.grassroots_a, by=world.staff_a)
