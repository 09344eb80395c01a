from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns.panels import campaigns_panel, self_assessment_panel
        from unionsite import nav

        nav.register_nav(_("Campaigns"), "campaigns:campaign_list", perm="campaigns.view_campaigns", order=20)
        nav.register_nav(
            _("Self-assessment"),
            "campaigns:scoring_assessment_list",
            perm="campaigns.view_assessments",
            order=40,
            section="campaigns:scoring_",
        )
        nav.register_panel("campaigns/core/panels/current.html", campaigns_panel, order=20)
        nav.register_panel("campaigns/scoring/panels/self_assessment.html", self_assessment_panel, order=40)
