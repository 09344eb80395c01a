"""Background jobs of the organisation tree: thin wrappers over exporters."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@shared_task(name="unions.export_members")
def export_members(*, user_id, params, token):
    """Write the member list `user_id` sees with the list filters `params` to exports storage.

    The file (or a .failed marker) is named by `token`, which only the requesting session knows; a
    .ready marker follows the whole file. Safe to run again (a job delivered twice, or after a worker
    died in the middle): a finished export is left as it is, a half-written one is written again."""
    from unions.exporters import export_path, filtered_member_xlsx

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or default_storage.exists(export_path(token, ready=True)):
        return  # gone, or written whole by an earlier run of this job
    try:
        content = filtered_member_xlsx(user, params)
    except Exception:
        default_storage.save(export_path(token, failed=True), ContentFile(b""))
        raise
    path = export_path(token)
    if default_storage.exists(path):
        default_storage.delete(path)  # left half-written by a run that was cut off
    default_storage.save(path, ContentFile(content))
    default_storage.save(export_path(token, ready=True), ContentFile(b""))


@shared_task(name="unions.import_members", time_limit=600)
def import_members(*, token, file_name, language, user_id, unit_id):
    """A member import too long to wait for (unionsite.importjobs): its outcome goes to the job's page."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from unions.importers import import_members as run_import
    from unions.models import OrgUnit
    from unionsite.importjobs import run
    from unionsite.spreadsheets import group_row_errors

    def work(upload):
        user = get_user_model().objects.get(pk=user_id, is_active=True)
        unit = OrgUnit.objects.get(pk=unit_id)
        result = run_import(upload, unit, by=user)
        if not result.ok:
            return False, group_row_errors(result.errors), reverse("unions:member_import")
        done = _("%(n)s members were imported into %(unit)s.") % {"n": len(result.created), "unit": unit}
        return True, [done, *result.warnings], unit.get_absolute_url()

    run(token, language, file_name, work)
