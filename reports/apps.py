from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reports import freshness
        from unionsite import nav
        from unionsite.history import register_key

        nav.register_nav(_("Reports"), "reports:index", perm="reports.view_reports", order=50, section="reports:")
        register_key("reports.ReportText", "text", _("text"))
        freshness.connect()
