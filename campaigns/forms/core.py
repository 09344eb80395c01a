"""Forms of the campaign core: each takes the user, narrows its choices to what the user may use,
and saves through campaigns.domain.core."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from campaigns.domain import core as domain
from campaigns.enums import CampaignState, ReminderKind
from campaigns.models import Campaign, CampaignDocument, Movement, Phase, PhaseDetail, Pledge, Target
from campaigns.queries.core import contributing_units
from campaigns.titles import get_title_model
from unions.enums import Ownership, UnitKind
from unions.models import Block, Cluster, OrgUnit
from unions.scope import Scope
from unionsite.dates import DateField
from unionsite.errors import DomainError, add_domain_error
from unionsite.history import snapshot
from unionsite.uploads import DOCUMENTS, validate_upload


class RecordForm(forms.ModelForm):
    """A ModelForm that snapshots the instance when bound, so save() can record what changed."""

    history_fields: tuple = ()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.before = snapshot(self.instance, self.history_fields) if self.instance.pk else None

    def clean(self):
        """The domain's rules of the record (the same ones save_record enforces), shown on the form."""
        data = super().clean()
        probe = construct_instance(self, copy.copy(self.instance), self._meta.fields, self._meta.exclude)
        problems = self.problems(probe, data)
        if problems:
            add_domain_error(self, DomainError(problems))
        return data

    def problems(self, probe, data):
        return {}

    def save(self, commit=True):
        obj = super().save(commit=False)
        m2m = {name: self.cleaned_data[name] for name in self.m2m_fields()}
        return domain.save_record(obj, by=self.user, before=self.before, m2m=m2m)

    def m2m_fields(self):
        return []


