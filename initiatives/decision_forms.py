"""Forms of the recognition decisions: the list's filters, the deciding unit and the decision itself."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives import domain
from initiatives.enums import Level
from initiatives.forms import council_units_for_user
from initiatives.models import Initiative, RecognitionDecision
from unions.forms import unit_picker
from unionsite.dates import DateField


def deciding_units_for_user(user):
    """The units the user issues recognition decisions for (those whose council they run), the
    highest first: a district's staff decide for the district before the unions below it."""
    return council_units_for_user(user).order_by("depth", "path")


class RecognitionDecisionFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All")), *Level.choices])

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((year, year) for year in years)]

    def criteria(self):
        """The valid filters; a junk value of one filter is ignored, the others still apply."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class DecidingUnitForm(forms.Form):
    """Which unit decides: a unit of the user's own, found by typing (a district's staff also decide
    for the grassroots unions below it)."""

    unit = forms.ModelChoiceField(label=_("Deciding unit"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = deciding_units_for_user(user)
        unit_picker(self.fields["unit"])


class RecognitionDecisionForm(forms.ModelForm):
    """A decision of `unit` recognising, at its level, initiatives its council passed (`passing`: their ids)."""

    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives recognised"),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one initiative.")},
    )

    class Meta:
        model = RecognitionDecision
        fields = ["number", "date", "signer", "signer_title"]
        field_classes = {"date": DateField}
        help_texts = {"signer_title": _("For example: Chủ tịch, or Phó Chủ tịch when a deputy signs.")}

    def __init__(self, *args, user, unit, passing, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit
        self.fields["initiatives"].queryset = Initiative.objects.filter(pk__in=passing)
        if not self.is_bound:
            self.fields["date"].initial = timezone.localdate()
            last = RecognitionDecision.objects.filter(unit=unit).order_by("-date", "-pk").first()
            if last is not None:
                self.fields["signer"].initial = last.signer
                self.fields["signer_title"].initial = last.signer_title

    def save(self, commit=True):
        data = self.cleaned_data
        return domain.issue_decision(
            unit=self.unit,
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            signer_title=data["signer_title"],
            initiatives=list(data["initiatives"].order_by("title", "pk")),
            by=self.user,
        )
