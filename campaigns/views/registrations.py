"""Registration pages: a campaign's registrations, one registration, the fast-entry grid and the
.xlsx import. Rows are loaded through campaigns.queries.registrations (out of scope → 404) and
changed through campaigns.domain.registrations (role may not act → 403)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns import importers
from campaigns.domain import registrations as domain
from campaigns.enums import EntrySource, RegistrationState
from campaigns.forms.registrations import (
    ImportForm,
    RegistrationCreateForm,
    RegistrationEditForm,
    RegistrationFilterForm,
    TransitionForm,
)
from campaigns.queries import registrations as queries
from campaigns.queries.core import get_campaign_for_user
from campaigns.titles import get_title_model
from unionsite import importjobs, pickers
from unionsite.downloads import download
from unionsite.errors import DomainError, save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, parse_text, require
from unionsite.spreadsheets import XLSX_CONTENT_TYPE
from unionsite.submissions import AlreadySent, once

GRID_BLANK_ROWS = 10


@require_safe
@login_required
def registration_list(request, campaign_pk):
    campaign = get_campaign_for_user(request.user, campaign_pk)
    filters = RegistrationFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    units = queries.unit_rows(
        request.user, campaign, state=criteria.get("state", ""), text=criteria.get("q", ""), block=criteria.get("block")
    )
    page_obj = paginate(request, units)
    rows = queries.attach_registrations(page_obj.object_list, campaign)
    closed = domain.closed_reason(campaign)
    for unit in rows:
        unit.can_register = (
            not closed and unit.registration is None and request.user.has_perm("campaigns.register_unit", unit)
        )
        unit.can_enter = (
            not closed
            and unit.registration is not None
            and (unit.registration.state in domain.EDITABLE or domain.keys_in_accepted(unit.registration, request.user))
            and request.user.has_perm("campaigns.change_registration", unit.registration)
        )
    return render(
        request,
        "campaigns/registrations/list.html",
        {"campaign": campaign, "filters": filters, "page_obj": page_obj, "rows": rows, "closed_reason": closed},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def registration_create(request, campaign_pk):
    campaign = get_campaign_for_user(request.user, campaign_pk)
    closed = domain.closed_reason(campaign)
    form = RegistrationCreateForm(
        request.POST or None,
        user=request.user,
        campaign=campaign,
        initial={"unit": request.GET.get("unit")},
    )
    if picked := pickers.respond(request, form):
        return picked
    if not form.fields["unit"].queryset.exists() and not closed:
        # Nothing this user may register (e.g. their union already did): say so instead of an empty form.
        closed = _("Every union you may register has already registered for this campaign.")
    if request.method == "POST" and form.is_valid():
        registration = save_or_error(form)
        if registration:
            if registration.state == RegistrationState.ACCEPTED:
                messages.success(
                    request,
                    _(
                        "The registration of %(unit)s was entered on the union's behalf and accepted: the union "
                        "counts as registered. Next: enter its title registrations (fast entry or Excel import)."
                    )
                    % {"unit": registration.unit.name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "The registration was created as a draft. Next: enter the title registrations, then "
                        "submit it to the upper level."
                    ),
                )
            return redirect(registration)
    return render(
        request,
        "campaigns/registrations/create.html",
        {"campaign": campaign, "form": form, "closed_reason": closed},
    )


@require_safe
@login_required
def registration_detail(request, pk):
    registration = queries.get_registration_for_user(request.user, pk)
    titles = paginate(request, queries.title_registrations_of(registration))
    return render(
        request,
        "campaigns/registrations/detail.html",
        {
            "registration": registration,
            "campaign": registration.campaign,
            "page_obj": titles,
            "transition_form": TransitionForm(user=request.user, registration=registration),
            "closed_reason": domain.closed_reason(registration.campaign),
            "can_change": request.user.has_perm("campaigns.change_registration", registration)
            and (registration.state in domain.EDITABLE or domain.keys_in_accepted(registration, request.user)),
            "reason_required": domain.reason_required(registration),
            "withdrawn": queries.withdrawn_title_registrations_of(registration),
            "history": history_for(registration).select_related("content_type")[:50],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def registration_edit(request, pk):
    registration = queries.get_registration_for_user(request.user, pk)
    require(request.user, "campaigns.change_registration", registration)
    form = RegistrationEditForm(request.POST or None, user=request.user, registration=registration)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The registration was saved."))
        return redirect(registration)
    return render(
        request,
        "campaigns/registrations/edit.html",
        {"registration": registration, "form": form, "closed_reason": domain.closed_reason(registration.campaign)},
    )


@require_POST
@login_required
def registration_transition(request, pk):
    registration = queries.get_registration_for_user(request.user, pk)
    form = TransitionForm(request.POST, user=request.user, registration=registration)
    if form.is_valid() and form.save():
        messages.success(
            request, _("The registration is now “%(state)s”.") % {"state": registration.get_state_display()}
        )
    else:
        for error in [*form.non_field_errors(), *form.errors.get("to", []), *form.errors.get("note", [])]:
            messages.error(request, error)
    return redirect(registration)


def _grid_context(registration, rows, errors=None):
    errors_by_row = {}
    for error in errors or []:
        errors_by_row.setdefault(error.row, []).append(error)
    return {
        "registration": registration,
        "columns": importers.COLUMNS,
        "rows": [(row, errors_by_row.get(row.row, [])) for row in rows],
        "errors": errors or [],
        "title_names": list(
            get_title_model().objects.filter(active=True).order_by("order", "name").values_list("name", flat=True)
        ),
        "closed_reason": domain.closed_reason(registration.campaign),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def registration_grid(request, pk):
    """Fast entry: many title registrations for one union on one page, saved all or none."""
    registration = queries.get_registration_for_user(request.user, pk)
    require(request.user, "campaigns.change_registration", registration)
    if request.method == "POST":
        rows = importers.rows_from_post(request.POST)
        try:
            with once(request.POST):  # the grid sent twice saves its rows once
                saved = domain.add_title_registrations(registration, rows, by=request.user, source=EntrySource.GRID)
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect(registration)
        except domain.RowsInvalid as invalid:
            messages.error(request, invalid.message)
            context = _grid_context(registration, rows, invalid.errors)
            return render(request, "campaigns/registrations/grid.html", context, status=200)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext("%(n)d title registration saved.", "%(n)d title registrations saved.", saved) % {"n": saved},
            )
            return redirect(registration)
    else:
        rows = []
    rows += [importers.RowInput(row=len(rows) + i + 1) for i in range(GRID_BLANK_ROWS)]
    return render(request, "campaigns/registrations/grid.html", _grid_context(registration, rows))


@require_safe
@login_required
def member_search(request, pk):
    """JSON for the grid's member picker: members of the registration's union matching ?q=, without
    regard to diacritics or case."""
    registration = queries.get_registration_for_user(request.user, pk)
    require(request.user, "campaigns.change_registration", registration)
    text = parse_text(request.GET.get("q"))
    found = queries.member_choices(registration, text) if text else []
    return JsonResponse(
        {
            "results": [
                {
                    "id": m.pk,
                    "name": m.full_name,
                    "born": m.date_of_birth.strftime("%d/%m/%Y") if m.date_of_birth else "",
                }
                for m in found
            ]
        }
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def registration_import(request, pk):
    registration = queries.get_registration_for_user(request.user, pk)
    require(request.user, "campaigns.change_registration", registration)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid() and importjobs.too_long_to_wait_for(form.cleaned_data["file"]):
        try:
            with once(request.POST) as submission:  # the same file sent twice from one page is queued once
                url = importjobs.start(
                    request,
                    form.cleaned_data["file"],
                    "campaigns.import_title_registrations",
                    user_id=request.user.pk,
                    registration_id=registration.pk,
                )
                if submission is not None:
                    submission.url = url
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect(sent.url or registration.get_absolute_url())
        return redirect(url)
    if request.method == "POST" and form.is_valid():
        try:
            rows = importers.rows_from_xlsx(form.cleaned_data["file"])
            with once(request.POST):  # the same file sent twice from one page is imported once
                saved = domain.add_title_registrations(
                    registration,
                    rows,
                    by=request.user,
                    source=EntrySource.FILE,
                    file_name=form.cleaned_data["file"].name,
                )
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect(registration)
        except importers.ImportProblem as problem:
            for message in problem.messages:
                form.add_error("file", message)
        except domain.RowsInvalid as invalid:
            form.add_error(None, invalid.message)
            row_errors = invalid.errors
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(n)d title registration imported.", "%(n)d title registrations imported.", saved)
                % {"n": saved},
            )
            return redirect(registration)
    return render(
        request,
        "campaigns/registrations/import.html",
        {
            "registration": registration,
            "form": form,
            "row_errors": row_errors,
            "closed_reason": domain.closed_reason(registration.campaign),
            "max_rows": settings.IMPORT_MAX_ROWS,
            "max_mb": round(settings.UPLOAD_MAX_BYTES / 1024 / 1024, 1),
        },
    )


@require_safe
@login_required
def import_template(request, pk):
    registration = queries.get_registration_for_user(request.user, pk)
    content = importers.template_workbook(registration)
    return download(content, f"dang-ky-danh-hieu-{registration.unit.short_code}.xlsx", XLSX_CONTENT_TYPE)


@require_POST
@login_required
def title_registration_withdraw(request, pk):
    """Withdraw one title registration (kept, marked withdrawn with the reason; never deleted)."""
    title_registration = queries.get_title_registration_for_user(request.user, pk)
    registration = title_registration.registration
    try:
        domain.withdraw_title_registration(title_registration, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The title registration was withdrawn."))
    return redirect(registration)
