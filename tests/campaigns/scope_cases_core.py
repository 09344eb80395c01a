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


def _campaign(w):
    return {"pk": CampaignFactory(launched_by=w.district_a).pk}


def _phase(w):
    return {"pk": PhaseFactory(campaign=CampaignFactory(launched_by=w.district_a)).pk}


CASES = {
    "campaigns:campaign_list": Case(),
    "campaigns:campaign_add": Case(),
    "campaigns:campaign_detail": Case(kwargs=_campaign),
    "campaigns:campaign_edit": Case(kwargs=_campaign),
    "campaigns:campaign_transition": Case(kwargs=_campaign, method="post", data=lambda w: {"to": "closed"}),
    "campaigns:campaign_launch_file": Case(kwargs=_campaign),
    "campaigns:phase_add": Case(kwargs=_campaign),
    "campaigns:phase_edit": Case(kwargs=_phase),
    "campaigns:phase_close": Case(kwargs=_phase, method="post"),
    "campaigns:phase_delete": Case(kwargs=_phase, method="post"),
    "campaigns:phase_detail_add": Case(kwargs=_campaign),
    "campaigns:phase_detail_edit": Case(
        kwargs=lambda w: {"pk": PhaseDetailFactory(phase__campaign__launched_by=w.district_a).pk}
    ),
    "campaigns:target_add": Case(kwargs=_campaign),
    "campaigns:target_edit": Case(kwargs=lambda w: {"pk": TargetFactory(campaign__launched_by=w.district_a).pk}),
    "campaigns:target_delete": Case(
        kwargs=lambda w: {"pk": TargetFactory(campaign__launched_by=w.district_a).pk}, method="post"
    ),
    "campaigns:document_list": Case(kwargs=_campaign),
    "campaigns:document_add": Case(kwargs=_campaign),
    "campaigns:document_edit": Case(kwargs=lambda w: {"pk": DocumentFactory(campaign__launched_by=w.district_a).pk}),
    "campaigns:document_download": Case(
        kwargs=lambda w: {"pk": DocumentFactory(campaign__launched_by=w.district_a).pk}
    ),
    "campaigns:pledge_add": Case(kwargs=_campaign),
    "campaigns:pledge_edit": Case(kwargs=lambda w: {"pk": PledgeFactory(campaign__launched_by=w.district_a).pk}),
    "campaigns:pledge_download": Case(kwargs=lambda w: {"pk": PledgeFactory(campaign__launched_by=w.district_a).pk}),
    "campaigns:coverage": Case(kwargs=_campaign),
    "campaigns:coverage_remind": Case(kwargs=_campaign, method="post"),
    "campaigns:movement_list": Case(),
    "campaigns:movement_add": Case(),
    "campaigns:movement_edit": Case(kwargs=lambda w: {"pk": MovementFactory().pk}, shared=True),
}
