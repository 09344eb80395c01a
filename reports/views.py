"""Pages of the reports: the chooser, a report on its page (with the texts staff write and the files),
background files with their progress, the re-run of a tally, the dashboard and the statistics tables.

Every unit and period is loaded through reports.queries (outside the user's scope: 404); what the role
may not do answers 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from campaigns.queries.core import get_phase_for_user
from reports import content, dashboard, documents, queries, statistics
from reports.domain import exports, periods, tally, texts
from reports.enums import ExportFormat, ExportState, PeriodKind, Section
from reports.forms import ChooserForm, RerunForm, StatisticsForm, TextForm
from reports.models import PeriodTally, ReportText
from unionsite.downloads import download, filename, serve_file
from unionsite.errors import DomainError
from unionsite.history import history_for
from unionsite.shortcuts import paginate, require
from unionsite.spreadsheets import XLSX_CONTENT_TYPE

CONTENT_TYPES = {
    ExportFormat.DOCX: documents.DOCX_CONTENT_TYPE,
    ExportFormat.PDF: documents.PDF_CONTENT_TYPE,
    ExportFormat.XLSX: XLSX_CONTENT_TYPE,
}
MAKERS = {
    ExportFormat.DOCX: documents.report_docx,
    ExportFormat.PDF: documents.report_pdf,
    ExportFormat.XLSX: documents.report_xlsx,
}


def report_url(unit, selection):
    return reverse("reports:report", args=[unit.pk, queries.period_slug(selection)])


def _load(request, unit_pk, period):
    require(request.user, "reports.view_reports")
    unit = queries.get_unit_for_user(request.user, unit_pk)
    selection = queries.selection_for_user(request.user, period)
    return content.report_root(unit, selection), selection


@require_safe
@login_required
def index(request):
    require(request.user, "reports.view_reports")
    form = ChooserForm(request.GET or None, user=request.user)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        selection = content.Selection.for_years(data["year"], data.get("until") or data["year"])
        return redirect(report_url(data["unit"], selection))
    home = queries.home_unit(request.user)
    page = paginate(request, queries.tallied_phases_for_user(request.user))
    for phase in page:
        runs = sorted(phase.tally_runs.all(), key=lambda r: -r.version)
        phase.last_run = runs[0] if runs else None
        phase.slug = queries.period_slug(content.Selection.for_phase(phase))
        phase.campaign_slug = queries.period_slug(content.Selection.for_campaign(phase.campaign))
    return render(
        request,
        "reports/index.html",
        {"form": form, "page_obj": page, "home": home, "today": timezone.localdate()},
    )


AWARDEES_ON_PAGE = 200  # the page lists the first ones and says how many; the downloads list them all


@require_safe
@login_required
def report(request, unit, period):
    unit, selection = _load(request, unit, period)
    if request.htmx and request.headers.get("HX-Target") == "report-preparing":
        return _poll(request, unit, selection)
    try:
        built = content.build(unit, selection, awardees_limit=AWARDEES_ON_PAGE)
    except periods.Preparing as preparing:
        return _preparing(request, unit, selection, preparing.tally)
    can_write = request.user.has_perm("reports.write_report", unit)
    rows = {row.section: row for row in ReportText.objects.filter(unit=unit, period=selection.key)}
    sections = []
    for section in Section:
        row = rows.get(section)
        sections.append(
            {
                "code": section.value,
                "label": section.label,
                "text": row.text if row else "",
                "form": TextForm(
                    initial={"section": section.value, "text": row.text if row else ""}, prefix=section.value
                ),
                "history": history_for(row)[:10] if row else [],
            }
        )
    phase = selection.phase
    context = {
        "report": built,
        "unit": unit,
        "selection": selection,
        "period": queries.period_slug(selection),
        "sections": sections,
        "can_write": can_write,
        "formats": ExportFormat.choices,
        "runs": queries.runs_of(phase) if phase else [],
        "can_rerun": phase is not None and request.user.has_perm("reports.tally_phase", phase),
        "rerun_form": RerunForm(),
    }
    return render(request, "reports/report.html", context)


def _poll(request, unit, selection):
    """The waiting page asks: reload once the figures are kept, else say how the count goes."""
    root = content.report_root(unit, selection)
    if periods.latest(root, selection) is not None:
        return HttpResponseClientRefresh()
    pending = PeriodTally.objects.filter(unit=root, period=selection.key).order_by("-requested_at", "-pk").first()
    if pending is None:
        raise Http404
    return _preparing(request, unit, selection, pending)


def _preparing(request, unit, selection, pending):
    """The page while a worker counts a large report's figures: it polls and reloads when they are kept."""
    context = {
        "unit": unit,
        "selection": selection,
        "title": content.report_title(selection)[1],
        "pending": pending,
        "url": report_url(unit, selection),
    }
    if request.htmx:
        return render(request, "reports/_preparing.html", context)
    return render(request, "reports/preparing.html", context)


