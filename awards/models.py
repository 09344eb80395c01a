from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import Subject


class AwardTitle(models.Model):
    """A title or form of commendation (danh hiệu, hình thức khen thưởng) such as "Công nhân giỏi".

    The levels it exists at, who decides at each level and its eligibility rules are rows of their
    own (see the awards issue); this row is what registrations and nominations point at."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255, unique=True)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
