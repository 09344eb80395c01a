import datetime

from django.urls import reverse

from initiatives import domain
from initiatives.enums import InitiativeState
from initiatives.models import Recognition, RecognitionDecision
from tests.initiatives.factories import GOOD, make_council, make_initiative, recognise, score_all
from tests.scope import Case


def _passed(w):
    """An initiative of the insider's union that its council scored above the pass mark."""
    initiative = make_initiative(w.grassroots_a, w.officer_a, authors=[(w.member_a, 100)], submit=True)
    make_council(w.grassroots_a, w.officer_a, users=[w.officer_a])
    domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=w.officer_a)
    score_all(initiative.reviews.get(), GOOD)
    return initiative


def _submitted(w):
    initiative = make_initiative(w.grassroots_a, w.officer_a, authors=[(w.member_a, 100)], submit=True)
    make_council(w.grassroots_a, w.officer_a, users=[w.officer_a])
    return initiative


def _decision_pk(w):
    return {"pk": recognise(_submitted(w), w.officer_a, number="3/QĐ-CĐ").pk}


def _recognition_kw(w):
    decision = recognise(_submitted(w), w.officer_a, number="4/QĐ-CĐ")
    return {"pk": decision.pk, "recognition_pk": decision.recognitions.get().pk}


def _issue(w):
    return {
        "number": "7/QĐ-CĐ",
        "date": "20/11/2026",
        "signer": "Nguyễn Văn An",
        "signer_title": "Chủ tịch",
        "initiatives": [_passed(w).pk],
    }


def _issued_page(w, kw):
    return reverse("initiatives:decision_detail", args=[RecognitionDecision.objects.get(number="7/QĐ-CĐ").pk])


def _issued(w, kw):
    decision = RecognitionDecision.objects.get(number="7/QĐ-CĐ")
    return (decision.unit, decision.date, decision.recognitions.count()) == (
        w.grassroots_a,
        datetime.date(2026, 11, 20),
        1,
    ) and Recognition.objects.filter(decision=decision, initiative__state=InitiativeState.RECOGNISED).exists()


CASES = {
    "initiatives:decision_list": Case(insider="officer_a"),
    # The insider's own union decides by default (GET of the page for everyone above: test_decisions.py).
    "initiatives:decision_create": Case(
        insider="officer_a", method="post", data=_issue, expect=302, redirect=_issued_page, done=_issued
    ),
    "initiatives:decision_detail": Case(insider="officer_a", kwargs=_decision_pk),
    "initiatives:decision_pdf": Case(insider="officer_a", kwargs=_decision_pk),
    "initiatives:certificate_pdf": Case(insider="officer_a", kwargs=_recognition_kw),
}
