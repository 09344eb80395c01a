from django.urls import reverse

from campaigns.enums import RegistrationState
from campaigns.models import TitleRegistration, UnitRegistration
from tests.campaigns.factories_registrations import (
    TitleRegistrationFactory,
    UnitRegistrationFactory,
    open_campaign,
)
from tests.scope import Case


def _registration(world):
    return UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a).pk


def _title_registration(world):
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    return TitleRegistrationFactory(registration=registration, member=world.member_a).pk


def _registration_with_a_title(world):
    return TitleRegistration.objects.get(pk=_title_registration(world)).registration_id


def _registration_page(w, kw):
    return reverse("campaigns:registration_detail", args=[kw["pk"]])


CASES = {
    "campaigns:registration_list": Case(
        insider="officer_a", kwargs=lambda w: {"campaign_pk": open_campaign(w.district_a).pk}
    ),
    "campaigns:registration_create": Case(
        insider="officer_a", kwargs=lambda w: {"campaign_pk": open_campaign(w.district_a).pk}
    ),
    "campaigns:registration_detail": Case(insider="officer_a", kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_edit": Case(insider="officer_a", kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_transition": Case(
        insider="officer_a",
        kwargs=lambda w: {"pk": _registration_with_a_title(w)},
        method="post",
        data=lambda w: {"to": "submitted", "expected": "draft"},
        expect=302,
        redirect=_registration_page,
        done=lambda w, kw: UnitRegistration.objects.get(pk=kw["pk"]).state == RegistrationState.SUBMITTED,
    ),
    "campaigns:registration_grid": Case(insider="officer_a", kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_member_search": Case(
        insider="officer_a", kwargs=lambda w: {"pk": _registration(w)}, data=lambda w: {"q": "dung"}
    ),
    "campaigns:registration_import": Case(insider="officer_a", kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_import_template": Case(insider="officer_a", kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:title_registration_withdraw": Case(
        insider="officer_a",
        kwargs=lambda w: {"pk": _title_registration(w)},
        method="post",
        data=lambda w: {"reason": "Đăng ký nhầm danh hiệu"},
        expect=302,
        redirect=lambda w, kw: reverse("campaigns:registration_detail", args=[UnitRegistration.objects.get().pk]),
        done=lambda w, kw: TitleRegistration.all_objects.get(pk=kw["pk"]).withdrawn_at is not None,
    ),
}
