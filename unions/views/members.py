"""Member list (search, filters, export), member pages, and the Excel import."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from unions import exporters
from unions.domain import deactivate_member
from unions.forms import MemberFilterForm, MemberForm, MemberImportForm
from unions.importers import import_members
from unions.queries import (
    filter_members,
    get_member_for_user,
    is_common_search,
    kept_member_count,
    members_for_user,
)
from unionsite import importjobs, jobs, pickers
from unionsite.downloads import download
from unionsite.errors import save_or_error
from unionsite.history import history_for
from unionsite.keyset import paginate_keyset
from unionsite.shortcuts import paginate, paginate_searched, require
from unionsite.spreadsheets import XLSX_CONTENT_TYPE
from unionsite.submissions import AlreadySent, once

# Tokens of this session's background exports: only the session that asked may fetch the file.
EXPORTS_SESSION_KEY = "unions_exports"


def _filtered(request):
    form = MemberFilterForm(request.GET or None, user=request.user)
    queryset = filter_members(members_for_user(request.user), **form.filters())
    return form, queryset


def _known_count(request, form):
    """The exact size of the list when it is the active members of the scope or of one unit's subtree
    (kept on the units); None when other filters apply (then the list's rows are counted, up to a cap)."""
    filters = form.filters()
    if filters["active"] is True and not (filters.get("q") or filters.get("gender") or filters.get("trade")):
        return kept_member_count(request.user, unit=filters.get("unit"))
    return None


def _xlsx(content, filename):
    return download(content, filename, XLSX_CONTENT_TYPE)


@require_safe
@login_required
def member_list(request):
    require(request.user, "unions.view_tree")
    form, queryset = _filtered(request)
    if picked := pickers.respond(request, form):
        return picked
    q = form.filters().get("q")
    if q and is_common_search(q, using=queryset.db):  # common words: the page, and a count up to the cap
        page = paginate(request, queryset.select_related("unit"))
    elif q:  # a search: its rows and their number in one query
        page = paginate_searched(request, queryset.select_related("unit"))
    else:
        page = paginate_keyset(request, queryset.select_related("unit"), count=_known_count(request, form))
    return render(request, "unions/member_list.html", {"form": form, "page_obj": page})


@require_safe
@login_required
def member_export(request):
    """Small lists download at once; longer ones are written by a worker while a page waits for them."""
    require(request.user, "unions.view_tree")
    _form, queryset = _filtered(request)
    total = queryset.count()
    limit = exporters.export_max_rows()
    if total > limit:
        messages.error(
            request,
            _("%(n)s members match: narrow the filters to at most %(max)s to export them.")
            % {"n": number_format(total, force_grouping=True), "max": number_format(limit, force_grouping=True)},
        )
        return redirect(f"{reverse('unions:member_list')}?{request.GET.urlencode()}")
    if total <= exporters.export_sync_max_rows():
        return _xlsx(exporters.member_list_xlsx(queryset), _export_filename())
    token = secrets.token_hex(16)
    request.session[EXPORTS_SESSION_KEY] = [*request.session.get(EXPORTS_SESSION_KEY, [])[-9:], token]
    # Kept in the database first: with the broker down the page still answers, and the file comes later.
    jobs.queue("unions.export_members", user_id=request.user.pk, params=request.GET.dict(), token=token)
    return redirect("unions:member_export_file", token=token)


@require_safe
@login_required
def member_export_file(request, token):
    """The waiting page of a background export; it hands over the file once (then deletes it)."""
    if token not in request.session.get(EXPORTS_SESSION_KEY, []):
        raise Http404
    path = exporters.export_path(token)
    if default_storage.exists(exporters.export_path(token, ready=True)):
        if request.htmx:  # the waiting page's poll: show the link instead of the spinner
            return render(request, "unions/member_export_wait.html", {"ready": True})
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        default_storage.delete(path)
        default_storage.delete(exporters.export_path(token, ready=True))
        request.session[EXPORTS_SESSION_KEY] = [t for t in request.session[EXPORTS_SESSION_KEY] if t != token]
        return _xlsx(content, _export_filename())
    failed = default_storage.exists(exporters.export_path(token, failed=True))
    return render(request, "unions/member_export_wait.html", {"failed": failed})


def _export_filename():
    return f"doan-vien-{timezone.localdate():%Y%m%d}.xlsx"


@require_safe
@login_required
def member_import_template(request):
    require(request.user, "unions.view_tree")
    return _xlsx(exporters.import_template_xlsx(), "mau-nhap-doan-vien.xlsx")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def member_import(request):
    require(request.user, "unions.view_tree")
    form = MemberImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload, unit = form.cleaned_data["file"], form.cleaned_data["unit"]
        try:
            if importjobs.too_long_to_wait_for(upload):
                require(request.user, "unions.change_member", unit)
                with once(request.POST) as submission:  # the same file sent twice from one page is queued once
                    url = importjobs.start(
                        request, upload, "unions.import_members", user_id=request.user.pk, unit_id=unit.pk
                    )
                    if submission is not None:
                        submission.url = url
                return redirect(url)
            with once(request.POST) as submission:  # the same file sent twice from one page is imported once
                result = import_members(upload, unit, by=request.user)
                if submission is not None and not result.ok:
                    transaction.set_rollback(True)  # nothing saved: the page may send the file again
        except AlreadySent as sent:
            form.add_error(None, sent.as_html())
            return render(request, "unions/member_import.html", {"form": form, "result": None})
        if result.ok:
            messages.success(
                request,
                _("%(n)s members were imported into %(unit)s.")
                % {"n": len(result.created), "unit": form.cleaned_data["unit"]},
            )
            for warning in result.warnings:
                messages.warning(request, str(warning))
            url = form.cleaned_data["unit"].get_absolute_url()
            return redirect(url)
    return render(request, "unions/member_import.html", {"form": form, "result": result})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def member_create(request):
    require(request.user, "unions.view_tree")
    initial = {}
    if request.GET.get("unit"):
        initial["unit"] = request.GET["unit"]
    form = MemberForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        member = save_or_error(form)
        if member:
            messages.success(request, _("%(name)s was added.") % {"name": member})
            return redirect(member)
    return render(
        request,
        "unions/form_page.html",
        {
            "form": form,
            "title": _("New member"),
            "submit_label": _("Add the member"),
            "cancel_url": reverse("unions:member_list"),
        },
    )


@require_safe
@login_required
def member_detail(request, pk):
    member = get_member_for_user(request.user, pk)
    duplicate = member.possible_duplicate_of
    duplicate_visible = duplicate is not None and members_for_user(request.user).filter(pk=duplicate.pk).exists()
    return render(
        request,
        "unions/member_detail.html",
        {
            "member": member,
            "duplicate": duplicate,
            "duplicate_visible": duplicate_visible,
            "history": history_for(member),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def member_edit(request, pk):
    member = get_member_for_user(request.user, pk)
    require(request.user, "unions.change_member", member)
    title = _("Edit %(name)s") % {"name": member}
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_or_error(form)
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return render(
        request,
        "unions/form_page.html",
        {
            "form": form,
            "title": title,
            "submit_label": _("Save"),
            "cancel_url": member.get_absolute_url(),
        },
    )


@require_POST
@login_required
def member_deactivate(request, pk):
    member = get_member_for_user(request.user, pk)
    require(request.user, "unions.change_member", member)
    try:
        deactivate_member(member, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("%(name)s is now inactive.") % {"name": member})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(member)
