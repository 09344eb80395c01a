from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from awards import panels
        from unionsite import nav
        from unionsite.history import register_key

        nav.register_nav(_("Awards"), "awards:nomination_list", perm="awards.view_awards", order=30)
        nav.register_panel("awards/panels/notifications.html", panels.notifications_panel, order=20)
        nav.register_panel("awards/panels/queue.html", panels.queue_panel, order=21)

        # Change keys the awards domain writes that are not fields of the record they are on.
        register_key("awards.Nomination", "attachments", _("attachments"))
        register_key("awards.Nomination", "decision", _("decision"))
        register_key("awards.Award", "revoked", _("revoked"))
        register_key("awards.Award", "proposed_to_city", _("proposed to the city for"))
