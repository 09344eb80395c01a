from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.enums import Section
from reports.queries import FIRST_YEAR, LAST_YEAR, report_units_for_user


class ChooserForm(forms.Form):
    """A year's or a stage's report of a unit (GET): from one year to another, at most ten years."""

    unit = forms.ModelChoiceField(label=_("Union"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("From the year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    until = forms.IntegerField(
        label=_("To the year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        help_text=_("Leave empty for one year; e.g. 2015 to 2020 for a five-year stage."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = report_units_for_user(user)
        self.fields["unit"].widget.attrs["class"] = "form-select"
        for name in ("year", "until"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.initial.setdefault("year", timezone.localdate().year)

    def clean(self):
        data = super().clean()
        year, until = data.get("year"), data.get("until")
        if year and until and not (year < until <= year + 10):
            self.add_error("until", _("A stage ends after its first year and lasts at most ten years."))
        return data


class TextForm(forms.Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6}))


class RerunForm(forms.Form):
    reason = forms.CharField(
        label=_("Why tally again?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A new version is made; the earlier ones are kept."),
    )


class StatisticsForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Union"), queryset=None, empty_label=None, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = report_units_for_user(user)
        self.fields["unit"].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"
