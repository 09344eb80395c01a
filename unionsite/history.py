"""The one way every app records a change (who, when, what and why) and the one way it is read.

Rows store codes and raw values only (a state's code, a decimal as text, a date in ISO form); labels
are rendered when the history is shown, in the reader's language: state and choice labels from the
model's choices, field names from `verbose_name`, numbers and dates as the pages format them. Keys
that are not fields of the record are described by the app that writes them (`register_key`); a key
"name@qualifier" (e.g. "self_score@2.1") is rendered through its registered label with the qualifier.
"""

import datetime
import decimal
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

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
    """The change records of `obj`, newest first (raw: pass them to `readable` to show them)."""
    return (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=obj.pk
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )


# --- reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """How to show a change key that is not a field of the record: its label (may hold %(code)s for
    the qualifier after "@"), the choices its values are codes of, and the kind of its values:
    "number", "date", "datetime", or a function that renders a stored value (e.g. a list of rows)."""

    label: Any
    choices: Any = None
    kind: str = ""


_keys: dict[tuple[str, str], Key] = {}


def register_key(model_label, name, label, *, choices=None, kind=""):
    """Describe change key `name` written on records of `model_label` ("app.Model", or "*" for any)."""
    _keys[(model_label, name)] = Key(label, choices, kind)


def number(value):
    from unionsite.templatetags.unionsite_tags import num

    return num(value)


@dataclass
class Change:
    label: str
    before: Any
    after: Any


class ReadableEntry:
    """A history row as a person reads it; the template asks for `changes` (a list of Change)."""

    def __init__(self, record):
        self.record = record
        self.model = record.content_type.model_class()
        self.label = record.content_type.app_label + "." + (self.model.__name__ if self.model else "")

    def __getattr__(self, name):
        return getattr(self.record, name)

    @property
    def changes(self):
        return [self._change(key, values) for key, values in (self.record.changes or {}).items()]

    def _change(self, key, values):
        name, _sep, code = key.partition("@")
        field = self._field(name)
        # What the app registered for this model wins, then the record's own field, then a key
        # registered for any model.
        described = _keys.get((self.label, name)) or (None if field is not None else _keys.get(("*", name)))
        if described is not None:
            label = str(described.label) % {"code": code} if "%(code)s" in str(described.label) else described.label
        elif field is not None and hasattr(field, "verbose_name"):
            label = field.verbose_name
        else:
            label = name.replace("_", " ")
        if not isinstance(values, list | tuple) or len(values) != 2:
            values = [None, values]
        before, after = (self._value(field, described, value) for value in values)
        return Change(str(label), before, after)

    def _field(self, name):
        if self.model is None:
            return None
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if hasattr(field, "verbose_name") else None  # a reverse relation has no label

    def _value(self, field, described, value):
        if value is None or value == "" or value == []:
            return None
        if described is not None and callable(described.kind):
            return described.kind(value)
        if isinstance(value, list):
            return ", ".join(str(self._value(field, described, v)) for v in value)
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        choices = described.choices if described is not None else None
        if choices is None and field is not None and getattr(field, "choices", None):
            choices = field.flatchoices
        if choices is not None:
            pairs = choices.choices if hasattr(choices, "choices") else choices
            return str(dict(pairs).get(value, value))
        kind = described.kind if described is not None else ""
        if isinstance(field, models.DateTimeField) or kind == "datetime":
            return _datetime(value)
        if isinstance(field, models.DateField) or kind == "date":
            return _date(value)
        if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField) or kind == "number":
            return number(value)
        return value


def _date(value):
    try:
        return date_format(datetime.date.fromisoformat(str(value)[:10]), "d/m/Y")
    except ValueError:
        return value


def _datetime(value):
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "d/m/Y H:i")


def readable(history):
    """History rows (ChangeRecord) as people read them, in the active language."""
    return [ReadableEntry(record) for record in history]
