"""The Django admin writes the same history as the product's pages.

Every model registered on the admin site, ours and Django's own (accounts, the scheduler's tables),
is registered through `AuditedAdminSite`, which mixes `HistoryAdminMixin` into its ModelAdmin: each
add, change (the change form, list_editable, the password form) and delete (one object, the "delete
selected" action, and what the delete cascades to) writes a `unionsite.history.record_change` row with
who, what changed (old and new values, passwords masked) and the note "Django admin". Nothing saved
through the admin escapes the change log."""

import datetime
import json

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from unionsite.history import _plain, diff, record_change
from unionsite.models import ChangeRecord

MASK = "******"
SECRET_FIELDS = {"password"}


def admin_snapshot(obj):
    """Every concrete and many-to-many field of `obj`: stored values, related records by name,
    secrets masked."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.name in SECRET_FIELDS:
            value = MASK
        elif field.is_relation:
            value = _plain(getattr(obj, field.name))  # the related record's name, as the pages show it
        else:
            value = getattr(obj, field.attname)
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                value = value.astimezone(datetime.UTC)  # one instant, one spelling (forms give local time)
            value = _plain(value)
        values[field.name] = value
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            values[field.name] = sorted(str(related) for related in getattr(obj, field.name).all())
    return values


def _note():
    return _("Django admin")


def _stored(obj):
    """The row as it is in the database now (before the admin's save), or None."""
    if obj.pk is None:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def _record_created(obj, by):
    changes = {name: [None, value] for name, value in admin_snapshot(obj).items() if value not in (None, "", [])}
    changes.pop("password", None)
    record_change(obj, by=by, action=ChangeRecord.Action.CREATE, changes=changes, note=_note())


def _record_deleted(objects, by):
    for obj in objects:
        changes = {name: [value, None] for name, value in admin_snapshot(obj).items() if value not in (None, "", [])}
        changes.pop("password", None)
        record_change(obj, by=by, action=ChangeRecord.Action.DELETE, changes=changes, note=_note())


def _collected(objs):
    """`objs` and every row their deletion cascades to (what the admin's confirmation page lists)."""
    objs = list(objs)
    if not objs:
        return []
    collector = Collector(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    found = []
    for instances in collector.data.values():
        found.extend(instances)
    for queryset in collector.fast_deletes:
        found.extend(queryset)
    return found


class HistoryAdminMixin:
    """A ModelAdmin that records every save and delete in the change log (see the module)."""

    def save_model(self, request, obj, form, change):
        stored = _stored(obj) if change else None
        obj._history_before = admin_snapshot(stored) if stored is not None else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                _record_created(obj, request.user)
                obj._history_recorded = True

    def save_related(self, request, form, formsets, change):
        before_rows = {}
        for formset in formsets:
            for inline_form in formset.initial_forms:
                stored = _stored(inline_form.instance)
                if stored is not None:
                    before_rows[id(inline_form.instance)] = (stored.pk, admin_snapshot(stored))
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            obj = form.instance
            before = getattr(obj, "_history_before", None)
            if change and before is not None:
                changes = diff(before, admin_snapshot(obj))
                if changes:
                    record_change(
                        obj, by=request.user, action=ChangeRecord.Action.UPDATE, changes=changes, note=_note()
                    )
                obj._history_recorded = True
            for formset in formsets:
                self._record_formset(request, formset, before_rows)

    def _record_formset(self, request, formset, before_rows):
        for row in getattr(formset, "new_objects", []):
            _record_created(row, request.user)
        for row, _fields in getattr(formset, "changed_objects", []):
            pk, before = before_rows.get(id(row), (row.pk, {}))
            changes = diff(before, admin_snapshot(row))
            if changes:
                record_change(row, by=request.user, action=ChangeRecord.Action.UPDATE, changes=changes, note=_note())
        for row in getattr(formset, "deleted_objects", []):
            pk, before = before_rows.get(id(row), (row.pk, {}))
            if pk is None:
                continue
            changes = {name: [value, None] for name, value in before.items() if value not in (None, "", [])}
            row.pk = pk  # deleted by the formset a moment ago: the history names the row it was
            record_change(row, by=request.user, action=ChangeRecord.Action.DELETE, changes=changes, note=_note())
            row.pk = None

    def log_change(self, request, obj, message):
        # Views that save without save_model (the account's password form) are recorded here.
        if not getattr(obj, "_history_recorded", False):
            what = LogEntry(change_message=json.dumps(message) if isinstance(message, list) else message)
            changes = {"password": [MASK, MASK]} if "password" in str(message).lower() else {}
            record_change(
                obj,
                by=request.user,
                action=ChangeRecord.Action.UPDATE,
                changes=changes,
                note=f"{_note()}: {what.get_change_message()}",
            )
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        with transaction.atomic():
            _record_deleted(_collected([obj]), request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            _record_deleted(_collected(queryset), request.user)
            super().delete_queryset(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    """The project's admin site: every ModelAdmin registered on it records its changes."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, HistoryAdminMixin):
            admin_class = type(
                admin_class.__name__, (HistoryAdminMixin, admin_class), {"__module__": admin_class.__module__}
            )
        return super().register(model_or_iterable, admin_class, **options)
