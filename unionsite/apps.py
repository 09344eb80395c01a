import os

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class UnionsiteConfig(AppConfig):
    name = "unionsite"
    verbose_name = _("System")

    def ready(self):
        from django.conf import settings

        # The filesystem broker needs its folders before the first message is sent.
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            for folder in settings.CELERY_BROKER_TRANSPORT_OPTIONS.values():
                if isinstance(folder, str):
                    os.makedirs(folder, exist_ok=True)
        if settings.CELERY_RESULT_BACKEND.startswith("file://"):
            os.makedirs(settings.CELERY_RESULT_BACKEND.removeprefix("file://"), exist_ok=True)

        from django.utils.translation import gettext_lazy as _lazy

        from unionsite import lookups, nav, panels  # noqa: F401 (lookups registers itself)

        nav.register_nav(_lazy("Home"), "home", order=0)
        nav.register_nav(_lazy("Change log"), "change_log", perm="unionsite.view_change_log", order=890)
        nav.register_nav(_lazy("Administration"), "admin:index", perm="unionsite.view_admin", order=900)
        nav.register_panel("includes/panels/heartbeat.html", panels.heartbeat_panel, order=900)


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the project's site: every save and delete made there is recorded
    (unionsite.admin.AuditedAdminSite). Named in INSTALLED_APPS in place of django.contrib.admin."""

    default = False  # not this module's app (that is UnionsiteConfig)
    default_site = "unionsite.admin.AuditedAdminSite"
