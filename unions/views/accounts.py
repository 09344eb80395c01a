"""Accounts (logins) and role assignments, managed by staff within their own subtree."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from unions.domain import deactivate_account, reset_password, reset_second_factor, revoke_role
from unions.domain.security import has_authenticator, must_change_password
from unions.forms import AccountCreateForm, RoleAssignForm
from unions.models import RoleAssignment
from unions.queries import (
    accounts_for_user,
    get_account_for_user,
    get_role_for_user,
    get_unit_for_user,
    roles_for_user,
)
from unions.scope import Scope
from unionsite import pickers
from unionsite.errors import save_or_error
from unionsite.history import history_for
from unionsite.redirects import safe_next
from unionsite.shortcuts import paginate, parse_text, require
from unionsite.text import fold


def _with_roles(queryset, user):
    """Each account's roles in the user's scope (a role elsewhere would name a unit the user may not see)."""
    roles = roles_for_user(user).select_related("unit").order_by("unit__path", "role")
    return queryset.prefetch_related(Prefetch("role_assignments", queryset=roles))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_roles(request, pk):
    """Who holds which role on a unit; staff over the unit grant and revoke roles here."""
    unit = get_unit_for_user(request.user, pk)
    form = None
    if request.user.has_perm("unions.manage_roles", unit):
        form = RoleAssignForm(request.POST or None, user=request.user, unit=unit)
        if request.method == "POST" and form.is_valid() and save_or_error(form):
            messages.success(request, _("The role was granted."))
            return redirect("unions:unit_roles", pk=unit.pk)
    elif request.method == "POST":
        require(request.user, "unions.manage_roles", unit)
    roles = paginate(
        request, RoleAssignment.objects.filter(unit=unit).select_related("user", "granted_by").order_by("role", "pk")
    )
    history = history_for(unit).filter(changes__has_key="role")[:50]
    return render(
        request, "unions/unit_roles.html", {"unit": unit, "form": form, "page_obj": roles, "history": history}
    )


@require_POST
@login_required
def role_revoke(request, pk):
    assignment = get_role_for_user(request.user, pk)
    require(request.user, "unions.manage_roles", assignment.unit)
    try:
        revoke_role(assignment, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("The role was revoked."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(safe_next(request, reverse("unions:unit_roles", args=[assignment.unit_id])))


@require_safe
@login_required
def account_list(request):
    require(request.user, "unions.view_accounts")
    accounts = accounts_for_user(request.user).order_by("username")
    q = parse_text(request.GET.get("q"))
    if q:
        accounts = accounts.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(role_assignments__unit__name_search__contains=fold(q), role_assignments__revoked_at__isnull=True)
        ).distinct()
    return render(
        request,
        "unions/account_list.html",
        {"page_obj": paginate(request, _with_roles(accounts, request.user)), "q": q},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_create(request):
    require(request.user, "unions.view_accounts")
    form = AccountCreateForm(request.POST or None, user=request.user)
    if picked := pickers.respond(request, form):
        return picked
    if request.method == "POST" and form.is_valid():
        created = save_or_error(form)
        if created:
            account, password = created
            return render(request, "unions/account_password.html", {"account": account, "password": password})
    return render(
        request,
        "unions/form_page.html",
        {
            "form": form,
            "title": _("New account"),
            "submit_label": _("Create the account"),
            "cancel_url": reverse("unions:account_list"),
            "intro": _("A temporary password is shown once after saving: give it to the person in private."),
        },
    )


@require_safe
@login_required
def account_detail(request, pk):
    account = get_account_for_user(request.user, pk)
    all_roles = account.role_assignments.all()
    roles = list(
        all_roles.filter(Scope.for_user(request.user).q("unit__")).select_related("unit").order_by("unit__path", "role")
    )
    return render(
        request,
        "unions/account_detail.html",
        {
            "account": account,
            "roles": roles,
            "roles_elsewhere": all_roles.count() - len(roles),
            "can_manage": request.user.has_perm("unions.manage_account", account),
            "must_change_password": must_change_password(account),
            "has_authenticator": has_authenticator(account),
            "history": history_for(account),
        },
    )


@require_POST
@login_required
def account_deactivate(request, pk):
    account = get_account_for_user(request.user, pk)
    require(request.user, "unions.manage_account", account)
    try:
        deactivate_account(account, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("The account %(name)s can no longer log in.") % {"name": account.username})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("unions:account_detail", pk=account.pk)


@require_POST
@login_required
def account_reset_password(request, pk):
    account = get_account_for_user(request.user, pk)
    require(request.user, "unions.manage_account", account)
    password = reset_password(account, by=request.user)
    return render(request, "unions/account_password.html", {"account": account, "password": password, "reset": True})


@require_POST
@login_required
def account_reset_two_factor(request, pk):
    """Remove a lost or replaced authenticator; the owner sets up a new one at the next login."""
    account = get_account_for_user(request.user, pk)
    require(request.user, "unions.manage_account", account)
    try:
        reset_second_factor(account, by=request.user, note=request.POST.get("note", ""))
        messages.success(
            request,
            _("The authenticator of %(name)s was removed: a new one is set up at the next login.")
            % {"name": account.username},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("unions:account_detail", pk=account.pk)
