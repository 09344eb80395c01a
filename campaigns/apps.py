from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns.enums import EntrySource
        from campaigns.panels import campaigns_panel, self_assessment_panel
        from unionsite import nav
        from unionsite.history import number, register_key

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

        # Change keys the campaigns domain writes that are not fields of the record they are on.
        def rows(template):
            return lambda value: "; ".join(template % (name, number(points)) for name, points in value)

        def lines(value):
            return "; ".join(str(line).strip() for line in value)

        register_key("campaigns.Campaign", "phase", _("phase"))
        register_key("campaigns.Campaign", "target", _("target"))
        register_key("campaigns.Target", "withdrawn", _("withdrawn"))
        register_key(
            "campaigns.ScoreSheet", "copied_because_used", _("copied: a closed phase used the previous version")
        )
        register_key("campaigns.Reminder", "units", _("unions reminded"))
        register_key("campaigns.UnitRegistration", "title_registrations", _("title registrations"), kind="number")
        register_key("campaigns.UnitRegistration", "title_registration", _("title registration"))
        register_key("campaigns.UnitRegistration", "on_behalf_of", _("entered on behalf of"))
        register_key("campaigns.ScoreSheet", "copied_from", _("copied from"))
        register_key("campaigns.UnitRegistration", "entered_through", _("entered through"), choices=EntrySource.choices)
        register_key("campaigns.ScoreSheet", "sections", _("sections"), kind=lines)
        register_key("campaigns.ScoreSheet", "criteria", _("criteria (maximum points)"), kind=rows("%s (%s)"))
        register_key("campaigns.ScoreSheet", "bands", _("classification bands"), kind=rows("%s ≥ %s"))
        register_key("*", "vetoes", _("veto conditions"), kind=lines)
        register_key("campaigns.SelfAssessment", "self_score", _("%(code)s self score"), kind="number")
        register_key("campaigns.SelfAssessment", "reviewed_score", _("%(code)s reviewed score"), kind="number")
        register_key("campaigns.SelfAssessment", "evidence_note", _("%(code)s evidence note"))
        register_key("campaigns.SelfAssessment", "evidence_file", _("%(code)s evidence file"))
