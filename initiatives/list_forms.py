"""The forms of the register's list: its filter bar and the .xlsx import."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.enums import InitiativeState, Level
from initiatives.models import InitiativeField, Programme
from unions.enums import Role, UnitKind
from unions.forms import unit_picker
from unions.models import OrgUnit
from unions.queries import units_for_user
from unions.scope import Scope
from unionsite.uploads import UploadValidator

# The largest amount of đồng a filter or an import accepts: 15 digits (a thousand trillion đồng) is
# past any initiative and far inside a 64-bit integer column.
MONEY_DIGITS = 15
YEARS = (2000, 2100)


def parse_money(text):
    """Whole đồng from what a person types: "1.250.000.000", "1 250 000 000 đ", "1250000000".
    None for an empty text; ValueError for anything else (a fraction, a sign, too many digits)."""
    digits = "".join(str(text).split()).replace(".", "").replace(",", "").removesuffix("đ").removesuffix("đồng")
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit() or len(digits) > MONEY_DIGITS:
        raise ValueError(text)
    return int(digits)


class MoneyFilterField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_money(value)
        except ValueError:
            raise forms.ValidationError(_("Enter the amount in whole đồng, e.g. 1.250.000.000.")) from None


class InitiativeFilterForm(forms.Form):
    """The list's filters. Each field that does not validate is left out; the others still apply."""

    q = forms.CharField(label=_("Name of the initiative"), required=False, max_length=200)
    unit = forms.ModelChoiceField(label=_("Union"), queryset=OrgUnit.objects.none(), required=False)
    level = forms.ChoiceField(label=pgettext_lazy("initiative", "Level"), required=False)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=YEARS[0], max_value=YEARS[1])
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=YEARS[0], max_value=YEARS[1])
    field = forms.ModelChoiceField(
        label=pgettext_lazy("initiative", "Field"), queryset=InitiativeField.objects.all(), required=False
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    value_min = MoneyFilterField(label=_("Value from (đồng/year)"), required=False)
    value_max = MoneyFilterField(label=_("Value up to (đồng/year)"), required=False)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        everything = _("All")
        self.fields["level"].choices = [("", everything), *Level.choices]
        self.fields["state"].choices = [("", everything), *InitiativeState.choices]
        self.fields["field"].empty_label = everything
        self.fields["programme"].empty_label = everything
        # Any union of the user's scope, found by typing (a city has thousands): the list shows its subtree.
        self.fields["unit"].queryset = units_for_user(user).filter(active=True)
        unit_picker(self.fields["unit"])
        self.fields["q"].widget.attrs["placeholder"] = _("e.g. may cat thep")
        self.fields["value_min"].widget.attrs["inputmode"] = "numeric"
        self.fields["value_max"].widget.attrs["inputmode"] = "numeric"

    def filters(self):
        """The keyword arguments of initiatives.listing.filter_initiatives: the valid fields only."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}


def import_units_for_user(user):
    """Grassroots unions the user may file initiatives for: their own as its officer, or those below
    their district as its staff (the same right initiatives.submit_initiative checks on each one)."""
    units = OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS, active=True)
    return units.filter(Scope.for_user(user).role_q("", Role.GRASSROOTS_OFFICER, Role.UPPER_STAFF))


class InitiativeImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Grassroots union"), queryset=OrgUnit.objects.none())
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        validators=[UploadValidator({"xlsx"})],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = import_units_for_user(user)
        unit_picker(self.fields["unit"])