class MovementForm(RecordForm):
    history_fields = ("name", "description", "active", "order")

    class Meta:
        model = Movement
        fields = ["name", "description", "active", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CampaignForm(RecordForm):
    history_fields = (
        "title",
        "kind",
        "method",
        "starts_on",
        "ends_on",
        "document_number",
        "document_date",
        "document_file",
        "description",
    )

    class Meta:
        model = Campaign
        fields = [
            "launched_by",
            "title",
            "kind",
            "method",
            "movements",
            "starts_on",
            "ends_on",
            "document_number",
            "document_date",
            "document_file",
            "description",
        ]
        field_classes = {"starts_on": DateField, "ends_on": DateField, "document_date": DateField}
        widgets = {
            "movements": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "method": _(
                "Counted in the yearly statistics. Annual and multi-year campaigns are usually regular "
                "emulation; thematic campaigns and peak drives, thematic."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["launched_by"]
        else:
            scope = Scope.for_user(user)
            units = OrgUnit.objects.filter(active=True).exclude(kind=UnitKind.GRASSROOTS)
            if not scope.is_admin:
                units = units.filter(pk__in=scope.unit_ids(staff=True))
            self.fields["launched_by"].queryset = units.order_by("path")
            if units.count() == 1:
                self.fields["launched_by"].initial = units.first()
        kept = self.instance.movements.values("pk") if self.instance.pk else []
        self.fields["movements"].queryset = Movement.objects.filter(Q(active=True) | Q(pk__in=kept))
        self.fields["document_file"].help_text = _("PDF, Word or Excel file.")

    def clean_document_file(self):
        upload = self.cleaned_data.get("document_file")
        validate_upload(upload, DOCUMENTS)
        return upload

    def problems(self, probe, data):
        return domain.campaign_problems(probe)

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance.created_by = self.user
        return super().save(commit)

    def m2m_fields(self):
        return ["movements"]


class PhaseForm(RecordForm):
    history_fields = (
        "number",
        "name",
        "theme",
        "starts_on",
        "ends_on",
        "registration_open",
        "self_assessment_open",
        "nominations_open",
        "review_open",
        "is_final",
    )

    class Meta:
        model = Phase
        fields = [
            "number",
            "name",
            "theme",
            "starts_on",
            "ends_on",
            "registration_open",
            "self_assessment_open",
            "nominations_open",
            "review_open",
            "is_final",
        ]
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        widgets = {
            "theme": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, campaign, **kwargs):
        self.campaign = campaign
        super().__init__(*args, user=user, **kwargs)
        self.instance.campaign = campaign
        if not self.instance.pk:
            number = domain.next_phase_number(campaign)
            self.fields["number"].initial = number
            self.fields["name"].initial = _("Phase %(n)s") % {"n": number}

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        for field, messages in domain.phase_date_errors(
            self.campaign, starts_on, ends_on, exclude_pk=self.instance.pk
        ).items():
            for message in messages:
                self.add_error(None if field == "__all__" else field, message)
        number = data.get("number")
        if number and self.campaign.phases.filter(number=number).exclude(pk=self.instance.pk).exists():
            self.add_error("number", _("Another phase of this campaign has this number."))
        return data

    def problems(self, probe, data):
        return domain.phase_problems(probe)

    def save(self, commit=True):
        obj = forms.ModelForm.save(self, commit=False)
        return domain.save_phase(obj, by=self.user, before=self.before)

    def validate_unique(self):
        # The (campaign, number) check is made in clean() with a message of our own.
        pass


class ContributionMixin:
    """The unit field lists the units the user is staff of at or under the launching unit."""

    unit_field = ""

    def narrow_unit(self, user, campaign):
        units = contributing_units(user, campaign).order_by("path")
        field = self.fields[self.unit_field]
        field.queryset = units
        if len(units) == 1:
            field.initial = units[0]


class TargetForm(ContributionMixin, RecordForm):
    unit_field = "set_by"
    history_fields = ("set_by", "block", "metric", "title", "value", "note")

    class Meta:
        model = Target
        fields = ["set_by", "block", "metric", "title", "value", "note"]

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.campaign = campaign
        self.narrow_unit(user, campaign)
        self.fields["block"].queryset = Block.objects.filter(active=True)
        self.fields["block"].empty_label = _("All blocks")
        self.fields["title"].queryset = get_title_model().objects.filter(active=True)
        self.fields["title"].help_text = _("Only for a number of registrations for a title.")
        self.fields["value"].help_text = _("A percentage for a share; a number otherwise.")

    def problems(self, probe, data):
        return domain.target_problems(probe)


class PhaseDetailForm(ContributionMixin, RecordForm):
    unit_field = "unit"
    history_fields = ("details",)

    class Meta:
        model = PhaseDetail
        fields = ["phase", "unit", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["phase"].queryset = campaign.phases.filter(closed_at__isnull=True).order_by("number")
        self.fields["phase"].label_from_instance = lambda phase: phase.name
        self.narrow_unit(user, campaign)
        if self.instance.pk:
            self.fields["phase"].disabled = True
            self.fields["unit"].disabled = True


class DocumentForm(ContributionMixin, RecordForm):
    unit_field = "issued_by"
    history_fields = ("issued_by", "kind", "number", "issued_on", "title", "file")

    class Meta:
        model = CampaignDocument
        fields = ["issued_by", "kind", "number", "issued_on", "title", "file"]
        field_classes = {"issued_on": DateField}

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.campaign = campaign
        self.narrow_unit(user, campaign)
        self.fields["file"].help_text = _("PDF, Word or Excel file.")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        validate_upload(upload, DOCUMENTS)
        return upload

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance.uploaded_by = self.user
        return super().save(commit)


class PledgeForm(RecordForm):
    history_fields = ("cluster", "signed_on", "content", "document")

    class Meta:
        model = Pledge
        fields = ["cluster", "signed_on", "signatories", "content", "document"]
        field_classes = {"signed_on": DateField}
        widgets = {
            "signatories": forms.CheckboxSelectMultiple,
            "content": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.campaign = campaign
        if self.instance.pk:
            clusters = Cluster.objects.filter(pk=self.instance.cluster_id)
        else:
            clusters = Cluster.objects.filter(organiser__in=contributing_units(user, campaign)).order_by("name")
        self.fields["cluster"].queryset = clusters
        self.fields["signatories"].queryset = (
            OrgUnit.objects.filter(cluster__in=clusters, active=True).select_related("cluster").order_by("name")
        )
        self.fields["signatories"].label_from_instance = lambda unit: f"{unit.name} ({unit.cluster.name})"
        if self.instance.pk:
            self.fields["cluster"].disabled = True

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        validate_upload(upload, DOCUMENTS)
        return upload

    def problems(self, probe, data):
        return domain.pledge_problems(probe, data.get("signatories")) if data.get("cluster") else {}

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError:
            self.add_error("cluster", _("This cluster has already signed a pledge for this campaign."))

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance.created_by = self.user
        return super().save(commit)

    def m2m_fields(self):
        return ["signatories"]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New state"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The page offers each legal move as its own button (`moves`), so that no move, closing the
        # campaign least of all, is preselected; a posted form accepts any state so that a stale page
        # gets the domain's plain answer.
        self.fields["to"].choices = CampaignState.choices
        self.moves = [] if self.is_bound else domain.WORKFLOW.legal_moves(campaign, user)


class ClosePhaseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


SHOW_CHOICES = [
    ("", _("All unions")),
    ("unregistered", _("Not registered")),
    ("unassessed", _("Not self-assessed")),
]


class CoverageFilterForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.none(), required=False)
    block = forms.ModelChoiceField(
        label=_("Block"), queryset=Block.objects.filter(active=True), required=False, empty_label=_("All blocks")
    )
    ownership = forms.ChoiceField(
        label=_("Ownership"), choices=[("", _("All types")), *Ownership.choices], required=False
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.order_by("number")
        self.fields["phase"].empty_label = None
        self.fields["phase"].label_from_instance = lambda phase: phase.name
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class ReminderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Remind them to"), choices=ReminderKind.choices)
    units = forms.ModelMultipleChoiceField(queryset=OrgUnit.objects.none(), label=_("Unions"))
    message = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The officers read it as written, in the app and by e-mail."),
    )
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.none(), required=False)
    deadline = DateField(label=_("Deadline"), required=False)

    def __init__(self, *args, units, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["phase"].queryset = campaign.phases.order_by("number")
        self.fields["phase"].label_from_instance = lambda phase: phase.name
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["phase"].widget.attrs["class"] = "form-select"
        self.fields["message"].widget.attrs["class"] = "form-control"
        self.fields["deadline"].widget.attrs["class"] = "form-control"
