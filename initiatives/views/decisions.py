"""Recognition decisions (quyết định công nhận sáng kiến): the list, issuing one over the initiatives
a council passed, the decision's page, its PDF and a Giấy chứng nhận sáng kiến per initiative."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import pdf
from initiatives.decision_forms import (
    DecidingUnitForm,
    RecognitionDecisionFilterForm,
    RecognitionDecisionForm,
    deciding_units_for_user,
)
from initiatives.domain.councils import council_level, result
from initiatives.domain.decisions import decidable
from initiatives.enums import Level
from initiatives.models import Review
from initiatives.queries import decisions_for_user
from unions.queries import units_for_user
from unionsite import pickers
from unionsite.downloads import download, filename
from unionsite.errors import save_or_error
from unionsite.history import history_for
from unionsite.shortcuts import paginate, parse_id, require

MANAGE = "initiatives.manage_council"


def _decision(user, pk):
    return get_object_or_404(decisions_for_user(user).select_related("unit", "created_by"), pk=pk)


def default_deciding_unit(user):
    """The unit a decision is issued for when none is asked: the user's own highest deciding unit."""
    return deciding_units_for_user(user).first()


@require_safe
@login_required
def decision_list(request):
    require(request.user, "initiatives.view_initiatives")
    visible = decisions_for_user(request.user)
    years = sorted({day.year for day in visible.dates("date", "year")}, reverse=True)
    filters = RecognitionDecisionFilterForm(request.GET or None, years=years)
    criteria = filters.criteria() if filters.is_bound else {}
    rows = visible.select_related("unit").annotate(
        initiative_count=Count("recognitions", distinct=True),
        revoked_count=Count("recognitions", filter=Q(recognitions__revoked_at__isnull=False), distinct=True),
    )
    if "year" in criteria:
        rows = rows.filter(date__year=criteria["year"])
    if "level" in criteria:
        rows = rows.filter(level=criteria["level"])
    unit = default_deciding_unit(request.user)
    return render(
        request,
        "initiatives/decision_list.html",
        {
            "filters": filters,
            "page_obj": paginate(request, rows.order_by("-date", "-pk")),
            "can_issue": unit is not None and request.user.has_perm(MANAGE, unit),
        },
    )


def _candidates(unit):
    """[(initiative, council result)] of the initiatives the unit may decide on now, each with the
    mean score, grade and (when it does not pass) the reasons."""
    level = council_level(unit)
    initiatives = list(decidable(unit).prefetch_related("authors__member"))
    reviews = {
        review.initiative_id: review
        for review in Review.objects.filter(initiative__in=initiatives, level=level).select_related("council")
    }
    return [(initiative, result(reviews[initiative.pk])) for initiative in initiatives]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def decision_create(request):
    user = request.user
    unit_id = parse_id(request.GET.get("unit"))
    if unit_id is not None:
        unit = get_object_or_404(units_for_user(user), pk=unit_id)
    else:
        unit = default_deciding_unit(user)
        if unit is None:
            raise PermissionDenied(MANAGE)
    require(user, MANAGE, unit)
    chooser = DecidingUnitForm(initial={"unit": unit.pk}, user=user)
    if picked := pickers.respond(request, chooser):
        return picked
    candidates = _candidates(unit)
    passing = [initiative.pk for initiative, outcome in candidates if outcome.passed]
    form = RecognitionDecisionForm(request.POST or None, user=user, unit=unit, passing=passing)
    if request.method == "POST" and form.is_valid() and (decision := save_or_error(form)):
        messages.success(request, _("Decision %(number)s was issued.") % {"number": decision.number})
        return redirect(decision)
    chosen = {str(value) for value in (form["initiatives"].value() or [])}
    return render(
        request,
        "initiatives/decision_form.html",
        {
            "form": form,
            "unit": unit,
            "unit_level_label": Level(council_level(unit)).label,
            "chooser": chooser,
            "several_units": deciding_units_for_user(user)[:2].count() > 1,
            "candidates": [(i, outcome, str(i.pk) in chosen) for i, outcome in candidates],
        },
    )


@require_safe
@login_required
def decision_detail(request, pk):
    decision = _decision(request.user, pk)
    recognitions = (
        decision.recognitions.select_related("initiative__unit")
        .prefetch_related("initiative__authors__member")
        .order_by("initiative__title", "pk")
    )
    return render(
        request,
        "initiatives/decision_detail.html",
        {"decision": decision, "page_obj": paginate(request, recognitions), "history": history_for(decision)},
    )


@require_safe
@login_required
def decision_pdf(request, pk):
    decision = _decision(request.user, pk)
    reviews = Review.objects.filter(level=decision.level).select_related("council")
    recognitions = (
        decision.recognitions.filter(revoked_at__isnull=True)
        .select_related("initiative__unit")
        .prefetch_related("initiative__authors__member", Prefetch("initiative__reviews", queryset=reviews))
        .order_by("initiative__title", "pk")
    )
    content = pdf.decision_pdf(decision, list(recognitions))
    return download(
        content, filename("quyet-dinh-cong-nhan-sang-kien", decision.number, extension="pdf"), "application/pdf"
    )


@require_safe
@login_required
def certificate_pdf(request, pk, recognition_pk):
    decision = _decision(request.user, pk)
    recognition = get_object_or_404(
        decision.recognitions.filter(revoked_at__isnull=True)
        .select_related("initiative__unit")
        .prefetch_related("initiative__authors__member"),
        pk=recognition_pk,
    )
    recognition.decision = decision
    name = filename("chung-nhan-sang-kien", recognition.initiative.title[:60], recognition.pk, extension="pdf")
    return download(pdf.certificate_pdf(recognition), name, "application/pdf")
