"""Creating, editing, moving, closing and merging organisation units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.enums import UnitKind
from unions.models import PATH_SEGMENT, OrgUnit
from unions.scope import Scope
from unionsite.errors import DomainError
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require

UNIT_FIELDS = ["kind", "name", "short_code", "block", "cluster", "ownership", "member_count"]

# Which kind of unit may sit directly under which.
ALLOWED_PARENT_KINDS = {
    UnitKind.CITY: set(),
    UnitKind.UPPER: {UnitKind.CITY, UnitKind.UPPER},
    UnitKind.GRASSROOTS: {UnitKind.CITY, UnitKind.UPPER},
}


def _check_parent(kind, parent):
    if parent is None:
        raise ValidationError(_("Choose the parent unit."))
    if not parent.active:
        raise ValidationError(_("The parent unit is closed."))
    if parent.kind not in ALLOWED_PARENT_KINDS[kind]:
        raise ValidationError(
            _("A %(kind)s cannot sit under a %(parent)s.")
            % {"kind": UnitKind(kind).label.lower(), "parent": UnitKind(parent.kind).label.lower()}
        )


def kind_dependents(unit):
    """The kinds of record that depend on what `unit` is (its members, the roles held on it, its
    sub-units, the campaigns, registrations, nominations and awards naming it…), as their plural
    names: every row that points at the unit, in any app, without this app knowing the others.
    One query per kind of record that may point at a unit."""
    found = []
    for relation in OrgUnit._meta.related_objects:
        # The default manager: rows that still count (a revoked role, a withdrawn registration do not).
        if relation.related_model._default_manager.filter(**{relation.field.name: unit}).exists():
            name = str(relation.related_model._meta.verbose_name_plural)
            if relation.related_model is OrgUnit and relation.field.name == "parent":
                name = str(_("sub-units"))
            if name not in found:
                found.append(name)
    return found


def _check_kind_change(unit):
    """A unit's kind decides what its roles cover and what may be recorded under it (a grassroots
    union's officer covers its members; upper-level staff cover every union created below): it may
    change only while nothing depends on it, e.g. a unit entered with the wrong kind a moment ago."""
    dependents = kind_dependents(unit)
    if dependents:
        raise DomainError(
            {
                "kind": [
                    _("The kind of %(unit)s cannot change: records depend on it (%(records)s).")
                    % {"unit": unit.name, "records": ", ".join(dependents)}
                ]
            }
        )


def create_unit(*, by, parent, **fields):
    """Create a unit under `parent`. Needs unions.add_unit on the parent. History: create."""
    require(by, "unions.add_unit", parent)
    _check_parent(fields.get("kind"), parent)
    with transaction.atomic():
        unit = OrgUnit(parent=parent, **fields)
        unit.full_clean(exclude=["parent"])
        unit.save()
        record_change(unit, by=by, action=ChangeRecord.Action.CREATE, changes=_created(unit, UNIT_FIELDS))
    return unit


def update_unit(unit, *, by, **fields):
    """Edit a unit's own fields (not its place in the tree). Needs unions.change_unit. History: field diff."""
    require(by, "unions.change_unit", unit)
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, UNIT_FIELDS)
        for name, value in fields.items():
            setattr(unit, name, value)
        if unit.kind != before["kind"]:
            _check_kind_change(unit)
        if unit.parent_id:
            _check_parent(unit.kind, unit.parent)
        unit.full_clean()
        changes = diff(before, snapshot(unit, UNIT_FIELDS))
        if changes:
            unit.save()
            record_change(unit, by=by, action=ChangeRecord.Action.UPDATE, changes=changes)
    return unit


def _move_subtree(unit, new_parent):
    """Rewrite the paths of `unit` and everything below it in one UPDATE, and shift their depths."""
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.pk:0{PATH_SEGMENT}d}."
    shift = new_parent.depth + 1 - unit.depth
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=CharField()),
        depth=F("depth") + shift,
    )
    unit.parent = new_parent
    unit.path = new_path
    unit.depth = new_parent.depth + 1
    unit.save(update_fields=["parent"])


