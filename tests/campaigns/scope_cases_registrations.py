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


CASES = {
    "campaigns:registration_list": Case(kwargs=lambda w: {"campaign_pk": open_campaign(w.district_a).pk}),
    "campaigns:registration_create": Case(kwargs=lambda w: {"campaign_pk": open_campaign(w.district_a).pk}),
    "campaigns:registration_detail": Case(kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_edit": Case(kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_transition": Case(
        kwargs=lambda w: {"pk": _registration(w)}, method="post", data=lambda w: {"to": "submitted"}
    ),
    "campaigns:registration_grid": Case(kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_member_search": Case(kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_import": Case(kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:registration_import_template": Case(kwargs=lambda w: {"pk": _registration(w)}),
    "campaigns:title_registration_delete": Case(kwargs=lambda w: {"pk": _title_registration(w)}, method="post"),
}
