from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import domain
from initiatives.enums import InitiativeState
from initiatives.models import Council, CouncilMember, Evidence, Initiative
from tests.initiatives.factories import make_council, make_initiative
from tests.scope import Case

# Only a grassroots union (or the district acting for it) files initiatives; the city assesses.
SUBMITTER = {"city_reviewer": 403}


def _initiative_pk(w):
    return {"pk": make_initiative(w.grassroots_a, w.officer_a, authors=[(w.member_a, 100)]).pk}


def _initiative_page(w, kw):
    return reverse("initiatives:detail", args=[kw["pk"]])


def _evidence_pk(w):
    initiative = make_initiative(w.grassroots_a, w.officer_a, authors=[(w.member_a, 100)])
    evidence = Evidence(initiative=initiative, description="Biên bản áp dụng", original_name="bien-ban.pdf", size=9)
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    evidence.save()
    return {"pk": evidence.pk}


def _council_pk(w):
    return {"pk": make_council(w.grassroots_a, w.officer_a, users=[w.officer_a]).pk}


def _review_pk(w):
    initiative = make_initiative(w.grassroots_a, w.officer_a, authors=[(w.member_a, 100)], submit=True)
    make_council(w.grassroots_a, w.officer_a, users=[w.officer_a])
    domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=w.officer_a)
    return {"pk": initiative.reviews.get().pk}


CASES = {
    "initiatives:list": Case(insider="officer_a"),
    "initiatives:create": Case(insider="officer_a", above=SUBMITTER),
    "initiatives:detail": Case(insider="officer_a", kwargs=_initiative_pk),
    "initiatives:edit": Case(insider="officer_a", kwargs=_initiative_pk, above=SUBMITTER),
    "initiatives:move": Case(
        insider="officer_a",
        kwargs=_initiative_pk,
        method="post",
        data=lambda w: {"to": "submitted", "expected_state": "draft"},
        expect=302,
        redirect=_initiative_page,
        done=lambda w, kw: Initiative.objects.get(pk=kw["pk"]).state == InitiativeState.SUBMITTED,
    ),
    "initiatives:evidence_add": Case(
        insider="officer_a",
        kwargs=_initiative_pk,
        method="post",
        data=lambda w: {
            "description": "Biên bản nghiệm thu",
            "file": SimpleUploadedFile("nghiem-thu.pdf", b"%PDF-1.7\n", content_type="application/pdf"),
        },
        expect=302,
        redirect=_initiative_page,
        done=lambda w, kw: Evidence.objects.filter(initiative=kw["pk"]).exists(),
    ),
    "initiatives:evidence_download": Case(insider="officer_a", kwargs=_evidence_pk),
    "initiatives:evidence_withdraw": Case(
        insider="officer_a",
        kwargs=_evidence_pk,
        method="post",
        data=lambda w: {"reason": "Nhầm tệp"},
        expect=302,
        redirect=lambda w, kw: reverse("initiatives:detail", args=[Evidence.objects.get(pk=kw["pk"]).initiative_id]),
        done=lambda w, kw: Evidence.objects.get(pk=kw["pk"]).withdrawn_at is not None,
    ),
    "initiatives:council_list": Case(insider="officer_a"),
    "initiatives:council_create": Case(insider="officer_a"),
    "initiatives:council_detail": Case(insider="officer_a", kwargs=_council_pk),
    "initiatives:council_member_leave": Case(
        insider="officer_a",
        kwargs=_council_pk,
        method="post",
        data=lambda w: {
            "seat": CouncilMember.objects.filter(council__unit=w.grassroots_a).exclude(user=w.officer_a).first().pk,
            "reason": "Chuyển công tác",
        },
        expect=302,
        redirect=lambda w, kw: reverse("initiatives:council_detail", args=[kw["pk"]]),
        done=lambda w, kw: Council.objects.get(pk=kw["pk"]).members.filter(left_at__isnull=False).count() == 1,
    ),
    "initiatives:review": Case(insider="officer_a", kwargs=_review_pk),
}
