"""Review queues of upper-level staff and city reviewers, bulk moves and the .xlsx export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import domain
from awards.enums import NominationState
from awards.exporters import QueueExport
from awards.forms import QueueFilterForm
from awards.queries import queue_for_user
from unionsite.downloads import download
from unionsite.shortcuts import paginate, parse_int
from unionsite.spreadsheets import XLSX_CONTENT_TYPE

PAGE_SIZE = 25
BULK_TARGETS = {"approve": NominationState.APPROVED, "forward": NominationState.FORWARDED}


def _filtered_queue(request):
    if not request.user.has_perm("awards.view_queue"):
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queue_for_user(
        request.user, unit=filters.get("unit"), title=filters.get("title"), campaign=filters.get("campaign")
    )
    return form, rows


@require_GET
@login_required
def queue(request):
    form, rows = _filtered_queue(request)
    page_obj = paginate(request, rows, per_page=PAGE_SIZE)
    now = timezone.now()
    for nomination in page_obj:
        nomination.age_days = (now - nomination.waiting_since).days if nomination.waiting_since else 0
    return render(
        request,
        "awards/queue.html",
        {"form": form, "page_obj": page_obj, "query": request.GET.urlencode()},
    )


@require_GET
@login_required
def queue_export(request):
    _form, rows = _filtered_queue(request)
    # Stream the rows: a city reviewer's queue can hold thousands of nominations.
    content = QueueExport(rows.iterator(chunk_size=2000), now=timezone.now()).to_xlsx()
    return download(content, "hang-doi-xet-duyet.xlsx", XLSX_CONTENT_TYPE)


@require_POST
@login_required
def queue_bulk(request):
    if not request.user.has_perm("awards.view_queue"):
        raise PermissionDenied
    target = BULK_TARGETS.get(request.POST.get("action", ""))
    ids = [pk for pk in map(parse_int, request.POST.getlist("selected")) if pk is not None]
    back = reverse("awards:queue") + ("?" + request.POST["query"] if request.POST.get("query") else "")
    if target is None or not ids:
        messages.error(request, _("Choose the nominations and the action."))
        return redirect(back)
    nominations = list(queue_for_user(request.user).filter(pk__in=ids))
    result = domain.bulk_transition(nominations, target, by=request.user)
    missing = len(ids) - len(nominations)
    if result.done:
        messages.success(
            request,
            _("Done for %(n)s nominations: %(names)s.")
            % {
                "n": len(result.done),
                "names": ", ".join(n.nominee_name for n in result.done),
            },
        )
    for nomination, reason in result.failed:
        messages.error(
            request, _("Not done for %(name)s: %(reason)s") % {"name": nomination.nominee_name, "reason": reason}
        )
    if missing:
        messages.error(request, _("%(n)s of the selected nominations no longer wait for you.") % {"n": missing})
    return redirect(back)
