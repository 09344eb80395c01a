"""Criteria sets: every council member reads them; the city federation edits them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives.criteria_forms import CriteriaSetForm
from initiatives.domain.criteria import save_criteria_set
from initiatives.enums import Level
from initiatives.models import CriteriaSet
from unionsite.errors import DomainError, add_domain_error
from unionsite.history import history_for
from unionsite.shortcuts import parse_id, require


@require_safe
@login_required
def criteria_list(request):
    require(request.user, "initiatives.view_initiatives")
    sets = CriteriaSet.objects.prefetch_related("criteria", "grades").order_by("level", "year", "pk")
    return render(
        request,
        "initiatives/criteria_list.html",
        {"sets": sets, "can_manage": request.user.has_perm("initiatives.manage_criteria")},
    )


def _save(request, form, criteria_set):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_criteria_set(
                form.instance, form.criteria, form.grades, by=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The criteria set was saved. Sheets already scored keep the criteria they were scored on.")
            )
            return redirect("initiatives:criteria_edit", pk=saved.pk)
    return render(
        request,
        "initiatives/criteria_form.html",
        {"form": form, "criteria_set": criteria_set, "history": history_for(criteria_set) if criteria_set else None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def criteria_create(request):
    require(request.user, "initiatives.manage_criteria")
    level = request.GET.get("level", "")
    copy_from = None
    if level in Level.values:
        copy_from = CriteriaSet.objects.filter(level=level, year__isnull=True).first()
    source_pk = parse_id(request.GET.get("from"))
    if source_pk is not None:
        copy_from = CriteriaSet.objects.filter(pk=source_pk).first() or copy_from
    instance = CriteriaSet(level=copy_from.level if copy_from else Level.GRASSROOTS)
    form = CriteriaSetForm(request.POST or None, instance=instance, copy_from=copy_from)
    return _save(request, form, None)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def criteria_edit(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    require(request.user, "initiatives.manage_criteria")
    form = CriteriaSetForm(request.POST or None, instance=criteria_set)
    return _save(request, form, criteria_set)
