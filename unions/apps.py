from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "unions"
    verbose_name = _("Organisations")

    def ready(self):
        from unions import panels
        from unionsite import nav

        nav.register_nav(
            _("Organisations"),
            "unions:tree",
            perm="unions.view_tree",
            order=10,
        )
        nav.register_panel("unions/panels/units.html", panels.units_panel, order=10)
