from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import BlockFactory, MemberFactory
from tests.scope import Case
from unions.models import Member, OrgUnit, RoleAssignment
from unions.views.members import EXPORTS_SESSION_KEY


def _role(w):
    return {"pk": w.officer_a.role_assignments.get().pk}


def _unit(w, kw):
    return reverse("unions:unit_detail", args=[kw["pk"]])


def _account(w, kw):
    return reverse("unions:account_detail", args=[kw["pk"]])


def _with_authenticator(user):
    TOTPDevice.objects.get_or_create(user=user, defaults={"name": "authenticator", "confirmed": True})
    return user


def _member(w, kw):
    return reverse("unions:member_detail", args=[kw["pk"]])


CASES = {
    "unions:tree": Case(insider="officer_a"),
    "unions:unit_detail": Case(insider="officer_a", kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:unit_children": Case(insider="staff_a", kwargs=lambda w: {"pk": w.district_a.pk}),
    "unions:unit_create": Case(insider="staff_a", kwargs=lambda w: {"pk": w.district_a.pk}),
    "unions:unit_edit": Case(insider="staff_a", kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:unit_move": Case(insider="staff_a", kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:unit_close": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": w.grassroots_a2.pk},
        method="post",
        data=lambda w: {"closed_on": "2026-06-30", "note": "Giải thể"},
        expect=302,
        redirect=_unit,
        done=lambda w, kw: not OrgUnit.objects.get(pk=kw["pk"]).active,
    ),
    "unions:unit_merge": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": w.grassroots_a.pk},
        method="post",
        data=lambda w: {"sources": [w.grassroots_a2.pk], "closed_on": "2026-06-30"},
        expect=302,
        redirect=_unit,
        done=lambda w, kw: OrgUnit.objects.get(pk=w.grassroots_a2.pk).merged_into_id == kw["pk"],
    ),
    "unions:unit_roles": Case(insider="officer_a", kwargs=lambda w: {"pk": w.grassroots_a.pk}),
    "unions:role_revoke": Case(
        insider="staff_a",
        kwargs=_role,
        method="post",
        data=lambda w: {"note": "Chuyển công tác"},
        expect=302,
        redirect=lambda w, kw: reverse("unions:unit_roles", args=[w.grassroots_a.pk]),
        done=lambda w, kw: not RoleAssignment.objects.filter(pk=kw["pk"]).exists(),
    ),
    "unions:member_list": Case(insider="officer_a"),
    "unions:member_export": Case(insider="officer_a"),
    # The waiting page of an export this session asked for (the hand-over itself: test_views_members).
    "unions:member_export_file": Case(
        insider="officer_a",
        kwargs=lambda w: {"token": "0" * 32},
        session=lambda w, kw: {EXPORTS_SESSION_KEY: [kw["token"]]},
        above=None,
    ),
    "unions:member_import": Case(insider="officer_a"),
    "unions:member_import_template": Case(insider="officer_a"),
    "unions:member_create": Case(insider="officer_a"),
    "unions:member_detail": Case(insider="officer_a", kwargs=lambda w: {"pk": MemberFactory(unit=w.grassroots_a).pk}),
    "unions:member_edit": Case(insider="officer_a", kwargs=lambda w: {"pk": w.member_a.pk}),
    "unions:member_deactivate": Case(
        insider="officer_a",
        kwargs=lambda w: {"pk": w.member_a.pk},
        method="post",
        data=lambda w: {"note": "Nghỉ việc"},
        expect=302,
        redirect=_member,
        done=lambda w, kw: not Member.objects.get(pk=kw["pk"]).active,
    ),
    "unions:account_list": Case(insider="staff_a"),
    "unions:account_create": Case(insider="staff_a"),
    "unions:account_detail": Case(insider="staff_a", kwargs=lambda w: {"pk": w.officer_a.pk}),
    "unions:account_deactivate": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": w.officer_a.pk},
        method="post",
        expect=302,
        redirect=_account,
        done=lambda w, kw: not get_user_model().objects.get(pk=kw["pk"]).is_active,
    ),
    "unions:account_reset_password": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": w.officer_a.pk},
        method="post",
        done=lambda w, kw: not get_user_model().objects.get(pk=kw["pk"]).check_password("mat-khau-1"),
    ),
    "unions:account_reset_two_factor": Case(
        insider="staff_a",
        kwargs=lambda w: {"pk": _with_authenticator(w.officer_a).pk},
        method="post",
        expect=302,
        redirect=_account,
        done=lambda w, kw: not TOTPDevice.objects.filter(user_id=kw["pk"]).exists(),
    ),
    "unions:block_list": Case(insider="city_reviewer"),
    "unions:block_create": Case(insider="city_reviewer"),
    "unions:block_edit": Case(
        insider="city_reviewer", kwargs=lambda w: {"pk": BlockFactory(code="doanh-nghiep").pk}, shared=True
    ),
}