@require_POST
@login_required
def save_text(request, unit, period):
    unit, selection = _load(request, unit, period)
    require(request.user, "reports.write_report", unit)
    section = request.POST.get("section", "")
    if section not in Section.values:
        raise Http404
    form = TextForm(request.POST, prefix=section)
    if form.is_valid():
        texts.save_text(
            unit=unit, period=selection.key, section=section, text=form.cleaned_data["text"], by=request.user
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("The text could not be saved."))
    return redirect(report_url(unit, selection) + f"#section-{section}")


def _format(fmt):
    if fmt not in ExportFormat.values:
        raise Http404
    return ExportFormat(fmt)


@require_safe
@login_required
def report_download(request, unit, period, fmt):
    fmt = _format(fmt)
    unit, selection = _load(request, unit, period)
    built = content.build(unit, selection, live=True)
    data = MAKERS[fmt](built)
    return download(data, filename(*built.filename_parts, extension=fmt.value), CONTENT_TYPES[fmt])


@require_POST
@login_required
def export_request(request, unit, period, fmt):
    fmt = _format(fmt)
    unit, selection = _load(request, unit, period)
    export = exports.request_export(user=request.user, unit=unit, selection=selection, fmt=fmt)
    return redirect("reports:export_status", export.token)


@require_safe
@login_required
def export_status(request, token):
    export = queries.get_export_for_user(request.user, token)
    context = {
        "export": export,
        "done": export.state in (ExportState.READY, ExportState.FAILED),
        "expired": export.expires_at < timezone.now(),
        "report_url": reverse("reports:report", args=[export.unit_id, _slug_of(export.period)]),
    }
    if request.htmx:
        return render(request, "reports/_export_progress.html", context)
    return render(request, "reports/export_status.html", context)


def _slug_of(key):
    kind, _sep, value = key.partition(":")
    prefix = {PeriodKind.PHASE: "dot", PeriodKind.CAMPAIGN: "phong-trao", PeriodKind.YEAR: "nam"}.get(kind, "giai-doan")
    return f"{prefix}-{value}"


@require_safe
@login_required
def export_file(request, token):
    export = queries.get_export_for_user(request.user, token)
    if export.state != ExportState.READY or export.expires_at < timezone.now():
        raise Http404
    return serve_file(export.file, filename=export.filename)


@require_POST
@login_required
def tally_rerun(request, pk):
    phase = get_phase_for_user(request.user, pk)
    require(request.user, "reports.tally_phase", phase)
    form = RerunForm(request.POST)
    selection = content.Selection.for_phase(phase)
    target = report_url(phase.campaign.launched_by, selection)
    if not form.is_valid():
        messages.error(request, _("Say why the phase is tallied again."))
        return redirect(target)
    try:
        run = tally.rerun(phase, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tallied again: version %(version)s.") % {"version": run.version})
    return redirect(target)


@require_safe
@login_required
def dashboard_view(request):
    require(request.user, "reports.view_dashboard")
    board = dashboard.for_user(request.user)
    return render(
        request,
        "reports/dashboard.html",
        {"board": board, "charts": dashboard.charts(board), "level_labels": dashboard.level_labels()},
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def statistics_view(request):
    require(request.user, "reports.view_reports")
    form = StatisticsForm(request.GET or None, user=request.user)
    unit = queries.home_unit(request.user)
    year = timezone.localdate().year
    if request.GET and form.is_valid():
        unit = form.cleaned_data.get("unit") or unit
        year = form.cleaned_data.get("year") or year
    tables = statistics.yearly_tables(unit, year) if unit is not None else []
    return render(request, "reports/statistics.html", {"form": form, "unit": unit, "year": year, "tables": tables})
