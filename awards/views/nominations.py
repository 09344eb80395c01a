"""Nominations: list, create, edit, detail with eligibility, moves and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import domain, eligibility
from awards.enums import Level, NominationState
from awards.forms import AttachmentForm, NominationForm, TransitionForm
from awards.models import Award, Nomination
from awards.queries import get_attachment_for_user, get_nomination_for_user, nominations_for_user
from unionsite import pickers
from unionsite.downloads import serve_file
from unionsite.errors import DomainError, save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, require


@require_safe
@login_required
def nomination_list(request):
    rows = nominations_for_user(request.user).order_by("-updated_at", "-pk")
    state = request.GET.get("state", "")
    if state in NominationState.values:
        rows = rows.filter(state=state)
    page_obj = paginate(request, rows)
    return render(
        request,
        "awards/nomination_list.html",
        {"page_obj": page_obj, "states": NominationState.choices, "state": state},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def nomination_create(request):
    require(request.user, "awards.add_nomination")
    form = NominationForm(request.POST or None, user=request.user, instance=Nomination())
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and (nomination := save_or_error(form)):
        messages.success(request, _("The nomination was saved as a draft. Check the conditions, then submit it."))
        return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def nomination_edit(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    require(request.user, "awards.change_nomination", nomination)
    form = NominationForm(request.POST or None, user=request.user, instance=nomination)
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The nomination was saved."))
        return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


@require_safe
@login_required
def nomination_detail(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    moves = [
        (move, TransitionForm(move=move, initial={"to": move.target, "expected_state": nomination.state}))
        for move in domain.legal_moves(nomination, request.user)
    ]
    can_change = request.user.has_perm("awards.change_nomination", nomination)
    quotas = domain.with_quota_use(domain.applicable_quotas(nomination)).select_related("unit", "title")
    quotas = domain.describe_use(quotas.order_by("unit__path"))
    award = Award.objects.filter(nomination=nomination).select_related("decision__unit").first()
    if nomination.member_id:
        records = Award.objects.filter(member_id=nomination.member_id)
    else:
        records = Award.objects.filter(unit_id=nomination.unit_id, collective_name=nomination.collective_name)
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "nomination": nomination,
            "results": eligibility.evaluate(nomination),
            "moves": moves,
            "can_change": can_change,
            "attachment_form": AttachmentForm() if can_change else None,
            "attachments": nomination.attachments.all(),
            "records": records.select_related("title", "decision").order_by("-year", "pk"),
            "award": award,
            "next_step": _next_step(nomination, award, request.user),
            "initiatives": eligibility.recognised_initiatives(nomination.member, nomination.year),
            "quotas": quotas,
            "history": history_for(nomination),
        },
    )


def _next_step(nomination, award, user):
    """What comes next on the road to a certificate, for this user: (text, link label, url), the
    link may be None. The page shows it under the state, so no step leaves the user guessing."""
    S = NominationState
    if award is not None:
        decision = award.decision
        if decision and award.level == Level.UPPER and user.has_perm("awards.propose_for_unit", decision):
            url = reverse("awards:decision_propose", args=[decision.pk])
            return _("Next: propose the best awardees of the decision to the city."), _("Propose to the city"), url
        return None
    if nomination.state == domain.decidable_state(nomination.level):
        perm = "awards.review_city_nomination" if nomination.level == Level.CITY else "awards.review_nomination"
        if user.has_perm(perm, nomination):
            text = _("Next: issue the award decision over the approved nominations.")
            return text, _("Issue the award decision"), reverse("awards:decision_create")
    if nomination.state == S.APPROVED and nomination.level == Level.CITY:
        return _("Next: the district forwards it to the city."), None, None
    if nomination.state in (S.SUBMITTED, S.RESUBMITTED):
        return _("Next: the upper level reviews it."), None, None
    if nomination.state == S.FORWARDED:
        return _("Next: the city reviews it."), None, None
    return None


@require_POST
@login_required
def nomination_transition(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    to = request.POST.get("to", "")
    move = domain.WORKFLOW.move(nomination.state, to)
    form = TransitionForm(request.POST, move=move)
    if not form.is_valid():
        messages.error(request, _("Give the reason: it is sent to the nominating union."))
        return redirect(nomination)
    try:
        domain.transition(
            nomination,
            to,
            by=request.user,
            note=form.cleaned_data["note"],
            expected_state=form.cleaned_data["expected_state"],
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The nomination is now: %(state)s.") % {"state": nomination.get_state_display()})
    return redirect(nomination)


@require_POST
@login_required
def attachment_upload(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    require(request.user, "awards.change_nomination", nomination)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        domain.add_attachment(
            nomination, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=request.user
        )
        messages.success(request, _("The document was attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(nomination)


@require_safe
@login_required
def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    return serve_file(attachment.file, filename=attachment.original_name)
