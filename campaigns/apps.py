from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns.panels import campaigns_panel, can_see_campaigns
        from unionsite import nav

        nav.register_nav(_("Campaigns"), "campaigns:campaign_list", visible=can_see_campaigns, order=20)
        nav.register_panel("campaigns/core/panels/current.html", campaigns_panel, order=20)

        from campaigns.views.scoring import register_nav as register_scoring_nav

        register_scoring_nav()
