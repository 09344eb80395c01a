import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import MemberFactory
from unions import domain
from unions.enums import Gender
from unionsite.history import history_for

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 5, 17)  # MemberFactory's birth date, so member_a's


def _add(world, by, unit, name, born=BORN, **extra):
    return domain.create_member(by=by, unit=unit, full_name=name, gender=Gender.FEMALE, date_of_birth=born, **extra)


def test_create_member_records_history(world):
    member = _add(world, world.insider, world.grassroots_a, "Lê Thị Hoa", card_number="FECON-01")
    entry = history_for(member).get()
    assert (entry.action, entry.actor) == ("create", world.insider)
    assert entry.changes["full_name"] == [None, "Lê Thị Hoa"]
    assert entry.changes["card_number"] == [None, "FECON-01"]
    assert member.possible_duplicate_of is None


def test_same_name_without_diacritics_and_birth_date_in_same_district_is_flagged(world):
    member = _add(world, world.reviewer, world.grassroots_a2, "nguyen thi kim dung")
    assert member.possible_duplicate_of == world.member_a


def test_same_name_in_another_district_is_not_flagged(world):
    member = _add(world, world.staff_b, world.grassroots_b, "Nguyễn Thị Kim Dung")
    assert member.possible_duplicate_of is None


def test_same_name_other_birth_date_is_not_flagged(world):
    member = _add(world, world.insider, world.grassroots_a, "Nguyễn Thị Kim Dung", born=datetime.date(1991, 5, 17))
    assert member.possible_duplicate_of is None


def test_officer_may_not_add_members_elsewhere(world):
    with pytest.raises(PermissionDenied):
        _add(world, world.insider, world.grassroots_a2, "Lê Thị Hoa")


def test_members_only_in_grassroots_unions(world):
    with pytest.raises(ValidationError):
        _add(world, world.reviewer, world.district_a, "Lê Thị Hoa")


def test_update_member_records_field_diff_and_rechecks_duplicates(world):
    other = MemberFactory(unit=world.grassroots_a2, full_name="Phạm Văn Nam")
    domain.update_member(other, by=world.reviewer, full_name="Nguyễn Thị Kim Dung", trade="Kế toán")
    other.refresh_from_db()
    assert other.possible_duplicate_of == world.member_a
    assert history_for(other).get().changes == {
        "full_name": ["Phạm Văn Nam", "Nguyễn Thị Kim Dung"],
        "trade": ["Hàn điện", "Kế toán"],
    }


def test_update_without_change_writes_no_history(world):
    domain.update_member(world.member_a, by=world.insider, full_name="Nguyễn Thị Kim Dung")
    assert history_for(world.member_a).count() == 0


def test_officer_may_not_move_member_to_another_union(world):
    with pytest.raises(PermissionDenied):
        domain.update_member(world.member_a, by=world.insider, unit=world.grassroots_a2)


def test_duplicate_card_number_is_refused(world):
    MemberFactory(unit=world.grassroots_a, card_number="FECON-01")
    with pytest.raises(ValidationError) as caught:
        _add(world, world.insider, world.grassroots_a, "Lê Thị Hoa", card_number="FECON-01")
    assert list(caught.value.message_dict) == ["card_number"]


def test_deactivate_member(world):
    domain.deactivate_member(world.member_a, by=world.insider, note="Nghỉ việc")
    world.member_a.refresh_from_db()
    assert world.member_a.active is False
    entry = history_for(world.member_a).get()
    assert (entry.action, entry.changes, entry.note) == ("transition", {"active": [True, False]}, "Nghỉ việc")


def test_outsider_may_not_deactivate(world):
    with pytest.raises(PermissionDenied):
        domain.deactivate_member(world.member_a, by=world.outsider)
