"""Dates as Vietnamese users type them: day first, whatever the browser's language.

Every date field of every form is a `DateField` (one place to change). Its widget is a text input,
not `<input type="date">`, whose display order follows the browser's language (mm/dd/yyyy in an
English browser) and which posts nothing for an impossible date such as 31/02/2026, so that the
user reads "This field is required" instead of what is wrong. Here the text typed is what the
server reads: dd/mm/yyyy (one-digit day and month allowed), dd-mm-yyyy, dd.mm.yyyy, ISO yyyy-mm-dd
(what scripts and the tests post), and eight digits ddmmyyyy (a phone's number pad, which the field
asks for, has no "/"); a wrong date is refused with the text typed. A calendar popup
(static/js/datepicker.js, no outside library) writes dd/mm/yyyy into the field, and the script
rewrites what was typed as dd/mm/yyyy once it is understood, so that 1/2/2026 shows as 01/02/2026.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d/%m/%Y"
INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# What the browser may check before the server does (forms are novalidate: a hint for assistive
# tools and phones only; the server's parse is the rule).
PATTERN = r"\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{8}"


def parse_date(text):
    """The date written in `text` in one of INPUT_FORMATS; None when blank; ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 8:
        try:
            return datetime.date(int(text[4:]), int(text[2:4]), int(text[:2]))
        except ValueError:
            raise ValueError(text) from None
    for pattern in INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def format_date(value):
    """dd/mm/yyyy, the one way dates are written into fields."""
    return value.strftime(DISPLAY_FORMAT) if value else ""


class DateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy, with a calendar button that datepicker.js brings to life."""

    template_name = "unionsite/widgets/date.html"
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "pattern": PATTERN,
            "placeholder": _("dd/mm/yyyy"),
            "autocomplete": "off",
            "data-date-input": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DISPLAY_FORMAT)


class DateField(forms.DateField):
    widget = DateInput
    input_formats = INPUT_FORMATS
    default_error_messages = {"invalid": _("“%(value)s” is not a date (dd/mm/yyyy).")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": str(value).strip()}
            ) from None
