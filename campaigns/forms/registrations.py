from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.domain import registrations as domain
from campaigns.enums import RegistrationState
from campaigns.queries.registrations import NOT_REGISTERED, unregistered_units
from unions.forms import unit_picker
from unions.models import Block
from unionsite.errors import DomainError, add_domain_error


class RegistrationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), (NOT_REGISTERED, _("Not registered")), *RegistrationState.choices],
    )
    q = forms.CharField(label=_("Union name"), required=False, max_length=100)
    block = forms.ModelChoiceField(
        label=_("Block"), required=False, queryset=Block.objects.filter(active=True), empty_label=_("All")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm" if css == "form-select" else f"{css} form-control-sm"


class RegistrationCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Grassroots union"), queryset=None)
    commitments = forms.CharField(
        label=_("Commitments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the union commits to achieve in this campaign; needed before submitting."),
    )

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.campaign = user, campaign
        self.fields["unit"].queryset = unregistered_units(user, campaign)
        unit_picker(self.fields["unit"])

    def save(self):
        try:
            return domain.create_registration(
                self.campaign, self.cleaned_data["unit"], by=self.user, commitments=self.cleaned_data["commitments"]
            )
        except DomainError as error:
            self.add_error(None, str(error))
            return None


class RegistrationEditForm(forms.Form):
    commitments = forms.CharField(label=_("Commitments"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    note = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The registration has already been submitted: say why it changes (kept in its history)."),
    )

    def __init__(self, *args, user, registration, **kwargs):
        kwargs.setdefault("initial", {"commitments": registration.commitments})
        super().__init__(*args, **kwargs)
        self.user, self.registration = user, registration
        if domain.reason_required(registration):
            self.fields["note"].required = True
        else:
            del self.fields["note"]

    def save(self):
        try:
            return domain.update_registration(
                self.registration,
                by=self.user,
                commitments=self.cleaned_data["commitments"],
                note=self.cleaned_data.get("note", ""),
            )
        except DomainError as error:
            add_domain_error(self, error)
            return None


class TransitionForm(forms.Form):
    """Offers only the moves the user may make now; the domain checks again under lock."""

    to = forms.ChoiceField(label=_("Next step"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the registration for completion."),
    )
    expected = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, registration, **kwargs):
        kwargs.setdefault("initial", {"expected": registration.state})
        super().__init__(*args, **kwargs)
        self.user, self.registration = user, registration
        # The page offers the legal moves only; a posted form accepts any state so that a stale page
        # or a forged request gets the domain's answer (a plain message, or 403).
        if self.is_bound:
            self.fields["to"].choices = RegistrationState.choices
        else:
            moves = domain.WORKFLOW.legal_moves(registration, user)
            self.fields["to"].choices = [(move.target, move.label) for move in moves]
            if len(moves) == 1:
                self.fields["to"].initial = moves[0].target

    def save(self):
        try:
            return domain.transition(
                self.registration,
                self.cleaned_data["to"],
                by=self.user,
                note=self.cleaned_data["note"],
                expected=self.cleaned_data["expected"],
            )
        except DomainError as error:
            add_domain_error(self, error)
            return None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Use the template: one row per member or collective. Nothing is saved unless every row is valid."),
    )
