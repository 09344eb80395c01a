"""The district proposes its awardees to the city: from one of its decisions, or its awardees of a year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards import domain
from awards.enums import CLOSED_STATES, Level
from awards.forms import ProposeToCityForm
from awards.models import Nomination
from awards.queries import get_decision_for_user, quotas_for_user
from unions.queries import units_for_user
from unions.scope import ancestor_paths
from unionsite.shortcuts import paginate, require


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def propose_to_city(request, pk=None, unit_pk=None, year=None):
    """One page for both ways in: /quyet-dinh/<pk>/de-nghi-thanh-pho/ (a decision's awardees) and
    /de-nghi-thanh-pho/<unit>/<year>/ (the district's awardees of a year)."""
    if pk is not None:
        decision = get_decision_for_user(request.user, pk)
        unit = decision.unit
    else:
        decision = None
        unit = get_object_or_404(units_for_user(request.user), pk=unit_pk)
        if not 2000 <= year <= 2100:
            raise Http404
    require(request.user, "awards.propose_for_unit", unit)
    rows = domain.proposable_awards(unit)
    rows = rows.filter(decision=decision) if decision else rows.filter(year=year)
    open_proposals = Nomination.objects.exclude(state__in=CLOSED_STATES).order_by("-pk")
    rows = (
        rows.select_related("title", "unit", "member", "decision")
        .prefetch_related("title__levels", Prefetch("city_proposals", open_proposals, to_attr="proposals"))
        .order_by("unit__name", "pk")
    )
    page_obj = paginate(request, rows)
    awards = list(page_obj)
    titles = list(domain.city_titles().prefetch_related("levels"))
    form = ProposeToCityForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        awards=[a for a in awards if not a.proposals],
        titles=titles,
    )
    if request.method == "POST" and form.is_valid():
        result = form.save()
        if result.done:
            messages.success(
                request,
                _("Proposed to the city: %(names)s. Next: the city reviews them in its review queue.")
                % {"names": ", ".join(n.nominee_name for n in result.done)},
            )
        for award, reason in result.failed:
            messages.error(
                request, _("Not done for %(name)s: %(reason)s") % {"name": award.awardee_name, "reason": reason}
            )
        return redirect(request.get_full_path())
    years = sorted({a.year for a in awards} or ({year} if year else set()))
    quotas = quotas_for_user(request.user).filter(
        level=Level.CITY, year__in=years, unit__path__in=ancestor_paths(unit.path)
    )
    return render(
        request,
        "awards/propose_to_city.html",
        {
            "unit": unit,
            "decision": decision,
            "year": year,
            "years": [year - 1, year + 1] if year else [],
            "page_obj": page_obj,
            "form": form,
            "rows": form.rows(awards),
            "phases": [(y, domain.proposal_phase(unit, y)) for y in years],
            "quotas": domain.describe_use(domain.with_quota_use(quotas).order_by("unit__path", "title__order")),
        },
    )
