"""Title catalogue, quotas, notifications and the honour roll."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import domain
from awards.forms import QuotaForm
from awards.models import Quota
from awards.queries import (
    get_quota_for_user,
    honour_roll,
    notifications_for_user,
    quotas_for_user,
    titles_catalogue,
)
from unions.models import OrgUnit
from unions.queries import root_units_for_user, units_for_user
from unionsite import pickers
from unionsite.errors import save_or_error
from unionsite.redirects import safe_next
from unionsite.shortcuts import paginate, require


@require_safe
@login_required
def title_list(request):
    return render(request, "awards/title_list.html", {"titles": titles_catalogue()})


@require_safe
@login_required
def quota_list(request):
    rows = domain.with_quota_use(quotas_for_user(request.user)).order_by("-year", "title__order", "unit__path", "level")
    page_obj = paginate(request, rows)
    for quota in domain.describe_use(page_obj):
        quota.can_change = request.user.has_perm("awards.set_quota", quota)
    return render(
        request,
        "awards/quota_list.html",
        {"page_obj": page_obj, "can_add": request.user.has_perm("awards.manage_quotas")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def quota_create(request):
    require(request.user, "awards.manage_quotas")
    form = QuotaForm(request.POST or None, user=request.user, instance=Quota(year=timezone.localdate().year))
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The quota was saved."))
        return redirect("awards:quota_list")
    return render(request, "awards/quota_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def quota_edit(request, pk):
    quota = get_quota_for_user(request.user, pk)
    require(request.user, "awards.set_quota", quota)
    form = QuotaForm(request.POST or None, user=request.user, instance=quota)
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        messages.success(request, _("The quota was saved."))
        return redirect("awards:quota_list")
    return render(request, "awards/quota_form.html", {"form": form, "quota": quota})


@require_safe
@login_required
def notification_list(request):
    rows = notifications_for_user(request.user)
    page_obj = paginate(request, rows)
    return render(request, "awards/notification_list.html", {"page_obj": page_obj})


@require_POST
@login_required
def notifications_read(request):
    domain.mark_notifications_read(request.user)
    return redirect(safe_next(request, reverse("awards:notification_list")))


@require_safe
def honour_roll_view(request, unit_pk, year):
    """Bảng vàng: public only when settings.PUBLIC_HONOUR_ROLL is on; otherwise for the unit's scope,
    and anonymous visitors are sent to log in."""
    if settings.PUBLIC_HONOUR_ROLL:
        unit = get_object_or_404(OrgUnit, pk=unit_pk, active=True)
    elif not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    else:
        unit = get_object_or_404(units_for_user(request.user), pk=unit_pk)
    if not 1900 <= year <= 2100:
        raise Http404
    rows = honour_roll(unit, year)
    page_obj = paginate(request, rows)
    return render(
        request,
        "awards/honour_roll.html",
        {"unit": unit, "year": year, "page_obj": page_obj, "years": [year - 1, year + 1]},
    )


@require_safe
@login_required
def honour_roll_home(request):
    """The honour roll of the user's own unit (the top of their scope) for the current year."""
    roots = sorted(root_units_for_user(request.user), key=lambda unit: unit.path)
    if not roots:
        raise Http404
    return redirect("awards:honour_roll", unit_pk=roots[0].pk, year=timezone.localdate().year)
