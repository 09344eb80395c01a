"""History rows as people read them: field labels instead of column names, dd/mm/yyyy dates,
choice labels and yes/no, for the shared templates/includes/history.html."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Keys the domain functions write that are not fields of the record itself.
EXTRA_LABELS = {
    "role": _("role"),
    "merged_from": _("merged from"),
    "members": _("members imported"),
    "is_active": _("can log in"),
    "username": _("username"),
    "name": _("name"),
}


class ReadableEntry:
    def __init__(self, record, model):
        self.record = record
        self.model = model

    def __getattr__(self, name):
        return getattr(self.record, name)

    @property
    def changes(self):
        return {self._label(key): [self._value(key, v) for v in values] for key, values in self.record.changes.items()}

    def _field(self, key):
        try:
            return self.model._meta.get_field(key)
        except FieldDoesNotExist:
            return None

    def _label(self, key):
        field = self._field(key)
        if field is not None and hasattr(field, "verbose_name"):
            return str(field.verbose_name)
        return str(EXTRA_LABELS.get(key, key))

    def _value(self, key, value):
        if value is None:
            return None
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        field = self._field(key)
        if field is not None and getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DateField) and isinstance(value, str):
            try:
                return date_format(datetime.date.fromisoformat(value[:10]), "d/m/Y")
            except ValueError:
                return value
        return value


def readable(history, model):
    return [ReadableEntry(record, model) for record in history]
