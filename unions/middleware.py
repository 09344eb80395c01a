"""Before any other page: the second factor where it is asked, then a new password in place of a
temporary one. What a login must still do is worked out once, when it logs in (`remember_checks`,
on Django's user_logged_in signal, for the app's login form and the admin's alike), and kept in
the session, so that other requests cost no query."""

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from unions.domain.security import has_authenticator, must_change_password, second_factor_required

SESSION_KEY = "unionsite_account_checks"

# The pages a login may open while it still owes a step: the step's own pages, logging out and the
# language switcher.
ALWAYS_OPEN = {"logout", "set_language", "admin:logout", "two_factor_verify", "two_factor_setup"}
OPEN_FOR_PASSWORD = ALWAYS_OPEN | {"password_change"}


def remember_checks(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = {
        "second_factor": second_factor_required(user),
        "password": must_change_password(user),
    }


def account_checks(request):
    checks = request.session.get(SESSION_KEY)
    if checks is None:  # a session opened before these checks existed
        remember_checks(None, request, request.user)
        checks = request.session[SESSION_KEY]
    return checks


def password_changed(request):
    checks = account_checks(request)
    request.session[SESSION_KEY] = {**checks, "password": False}


def pending_step(request):
    """The URL name of the step the logged-in user must take first, or None."""
    checks = account_checks(request)
    if checks["second_factor"] and not request.user.is_verified():
        return "two_factor_verify" if has_authenticator(request.user) else "two_factor_setup"
    if checks["password"]:
        return "password_change"
    return None


def _url_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            step = pending_step(request)
            if step is not None:
                open_names = OPEN_FOR_PASSWORD if step == "password_change" else ALWAYS_OPEN
                if _url_name(request.path_info) not in open_names:
                    url = reverse(step)
                    if request.method in ("GET", "HEAD"):
                        url += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(url)
        return self.get_response(request)
