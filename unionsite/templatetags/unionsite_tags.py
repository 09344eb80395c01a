"""Filters every template gets (registered as a builtin): numbers and money the Vietnamese way, and
Bootstrap's class on a filter bar's fields."""

from decimal import Decimal, InvalidOperation

from django import forms, template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from unionsite.people import full_name

register = template.Library()


@register.filter
def num(value, decimals=None):
    """1065 → "1.065" in Vietnamese, "1,065" in English; blanks stay blank."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    return number_format(number, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def dong(value):
    """An amount of money in đồng: 1500000 → "1.500.000 đ"."""
    if value in (None, ""):
        return ""
    return _("%(amount)s đ") % {"amount": num(value, 0)}


@register.filter
def percent(value, decimals=1):
    if value in (None, ""):
        return ""
    return f"{num(round(Decimal(str(value)), int(decimals)), decimals)}%"


@register.filter
def person(user):
    """A user's name in Vietnamese order ("Trần Văn Minh"), or the username when no name is set."""
    return full_name(user) if user else ""


@register.filter
def group_row_errors(errors):
    """Import problems with identical ones on many rows listed once (unionsite.spreadsheets)."""
    from unionsite.spreadsheets import group_row_errors as group

    return group(errors or [])


@register.filter
def readable_history(history):
    """History rows rendered in the reader's language (see unionsite.history.readable)."""
    from unionsite.history import ReadableEntry, readable

    rows = list(history or [])
    return rows if rows and isinstance(rows[0], ReadableEntry) else readable(rows)


@register.filter
def bootstrap_widget(field):
    """A bound field's widget with Bootstrap's class for its kind added (form-select, form-check-input or
    form-control), whatever widget the form chose: filter bars render forms field by field."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    if css in classes:
        return field.as_widget()
    return field.as_widget(attrs={"class": " ".join([*classes, css])})


@register.simple_tag
def form_token():
    """The hidden one-time token of a form that saves (unionsite.submissions): sent twice, it saves once."""
    from django.utils.html import format_html

    from unionsite.submissions import TOKEN_FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())


@register.filter
def verbose_name_of(model):
    """The name of a kind of record, as a heading or a list shows it ("Đề nghị khen thưởng")."""
    return str(model._meta.verbose_name).capitalize() if model is not None else ""
