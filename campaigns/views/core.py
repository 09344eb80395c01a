"""Pages of the campaign core around a campaign: movements, documents, pledges, coverage; and the
helpers every core page uses (views.campaigns holds the campaign, its phases and targets).

Every object is loaded through campaigns.queries.core (outside the user's scope: 404); what the role may
not do answers 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns.domain import core as domain
from campaigns.enums import DocumentKind
from campaigns.forms.core import (
    CoverageFilterForm,
    DocumentForm,
    MovementForm,
    PledgeForm,
    ReminderForm,
)
from campaigns.queries import core as queries
from unionsite.downloads import serve_file
from unionsite.errors import DomainError, save_or_error
from unionsite.shortcuts import paginate, require
from unionsite.submissions import once


def form_page(request, form, *, title, cancel_url, submit_label=None, campaign=None):
    return render(
        request,
        "campaigns/core/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "submit_label": submit_label or _("Save"),
            "campaign": campaign,
        },
    )


# --- movements ---------------------------------------------------------------------------------------


@require_safe
@login_required
def movement_list(request):
    require(request.user, "campaigns.view_movements")
    page = paginate(request, queries.movements_for_user(request.user).order_by("order", "name"))
    can_manage = request.user.has_perm("campaigns.manage_movements")
    return render(request, "campaigns/core/movement_list.html", {"page_obj": page, "can_manage": can_manage})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def movement_add(request):
    require(request.user, "campaigns.manage_movements")
    form = MovementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The movement was saved."))
        return redirect("campaigns:movement_list")
    return form_page(request, form, title=_("New movement"), cancel_url=reverse("campaigns:movement_list"))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def movement_edit(request, pk):
    # Movements are a catalogue every role reads: editing one without the right is forbidden (403).
    require(request.user, "campaigns.manage_movements")
    movement = get_object_or_404(queries.managed_movements_for_user(request.user), pk=pk)
    form = MovementForm(request.POST or None, instance=movement, user=request.user)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The movement was saved."))
        return redirect("campaigns:movement_list")
    return form_page(
        request,
        form,
        title=_("Edit movement: %(name)s") % {"name": movement.name},
        cancel_url=reverse("campaigns:movement_list"),
    )


# --- documents ---------------------------------------------------------------------------------------


@require_safe
@login_required
def document_list(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    documents = queries.documents_for_user(request.user, campaign).order_by("-issued_on", "-pk")
    kind = request.GET.get("kind", "")
    kind = kind if kind in DocumentKind.values else ""
    if kind:
        documents = documents.filter(kind=kind)
    return render(
        request,
        "campaigns/core/document_list.html",
        {
            "campaign": campaign,
            "page_obj": paginate(request, documents),
            "kind": kind,
            "kinds": DocumentKind.choices,
            "can_contribute": request.user.has_perm("campaigns.contribute_to_campaign", campaign),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_add(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.contribute_to_campaign", campaign)
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The document was saved."))
        return redirect("campaigns:document_list", pk=campaign.pk)
    return form_page(
        request,
        form,
        title=_("New campaign document"),
        cancel_url=reverse("campaigns:document_list", args=[campaign.pk]),
        campaign=campaign,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_edit(request, pk):
    document = queries.get_document_for_user(request.user, pk)
    campaign = document.campaign
    require(request.user, "campaigns.change_document", document)
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=document, user=request.user, campaign=campaign
    )
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The document was saved."))
        return redirect("campaigns:document_list", pk=campaign.pk)
    return form_page(
        request,
        form,
        title=_("Edit campaign document"),
        cancel_url=reverse("campaigns:document_list", args=[campaign.pk]),
        campaign=campaign,
    )


@require_safe
@login_required
def document_download(request, pk):
    document = queries.get_document_for_user(request.user, pk)
    return serve_file(document.file)


# --- pledges -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def pledge_add(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.contribute_to_campaign", campaign)
    form = PledgeForm(request.POST or None, request.FILES or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The pledge was saved."))
        return redirect(campaign)
    return form_page(
        request, form, title=_("New emulation pledge"), cancel_url=campaign.get_absolute_url(), campaign=campaign
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def pledge_edit(request, pk):
    pledge = queries.get_pledge_for_user(request.user, pk)
    campaign = pledge.campaign
    require(request.user, "campaigns.change_pledge", pledge)
    form = PledgeForm(
        request.POST or None, request.FILES or None, instance=pledge, user=request.user, campaign=campaign
    )
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The pledge was saved."))
        return redirect(campaign)
    return form_page(
        request, form, title=_("Edit emulation pledge"), cancel_url=campaign.get_absolute_url(), campaign=campaign
    )


@require_safe
@login_required
def pledge_download(request, pk):
    pledge = queries.get_pledge_for_user(request.user, pk)
    return serve_file(pledge.document)


# --- coverage ----------------------------------------------------------------------------------------


def _coverage(request, campaign):
    phases = list(campaign.phases.order_by("number"))
    filters = CoverageFilterForm(request.GET or None, campaign=campaign)
    data = filters.cleaned_data if filters.is_valid() else {}
    phase = data.get("phase") or queries.current_phase(phases)
    if not filters.is_bound and phase is not None:
        filters = CoverageFilterForm(initial={"phase": phase}, campaign=campaign)
    narrowed = {"block": data.get("block"), "ownership": data.get("ownership", "")}
    show = data.get("show", "")
    units = queries.coverage_for_user(request.user, campaign, phase, show=show, **narrowed)
    summary = queries.coverage_summary(queries.coverage_units(request.user, campaign, **narrowed), campaign, phase)
    return filters, phase, units, summary, queries.coverage_listed(summary, show)


@require_safe
@login_required
def coverage(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.view_coverage", campaign)
    filters, phase, units, summary, listed = _coverage(request, campaign)
    page = paginate(request, units, total=listed)  # counted by the summary
    return render(
        request,
        "campaigns/core/coverage.html",
        {
            "campaign": campaign,
            "filters": filters,
            "phase": phase,
            "page_obj": page,
            "summary": summary,
            "reminder_form": ReminderForm(units=units, campaign=campaign, initial={"phase": phase}),
            "reminders": queries.reminders_for_campaign(request.user, campaign)[:10],
        },
    )


@require_POST
@login_required
def coverage_remind(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.view_coverage", campaign)
    in_scope = queries.coverage_for_user(request.user, campaign, None)
    form = ReminderForm(request.POST, units=in_scope, campaign=campaign)
    if not form.is_valid():
        if "deadline" in form.errors:
            messages.error(request, _("The deadline is not a date (dd/mm/yyyy)."))
        else:
            messages.error(request, _("Choose at least one union and what to remind them of."))
    else:
        try:
            with once(request.POST):  # sent twice (a double click), the reminder goes out once
                reminder = domain.send_reminder(
                    campaign,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    units=form.cleaned_data["units"],
                    phase=form.cleaned_data["phase"],
                    message=form.cleaned_data["message"],
                    deadline=form.cleaned_data["deadline"],
                )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The reminder is being sent to %(n)s unions.") % {"n": len(form.cleaned_data["units"])},
            )
            return redirect(reverse("campaigns:coverage", args=[campaign.pk]) + f"?phase={reminder.phase_id or ''}")
    return redirect("campaigns:coverage", pk=campaign.pk)
