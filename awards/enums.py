from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    FAMILY = "family", _("Family")


class Level(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    UPPER = "upper", _("Upper level (district)")
    CITY = "city", _("City (Thủ đô)")
