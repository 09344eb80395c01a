"""Decisions (quyết định khen thưởng), their PDF, certificates, awards and revocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import domain, pdf
from awards.forms import DecisionForm, GrassrootsDecisionForm, RevokeForm
from awards.queries import (
    decisions_for_user,
    get_award_for_user,
    get_decision_for_user,
    get_grassroots_unit_for_user,
    grassroots_deciding_units_for_user,
)
from unions.scope import Scope
from unionsite.downloads import download, filename
from unionsite.errors import DomainError, save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, require


def _pdf_response(content, filename):
    return download(content, filename, "application/pdf")


@require_safe
@login_required
def decision_list(request):
    rows = decisions_for_user(request.user).order_by("-date", "-pk")
    page_obj = paginate(request, rows)
    return render(
        request,
        "awards/decision_list.html",
        {"page_obj": page_obj, "can_issue": request.user.has_perm("awards.issue_decision")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def decision_create(request):
    require(request.user, "awards.issue_decision")
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (decision := save_or_error(form)):
        messages.success(request, _("Decision %(number)s was issued.") % {"number": decision.number})
        return redirect(decision)
    return render(request, "awards/decision_form.html", {"form": form})


@require_safe
@login_required
def grassroots_units(request):
    """Where a grassroots officer (or the staff above) starts recording a grassroots decision."""
    require(request.user, "awards.add_nomination")
    rows = grassroots_deciding_units_for_user(request.user).select_related("parent").order_by("name", "pk")
    page_obj = paginate(request, rows)
    return render(request, "awards/grassroots_units.html", {"page_obj": page_obj})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def grassroots_decision_create(request, unit_pk):
    unit = get_grassroots_unit_for_user(request.user, unit_pk)
    require(request.user, "awards.record_grassroots_decision", unit)
    form = GrassrootsDecisionForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid() and (decision := save_or_error(form)):
        messages.success(request, _("Decision %(number)s was issued.") % {"number": decision.number})
        return redirect(decision)
    return render(request, "awards/grassroots_decision_form.html", {"form": form, "unit": unit})


@require_safe
@login_required
def decision_detail(request, pk):
    """A decision is a public document: whoever may open it (its issuing unit or one of its awardees is
    in their scope) reads it whole, every awardee, as its signed PDF lists them. Only the awards in
    the reader's scope link to their own pages and certificates (the others answer 404)."""
    decision = get_decision_for_user(request.user, pk)
    page_obj = paginate(request, decision.awards.select_related("title", "unit", "member").order_by("unit__name", "pk"))
    scope = Scope.for_user(request.user)
    for award in page_obj.object_list:
        award.in_scope = scope.covers(award.unit)
    return render(
        request,
        "awards/decision_detail.html",
        {"decision": decision, "page_obj": page_obj, "history": history_for(decision)},
    )


@require_safe
@login_required
def decision_pdf(request, pk):
    decision = get_decision_for_user(request.user, pk)
    awards = (
        decision.awards.filter(revoked_at__isnull=True)
        .select_related("title", "unit", "member", "nomination__phase__campaign__launched_by")
        .prefetch_related("title__levels")
    )
    content = pdf.decision_pdf(decision, list(awards.order_by("unit__name", "pk")))
    return _pdf_response(content, filename("quyet-dinh", decision.number, extension="pdf"))


@require_safe
@login_required
def certificate_pdf(request, pk):
    award = get_award_for_user(request.user, pk)
    if award.is_revoked or not award.decision_id:
        raise Http404
    name = filename("chung-nhan", award.awardee_name, award.pk, extension="pdf")
    return _pdf_response(pdf.certificate_pdf(award), name)


@require_safe
@login_required
def award_detail(request, pk):
    award = get_award_for_user(request.user, pk)
    can_revoke = not award.is_revoked and request.user.has_perm("awards.revoke_award", award)
    return render(
        request,
        "awards/award_detail.html",
        {
            "award": award,
            "revoke_form": RevokeForm() if can_revoke else None,
            "history": history_for(award),
        },
    )


@require_POST
@login_required
def award_revoke(request, pk):
    award = get_award_for_user(request.user, pk)
    require(request.user, "awards.revoke_award", award)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            domain.revoke_award(award, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The award was revoked."))
    else:
        messages.error(request, _("Give the reason for revoking the award."))
    return redirect(award)
