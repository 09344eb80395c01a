"""Rebuild every unit's kept count of active members (OrgUnit.active_members) from the member rows.

The counts are kept as members are added, moved, deactivated and imported; this command is for after
rows were written around the application (a bulk load, a restore, a manual SQL fix)."""

from django.core.management.base import BaseCommand

from unions.models import OrgUnit, recount_active_members


class Command(BaseCommand):
    help = "Recount the active members kept on every organisation unit."

    def handle(self, *args, **options):
        wrong = recount_active_members()
        self.stdout.write(f"{wrong} units corrected, {OrgUnit.objects.count()} units checked.")
