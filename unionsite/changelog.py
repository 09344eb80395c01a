"""The change log: every history row of every record, searched and exported by city reviewers and admins.

Rows are `ChangeRecord`s (unionsite.history.record_change), read through `unionsite.history.readable`
in the reader's language. Search by who (name or login), kind of record, action, a date range (local
days) and text (in the reason, or in the changed values). The export is an .xlsx written row by row
to a temporary file (openpyxl's write-only mode) and streamed from it, so a long log takes neither
the memory of the web process nor a buffer of the whole file."""

import datetime
import json

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionsite.dates import DateField
from unionsite.history import readable
from unionsite.models import ChangeRecord
from unionsite.people import full_name
from unionsite.shortcuts import parse_text
from unionsite.spreadsheets import XLSX_CONTENT_TYPE

__all__ = ["XLSX_CONTENT_TYPE", "ChangeLogFilterForm", "export_file", "record_types", "search"]

# The apps whose records keep a history (and Django's accounts, whose changes staff make).
HISTORY_APPS = ("unions", "campaigns", "awards", "initiatives", "auth")


def record_types():
    """(content type id, the kind's name) of every model that may carry history, by name."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in HISTORY_APPS
        and (model._meta.app_label != "auth" or model._meta.model_name == "user")
    ]
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return sorted(
        ((content_type.pk, str(model._meta.verbose_name).capitalize()) for model, content_type in types.items()),
        key=lambda pair: pair[1],
    )


class ChangeLogFilterForm(forms.Form):
    who = forms.CharField(label=gettext_lazy("Who"), required=False, max_length=150)
    record_type = forms.TypedChoiceField(label=gettext_lazy("Kind of record"), required=False, coerce=int)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    date_from = DateField(label=gettext_lazy("From"), required=False)
    date_to = DateField(label=gettext_lazy("To"), required=False)
    q = forms.CharField(label=gettext_lazy("Text"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", _("All")), *record_types()]
        self.fields["action"].choices = [("", _("All")), *ChangeRecord.Action.choices]

    def filters(self):
        """The search as keyword arguments of `search` (junk in a field: that filter is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "who": parse_text(data.get("who")),
            "record_type": data.get("record_type") or None,
            "action": data.get("action") or "",
            "date_from": _plausible(data.get("date_from")),
            "date_to": _plausible(data.get("date_to")),
            "text": parse_text(data.get("q")),
        }


# Days a change could have been made on; a date outside (31/12/9999) is ignored rather than computed with.
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def _plausible(day):
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search(*, who="", record_type=None, action="", date_from=None, date_to=None, text=""):
    """Change records matching every filter given, newest first, with who and the kind of record."""
    rows = ChangeRecord.objects.select_related("actor", "content_type").order_by("-at", "-pk")
    if who:
        rows = rows.filter(
            Q(actor__username__icontains=who) | Q(actor__first_name__icontains=who) | Q(actor__last_name__icontains=who)
        )
    if record_type:
        rows = rows.filter(content_type_id=record_type)
    if action:
        rows = rows.filter(action=action)
    if date_from:
        rows = rows.filter(at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if text:
        # Changed values are JSON: PostgreSQL gives its text with the letters as typed, SQLite as stored,
        # where a Vietnamese letter is an escape ("\u1ea1"): look for both spellings.
        rows = rows.annotate(changes_text=Cast("changes", output_field=TextField()))
        found = Q(note__icontains=text) | Q(changes_text__icontains=text)
        escaped = json.dumps(text)[1:-1]
        if escaped != text:
            found |= Q(changes_text__icontains=escaped)
        rows = rows.filter(found)
    return rows


def export_max_rows():
    return settings.CHANGE_LOG_EXPORT_MAX_ROWS


def _changes_text(entry):
    parts = []
    for change in entry.changes:
        before = "" if change.before is None else f"{change.before} → "
        after = "—" if change.after in (None, "") else change.after
        label = change.label[:1].upper() + change.label[1:]
        parts.append(f"{label}: {before}{after}")
    return "; ".join(parts)


def export_rows(rows):
    """The export's header and one row per change record (in the active language)."""
    yield [
        _("When"),
        _("Who"),
        _("Login"),
        _("Kind of record"),
        _("Record number"),
        _("Action"),
        _("Changes"),
        _("Reason"),
    ]
    for record in rows.iterator(chunk_size=2000):
        entry = readable([record])[0]
        model = entry.model
        yield [
            date_format(timezone.localtime(record.at), "d/m/Y H:i"),
            full_name(record.actor) if record.actor_id else _("system"),
            record.actor.get_username() if record.actor_id else "",
            str(model._meta.verbose_name).capitalize() if model else record.content_type.model,
            record.object_id,
            record.get_action_display(),
            _changes_text(entry),
            record.note,
        ]


def export_file(rows):
    """An open temporary file holding the .xlsx of `rows`, at its start (the response closes it)."""
    from unionsite.spreadsheets import write_xlsx_file

    widths = (17, 24, 16, 22, 10, 16, 80, 40)
    return write_xlsx_file(export_rows(rows), sheet_title=_("Change log"), widths=widths)
