"""Review queues of upper-level staff and city reviewers, bulk moves and the .xlsx export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from awards import domain
from awards.exporters import QueueExport
from awards.forms import QueueFilterForm
from awards.queries import queue_for_user
from unionsite import pickers
from unionsite.downloads import stream
from unionsite.shortcuts import paginate, parse_id, require
from unionsite.spreadsheets import XLSX_CONTENT_TYPE


def _filtered_queue(request):
    require(request.user, "awards.view_queue")
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queue_for_user(
        request.user, unit=filters.get("unit"), title=filters.get("title"), campaign=filters.get("campaign")
    )
    return form, rows


@require_safe
@login_required
def queue(request):
    form, rows = _filtered_queue(request)
    if picked := pickers.respond(request, form):
        return picked
    page_obj = paginate(request, rows)
    now = timezone.now()
    offered = set()
    for nomination in page_obj:
        nomination.age_days = (now - nomination.waiting_since).days if nomination.waiting_since else 0
        offered |= {move.name for move in domain.legal_moves(nomination, request.user)}
    # Only the bulk moves some row of this page allows: a city queue approves, a district also forwards.
    actions = [name for name in domain.BULK_MOVES if name in offered]
    return render(
        request,
        "awards/queue.html",
        {"form": form, "page_obj": page_obj, "query": request.GET.urlencode(), "actions": actions},
    )


@require_safe
@login_required
def queue_export(request):
    _form, rows = _filtered_queue(request)
    # Rows read in chunks into a workbook on disk, sent in chunks: a city reviewer's queue can hold
    # thousands of nominations.
    handle = QueueExport(rows.iterator(chunk_size=2000), now=timezone.now()).to_xlsx_file()
    return stream(handle, "hang-doi-xet-duyet.xlsx", XLSX_CONTENT_TYPE)


@require_POST
@login_required
def queue_bulk(request):
    require(request.user, "awards.view_queue")
    action = request.POST.get("action", "")
    ids = [pk for pk in map(parse_id, request.POST.getlist("selected")) if pk is not None]
    back = reverse("awards:queue") + ("?" + request.POST["query"] if request.POST.get("query") else "")
    if action not in domain.BULK_MOVES or not ids:
        messages.error(request, _("Choose the nominations and the action."))
        return redirect(back)
    nominations = list(queue_for_user(request.user).filter(pk__in=ids))
    result = domain.bulk_move(nominations, action, by=request.user)
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
