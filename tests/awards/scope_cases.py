from django.core.files.base import ContentFile

from awards.enums import AttachmentKind, Level
from awards.models import NominationAttachment
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, PhaseFactory, QuotaFactory
from tests.scope import Case


def _nomination(w):
    return NominationFactory(unit=w.grassroots_a, member=w.member_a, phase=PhaseFactory(campaign__launched_by=w.city))


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


CASES = {
    "awards:nomination_list": Case(),
    "awards:nomination_create": Case(),
    "awards:nomination_detail": Case(kwargs=_nomination_pk),
    "awards:nomination_edit": Case(kwargs=_nomination_pk),
    "awards:nomination_transition": Case(
        kwargs=_nomination_pk, method="post", data=lambda w: {"to": "submitted", "expected_state": "draft"}
    ),
    "awards:attachment_upload": Case(kwargs=_nomination_pk, method="post"),
    "awards:attachment_download": Case(kwargs=_attachment_pk),
    "awards:queue": Case(),
    "awards:queue_export": Case(),
    "awards:queue_bulk": Case(method="post"),
    "awards:decision_list": Case(),
    "awards:decision_create": Case(),
    "awards:grassroots_units": Case(),
    "awards:grassroots_decision": Case(kwargs=lambda w: {"unit_pk": w.grassroots_a.pk}),
    "awards:decision_detail": Case(kwargs=lambda w: {"pk": _decision(w).pk}),
    "awards:decision_pdf": Case(kwargs=lambda w: {"pk": _decision(w).pk}),
    "awards:award_detail": Case(kwargs=_award_pk),
    "awards:certificate_pdf": Case(kwargs=_award_pk),
    "awards:award_revoke": Case(kwargs=_award_pk, method="post", data=lambda w: {"reason": "Sai sót hồ sơ"}),
    "awards:title_list": Case(),
    "awards:quota_list": Case(),
    "awards:quota_create": Case(),
    "awards:quota_edit": Case(kwargs=lambda w: {"pk": QuotaFactory(unit=w.grassroots_a).pk}),
    "awards:notification_list": Case(),
    "awards:notifications_read": Case(method="post"),
    "awards:honour_roll_home": Case(),
    # Public-capable (settings.PUBLIC_HONOUR_ROLL): the walk skips it; tests/awards/test_honour_roll.py
    # checks anonymous (sent to log in when the setting is off, 200 when on), insider, reviewer and outsider.
    "awards:honour_roll": Case(kwargs=lambda w: {"unit_pk": w.grassroots_a.pk, "year": 2026}, public=True),
}
