from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task(name="initiatives.import_initiatives", time_limit=600)
def import_initiatives(*, token, file_name, language, user_id, unit_id):
    """An initiatives import too long to wait for (unionsite.importjobs): its outcome goes to the job's page."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.formats import number_format
    from django.utils.translation import ngettext

    from initiatives.importers import import_initiatives as run_import
    from unions.models import OrgUnit
    from unionsite.importjobs import run
    from unionsite.spreadsheets import group_row_errors

    def work(upload):
        user = get_user_model().objects.get(pk=user_id, is_active=True)
        unit = OrgUnit.objects.get(pk=unit_id)
        result = run_import(upload, unit, by=user)
        if not result.ok:
            return False, group_row_errors(result.errors), reverse("initiatives:import")
        count = len(result.created)
        done = ngettext(
            "%(n)s initiative was imported for %(unit)s as a draft.",
            "%(n)s initiatives were imported for %(unit)s as drafts.",
            count,
        ) % {"n": number_format(count, force_grouping=True), "unit": unit.name}
        url = f"{reverse('initiatives:list')}?{urlencode({'unit': unit.pk, 'state': 'draft'})}"
        return True, [done, *result.warnings], url

    run(token, language, file_name, work)
