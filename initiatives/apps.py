from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from awards.eligibility import register_initiative_provider
        from initiatives import queries, rules  # noqa: F401  (permissions)
        from initiatives.enums import CouncilRole, ExclusionReason
        from unionsite import nav
        from unionsite.history import register_key

        register_initiative_provider(queries.recognised_names, value_check=queries.value_check)
        nav.register_nav(_("Initiatives"), "initiatives:list", perm="initiatives.view_initiatives", order=35)

        # Change keys the initiatives domain writes that are not fields of the record they are on.
        register_key("initiatives.Initiative", "authors", _("authors"))
        register_key("initiatives.Initiative", "evidence", _("evidence"))
        register_key("initiatives.Initiative", "excluded", _("excluded from scoring"))
        register_key("initiatives.Initiative", "exclusion_reason", _("why"), choices=ExclusionReason.choices)
        register_key("initiatives.Council", "council_member", _("council member"))
        register_key("initiatives.Council", "council_role", _("role in the council"), choices=CouncilRole.choices)
        register_key("initiatives.ScoreSheet", "score", _("points for %(code)s"), kind="number")
        register_key("initiatives.ScoreSheet", "submitted", _("submitted, total"), kind="number")
        register_key("initiatives.Recognition", "revoked_at", _("revoked"), kind="datetime")
