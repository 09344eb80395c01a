"""Forms of self-assessment and review: evidence files, the score grids, moves and list filters."""

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.domain import scoring as domain
from campaigns.enums import AssessmentState
from campaigns.forms.scoring.common import POINTS
from campaigns.models import SelfAssessment
from campaigns.queries.core import phases_for_user
from campaigns.queries.scoring import blocks_with_sheet, sheet_max_points, sheet_outline, units_without_assessment
from unions.forms import unit_picker
from unions.models import Block, Cluster, OrgUnit
from unionsite.templatetags.unionsite_tags import num
from unionsite.uploads import UploadValidator

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Evidence is often a scan or a photo of a paper record, hence images and older Office formats too.
validate_evidence = UploadValidator({"pdf", "doc", "docx", "xls", "xlsx", "jpg", "png"}, max_bytes=EVIDENCE_MAX_BYTES)


# ---------------------------------------------------------------------------------------------------
# Self-scoring and review grids: one row per criterion.


class _GridForm(forms.Form):
    def __init__(self, *args, assessment, user, sheet, **kwargs):
        """`sheet`: the one the assessment is scored on (queries.assessment_sheet), which the domain
        gives it at its first save when it has none yet."""
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.user = user
        self.outline = sheet_outline(sheet)
        self.max_points = sheet_max_points(self.outline)
        self.entries = {e.criterion_id: e for e in assessment.entries.prefetch_related("files")}
        for part in self.outline:
            for criterion in part.criteria:
                self.add_criterion_fields(criterion, self.entries.get(criterion.pk))
        vetoes = sheet.vetoes.all()
        self.fields["vetoes"] = forms.ModelMultipleChoiceField(
            queryset=vetoes,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=gettext_lazy("Veto conditions that occurred"),
            initial=list(assessment.vetoes.values_list("pk", flat=True)),
        )
        for name, field in self.fields.items():
            if name != "vetoes":
                field.widget.attrs["class"] = "form-control form-control-sm"
            if name.startswith("score_"):
                field.widget.attrs["data-score"] = ""

    def rows(self):
        """[(outline section, [(criterion, entry, bound fields...)])] for the template."""
        out = []
        for part in self.outline:
            cells = [(c, self.entries.get(c.pk), [self[n] for n in self.field_names(c)]) for c in part.criteria]
            out.append((part, cells))
        return out

    def clean(self):
        data = super().clean()
        for part in self.outline:
            for criterion in part.criteria:
                score = data.get(f"score_{criterion.pk}")
                if score is not None and score > criterion.max_points:
                    self.add_error(
                        f"score_{criterion.pk}",
                        _("At most %(max)s points.") % {"max": num(criterion.max_points)},
                    )
        return data


class SelfScoreForm(_GridForm):
    def add_criterion_fields(self, criterion, entry):
        self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
            **POINTS, required=False, label=_("Score"), initial=entry.self_score if entry else None
        )
        self.fields[f"note_{criterion.pk}"] = forms.CharField(
            required=False,
            label=_("Evidence note"),
            widget=forms.Textarea(attrs={"rows": 1}),
            initial=entry.note if entry else "",
        )
        self.fields[f"file_{criterion.pk}"] = forms.FileField(
            required=False, label=_("Evidence file"), validators=[validate_evidence]
        )

    @staticmethod
    def field_names(criterion):
        return [f"score_{criterion.pk}", f"note_{criterion.pk}", f"file_{criterion.pk}"]

    def save(self):
        data = self.cleaned_data
        scores, files = {}, {}
        for part in self.outline:
            for c in part.criteria:
                scores[c.pk] = (data.get(f"score_{c.pk}"), (data.get(f"note_{c.pk}") or "").strip())
                if data.get(f"file_{c.pk}"):
                    files[c.pk] = [data[f"file_{c.pk}"]]
        return domain.save_self_scores(
            self.assessment, by=self.user, scores=scores, vetoes=list(data["vetoes"]), files=files
        )


class ReviewForm(_GridForm):
    def add_criterion_fields(self, criterion, entry):
        self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
            **POINTS, label=_("Reviewed score"), initial=entry.score if entry else None
        )
        self.fields[f"reason_{criterion.pk}"] = forms.CharField(
            required=False, label=_("Reason for the change"), initial=entry.review_reason if entry else ""
        )

    @staticmethod
    def field_names(criterion):
        return [f"score_{criterion.pk}", f"reason_{criterion.pk}"]

    def clean(self):
        data = super().clean()
        for part in self.outline:
            for c in part.criteria:
                entry = self.entries.get(c.pk)
                score = data.get(f"score_{c.pk}")
                current = entry.score if entry else None
                if score is not None and score != current and not (data.get(f"reason_{c.pk}") or "").strip():
                    self.add_error(f"reason_{c.pk}", _("Give the reason for this change."))
        return data

    def save(self):
        data = self.cleaned_data
        scores = {
            c.pk: (data[f"score_{c.pk}"], data.get(f"reason_{c.pk}") or "")
            for part in self.outline
            for c in part.criteria
        }
        return domain.save_review(self.assessment, by=self.user, scores=scores, vetoes=list(data["vetoes"]))


class TransitionForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Note"))


class AssessmentFilterForm(forms.Form):
    phase = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Phase"), empty_label=gettext_lazy("All phases")
    )
    state = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("All states")), *AssessmentState.choices],
        label=gettext_lazy("State"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = (
            phases_for_user(user).select_related("campaign").order_by("-starts_on", "campaign__title")
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class OnBehalfStartForm(forms.Form):
    """Staff start a self-assessment typed in from paper for a union that has none; only unions whose
    block has a sheet are offered (the others are named on the page with who must publish one)."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Union"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, user, phase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_without_assessment(user, phase).filter(
            block__in=blocks_with_sheet(phase.campaign)
        )
        unit_picker(self.fields["unit"])


class RankingFilterForm(forms.Form):
    block = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Block"), empty_label=gettext_lazy("All blocks")
    )
    cluster = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Emulation cluster"), empty_label=gettext_lazy("All clusters")
    )

    def __init__(self, *args, phase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = Block.objects.filter(score_sheets__campaign=phase.campaign_id).distinct()
        # Per cluster (a few hundred), its first assessed union (a LIMIT 1 subquery, which walks the
        # cluster's unions and stops at the first assessed one) rather than DISTINCT over every
        # assessment of the phase, or an EXISTS, which bitmap-read every union of every cluster.
        assessed = SelfAssessment.objects.filter(phase=phase, unit__cluster=OuterRef("pk")).order_by().values("pk")
        self.fields["cluster"].queryset = Cluster.objects.alias(seen=Subquery(assessed[:1])).filter(seen__isnull=False)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
