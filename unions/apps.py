from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "unions"
    verbose_name = _("Organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from unions import panels
        from unions.enums import Role
        from unions.middleware import remember_checks
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
        register_key("auth.User", "password_changed", _("Password changed by its owner"))
        register_key("auth.User", "must_change_password", _("must change the password"))
        register_key("auth.User", "two_factor", _("Two-factor login (authenticator app)"))

        # What a login must still do (second factor, new password) is worked out when it logs in.
        user_logged_in.connect(remember_checks, dispatch_uid="unions.account_checks")
