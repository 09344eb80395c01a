"""The forms of the register's list: its filter bar and the .xlsx import."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.enums import InitiativeState, Level
from initiatives.forms import MoneyField, submitting_units_for_user
from initiatives.models import InitiativeField, Programme
from unions.forms import unit_picker
from unions.models import OrgUnit
from unions.queries import units_for_user
from unionsite.uploads import UploadValidator

YEARS = (2000, 2100)


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
    value_min = MoneyField(label=_("Value from (đồng/year)"), required=False)
    value_max = MoneyField(label=_("Value up to (đồng/year)"), required=False)
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


class InitiativeImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Grassroots union"), queryset=OrgUnit.objects.none())
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        validators=[UploadValidator({"xlsx"})],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = submitting_units_for_user(user)
        unit_picker(self.fields["unit"])
        if not self.is_bound:
            # A grassroots officer files for their one union: it is chosen already.
            only = list(self.fields["unit"].queryset.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.fields["unit"].initial = only[0]
