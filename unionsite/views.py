from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from unionsite import changelog, importjobs
from unionsite.downloads import stream
from unionsite.history import readable
from unionsite.keyset import paginate_keyset
from unionsite.nav import panels_for
from unionsite.shortcuts import require


@require_safe
@login_required
def home(request):
    return render(request, "home.html", {"panels": panels_for(request)})


@require_safe
@login_required
def import_status(request, token):
    """The page of an import running in a worker (unionsite.importjobs), polled until it is done;
    404 to any session but the one that started it."""
    job = importjobs.status(request, token)
    if job is None:
        raise Http404
    return render(request, "unionsite/import_status.html", {"job": job})


def _filtered_log(request):
    form = changelog.ChangeLogFilterForm(request.GET or None)
    return form, changelog.search(**form.filters())


@require_safe
@login_required
def change_log(request):
    """Every recorded change, searched by who, kind of record, action, dates and text (city reviewers
    and admins: the whole city)."""
    require(request.user, "unionsite.view_change_log")
    form, rows = _filtered_log(request)
    page_obj = paginate_keyset(request, rows.prefetch_related("target"))
    entries = readable(page_obj.object_list)
    for entry in entries:
        target = entry.record.target
        url = getattr(target, "get_absolute_url", None)
        entry.url = url() if callable(url) else ""
    export_url = reverse("change_log_export") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return render(
        request,
        "unionsite/change_log.html",
        {"form": form, "page_obj": page_obj, "entries": entries, "export_url": export_url},
    )


@require_safe
@login_required
def change_log_export(request):
    """The change log as filtered, as an .xlsx streamed from a temporary file."""
    require(request.user, "unionsite.view_change_log")
    _form, rows = _filtered_log(request)
    total, limit = rows.count(), changelog.export_max_rows()
    if total > limit:
        messages.error(
            request,
            _("%(n)s changes match: narrow the search to at most %(max)s to export them.")
            % {"n": number_format(total, force_grouping=True), "max": number_format(limit, force_grouping=True)},
        )
        return redirect(reverse("change_log") + (f"?{request.GET.urlencode()}" if request.GET else ""))
    name = f"nhat-ky-thay-doi-{timezone.localdate():%Y%m%d}.xlsx"
    return stream(changelog.export_file(rows), name, changelog.XLSX_CONTENT_TYPE)


def locked_out(request, original_response=None, credentials=None):
    """What a refused login shows once its username is locked out (django-axes calls it, for the
    app's login form and the admin's): how long to wait, in the reader's language. 429: too many
    tries; the form is not shown again, so no password can be tried until the time is up."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT, "retry_url": request.path},
        status=429,
    )
