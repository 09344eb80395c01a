"""Pages of scoring: score sheets and their builder, self-assessment, review, evidence, ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns.domain import scoring as domain
from campaigns.enums import AssessmentState
from campaigns.forms.scoring import (
    AssessmentFilterForm,
    BandRowForm,
    CriterionRowForm,
    OnBehalfStartForm,
    RankingFilterForm,
    ReviewForm,
    SectionRowForm,
    SelfScoreForm,
    SheetCreateForm,
    SheetStructureForm,
    TransitionForm,
    VetoRowForm,
    new_key,
)
from campaigns.models import EvidenceFile, ScoreSheet
from campaigns.queries import scoring as queries
from campaigns.queries.core import get_phase_for_user
from unions.models import Block
from unions.queries import grassroots_units_for_user
from unionsite import pickers
from unionsite.downloads import serve_file
from unionsite.errors import DomainError
from unionsite.history import history_for
from unionsite.shortcuts import paginate, parse_id, require

# ---------------------------------------------------------------------------------------------------
# Score sheets


@require_safe
@login_required
def sheet_list(request):
    sheets = queries.score_sheets_for_user(request.user).select_related("campaign", "block")
    campaign_id = parse_id(request.GET.get("campaign"))
    if campaign_id:
        sheets = sheets.filter(campaign_id=campaign_id)
    if not request.GET.get("all_versions"):
        sheets = sheets.filter(is_current=True)
    page = paginate(request, sheets.order_by("-campaign__starts_on", "campaign__title", "block__order", "-version"))
    return render(
        request,
        "campaigns/scoring/sheet_list.html",
        {
            "page_obj": page,
            "can_create": queries.manageable_campaigns(request.user).exists(),
            "all_versions": bool(request.GET.get("all_versions")),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def sheet_create(request):
    if not queries.manageable_campaigns(request.user).exists():
        raise PermissionDenied
    initial = {"campaign": parse_id(request.GET.get("campaign")), "start_from": parse_id(request.GET.get("source"))}
    form = SheetCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        sheet = form.save()
        if sheet is not None:
            if form.cleaned_data["source"] is not None:
                messages.success(
                    request,
                    _("Score sheet copied from %(source)s. Change what differs in this campaign, then save.")
                    % {"source": form.cleaned_data["source"]},
                )
            else:
                messages.success(request, _("Score sheet created with the default bands. Now add its criteria."))
            return redirect("campaigns:scoring_sheet_edit", pk=sheet.pk)
    return render(request, "campaigns/scoring/sheet_create.html", {"form": form})


@require_safe
@login_required
def sheet_detail(request, pk):
    sheet = queries.get_sheet_for_user(request.user, pk)
    outline = queries.sheet_outline(sheet)
    versions = ScoreSheet.objects.filter(campaign=sheet.campaign_id, block=sheet.block_id).order_by("-version")
    return render(
        request,
        "campaigns/scoring/sheet_detail.html",
        {
            "sheet": sheet,
            "outline": outline,
            "max_points": queries.sheet_max_points(outline),
            "bands": sheet.bands.all(),
            "vetoes": sheet.vetoes.all(),
            "versions": versions,
            "locked": domain.sheet_is_locked(sheet),
            "can_manage": sheet.is_current and request.user.has_perm("campaigns.manage_score_sheet", sheet),
            "can_copy": queries.manageable_campaigns(request.user).exists(),
            "history": history_for(sheet),
        },
    )


def _manageable_sheet(request, pk):
    sheet = queries.get_sheet_for_user(request.user, pk)
    require(request.user, "campaigns.manage_score_sheet", sheet)
    return sheet


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def sheet_edit(request, pk):
    sheet = _manageable_sheet(request, pk)
    if not sheet.is_current:
        current = ScoreSheet.objects.filter(campaign=sheet.campaign_id, block=sheet.block_id, is_current=True).first()
        messages.info(request, _("Only the current version of a score sheet can be changed."))
        return redirect("campaigns:scoring_sheet_edit", pk=current.pk)
    structure = SheetStructureForm(sheet, user=request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and structure.is_valid():
        saved = structure.save()
        if saved is not None:
            if saved.pk != sheet.pk:
                messages.warning(
                    request,
                    _("A closed phase used version %(old)s, so your changes were saved as version %(new)s.")
                    % {"old": sheet.version, "new": saved.version},
                )
            else:
                messages.success(request, _("Score sheet saved."))
            return redirect("campaigns:scoring_sheet_detail", pk=saved.pk)
    return render(
        request,
        "campaigns/scoring/sheet_edit.html",
        {"sheet": sheet, "structure": structure, "locked": domain.sheet_is_locked(sheet)},
    )


ROW_FORMS = {"s": SectionRowForm, "c": CriterionRowForm, "b": BandRowForm, "v": VetoRowForm}


@require_safe
@login_required
def sheet_row(request, pk):
    """An empty builder row (htmx): ?kind=s|c|b|v, and for a criterion ?section=<section key>."""
    sheet = _manageable_sheet(request, pk)
    kind = request.GET.get("kind")
    if kind not in ROW_FORMS:
        raise Http404
    key = new_key()
    if kind == "s":
        parents = [(str(p.section.pk), p.section.title) for p in queries.sheet_outline(sheet)]
        form = SectionRowForm(key=key, parents=parents)
    elif kind == "c":
        form = CriterionRowForm(key=key, initial={"section": request.GET.get("section", "")})
    else:
        form = ROW_FORMS[kind](key=key)
    # Keyboard: the new row's first box takes the focus (htmx honours autofocus in swapped content).
    first = next(name for name in form.fields if name not in ("section", "delete"))
    form.fields[first].widget.attrs["autofocus"] = True
    return render(request, "campaigns/scoring/rows/row.html", {"sheet": sheet, "form": form, "kind": kind})


# ---------------------------------------------------------------------------------------------------
# Self-assessments


@require_safe
@login_required
def assessment_list(request):
    rows = queries.assessments_for_user(request.user).select_related(
        "unit", "phase", "phase__campaign", "band", "sheet"
    )
    filters = AssessmentFilterForm(request.GET or None, user=request.user)
    phase = None
    if filters.is_valid():
        if filters.cleaned_data["state"]:
            rows = rows.filter(state=filters.cleaned_data["state"])
        if filters.cleaned_data["phase"]:
            phase = filters.cleaned_data["phase"]
            rows = rows.filter(phase=phase)
    page = paginate(request, rows.order_by("-phase__starts_on", "phase__campaign__title", "unit__name"))
    on_behalf, on_behalf_count, blocks_without_sheet = None, 0, []
    if phase is not None and phase.self_assessment_open and phase.closed_at is None:
        # Only unions whose block has a sheet can start (searched by typing: a city has thousands);
        # the others are named by block, with who acts.
        on_behalf = OnBehalfStartForm(user=request.user, phase=phase, auto_id="id_on_behalf_%s")
        if picked := pickers.respond(request, on_behalf):
            return picked
        on_behalf_count = on_behalf.fields["unit"].queryset.count()
        without = queries.units_without_assessment(request.user, phase).exclude(
            block__in=queries.blocks_with_sheet(phase.campaign)
        )
        blocks_without_sheet = list(Block.objects.filter(pk__in=without.values("block")).order_by("order", "name"))
    return render(
        request,
        "campaigns/scoring/assessment_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "phase": phase,
            "on_behalf": on_behalf if on_behalf_count else None,
            "on_behalf_count": on_behalf_count,
            "blocks_without_sheet": blocks_without_sheet,
            "can_set_up_sheets": phase is not None and request.user.has_perm("campaigns.manage_score_sheet", phase),
            "to_start": queries.open_for_self_assessment(request.user),
        },
    )


@require_POST
@login_required
def assessment_start(request, phase_pk):
    phase = get_phase_for_user(request.user, phase_pk)
    unit = get_object_or_404(grassroots_units_for_user(request.user), pk=parse_id(request.POST.get("unit")))
    try:
        assessment = domain.start_assessment(phase=phase, unit=unit, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("campaigns:scoring_assessment_list")
    return redirect("campaigns:scoring_assessment_fill", pk=assessment.pk)


@require_safe
@login_required
def assessment_detail(request, pk):
    assessment = queries.get_assessment_for_user(request.user, pk)
    sheet = queries.assessment_sheet(assessment)  # read only: opening a page writes nothing
    if sheet is None:
        return render(request, "campaigns/scoring/assessment_no_sheet.html", {"assessment": assessment})
    entries = {
        e.criterion_id: e
        for e in assessment.entries.prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.order_by("pk")))
    }
    outline = queries.sheet_outline(sheet)
    rows = [(part, [(c, entries.get(c.pk)) for c in part.criteria]) for part in outline]
    return render(
        request,
        "campaigns/scoring/assessment_detail.html",
        {
            "assessment": assessment,
            "sheet": sheet,
            "rows": rows,
            "max_points": queries.sheet_max_points(outline),
            "vetoes": assessment.vetoes.all(),
            "moves": domain.legal_moves(request.user, assessment),
            "can_fill": domain.may_fill(request.user, assessment),
            "can_review": domain.may_review(request.user, assessment),
            "transition_form": TransitionForm(),
            "history": history_for(assessment),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def assessment_fill(request, pk):
    assessment = queries.get_assessment_for_user(request.user, pk)
    if not domain.may_fill(request.user, assessment):
        raise PermissionDenied
    sheet = queries.assessment_sheet(assessment)
    if sheet is None:
        return redirect(assessment)
    form = SelfScoreForm(
        request.POST or None, request.FILES or None, assessment=assessment, user=request.user, sheet=sheet
    )
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
            if request.POST.get("action") == "submit":
                assessment.refresh_from_db()
                domain.transition(assessment, AssessmentState.SUBMITTED, by=request.user)
                messages.success(request, _("Self-assessment submitted for review."))
                return redirect(assessment)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("campaigns:scoring_assessment_fill", pk=assessment.pk)
        messages.success(request, _("Draft saved."))
        return redirect("campaigns:scoring_assessment_fill", pk=assessment.pk)
    return render(
        request, "campaigns/scoring/assessment_fill.html", {"assessment": assessment, "sheet": sheet, "form": form}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def assessment_review(request, pk):
    assessment = queries.get_assessment_for_user(request.user, pk)
    if not domain.may_review(request.user, assessment):
        raise PermissionDenied
    sheet = queries.assessment_sheet(assessment)
    if sheet is None:
        return redirect(assessment)
    form = ReviewForm(request.POST or None, assessment=assessment, user=request.user, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
            if request.POST.get("action") == "approve":
                assessment.refresh_from_db()
                domain.transition(assessment, AssessmentState.REVIEWED, by=request.user)
                messages.success(request, _("Review finished."))
                return redirect(assessment)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("campaigns:scoring_assessment_review", pk=assessment.pk)
        messages.success(request, _("Review saved."))
        return redirect("campaigns:scoring_assessment_review", pk=assessment.pk)
    return render(
        request, "campaigns/scoring/assessment_review.html", {"assessment": assessment, "sheet": sheet, "form": form}
    )


@require_POST
@login_required
def assessment_transition(request, pk):
    assessment = queries.get_assessment_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        domain.transition(
            assessment, request.POST.get("to", ""), by=request.user, note=note, expected_state=request.POST.get("from")
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status changed."))
    return redirect(assessment)


@require_safe
@login_required
def evidence_file(request, pk):
    evidence = queries.get_evidence_for_user(request.user, pk)
    return serve_file(evidence.file, filename=evidence.original_name)


@require_POST
@login_required
def evidence_delete(request, pk):
    evidence = queries.get_evidence_for_user(request.user, pk)
    assessment = evidence.entry.assessment
    if not domain.may_fill(request.user, assessment):
        raise PermissionDenied
    try:
        domain.delete_evidence(evidence, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Evidence file deleted."))
    return redirect("campaigns:scoring_assessment_fill", pk=assessment.pk)


# ---------------------------------------------------------------------------------------------------
# Ranking


@require_safe
@login_required
def ranking(request, phase_pk):
    phase = get_phase_for_user(request.user, phase_pk)
    filters = RankingFilterForm(request.GET or None, phase=phase)
    block = cluster = None
    if filters.is_valid():
        block = filters.cleaned_data["block"]
        cluster = filters.cleaned_data["cluster"]
    page = paginate(request, queries.ranking_rows(request.user, phase, block=block, cluster=cluster))
    rows = page.object_list
    by_block, by_cluster = queries.phase_ranks(
        phase, [row.pk for row in rows], down_to=min((row.total for row in rows), default=None)
    )
    for row in page.object_list:
        row.block_rank = by_block.get(row.pk)
        row.cluster_rank = by_cluster.get(row.pk)
    return render(
        request,
        "campaigns/scoring/ranking.html",
        {
            "phase": phase,
            "page_obj": page,
            "filters": filters,
        },
    )
