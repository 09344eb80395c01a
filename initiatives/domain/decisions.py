"""Quyết định công nhận sáng kiến: a unit recognises, at its level, initiatives its council passed."""

from django.db import transaction
from django.utils.translation import gettext as _

from initiatives.domain.councils import council_level, deciding_unit, result
from initiatives.domain.workflow import WORKFLOW
from initiatives.enums import InitiativeState
from initiatives.models import Initiative, Recognition, RecognitionDecision
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require


def decidable(unit):
    """Initiatives under review at `unit`'s level whose deciding unit is `unit`, with a passing result
    (the result is checked again when the decision is issued)."""
    level = council_level(unit)
    rows = Initiative.objects.filter(level=level, state=InitiativeState.UNDER_REVIEW, reviews__level=level)
    rows = rows.filter(unit__path__startswith=unit.path) if level != "grassroots" else rows.filter(unit=unit)
    return rows.select_related("unit", "field").distinct().order_by("title", "pk")


def issue_decision(*, unit, number, date, signer, signer_title="", initiatives, by):
    """Recognise `initiatives` at `unit`'s level by one decision: all or nothing. Each must be under
    review there with a council result that reaches recognition (and, at the city, no author with a
    second Sáng kiến Thủ đô that year); each gets one Recognition with the mean score and grade."""
    require(by, "initiatives.manage_council", unit)
    level = council_level(unit)
    number = (number or "").strip()
    if not number:
        raise DomainError({"number": [_("Give the decision number.")]})
    if not initiatives:
        raise DomainError(_("Choose at least one initiative."))
    with transaction.atomic():
        if RecognitionDecision.objects.filter(unit=unit, year=date.year, number=number).exists():
            raise DomainError(
                {
                    "number": [
                        _("%(unit)s already has a decision numbered %(number)s in %(year)s.")
                        % {"unit": unit.name, "number": number, "year": date.year}
                    ]
                }
            )
        # As they are now, not as the caller read them (the caller's copies are refreshed at the end).
        given = list(initiatives)
        initiatives = list(
            Initiative.objects.select_related("unit").filter(pk__in=[i.pk for i in initiatives]).order_by("title", "pk")
        )
        decision = RecognitionDecision(
            unit=unit, level=level, number=number, date=date, signer=signer, signer_title=signer_title, created_by=by
        )
        problems = []
        for initiative in initiatives:
            if initiative.level != level or deciding_unit(initiative, level) != unit:
                problems.append(
                    _("%(title)s is not assessed by %(unit)s.") % {"title": initiative.title, "unit": unit.name}
                )
            elif not by.has_perm("initiatives.review_initiative", initiative):
                problems.append(_("You may not decide on %(title)s.") % {"title": initiative.title})
        if problems:
            raise DomainError(" ".join(str(p) for p in problems))
        decision.save()
        record_change(decision, by=by, action=ChangeRecord.Action.CREATE)
        for initiative in initiatives:
            try:
                moved = WORKFLOW.transition(initiative, InitiativeState.RECOGNISED, by=by, note=number)
            except DomainError as error:
                raise DomainError(f"{initiative.title}: {error}") from error
            outcome = result(moved.reviews.get(level=level))
            recognition = Recognition.objects.create(
                initiative=moved,
                level=level,
                decision=decision,
                year=date.year,
                score=outcome.total,
                grade=outcome.grade,
            )
            record_change(recognition, by=by, action=ChangeRecord.Action.CREATE, note=number)
    for initiative in given:
        initiative.refresh_from_db()
    return decision
