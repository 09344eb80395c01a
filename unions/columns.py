"""The member spreadsheet's columns, shared by the import template, the importer and the export."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    field: str
    label: object
    required: bool = False
    width: int = 18


MEMBER_COLUMNS = [
    Column("full_name", _("Full name"), required=True, width=28),
    Column("gender", _("Gender (Male/Female)"), required=True, width=12),
    Column("date_of_birth", _("Date of birth (dd/mm/yyyy)"), required=True, width=14),
    Column("trade", _("Trade or job"), width=22),
    Column("position", _("Position"), width=18),
    Column("direct_production", _("Direct production (yes/no)"), width=12),
    Column("card_number", _("Union card number"), width=16),
    Column("phone", _("Phone"), width=14),
    Column("joined_on", _("Joined the union on (dd/mm/yyyy)"), width=14),
]
