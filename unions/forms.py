"""Forms take the acting `user`, narrow their choices to the user's scope, and save through domain."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from unions import domain
from unions.enums import Gender, Role, UnitKind
from unions.models import Block, Cluster, Member, OrgUnit
from unions.queries import accounts_for_user, grassroots_units_for_user, units_for_user
from unions.scope import Scope
from unionsite.dates import DateField
from unionsite.pickers import search_select
from unionsite.uploads import UploadValidator

KIND_UNDER = {
    UnitKind.CITY: [UnitKind.UPPER, UnitKind.GRASSROOTS],
    UnitKind.UPPER: [UnitKind.UPPER, UnitKind.GRASSROOTS],
}


def staff_units(user):
    return OrgUnit.objects.filter(Scope.for_user(user).staff_q(), active=True)


def unit_detail(unit):
    """The second line of a unit in a picker: its code and the unit above it (two units may share a name)."""
    return f"{unit.short_code} · {unit.parent.name}" if unit.parent_id else unit.short_code


def unit_picker(field):
    """A unit field searched by typing (a city has ~10,000 units): name or code, diacritics ignored."""
    field.queryset = field.queryset.select_related("parent")
    return search_select(field, detail=unit_detail)


class UnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["kind", "name", "short_code", "block", "cluster", "ownership", "member_count"]

    def __init__(self, *args, user, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.parent = parent if parent is not None else self.instance.parent
        if self.parent is not None:
            kinds = KIND_UNDER.get(self.parent.kind, [])
            self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["block"].queryset = Block.objects.filter(active=True)
        self.fields["cluster"].queryset = Cluster.objects.filter(
            organiser__in=units_for_user(user).values("pk")
        ).select_related("organiser")

    def save(self, commit=True):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.instance.pk:
            return domain.update_unit(self.instance, by=self.user, **fields)
        return domain.create_unit(by=self.user, parent=self.parent, **fields)


class UnitMoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label=_("New parent unit"), queryset=OrgUnit.objects.none())
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit
        self.fields["new_parent"].queryset = (
            staff_units(user)
            .exclude(kind=UnitKind.GRASSROOTS)
            .exclude(path__startswith=unit.path)
            .exclude(pk=unit.parent_id)
        )
        unit_picker(self.fields["new_parent"])

    def save(self):
        return domain.move_unit(
            self.unit, self.cleaned_data["new_parent"], by=self.user, note=self.cleaned_data["note"]
        )


class UnitCloseForm(forms.Form):
    closed_on = DateField(label=_("Closed on"))
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit

    def save(self):
        data = self.cleaned_data
        return domain.close_unit(self.unit, by=self.user, closed_on=data["closed_on"], note=data["note"])


class UnitMergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("Units to merge into this one"),
        queryset=OrgUnit.objects.none(),
    )
    closed_on = DateField(label=_("Merged on"))
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit
        queryset = staff_units(user).filter(kind=unit.kind).exclude(pk=unit.pk)
        # Staff merge units strictly below their own unit: never the unit their role sits on.
        own = Scope.for_user(user).unit_ids(staff=True)
        self.fields["sources"].queryset = queryset.exclude(pk__in=own).exclude(pk__in=unit.ancestor_ids())
        unit_picker(self.fields["sources"])

    def save(self):
        data = self.cleaned_data
        return domain.merge_units(
            list(data["sources"]), self.unit, by=self.user, closed_on=data["closed_on"], note=data["note"]
        )


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "unit",
            "full_name",
            "gender",
            "date_of_birth",
            "trade",
            "position",
            "direct_production",
            "card_number",
            "phone",
            "joined_on",
        ]
        field_classes = {"date_of_birth": DateField, "joined_on": DateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = grassroots_units_for_user(user)
        self.fields["date_of_birth"].required = True

    def save(self, commit=True):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.instance.pk:
            return domain.update_member(self.instance, by=self.user, **fields)
        unit = fields.pop("unit")
        return domain.create_member(by=self.user, unit=unit, **fields)


class MemberFilterForm(forms.Form):
    ACTIVE_CHOICES = [("1", _("Active")), ("0", _("Inactive")), ("all", _("All"))]

    q = forms.CharField(label=_("Name"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Union"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All")
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)
    trade = forms.CharField(label=_("Trade or job"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any unit of the scope, found by typing (a district has hundreds, a city 10,000): the list
        # shows its subtree. Inactive units too: their former members are listed under them.
        self.fields["unit"].queryset = units_for_user(user)
        unit_picker(self.fields["unit"])
        for name in ("gender", "active"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self):
        if not self.is_valid():
            return {"active": True}
        data = self.cleaned_data
        active = {"1": True, "0": False, "all": None}.get(data["active"] or "1")
        return {
            "q": data["q"],
            "unit": data["unit"],
            "gender": data["gender"],
            "active": active,
            "trade": data["trade"],
        }


class MemberImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Grassroots union"), queryset=OrgUnit.objects.none())
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        validators=[UploadValidator({"xlsx"})],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = grassroots_units_for_user(user)


class RoleAssignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Account"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.unit = user, unit
        self.fields["user"].queryset = accounts_for_user(user).filter(is_active=True).order_by("username")
        self.fields["role"].choices = [
            (role.value, role.label) for role, kinds in domain.accounts.ROLE_UNIT_KINDS.items() if unit.kind in kinds
        ]

    def save(self):
        return domain.assign_role(
            by=self.actor, user=self.cleaned_data["user"], unit=self.unit, role=self.cleaned_data["role"]
        )


class AccountCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        help_text=_("Letters, digits and . @ + - _ only."),
    )
    last_name = forms.CharField(label=_("Family and middle name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = user
        self.fields["unit"].queryset = staff_units(user)
        unit_picker(self.fields["unit"])

    def save(self):
        data = self.cleaned_data
        return domain.create_account(
            by=self.actor,
            username=data["username"],
            unit=data["unit"],
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )


class BlockForm(forms.ModelForm):
    class Meta:
        model = Block
        fields = ["code", "name", "order", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def save(self, commit=True):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return domain.save_block(self.instance if self.instance.pk else None, by=self.user, **fields)


class OwnPasswordForm(PasswordChangeForm):
    """Django's change-password form (old password checked, the new one typed twice and validated),
    saved through the domain, which clears a temporary password's flag and records the change."""

    def save(self, commit=True):
        return domain.change_own_password(
            self.user,
            old_password=self.cleaned_data["old_password"],
            new_password=self.cleaned_data["new_password1"],
        )


class AuthenticatorCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=12,
        help_text=_("The 6 digits the app shows now for this account; a new code comes every 30 seconds."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "size": 8}
        ),
    )
