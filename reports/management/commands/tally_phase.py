from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Phase
from reports.domain import tally


class Command(BaseCommand):
    help = "Tally a phase now (version 1; does nothing if it was tallied already)."

    def add_arguments(self, parser):
        parser.add_argument("phase_id", type=int)

    def handle(self, *args, phase_id, **options):
        phase = Phase.objects.filter(pk=phase_id).first()
        if phase is None:
            raise CommandError(f"Không có đợt thi đua số {phase_id}.")
        run, created = tally.tally_phase(phase, version=1)
        rows = run.figures.count()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Đã tổng hợp {phase}: phiên bản {run.version}, {rows} dòng số liệu."))
        else:
            self.stdout.write(
                f"{phase} đã được tổng hợp (phiên bản {run.version}, {rows} dòng số liệu); không làm lại."
            )
