from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives import domain
from initiatives.enums import AuthorCategory, CouncilRole, InitiativeState
from initiatives.models import Council, Initiative, InitiativeField, Programme
from initiatives.queries import district_path
from unions.enums import Role, UnitKind
from unions.forms import unit_picker
from unions.models import Member, OrgUnit
from unions.scope import Scope
from unionsite.dates import DateField
from unionsite.pickers import search_select
from unionsite.uploads import UploadValidator

AUTHOR_ROWS = 6


def member_detail(member):
    return member.unit.name


def author_members_for_user(user):
    """Members who may be named as authors: those of the districts the user works in (co-authors
    often come from a neighbouring union of the same district), or the whole city for city staff."""
    scope = Scope.for_user(user)
    if scope.is_admin:
        return Member.objects.all()
    districts = {district_path(g.path) if g.unit_kind == UnitKind.GRASSROOTS else g.path for g in scope.grants}
    condition = Q(pk__in=[])
    for path in districts:
        condition |= Q(unit__path__startswith=path)
    return Member.objects.filter(condition)


def submitting_units_for_user(user):
    units = OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS, active=True)
    return units.filter(Scope.for_user(user).role_q("", Role.GRASSROOTS_OFFICER, Role.UPPER_STAFF))


class MoneyField(forms.CharField):
    """Whole đồng, typed as 1.250.000.000 or 1250000000."""

    def to_python(self, value):
        value = super().to_python(value).replace(".", "").replace(" ", "").replace(",", "").replace("đ", "")
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or len(value) > 15:
            raise forms.ValidationError(_("Enter the amount in whole đồng, e.g. 1.250.000.000."))
        return int(value)


