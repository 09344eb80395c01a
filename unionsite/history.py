"""The one way every app records a change: who, when, what and why."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from unionsite.models import ChangeRecord


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj, fields):
    """The current values of `fields` on `obj`, for a later `diff`."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before, after):
    return {name: [before[name], after[name]] for name in before if before[name] != after.get(name)}


def record_change(obj, *, by, action, changes=None, note=""):
    actor = by if getattr(by, "is_authenticated", False) else None
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        actor=actor,
        action=action,
        changes=changes or {},
        note=note,
    )


def history_for(obj):
    return (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=obj.pk
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
