from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from awards import panels
        from unionsite import nav

        nav.register_nav(_("Awards"), "awards:nomination_list", perm="awards.view_awards", order=30)
        nav.register_panel("awards/panels/notifications.html", panels.notifications_panel, order=20)
        nav.register_panel("awards/panels/queue.html", panels.queue_panel, order=21)
