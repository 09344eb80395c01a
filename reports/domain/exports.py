"""Report files made in the background: the page asks (`request_export`), a task makes the file
(`make`) and records its progress, the page polls (htmx) and offers the file when it is ready; files
expire after settings.REPORTS_EXPORT_HOURS and a nightly task removes them (`remove_expired`)."""

import datetime
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, Phase
from reports import content, documents
from reports.enums import ExportFormat, ExportState, PeriodKind
from reports.figures import Selection
from reports.models import ReportExport
from unionsite.downloads import filename
from unionsite.jobs import queue

MAKERS = {
    ExportFormat.DOCX: (documents.report_docx, "docx"),
    ExportFormat.PDF: (documents.report_pdf, "pdf"),
    ExportFormat.XLSX: (documents.report_xlsx, "xlsx"),
}


def selection_from_key(key):
    """The Selection a stored period key names ("phase:12", "stage:2015-2020", …)."""
    kind, _sep, value = key.partition(":")
    if kind == PeriodKind.PHASE:
        return Selection.for_phase(Phase.objects.select_related("campaign__launched_by").get(pk=int(value)))
    if kind == PeriodKind.CAMPAIGN:
        return Selection.for_campaign(Campaign.objects.select_related("launched_by").get(pk=int(value)))
    if kind == PeriodKind.YEAR:
        return Selection.for_years(int(value))
    start, _sep, end = value.partition("-")
    return Selection.for_years(int(start), int(end))


def request_export(*, user, unit, selection, fmt):
    """Record the request and queue the task after commit; returns the export (its token names it)."""
    export = ReportExport.objects.create(
        token=secrets.token_hex(16),
        user=user,
        unit=unit,
        kind=selection.kind,
        period=selection.key,
        format=fmt,
        expires_at=timezone.now() + datetime.timedelta(hours=settings.REPORTS_EXPORT_HOURS),
    )
    queue("reports.make_export", export_id=export.pk)
    return export


def _progress(export, value, **fields):
    ReportExport.objects.filter(pk=export.pk).update(progress=value, **fields)


def make(export_id):
    """Make the file of one export; claimed by a conditional update, so a second delivery does nothing."""
    claimed = ReportExport.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, progress=5
    )
    if not claimed:
        return False
    export = ReportExport.objects.select_related("unit").get(pk=export_id)
    try:
        selection = selection_from_key(export.period)
        report = content.build(export.unit, selection, live=True)
        _progress(export, 60)
        maker, extension = MAKERS[export.format]
        data = maker(report)
        _progress(export, 90)
        name = filename(*report.filename_parts, extension=extension)
        with transaction.atomic():
            export.file.save(name, ContentFile(data), save=False)
            ReportExport.objects.filter(pk=export.pk).update(
                file=export.file.name, filename=name, state=ExportState.READY, progress=100
            )
    except Exception as exc:
        _progress(export, 100, state=ExportState.FAILED, error=str(exc)[:500])
        raise
    return True


def remove_expired(now=None):
    """Delete the expired exports and their files; returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    for export in ReportExport.objects.filter(expires_at__lt=now):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        removed += 1
    return removed
