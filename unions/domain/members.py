"""Adding, editing and deactivating members (đoàn viên)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unions.enums import UnitKind
from unions.models import Member
from unions.queries import likely_duplicates
from unionsite.errors import duplicates_refused
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require

MEMBER_FIELDS = [
    "unit",
    "full_name",
    "gender",
    "date_of_birth",
    "trade",
    "position",
    "direct_production",
    "card_number",
    "phone",
    "joined_on",
    "active",
]


def _check_unit(unit):
    if unit.kind != UnitKind.GRASSROOTS:
        raise ValidationError(_("Members belong to a grassroots union."))
    if not unit.active:
        raise ValidationError(_("This union is closed: it takes no new members."))


def _flag_duplicate(member):
    """Point `possible_duplicate_of` at the oldest likely duplicate (same folded name and birth date
    under the same upper-level union), or clear it."""
    found = likely_duplicates(member.full_name, member.date_of_birth, member.unit, exclude_pk=member.pk)
    member.possible_duplicate_of = found.order_by("pk").first()


def create_member(*, by, unit, **fields):
    """Add a member to a grassroots `unit`. Needs unions.change_member on the unit.

    Flags a likely duplicate (possible_duplicate_of). History: create with every filled field."""
    require(by, "unions.change_member", unit)
    _check_unit(unit)
    with duplicates_refused():  # a card number taken at the same moment: the field's error
        member = Member(unit=unit, **fields)
        member.full_clean(exclude=["possible_duplicate_of"])
        _flag_duplicate(member)
        member.save()
        created = {k: [None, v] for k, v in snapshot(member, MEMBER_FIELDS).items() if v not in (None, "", False)}
        record_change(member, by=by, action=ChangeRecord.Action.CREATE, changes=created)
    return member


def update_member(member, *, by, **fields):
    """Edit a member. Needs unions.change_member on the member (and on the new union when it changes).

    Re-checks the duplicate flag when the name, birth date or union changes. History: field diff."""
    require(by, "unions.change_member", member)
    new_unit = fields.get("unit")
    if new_unit is not None and new_unit.pk != member.unit_id:
        require(by, "unions.change_member", new_unit)
        _check_unit(new_unit)
    with duplicates_refused():
        member = Member.objects.select_for_update().get(pk=member.pk)
        before = snapshot(member, MEMBER_FIELDS)
        for name, value in fields.items():
            setattr(member, name, value)
        member.full_clean(exclude=["possible_duplicate_of"])
        after = snapshot(member, MEMBER_FIELDS)
        changes = diff(before, after)
        if changes:
            if {"full_name", "date_of_birth", "unit"} & set(changes):
                _flag_duplicate(member)
            member.save()
            record_change(member, by=by, action=ChangeRecord.Action.UPDATE, changes=changes)
    return member


def deactivate_member(member, *, by, note=""):
    """Mark a member as no longer active (left the union, moved away). Needs unions.change_member.
    History: transition."""
    require(by, "unions.change_member", member)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if not member.active:
            raise ValidationError(_("This member is already inactive."))
        member.active = False
        member.save(update_fields=["active"])
        record_change(
            member, by=by, action=ChangeRecord.Action.TRANSITION, changes={"active": [True, False]}, note=note
        )
    return member
