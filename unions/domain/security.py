"""Accounts' security: temporary passwords that must be changed, and the authenticator-app second
factor (TOTP, django-otp's devices). Each change of a credential writes a history row on the account,
never the secret itself."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from unions.enums import Role
from unions.models import AccountState
from unions.scope import Scope
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require

# The name an authenticator app shows next to the codes (the issuer is OTP_TOTP_ISSUER).
DEVICE_NAME = "authenticator"


# --- temporary passwords -----------------------------------------------------------------------------


def mark_temporary_password(account):
    """The account's password was issued by staff: its owner must change it at the next login."""
    AccountState.objects.update_or_create(user=account, defaults={"must_change_password": True})


def must_change_password(user):
    return AccountState.objects.filter(user=user, must_change_password=True).exists()


def change_own_password(user, *, old_password, new_password):
    """The owner sets a new password (the old one checked by the form). A temporary password must
    be replaced by a different one. Clears the must-change flag. History: a row on the account."""
    was_temporary = must_change_password(user)
    if was_temporary and old_password == new_password:
        raise DomainError({"new_password1": [_("Choose a new password, not the temporary one.")]})
    password_validation.validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        AccountState.objects.update_or_create(
            user=user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
        )
        changes = {"password_changed": [None, True]}
        if was_temporary:
            changes["must_change_password"] = [True, False]
        record_change(user, by=user, action=ChangeRecord.Action.OTHER, changes=changes)
    return user


# --- the second factor -------------------------------------------------------------------------------


def second_factor_required(user):
    """City reviewers and admins must log in with an authenticator code where the profile asks it
    (settings.TWO_FACTOR_REQUIRED); anyone who set one up is asked for its code either way."""
    if has_authenticator(user):
        return True
    return settings.TWO_FACTOR_REQUIRED and Scope.for_user(user).has_role(Role.CITY_REVIEWER)


def authenticator_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_authenticator_key():
    """A fresh secret (hex, as django-otp stores it) for an enrolment not yet confirmed."""
    return random_hex(20)


def unsaved_authenticator(user, key):
    """The device an enrolment would save, to show its QR code and key before it is confirmed."""
    return TOTPDevice(user=user, key=key, name=DEVICE_NAME, confirmed=False)


def enrol_authenticator(user, *, key, token):
    """Save the authenticator whose secret is `key`, once the user proves it with a current code
    from the app. Refuses a second one (staff reset a lost one). History: a row on the account."""
    device = unsaved_authenticator(user, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token = (token or "").strip().replace(" ", "")
    if not (token.isascii() and token.isdigit() and len(token) == device.digits and totp.verify(int(token), 1)):
        raise DomainError({"token": [_("This code is wrong or has expired: type the code the app shows now.")]})
    with transaction.atomic():
        if TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).exists():
            raise DomainError(_("Two-factor login is already set up for this account."))
        device.confirmed = True
        device.last_t = totp.t()  # the code just used cannot be used again to log in
        device.save()
        record_change(user, by=user, action=ChangeRecord.Action.OTHER, changes={"two_factor": [False, True]})
    return device


def throttle_message(device):
    """Why the device refuses codes for now (wrong codes make it wait longer and longer), or None."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1
    return _("Too many wrong codes: wait %(seconds)s seconds, then type the code the app shows.") % {"seconds": seconds}


def reset_second_factor(account, *, by, note=""):
    """Remove the account's authenticator (a lost or replaced phone): its owner sets up a new one at
    the next login where it is required. Needs unions.manage_account. History: a row on the account."""
    require(by, "unions.manage_account", account)
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=account).delete()
        if not removed:
            raise DomainError(_("This account has no authenticator to remove."))
        record_change(
            account, by=by, action=ChangeRecord.Action.OTHER, changes={"two_factor": [True, False]}, note=note
        )
