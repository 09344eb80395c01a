"""The logged-in user's own credentials: changing the password (required after a temporary one) and
the authenticator app (setting it up, typing its code after the password)."""

import base64

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from unions.domain import security
from unions.forms import AuthenticatorCodeForm, OwnPasswordForm
from unions.middleware import account_checks, password_changed
from unionsite.errors import save_or_error
from unionsite.redirects import safe_next

# The secret of an enrolment not yet confirmed: kept in the session, not in the database, so that
# opening the page writes no record.
ENROL_KEY_SESSION = "unionsite_enrol_key"


def _with_next(request, name):
    url = reverse(name)
    target = safe_next(request, "")
    return f"{url}?{urlencode({'next': target})}" if target else url


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def password_change(request):
    forced = account_checks(request)["password"]
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid() and save_or_error(form):
        update_session_auth_hash(request, request.user)
        password_changed(request)
        return redirect(safe_next(request, reverse("password_change_done")))
    return render(
        request,
        "registration/password_change_form.html",
        {"form": form, "forced": forced, "has_authenticator": security.has_authenticator(request.user)},
    )


def _secret_for_people(device):
    """The key as authenticator apps take it when typed: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _qr_svg(device):
    """The enrolment link as an inline SVG QR code, drawn on the server (no outside service)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title=_("QR code to scan with the authenticator app"), omitsize=False
    )
    # segno's own markup: paths and our title, which segno escapes.
    return mark_safe(svg)


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_setup(request):
    device = security.authenticator_of(request.user)
    if device is not None:
        return render(request, "registration/two_factor_setup.html", {"device": device})
    key = request.session.get(ENROL_KEY_SESSION)
    if not key:
        key = request.session[ENROL_KEY_SESSION] = security.new_authenticator_key()
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = save_or_error(
            form, lambda: security.enrol_authenticator(request.user, key=key, token=form.cleaned_data["token"])
        )
        if device is not None:
            del request.session[ENROL_KEY_SESSION]
            django_otp.login(request, device)
            messages.success(request, _("Two-factor login is on: from now on each login asks for a code from the app."))
            return redirect(safe_next(request, reverse("home")))
    pending = security.unsaved_authenticator(request.user, key)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_svg(pending),
            "secret": _secret_for_people(pending),
            "required": account_checks(request)["second_factor"],
        },
    )


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_verify(request):
    device = security.authenticator_of(request.user)
    if device is None:
        return redirect(_with_next(request, "two_factor_setup"))
    if request.user.is_verified():
        return redirect(safe_next(request, reverse("home")))
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = security.throttle_message(device)
        if waiting:
            form.add_error("token", waiting)
        else:
            verified = django_otp.verify_token(request.user, device.persistent_id, form.cleaned_data["token"].strip())
            if verified is not None:
                django_otp.login(request, verified)
                return redirect(safe_next(request, reverse("home")))
            form.add_error("token", _("This code is wrong or has expired: type the code the app shows now."))
    return render(request, "registration/two_factor_verify.html", {"form": form})