def move_unit(unit, new_parent, *, by, note=""):
    """Put `unit` (and its subtree) under `new_parent`.

    Needs unions.change_unit on the unit and unions.add_unit on the new parent. Side effects: one
    UPDATE rewrites every descendant's path and depth; history row on the unit (parent from → to).
    Records elsewhere keep pointing at the same unit rows, so they move with it."""
    require(by, "unions.change_unit", unit)
    require(by, "unions.add_unit", new_parent)
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        new_parent = OrgUnit.objects.select_for_update().get(pk=new_parent.pk)
        if new_parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved under itself or one of its sub-units."))
        if new_parent.pk == unit.parent_id:
            raise ValidationError(_("The unit is already under %(parent)s.") % {"parent": new_parent})
        if not unit.active:
            raise ValidationError(_("A closed unit cannot be moved."))
        _check_parent(unit.kind, new_parent)
        old_parent = unit.parent
        _move_subtree(unit, new_parent)
        record_change(
            unit,
            by=by,
            action=ChangeRecord.Action.UPDATE,
            changes={"parent": [str(old_parent) if old_parent else None, str(new_parent)]},
            note=note,
        )
    Scope.forget(by)
    return unit


def close_unit(unit, *, by, closed_on=None, note=""):
    """Close a unit (it stops taking new records; its past records stay with it).

    Needs unions.change_unit. Refused while it has active sub-units. History: transition."""
    require(by, "unions.change_unit", unit)
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        if not unit.active:
            raise ValidationError(_("This unit was already closed."))
        if unit.children.filter(active=True).exists():
            raise ValidationError(_("Move or close its sub-units first."))
        unit.active = False
        unit.closed_on = closed_on or timezone.localdate()
        unit.save(update_fields=["active", "closed_on"])
        record_change(
            unit,
            by=by,
            action=ChangeRecord.Action.TRANSITION,
            changes={"active": [True, False], "closed_on": [None, unit.closed_on.isoformat()]},
            note=note,
        )
    return unit


def merge_units(sources, target, *, by, closed_on=None, note=""):
    """Merge `sources` into `target`: each source is closed with merged_into=target; its members,
    registrations and awards stay recorded under it. Active sub-units of a source move under the target.

    Needs unions.change_unit on every source and unions.merge_into_unit on the target. History: one
    transition row per source and one row on the target."""
    require(by, "unions.merge_into_unit", target)
    for source in sources:
        require(by, "unions.change_unit", source)
    if not sources:
        raise ValidationError(_("Choose the units to merge."))
    closed_on = closed_on or timezone.localdate()
    with transaction.atomic():
        target = OrgUnit.objects.select_for_update().get(pk=target.pk)
        if not target.active:
            raise ValidationError(_("The unit to merge into is closed."))
        locked = list(OrgUnit.objects.select_for_update().filter(pk__in=[s.pk for s in sources]).order_by("pk"))
        for source in locked:
            if source.pk == target.pk or target.path.startswith(source.path):
                raise ValidationError(
                    _("%(unit)s cannot be merged into itself or its own sub-unit.") % {"unit": source}
                )
            if source.kind != target.kind:
                raise ValidationError(_("Only units of the same kind can be merged (%(unit)s).") % {"unit": source})
            if not source.active:
                raise ValidationError(_("%(unit)s is already closed.") % {"unit": source})
        for source in locked:
            for child in source.children.filter(active=True).order_by("pk"):
                _move_subtree(child, target)
                record_change(
                    child,
                    by=by,
                    action=ChangeRecord.Action.UPDATE,
                    changes={"parent": [str(source), str(target)], "merged_into": [None, str(target)]},
                    note=note,
                )
            source.active = False
            source.closed_on = closed_on
            source.merged_into = target
            source.save(update_fields=["active", "closed_on", "merged_into"])
            record_change(
                source,
                by=by,
                action=ChangeRecord.Action.TRANSITION,
                changes={"active": [True, False], "merged_into": [None, str(target)]},
                note=note,
            )
        record_change(
            target,
            by=by,
            action=ChangeRecord.Action.OTHER,
            changes={"merged_from": [None, ", ".join(str(s) for s in locked)]},
            note=note,
        )
    return target


def _created(obj, fields):
    return {name: [None, value] for name, value in snapshot(obj, fields).items() if value not in (None, "")}
