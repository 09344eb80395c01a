import datetime

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reports.domain import tally
from reports.enums import ExportFormat, ExportState, PeriodKind
from reports.models import ReportExport, ReportText, TallyRun
from tests.reports.factories import ended_phase
from tests.scope import Case


def _phase_report(w):
    return {"unit": w.district_a.pk, "period": f"dot-{ended_phase(w.district_a).pk}"}


def _report_page(w, kw):
    return reverse("reports:report", args=[kw["unit"], kw["period"]])


def _export(w, *, ready=False):
    export = ReportExport.objects.create(
        token=f"t{ReportExport.objects.count()}abcdef0123456789",
        user=w.staff_a,
        unit=w.district_a,
        kind=PeriodKind.YEAR,
        period="year:2023",
        format=ExportFormat.XLSX,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    if ready:
        export.file.save("bao-cao.xlsx", ContentFile(b"PK\x03\x04xlsx"), save=False)
        ReportExport.objects.filter(pk=export.pk).update(
            file=export.file.name, filename="bao-cao.xlsx", state=ExportState.READY, progress=100
        )
    return {"token": export.token}


def _tallied_phase(w):
    phase = ended_phase(w.district_a)
    tally.tally_phase(phase)
    return {"pk": phase.pk}


CASES = {
    "reports:index": Case(insider="officer_a"),
    "reports:dashboard": Case(insider="officer_a"),
    "reports:statistics": Case(insider="officer_a"),
    "reports:report": Case(insider="staff_a", kwargs=_phase_report),
    "reports:save_text": Case(
        insider="staff_a",
        kwargs=_phase_report,
        method="post",
        data=lambda w: {
            "section": "shortcomings",
            "shortcomings-section": "shortcomings",
            "shortcomings-text": "Còn chậm.",
        },
        expect=302,
        redirect=lambda w, kw: _report_page(w, kw) + "#section-shortcomings",
        done=lambda w, kw: ReportText.objects.filter(unit=w.district_a, text="Còn chậm.").exists(),
    ),
    "reports:download": Case(insider="staff_a", kwargs=lambda w: {**_phase_report(w), "fmt": "xlsx"}),
    "reports:export": Case(
        insider="staff_a",
        kwargs=lambda w: {**_phase_report(w), "fmt": "xlsx"},
        method="post",
        expect=302,
        redirect=lambda w, kw: reverse("reports:export_status", args=[ReportExport.objects.get().token]),
        done=lambda w, kw: ReportExport.objects.filter(user=w.staff_a, format="xlsx").exists(),
    ),
    # A file made in the background is only ever the asker's: everyone else is told it does not exist.
    "reports:export_status": Case(insider="staff_a", kwargs=_export, above=None),
    "reports:export_file": Case(insider="staff_a", kwargs=lambda w: _export(w, ready=True), above=None),
    "reports:tally_rerun": Case(
        insider="staff_a",
        kwargs=_tallied_phase,
        method="post",
        data=lambda w: {"reason": "Bổ sung kết quả chấm điểm"},
        expect=302,
        redirect=lambda w, kw: reverse("reports:report", args=[w.district_a.pk, f"dot-{kw['pk']}"]),
        done=lambda w, kw: TallyRun.objects.filter(phase_id=kw["pk"]).count() == 2,
    ),
}
