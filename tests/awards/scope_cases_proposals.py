"""Scope cases of the district's proposals to the city (awards/views/proposals.py)."""

from django.urls import reverse

from awards.enums import Level, NominationState
from awards.models import Award, Nomination
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, PhaseFactory, title
from tests.scope import Case


def district_award(w, member=None, decision=None):
    """A district award of "Công nhân giỏi" (2026) for a member of grassroots_a, decided by district_a
    from an approved nomination, and a city campaign phase open for nominations."""
    phase = PhaseFactory(campaign__launched_by=w.city, campaign__title="Thi đua năm 2026", name="Đợt 2")
    member = member or w.member_a
    member.direct_production = True
    member.save()
    nomination = NominationFactory(phase=phase, unit=w.grassroots_a, member=member, state=NominationState.APPROVED)
    decision = decision or DecisionFactory(unit=w.district_a, level=Level.UPPER, number="112/QĐ-LĐLĐ")
    return AwardFactory(unit=w.grassroots_a, member=member, decision=decision, nomination=nomination)


def _proposal_data(w):
    award = Award.objects.get()
    return {"selected": [award.pk], f"title_{award.pk}": title("cong-nhan-gioi").pk, "note": "Tiêu biểu của quận"}


# Only the district's staff propose its awardees: the city reviewer above it may look but not act.
DISTRICT_ONLY = {"city_reviewer": 403}

CASES = {
    "awards:decision_propose": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": district_award(w).decision_id},
        method="post",
        data=_proposal_data,
        expect=302,
        redirect=lambda w, kw: reverse("awards:decision_propose", args=[kw["pk"]]),
        done=lambda w, kw: Nomination.objects.filter(
            proposed_from__decision=kw["pk"], state=NominationState.FORWARDED, level=Level.CITY
        ).exists(),
    ),
    "awards:propose_to_city": Case(
        insider="staff_a",
        kwargs=lambda w: {"unit_pk": district_award(w).decision.unit_id, "year": 2026},
        above=DISTRICT_ONLY,
    ),
}
