from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    CITY = "city", _("City federation")
    UPPER = "upper", _("Upper-level union (district federation or sector union)")
    GRASSROOTS = "grassroots", _("Grassroots union")


class Ownership(models.TextChoices):
    STATE = "state", pgettext_lazy("ownership", "State")
    NON_STATE = "non_state", _("Non-state")
    FDI = "fdi", _("Foreign-invested (FDI)")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Role(models.TextChoices):
    GRASSROOTS_OFFICER = "grassroots_officer", _("Grassroots union officer")
    UPPER_STAFF = "upper_staff", _("Upper-level union staff")
    CITY_REVIEWER = "city_reviewer", _("City federation reviewer")


# Roles that review and manage the units below them (as opposed to the grassroots officer's own unit).
STAFF_ROLES = frozenset({Role.UPPER_STAFF, Role.CITY_REVIEWER})
