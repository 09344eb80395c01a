"""The initiative dossier: create, edit, detail with the council's work and the moves, evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import domain
from initiatives.domain.councils import deciding_unit, may_see_scores, progress, result
from initiatives.domain.workflow import PAGE_MOVES, WORKFLOW, page_moves
from initiatives.enums import EDITABLE_STATES, IN_REVIEW_STATES, InitiativeState
from initiatives.forms import EvidenceForm, InitiativeForm, MoveForm, WithdrawEvidenceForm
from initiatives.models import Evidence, Initiative
from initiatives.queries import initiatives_for_user, likely_duplicates
from unionsite import pickers
from unionsite.downloads import serve_file
from unionsite.errors import DomainError, save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import require

OPEN_STATES = (*EDITABLE_STATES, *IN_REVIEW_STATES)


def _initiative(user, pk):
    return get_object_or_404(initiatives_for_user(user).select_related("unit", "field", "created_by"), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def initiative_create(request):
    require(request.user, "initiatives.add_initiative")
    form = InitiativeForm(request.POST or None, user=request.user, instance=Initiative())
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and (initiative := save_or_error(form)):
        messages.success(request, _("The initiative was saved as a draft. Attach the evidence, then submit it."))
        return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def initiative_edit(request, pk):
    initiative = _initiative(request.user, pk)
    require(request.user, "initiatives.change_initiative", initiative)
    form = InitiativeForm(request.POST or None, user=request.user, instance=initiative)
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The initiative was saved."))
        return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative})


@require_safe
@login_required
def initiative_detail(request, pk):
    initiative = _initiative(request.user, pk)
    user = request.user
    reviews = []
    for review in initiative.reviews.select_related("council__unit").order_by("pk"):
        visible = may_see_scores(review, user)
        reviews.append(
            {
                "review": review,
                "exclusions": review.exclusions.select_related("council_member"),
                "progress": progress(review) if visible else None,
                "result": result(review) if visible else None,
                "seat": review.council.members.filter(user=user, left_at__isnull=True).first(),
            }
        )
    decide_url = None
    if initiative.state == InitiativeState.UNDER_REVIEW and user.has_perm("initiatives.review_initiative", initiative):
        current = next((r for r in reviews if r["review"].level == initiative.level), None)
        if current and current["result"] is not None and current["result"].passed:
            unit = deciding_unit(initiative, initiative.level)
            decide_url = f"{reverse('initiatives:decision_create')}?unit={unit.pk}"
    moves = [
        (move, MoveForm(initial={"to": move.target, "expected_state": initiative.state}))
        for move in page_moves(initiative, user)
    ]
    can_change = user.has_perm("initiatives.submit_initiative", initiative) and initiative.state in OPEN_STATES
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "authors": initiative.authors.select_related("member__unit"),
            "programmes": initiative.programmes.all(),
            "evidence": initiative.evidence.select_related("uploaded_by"),
            "evidence_form": EvidenceForm() if can_change else None,
            "can_edit": user.has_perm("initiatives.change_initiative", initiative),
            "can_change": can_change,
            "duplicates": likely_duplicates(initiative),
            "reviews": reviews,
            "recognitions": initiative.recognitions.select_related("decision__unit").order_by("pk"),
            "moves": moves,
            "decide_url": decide_url,
            "history": history_for(initiative),
        },
    )


@require_POST
@login_required
def initiative_move(request, pk):
    initiative = _initiative(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a move."))
        return redirect(initiative)
    to = form.cleaned_data["to"]
    move = WORKFLOW.move(initiative.state, to)
    if move is None or move.name not in PAGE_MOVES:
        messages.error(request, _("This move is not possible now."))
        return redirect(initiative)
    try:
        WORKFLOW.transition(
            initiative,
            to,
            by=request.user,
            note=form.cleaned_data["note"],
            expected_state=form.cleaned_data["expected_state"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The initiative is now: %(state)s.") % {"state": initiative.get_state_display()})
    return redirect(initiative)


@require_POST
@login_required
def evidence_add(request, pk):
    initiative = _initiative(request.user, pk)
    require(request.user, "initiatives.submit_initiative", initiative)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            domain.add_evidence(
                initiative, form.cleaned_data["file"], form.cleaned_data["description"], by=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The file was attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(initiative)


def _evidence(user, pk):
    return get_object_or_404(
        Evidence.objects.filter(initiative__in=initiatives_for_user(user)).select_related("initiative__unit"), pk=pk
    )


@require_safe
@login_required
def evidence_download(request, pk):
    evidence = _evidence(request.user, pk)
    return serve_file(evidence.file, filename=evidence.original_name)


@require_POST
@login_required
def evidence_withdraw(request, pk):
    evidence = _evidence(request.user, pk)
    require(request.user, "initiatives.submit_initiative", evidence.initiative)
    form = WithdrawEvidenceForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Give the reason for withdrawing the file."))
        domain.withdraw_evidence(evidence, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The file was withdrawn; it stays in the history."))
    return redirect(evidence.initiative)
