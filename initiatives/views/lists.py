"""The register of initiatives: the filtered list with its totals, its .xlsx export, and the .xlsx
import of a grassroots union's initiatives (with its template)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import exporters
from initiatives.importers import COLUMNS, import_initiatives
from initiatives.list_forms import InitiativeFilterForm, InitiativeImportForm
from initiatives.listing import filter_initiatives, list_totals, with_list_details
from initiatives.queries import listed_initiatives_for_user
from unionsite import importjobs, pickers
from unionsite.downloads import download, filename, stream
from unionsite.shortcuts import paginate, require
from unionsite.spreadsheets import XLSX_CONTENT_TYPE


def export_max_rows():
    """Past this many rows the export asks for narrower filters: the file is written during the request
    (a district's five years are a few thousand rows; a whole city's year, ~94,000, is narrowed first)."""
    return getattr(settings, "INITIATIVE_EXPORT_MAX_ROWS", 50_000)


def _filtered(request):
    require(request.user, "initiatives.view_initiatives")
    form = InitiativeFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    return form, filters, filter_initiatives(listed_initiatives_for_user(request.user), **filters)


@require_safe
@login_required
def initiative_list(request):
    form, filters, rows = _filtered(request)
    if picked := pickers.respond(request, form):
        return picked
    totals = list_totals(rows)
    # The totals counted every listed row: the paginator does not count them again.
    page_obj = paginate(request, with_list_details(rows), total=totals["count"])
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "totals": totals,
            "filtered": bool(filters),
            "query": request.GET.urlencode(),
            "can_import": request.user.has_perm("initiatives.add_initiative"),
        },
    )


@require_safe
@login_required
def initiative_export(request):
    _form, filters, rows = _filtered(request)
    total, limit = rows.count(), export_max_rows()
    if total > limit:
        messages.error(
            request,
            _("%(n)s initiatives match: narrow the filters to at most %(max)s to export them.")
            % {
                "n": number_format(total, force_grouping=True),
                "max": number_format(limit, force_grouping=True),
            },
        )
        return redirect(f"{reverse('initiatives:list')}?{request.GET.urlencode()}")
    # Read from the database a chunk at a time into a write-only workbook on disk, which the response
    # sends in chunks.
    handle = exporters.InitiativeExport(rows).to_xlsx_file()
    return stream(handle, _export_filename(filters), XLSX_CONTENT_TYPE)


def _export_filename(filters):
    unit = filters.get("unit")
    years = [filters.get("year_from"), filters.get("year_to")]
    span = "-".join(str(y) for y in dict.fromkeys(y for y in years if y))
    return filename(
        "sang-kien", unit.short_code if unit else "", span, f"{timezone.localdate():%Y%m%d}", extension="xlsx"
    )


@require_safe
@login_required
def import_template(request):
    require(request.user, "initiatives.add_initiative")
    return download(
        exporters.import_template_xlsx(), filename("mau-nhap-sang-kien", extension="xlsx"), XLSX_CONTENT_TYPE
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def initiative_import(request):
    require(request.user, "initiatives.add_initiative")
    form = InitiativeImportForm(request.POST or None, request.FILES or None, user=request.user)
    if picked := pickers.respond(request, form):
        return picked
    result = None
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        check_only = bool(request.POST.get("check"))
        upload = form.cleaned_data["file"]
        if not check_only and importjobs.too_long_to_wait_for(upload):
            # A long file is imported by the worker; the person follows it on the job's page.
            require(request.user, "initiatives.submit_initiative", unit)
            return redirect(
                importjobs.start(
                    request, upload, "initiatives.import_initiatives", user_id=request.user.pk, unit_id=unit.pk
                )
            )
        result = import_initiatives(form.cleaned_data["file"], unit, by=request.user, check_only=check_only)
        if result.ok and not check_only:
            count = len(result.created)
            messages.success(
                request,
                ngettext(
                    "%(n)s initiative was imported for %(unit)s as a draft.",
                    "%(n)s initiatives were imported for %(unit)s as drafts.",
                    count,
                )
                % {"n": number_format(count, force_grouping=True), "unit": unit.name},
            )
            for warning in result.warnings:
                messages.warning(request, str(warning))
            return redirect(f"{reverse('initiatives:list')}?{urlencode({'unit': unit.pk, 'state': 'draft'})}")
    return render(
        request,
        "initiatives/initiative_import.html",
        {
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "max_rows": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True),
        },
    )
