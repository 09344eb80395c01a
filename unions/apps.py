from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "unions"
    verbose_name = _("Organisations")

    def ready(self):
        from unions import panels
        from unions.enums import Role
        from unionsite import nav
        from unionsite.history import register_key

        nav.register_nav(
            _("Organisations"),
            "unions:tree",
            perm="unions.view_tree",
            order=10,
        )
        nav.register_panel("unions/panels/units.html", panels.units_panel, order=10)

        # Change keys the unions domain writes that are not fields of the record they are written on.
        register_key("*", "role", _("role"), choices=Role)
        register_key("*", "unit", _("organisation unit"))
        register_key("*", "username", _("username"))
        register_key("*", "merged_from", _("merged from"))
        register_key("*", "members", _("members imported"), kind="number")
        register_key("auth.User", "is_active", _("can log in"))
        register_key("auth.User", "temporary_password", _("Temporary password issued"))
        register_key("*", "name", _("name"))
