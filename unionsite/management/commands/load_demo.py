import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

# Each app that has demo data exposes `<app>.demo.load(stdout)`; they run in this order because
# later apps build on the organisation tree and the campaigns.
DEMO_APPS = ["unions", "campaigns", "awards", "initiatives", "reports"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        # The demo makes a superuser `admin` and logins whose shared password the README publishes.
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "The demo data cannot be loaded under the production profile: it creates an administrator "
                    "whose password is published. Load it only on a development or demo machine."
                )
            )
        with transaction.atomic():
            for label in DEMO_APPS:
                if not apps.is_installed(label):
                    continue
                try:
                    module = importlib.import_module(f"{label}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{label}.demo":
                        raise
                    continue
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Dữ liệu demo đã sẵn sàng."))
