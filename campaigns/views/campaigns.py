"""Pages of a campaign itself: the list, the campaign page, editing and state changes, phases, the
phase details an upper-level union adds, and targets. Loading and permissions as in views.core."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns.domain import core as domain
from campaigns.enums import CampaignState
from campaigns.forms.core import (
    CampaignForm,
    ClosePhaseForm,
    PhaseDetailForm,
    PhaseForm,
    TargetForm,
    TransitionForm,
)
from campaigns.queries import core as queries
from campaigns.views.core import form_page
from unionsite.downloads import serve_file
from unionsite.errors import DomainError, save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, parse_int, require

# --- campaigns ---------------------------------------------------------------------------------------


@require_safe
@login_required
def campaign_list(request):
    state = request.GET.get("state", "")
    state = state if state in CampaignState.values else ""
    year = parse_int(request.GET.get("year"), high=9999)
    page = paginate(request, queries.campaign_list_for_user(request.user, state=state, year=year))
    return render(
        request,
        "campaigns/core/campaign_list.html",
        {
            "page_obj": page,
            "states": CampaignState.choices,
            "state": state,
            "years": queries.year_choices(),
            "year": year,
            "can_add": request.user.has_perm("campaigns.add_campaign"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def campaign_add(request):
    require(request.user, "campaigns.add_campaign")
    form = CampaignForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = save_or_error(form)
        if campaign:
            messages.success(request, _("The campaign was created as a draft. Add its phases, then launch it."))
            return redirect(campaign)
    return form_page(request, form, title=_("New campaign"), cancel_url=reverse("campaigns:campaign_list"))


@require_safe
@login_required
def campaign_detail(request, pk):
    user = request.user
    campaign = queries.get_campaign_for_user(user, pk)
    phases = queries.phases_with_details(user, campaign)
    targets = queries.target_progress(campaign, queries.targets_for_user(user, campaign))
    documents = list(queries.documents_for_user(user, campaign).order_by("-issued_on", "-pk")[:5])
    pledges = list(queries.pledges_for_user(user, campaign))
    can_change = user.has_perm("campaigns.change_campaign", campaign)
    context = {
        "campaign": campaign,
        "movements": list(campaign.movements.all()),
        "phases": phases,
        "targets": targets,
        "documents": documents,
        "pledges": pledges,
        "can_change": can_change,
        "can_contribute": user.has_perm("campaigns.contribute_to_campaign", campaign),
        "can_see_coverage": user.has_perm("campaigns.view_coverage", campaign),
        "transition_form": TransitionForm(campaign=campaign, user=request.user) if can_change else None,
        "history": history_for(campaign)[:20],
    }
    return render(request, "campaigns/core/campaign_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def campaign_edit(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.change_campaign", campaign)
    form = CampaignForm(request.POST or None, request.FILES or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The campaign was saved."))
        return redirect(campaign)
    return form_page(request, form, title=_("Edit campaign"), cancel_url=campaign.get_absolute_url(), campaign=campaign)


@require_POST
@login_required
def campaign_transition(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.change_campaign", campaign)
    form = TransitionForm(request.POST, campaign=campaign, user=request.user)
    if not form.is_valid():
        messages.error(request, _("This change of state is not possible any more: the page was out of date."))
        return redirect(campaign)
    try:
        domain.transition(campaign, form.cleaned_data["to"], by=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The campaign is now “%(state)s”.") % {"state": campaign.get_state_display()})
    return redirect(campaign)


@require_safe
@login_required
def campaign_launch_file(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    return serve_file(campaign.document_file)


# --- phases ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def phase_add(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.change_campaign", campaign)
    form = PhaseForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The phase was saved."))
        return redirect(campaign)
    return form_page(request, form, title=_("New phase"), cancel_url=campaign.get_absolute_url(), campaign=campaign)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def phase_edit(request, pk):
    phase = queries.get_phase_for_user(request.user, pk)
    campaign = phase.campaign
    require(request.user, "campaigns.change_campaign", campaign)
    if phase.closed_at:
        messages.error(request, _("This phase is closed and can no longer be changed."))
        return redirect(campaign)
    form = PhaseForm(request.POST or None, instance=phase, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The phase was saved."))
        return redirect(campaign)
    return form_page(
        request,
        form,
        title=_("Edit %(phase)s") % {"phase": phase.name},
        cancel_url=campaign.get_absolute_url(),
        campaign=campaign,
    )


@require_POST
@login_required
def phase_close(request, pk):
    phase = queries.get_phase_for_user(request.user, pk)
    require(request.user, "campaigns.change_campaign", phase.campaign)
    form = ClosePhaseForm(request.POST)
    form.is_valid()
    try:
        domain.close_phase(phase, by=request.user, note=form.cleaned_data.get("note", ""))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(phase)s is closed.") % {"phase": phase.name})
    return redirect(phase.campaign)


@require_POST
@login_required
def phase_delete(request, pk):
    phase = queries.get_phase_for_user(request.user, pk)
    require(request.user, "campaigns.change_campaign", phase.campaign)
    try:
        domain.delete_phase(phase, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(phase)s was removed.") % {"phase": phase.name})
    return redirect(phase.campaign)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def phase_detail_add(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.contribute_to_campaign", campaign)
    form = PhaseDetailForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The phase details were saved."))
        return redirect(campaign)
    return form_page(
        request,
        form,
        title=_("Phase details for your union"),
        cancel_url=campaign.get_absolute_url(),
        campaign=campaign,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def phase_detail_edit(request, pk):
    detail = queries.get_phase_detail_for_user(request.user, pk)
    campaign = detail.phase.campaign
    require(request.user, "campaigns.change_phase_detail", detail)
    form = PhaseDetailForm(request.POST or None, instance=detail, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The phase details were saved."))
        return redirect(campaign)
    return form_page(
        request,
        form,
        title=_("Phase details for your union"),
        cancel_url=campaign.get_absolute_url(),
        campaign=campaign,
    )


# --- targets -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def target_add(request, pk):
    campaign = queries.get_campaign_for_user(request.user, pk)
    require(request.user, "campaigns.contribute_to_campaign", campaign)
    form = TargetForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The target was saved."))
        return redirect(campaign)
    return form_page(request, form, title=_("New target"), cancel_url=campaign.get_absolute_url(), campaign=campaign)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def target_edit(request, pk):
    target = queries.get_target_for_user(request.user, pk)
    campaign = target.campaign
    require(request.user, "campaigns.change_target", target)
    form = TargetForm(request.POST or None, instance=target, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The target was saved."))
        return redirect(campaign)
    return form_page(request, form, title=_("Edit target"), cancel_url=campaign.get_absolute_url(), campaign=campaign)


@require_POST
@login_required
def target_withdraw(request, pk):
    """Withdraw a target with the reason (kept, marked withdrawn; never deleted)."""
    target = queries.get_target_for_user(request.user, pk)
    require(request.user, "campaigns.change_target", target)
    campaign = target.campaign
    try:
        domain.withdraw_target(target, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The target was withdrawn."))
    return redirect(campaign)
