from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards.enums import AttachmentKind, Level, NominationState
from awards.models import Award, Nomination, NominationAttachment
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, PhaseFactory, QuotaFactory
from tests.scope import Case


def _nomination(w, state=NominationState.DRAFT):
    # The factory's member works in direct production, as the title the nomination asks for needs.
    return NominationFactory(unit=w.grassroots_a, phase=PhaseFactory(campaign__launched_by=w.city), state=state)


def _nomination_pk(w):
    return {"pk": _nomination(w).pk}


def _attachment_pk(w):
    attachment = NominationAttachment(
        nomination=_nomination(w), kind=AttachmentKind.ACHIEVEMENT_REPORT, original_name="bao-cao.pdf", size=9
    )
    attachment.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return {"pk": attachment.pk}


def _decision(w):
    return DecisionFactory(unit=w.district_a, level=Level.UPPER)


def _award_pk(w):
    return {"pk": AwardFactory(unit=w.grassroots_a, member=w.member_a, decision=_decision(w)).pk}


def _nomination_page(w, kw):
    return reverse("awards:nomination_detail", args=[kw["pk"]])


def _state(kw):
    return Nomination.objects.get(pk=kw["pk"]).state


# Only a grassroots union (or the district acting for it) nominates and records its own decisions;
# the city reviews.
NOMINATOR = {"city_reviewer": 403}


CASES = {
    "awards:nomination_list": Case(insider="officer_a"),
    "awards:nomination_create": Case(insider="officer_a", above=NOMINATOR),
    "awards:nomination_detail": Case(insider="officer_a", kwargs=_nomination_pk),
    "awards:nomination_edit": Case(insider="officer_a", kwargs=_nomination_pk, above=NOMINATOR),
    "awards:nomination_transition": Case(
        insider="officer_a",
        kwargs=_nomination_pk,
        method="post",
        data=lambda w: {"to": "submitted", "expected_state": "draft"},
        expect=302,
        redirect=_nomination_page,
        done=lambda w, kw: _state(kw) == NominationState.SUBMITTED,
    ),
    "awards:attachment_upload": Case(
        insider="officer_a",
        kwargs=_nomination_pk,
        method="post",
        data=lambda w: {
            "kind": AttachmentKind.ACHIEVEMENT_REPORT,
            "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n", content_type="application/pdf"),
        },
        expect=302,
        redirect=_nomination_page,
        done=lambda w, kw: NominationAttachment.objects.filter(nomination=kw["pk"]).exists(),
    ),
    "awards:attachment_download": Case(insider="officer_a", kwargs=_attachment_pk),
    "awards:queue": Case(insider="staff_a"),
    "awards:queue_export": Case(insider="staff_a"),
    "awards:queue_bulk": Case(
        insider="staff_a",
        method="post",
        data=lambda w: {"action": "approve", "selected": [_nomination(w, NominationState.SUBMITTED).pk]},
        expect=302,
        redirect=lambda w, kw: reverse("awards:queue"),
        done=lambda w, kw: Nomination.objects.get().state == NominationState.APPROVED,
    ),
    "awards:decision_list": Case(insider="staff_a"),
    "awards:decision_create": Case(insider="staff_a"),
    "awards:grassroots_units": Case(insider="officer_a", above=NOMINATOR),
    "awards:grassroots_decision": Case(
        insider="officer_a", kwargs=lambda w: {"unit_pk": w.grassroots_a.pk}, above=NOMINATOR
    ),
    "awards:decision_detail": Case(insider="staff_a", kwargs=lambda w: {"pk": _decision(w).pk}),
    "awards:decision_pdf": Case(insider="staff_a", kwargs=lambda w: {"pk": _decision(w).pk}),
    "awards:award_detail": Case(insider="officer_a", kwargs=_award_pk),
    "awards:certificate_pdf": Case(insider="officer_a", kwargs=_award_pk),
    "awards:award_revoke": Case(
        insider="staff_a",
        kwargs=_award_pk,
        method="post",
        data=lambda w: {"reason": "Sai sót hồ sơ"},
        expect=302,
        redirect=lambda w, kw: reverse("awards:award_detail", args=[kw["pk"]]),
        done=lambda w, kw: Award.objects.get(pk=kw["pk"]).is_revoked,
    ),
    "awards:title_list": Case(insider="officer_a"),
    "awards:quota_list": Case(insider="staff_a"),
    "awards:quota_create": Case(insider="staff_a"),
    "awards:quota_edit": Case(insider="staff_a", kwargs=lambda w: {"pk": QuotaFactory(unit=w.grassroots_a).pk}),
    "awards:notification_list": Case(insider="officer_a"),
    "awards:notifications_read": Case(
        insider="officer_a", method="post", expect=302, redirect=lambda w, kw: reverse("awards:notification_list")
    ),
    # The honour roll of the top of the user's scope, this year.
    "awards:honour_roll_home": Case(
        insider="officer_a",
        expect=302,
        redirect=lambda w, kw: reverse("awards:honour_roll", args=[w.grassroots_a.pk, timezone.localdate().year]),
    ),
    # Public-capable (settings.PUBLIC_HONOUR_ROLL): the anonymous walk skips it; test_notifications_honour_roll.py
    # checks anonymous (sent to log in when the setting is off, 200 when on), insider, reviewer and outsider.
    "awards:honour_roll": Case(
        insider="officer_a", kwargs=lambda w: {"unit_pk": w.grassroots_a.pk, "year": 2026}, public=True
    ),
}
