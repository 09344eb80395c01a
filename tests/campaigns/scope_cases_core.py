from django.core.files.base import ContentFile
from django.urls import reverse

from campaigns.enums import CampaignState, ReminderKind
from campaigns.models import Campaign, Phase, Reminder, Target
from tests.campaigns.factories_core import (
    CampaignFactory,
    DocumentFactory,
    MovementFactory,
    PhaseDetailFactory,
    PhaseFactory,
    PledgeFactory,
    TargetFactory,
)
from tests.scope import Case

# Only the launching district changes its campaign, and only the districts taking part add their targets,
# phase details, documents and pledges: the city reviewer above reads them but may not change them.
CHANGE = {"city_reviewer": 403}


def _campaign(w):
    return {"pk": CampaignFactory(launched_by=w.district_a).pk}


def _campaign_with_launch_file(w):
    launch_file = ContentFile(b"%PDF-1.4\n", name="phat-dong.pdf")
    return {"pk": CampaignFactory(launched_by=w.district_a, document_file=launch_file).pk}


def _phase(w):
    return {"pk": PhaseFactory(campaign=CampaignFactory(launched_by=w.district_a)).pk}


def _campaign_page(w, kw):
    return reverse("campaigns:campaign_detail", args=[kw["pk"]])


def _campaign_of(model):
    return lambda w, kw: reverse("campaigns:campaign_detail", args=[model.objects.get(pk=kw["pk"]).campaign_id])


CASES = {
    "campaigns:campaign_list": Case(insider="officer_a"),
    "campaigns:campaign_add": Case(insider="staff_a"),
    "campaigns:campaign_detail": Case(insider="staff_a", kwargs=_campaign),
    "campaigns:campaign_edit": Case(insider="staff_a", kwargs=_campaign, above=CHANGE),
    "campaigns:campaign_transition": Case(
        insider="staff_a",
        kwargs=_campaign,
        method="post",
        data=lambda w: {"to": "closed"},
        expect=302,
        redirect=_campaign_page,
        done=lambda w, kw: Campaign.objects.get(pk=kw["pk"]).state == CampaignState.CLOSED,
    ),
    "campaigns:campaign_launch_file": Case(insider="staff_a", kwargs=_campaign_with_launch_file),
    "campaigns:phase_add": Case(insider="staff_a", kwargs=_campaign, above=CHANGE),
    "campaigns:phase_edit": Case(insider="staff_a", kwargs=_phase, above=CHANGE),
    "campaigns:phase_close": Case(
        insider="staff_a",
        kwargs=_phase,
        method="post",
        expect=302,
        redirect=_campaign_of(Phase),
        done=lambda w, kw: Phase.objects.get(pk=kw["pk"]).closed_at is not None,
    ),
    # Phases are removed only while their campaign is a draft.
    "campaigns:phase_delete": Case(
        insider="staff_a",
        kwargs=lambda w: {
            "pk": PhaseFactory(campaign=CampaignFactory(launched_by=w.district_a, state=CampaignState.DRAFT)).pk
        },
        method="post",
        expect=302,
        redirect=lambda w, kw: reverse(
            "campaigns:campaign_detail", args=[Campaign.objects.get(launched_by=w.district_a).pk]
        ),
        done=lambda w, kw: not Phase.objects.filter(pk=kw["pk"]).exists(),
    ),
    "campaigns:phase_detail_add": Case(insider="staff_a", kwargs=_campaign, above=CHANGE),
    "campaigns:phase_detail_edit": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": PhaseDetailFactory(phase__campaign__launched_by=w.district_a).pk},
        above=CHANGE,
    ),
    "campaigns:target_add": Case(insider="staff_a", kwargs=_campaign, above=CHANGE),
    "campaigns:target_edit": Case(
        insider="staff_a", kwargs=lambda w: {"pk": TargetFactory(campaign__launched_by=w.district_a).pk}, above=CHANGE
    ),
    "campaigns:target_withdraw": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": TargetFactory(campaign__launched_by=w.district_a).pk},
        method="post",
        data=lambda w: {"reason": "Chỉ tiêu đặt nhầm khối"},
        expect=302,
        redirect=lambda w, kw: reverse(
            "campaigns:campaign_detail", args=[Campaign.objects.get(launched_by=w.district_a).pk]
        ),
        done=lambda w, kw: Target.all_objects.get(pk=kw["pk"]).withdraw_reason == "Chỉ tiêu đặt nhầm khối",
    ),
    "campaigns:document_list": Case(insider="staff_a", kwargs=_campaign),
    "campaigns:document_add": Case(insider="staff_a", kwargs=_campaign, above=CHANGE),
    "campaigns:document_edit": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": DocumentFactory(campaign__launched_by=w.district_a).pk},
        above=CHANGE,
    ),
    "campaigns:document_download": Case(
        insider="staff_a", kwargs=lambda w: {"pk": DocumentFactory(campaign__launched_by=w.district_a).pk}
    ),
    "campaigns:pledge_add": Case(insider="staff_a", kwargs=_campaign, above=CHANGE),
    "campaigns:pledge_edit": Case(
        insider="staff_a", kwargs=lambda w: {"pk": PledgeFactory(campaign__launched_by=w.district_a).pk}
    ),
    "campaigns:pledge_download": Case(
        insider="staff_a", kwargs=lambda w: {"pk": PledgeFactory(campaign__launched_by=w.district_a).pk}
    ),
    "campaigns:coverage": Case(insider="staff_a", kwargs=_campaign),
    "campaigns:coverage_remind": Case(
        insider="staff_a",
        kwargs=_campaign,
        method="post",
        data=lambda w: {"kind": ReminderKind.REGISTRATION, "units": [w.grassroots_a.pk], "message": "Nhắc đăng ký"},
        expect=302,
        redirect=lambda w, kw: reverse("campaigns:coverage", args=[kw["pk"]]) + "?phase=",
        done=lambda w, kw: Reminder.objects.filter(campaign=kw["pk"]).exists(),
    ),
    "campaigns:movement_list": Case(insider="officer_a"),
    "campaigns:movement_add": Case(insider="city_reviewer"),
    "campaigns:movement_edit": Case(
        insider="city_reviewer", kwargs=lambda w: {"pk": MovementFactory().pk}, shared=True
    ),
}