class InitiativeForm(forms.ModelForm):
    value_per_year = MoneyField(
        label=_("Money saved or earned per year (đồng)"),
        required=False,
        help_text=_("Whole đồng, e.g. 1.250.000.000. Leave empty when the value is social only."),
    )
    first_applied_on = DateField(label=_("First applied on"), required=False)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"), queryset=Programme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Why the submitted dossier is changed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Initiative
        fields = [
            "unit",
            "year",
            "title",
            "field",
            "problem",
            "solution",
            "novelty",
            "first_applied_on",
            "applied_where",
            "trial",
            "value_per_year",
            "social_value",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "novelty": forms.Textarea(attrs={"rows": 3}),
            "social_value": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.instance.pk:
            self.initial["year"] = self.initial.get("year") or timezone.localdate().year
        self.fields["unit"].queryset = submitting_units_for_user(user)
        unit_picker(self.fields["unit"])
        self.fields["field"].queryset = InitiativeField.objects.filter(active=True)
        self.fields["programmes"].queryset = Programme.objects.filter(active=True)
        members = author_members_for_user(user).filter(active=True, unit__kind=UnitKind.GRASSROOTS)
        authors = list(self.instance.authors.select_related("member__unit")) if self.instance.pk else []
        if self.instance.pk:
            self.fields["programmes"].initial = list(self.instance.programmes.values_list("pk", flat=True))
            members = members | Member.objects.filter(pk__in=[a.member_id for a in authors])
        for index in range(1, AUTHOR_ROWS + 1):
            member = forms.ModelChoiceField(
                label=_("Author %(n)s") % {"n": index}, queryset=members.select_related("unit"), required=False
            )
            member.label_from_instance = lambda m: m.full_name
            search_select(member, detail=member_detail)
            self.fields[f"author_{index}"] = member
            self.fields[f"share_{index}"] = forms.DecimalField(
                label=_("Contribution (%)"), required=False, min_value=Decimal("0.01"), max_value=100, decimal_places=2
            )
            self.fields[f"category_{index}"] = forms.ChoiceField(
                label=_("Category"),
                choices=AuthorCategory.choices,
                initial=AuthorCategory.DIRECT_WORKER,
                required=False,
            )
            if index <= len(authors):
                author = authors[index - 1]
                self.initial.update(
                    {
                        f"author_{index}": author.member_id,
                        f"share_{index}": author.share,
                        f"category_{index}": author.category,
                    }
                )
        if not self.instance.pk or self.instance.state == InitiativeState.DRAFT:
            del self.fields["reason"]

    def author_rows(self):
        return [(self[f"author_{i}"], self[f"share_{i}"], self[f"category_{i}"]) for i in range(1, AUTHOR_ROWS + 1)]

    def clean(self):
        data = super().clean()
        authors = []
        for index in range(1, AUTHOR_ROWS + 1):
            member, share = data.get(f"author_{index}"), data.get(f"share_{index}")
            if member is None and share in (None, ""):
                continue
            if member is None:
                self.add_error(f"author_{index}", _("Choose the author."))
                continue
            if share is None:
                self.add_error(f"share_{index}", _("Give the author's contribution."))
                continue
            try:
                share = Decimal(share)
            except InvalidOperation:
                continue
            authors.append((member, share, data.get(f"category_{index}") or AuthorCategory.DIRECT_WORKER))
        self.authors = authors
        return data

    def save(self, commit=True):
        return domain.save_initiative(
            self.instance,
            self.authors,
            by=self.user,
            programmes=self.cleaned_data.get("programmes"),
            reason=self.cleaned_data.get("reason", ""),
        )


class MoveForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    description = forms.CharField(label=_("What it shows"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel or a scanned image (JPG, PNG)."),
        validators=[UploadValidator(domain.dossier.EVIDENCE_KINDS)],
    )


class WithdrawEvidenceForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


def council_units_for_user(user):
    """Units whose council the user may set up: their own unit when they decide there."""
    scope = Scope.for_user(user)
    units = OrgUnit.objects.filter(active=True)
    if scope.is_admin:
        return units
    condition = Q(pk__in=[])
    condition |= scope.role_q("", Role.GRASSROOTS_OFFICER) & Q(kind=UnitKind.GRASSROOTS)
    condition |= scope.role_q("", Role.UPPER_STAFF) & Q(kind__in=[UnitKind.GRASSROOTS, UnitKind.UPPER])
    condition |= scope.role_q("", Role.CITY_REVIEWER) & Q(kind=UnitKind.CITY)
    return units.filter(condition)


class CouncilForm(forms.ModelForm):
    valid_from = DateField(label=_("From"))
    valid_to = DateField(label=_("To"))

    class Meta:
        model = Council
        fields = ["unit", "name", "valid_from", "valid_to", "min_size"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = council_units_for_user(user)
        unit_picker(self.fields["unit"])

    def save(self, commit=True):
        return domain.save_council(self.instance, by=self.user)


def seat_candidates(council):
    """Accounts that may sit on a council: holding a role on the council's unit, below it or above it."""
    unit = council.unit
    ancestors = [*unit.ancestor_ids(), unit.pk]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(role_assignments__unit__path__startswith=unit.path) | Q(role_assignments__unit_id__in=ancestors))
        .distinct()
    )


class CouncilMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Account"), queryset=get_user_model().objects.none())
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role in the council"), choices=CouncilRole.choices, initial=CouncilRole.MEMBER)
    person = forms.ModelChoiceField(
        label=_("Their member record"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("When the person is a union member: an author may not score their own initiative."),
    )

    def __init__(self, *args, council, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = seat_candidates(council)
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        search_select(
            self.fields["user"],
            detail=lambda u: u.get_username(),
            search="username",
            ordering=("username", "pk"),
        )
        self.fields["person"].queryset = author_members_for_user(user).filter(active=True).select_related("unit")
        self.fields["person"].label_from_instance = lambda m: m.full_name
        search_select(self.fields["person"], detail=member_detail)


class LeaveForm(forms.Form):
    seat = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class SheetForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion['code']}"] = forms.IntegerField(
                label=f"{criterion['name']} (0–{criterion['max']})",
                required=False,
                min_value=0,
                max_value=criterion["max"],
            )

    def scores(self):
        return {c["code"]: self.cleaned_data.get(f"score_{c['code']}") for c in self.criteria}
