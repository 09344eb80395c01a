"""Forms of score sheets: creating one and the builder's rows."""

import re
import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.domain import scoring as domain
from campaigns.forms.scoring.common import POINTS
from campaigns.queries.scoring import last_sheet_for_block, manageable_campaigns, sheet_outline, sheet_sources_for_user
from unions.models import Block
from unionsite.errors import DomainError, add_domain_error

KEY_RE = re.compile(r"^(\d{1,12}|n[0-9a-f]{8})$")


def new_key():
    return "n" + uuid.uuid4().hex[:8]


LAST_OF_BLOCK = "last"


class SheetCreateForm(forms.Form):
    """A new sheet: empty with the default bands, or a copy of a sheet the user sees (an earlier
    campaign's, another version, the block's last sheet), so nobody retypes the criteria."""

    campaign = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Campaign"))
    block = forms.ModelChoiceField(queryset=Block.objects.filter(active=True), label=gettext_lazy("Block"))
    start_from = forms.ChoiceField(
        label=gettext_lazy("Start from"),
        required=False,
        help_text=gettext_lazy(
            "A copy keeps the sections, criteria, maximum points, bands, cap band and veto conditions; "
            "change what differs afterwards."
        ),
    )
    name = forms.CharField(
        max_length=255,
        label=gettext_lazy("Name"),
        required=False,
        help_text=gettext_lazy("Leave it empty to keep the name of the sheet you start from."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["campaign"].queryset = manageable_campaigns(user).select_related("launched_by")
        self.sources = {str(sheet.pk): sheet for sheet in sheet_sources_for_user(user)}
        self.fields["start_from"].choices = [
            ("", _("An empty sheet with the default bands")),
            (LAST_OF_BLOCK, _("The block's last sheet (the latest earlier campaign)")),
            (
                _("A sheet of an earlier campaign or version"),
                [
                    (key, f"{sheet.campaign.title} — {sheet.block.name} — {sheet.name} (v{sheet.version})")
                    for key, sheet in self.sources.items()
                ],
            ),
        ]

    def clean(self):
        data = super().clean()
        if data.get("campaign") and not self.user.has_perm("campaigns.manage_score_sheet", data["campaign"]):
            raise forms.ValidationError(_("You may not set up score sheets for this campaign."))
        choice = data.get("start_from")
        data["source"] = None
        if choice == LAST_OF_BLOCK and data.get("block"):
            data["source"] = last_sheet_for_block(self.user, data["block"], exclude_campaign=data.get("campaign"))
            if data["source"] is None:
                self.add_error(
                    "start_from",
                    _("No earlier campaign has a score sheet for the block “%(block)s”: start from an empty sheet.")
                    % {"block": data["block"].name},
                )
        elif choice and choice != LAST_OF_BLOCK:
            data["source"] = self.sources.get(choice)
        if not data["source"] and not data.get("name") and not self.has_error("start_from"):
            self.add_error("name", _("Give the score sheet a name."))
        return data

    def save(self):
        data = self.cleaned_data
        try:
            if data["source"] is not None:
                return domain.copy_sheet(
                    data["source"], campaign=data["campaign"], block=data["block"], by=self.user, name=data["name"]
                )
            return domain.create_sheet(campaign=data["campaign"], block=data["block"], name=data["name"], by=self.user)
        except DomainError as exc:
            if hasattr(exc, "error_dict"):
                add_domain_error(self, exc)
            else:
                self.add_error("block", str(exc))
            return None


# ---------------------------------------------------------------------------------------------------
# The sheet builder: one page, four kinds of rows. Each row is a small form whose prefix carries the
# row's key, so rows added with htmx need no counter.


class RowForm(forms.Form):
    kind = ""
    delete = forms.BooleanField(required=False, label=gettext_lazy("Delete"))

    def __init__(self, *args, key, **kwargs):
        self.key = key
        super().__init__(*args, prefix=f"{self.kind}-{key}", **kwargs)
        for name, field in self.fields.items():
            if name == "delete":
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = (
                    "form-select form-select-sm" if name == "parent" else "form-control form-control-sm"
                )

    @property
    def is_new(self):
        return self.key.startswith("n")

    def marked_deleted(self):
        return self.is_bound and bool(self.data.get(self.add_prefix("delete")))

    def is_blank(self):
        """A new row left empty is ignored."""
        names = [n for n in self.fields if n not in ("delete", "section")]
        return (
            self.is_new and self.is_bound and not any((self.data.get(self.add_prefix(n)) or "").strip() for n in names)
        )


class SectionRowForm(RowForm):
    kind = "s"
    title = forms.CharField(max_length=255, label=gettext_lazy("Section"))
    parent = forms.ChoiceField(required=False, label=gettext_lazy("Under section"))

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—")] + [(k, t) for k, t in parents if k != self.key]


class CriterionRowForm(RowForm):
    kind = "c"
    section = forms.CharField(widget=forms.HiddenInput)
    code = forms.CharField(max_length=20, required=False, label=gettext_lazy("Code"))
    title = forms.CharField(max_length=500, label=gettext_lazy("Criterion"))
    max_points = forms.DecimalField(**{**POINTS, "min_value": Decimal("0.01")}, label=gettext_lazy("Maximum points"))


class BandRowForm(RowForm):
    kind = "b"
    name = forms.CharField(max_length=150, label=gettext_lazy("Band"))
    min_score = forms.DecimalField(**POINTS, label=gettext_lazy("From (points)"))


class VetoRowForm(RowForm):
    kind = "v"
    text = forms.CharField(max_length=500, label=gettext_lazy("Veto condition"))


class SheetStructureForm:
    """The builder page: the sheet's name, its sections with their criteria, bands (one of them the
    cap band, chosen by a radio button) and veto conditions."""

    def __init__(self, sheet, *, user, data=None):
        self.sheet = sheet
        self.user = user
        self.data = data
        self.errors = []
        outline = sheet_outline(sheet)
        self.parents = [(str(p.section.pk), "— " * p.depth + p.section.title) for p in outline]
        self.name_value = sheet.name if data is None else (data.get("name") or "").strip()
        if data is None:
            self.sections = [self._section(str(p.section.pk), initial=self._section_initial(p)) for p in outline]
            self.criteria = [
                self._criterion(str(c.pk), initial=self._criterion_initial(c)) for p in outline for c in p.criteria
            ]
            self.bands = [
                self._band(str(b.pk), initial={"name": b.name, "min_score": b.min_score}) for b in sheet.bands.all()
            ]
            self.vetoes = [self._veto(str(v.pk), initial={"text": v.text}) for v in sheet.vetoes.all()]
            self.cap_key = str(sheet.cap_band_id or "")
        else:
            self.sections = [self._section(k) for k in self._keys("section_keys")]
            self.criteria = [self._criterion(k) for k in self._keys("criterion_keys")]
            self.bands = [self._band(k) for k in self._keys("band_keys")]
            self.vetoes = [self._veto(k) for k in self._keys("veto_keys")]
            self.cap_key = data.get("cap_band") or ""

    def _keys(self, name):
        keys = []
        for key in self.data.getlist(name):
            if KEY_RE.match(key) and key not in keys:
                keys.append(key)
        return keys

    @staticmethod
    def _section_initial(part):
        return {"title": part.section.title, "parent": str(part.section.parent_id or "")}

    @staticmethod
    def _criterion_initial(c):
        return {"section": str(c.section_id), "code": c.code, "title": c.title, "max_points": c.max_points}

    def _section(self, key, initial=None):
        return SectionRowForm(self.data, key=key, parents=self.parents, initial=initial)

    def _criterion(self, key, initial=None):
        return CriterionRowForm(self.data, key=key, initial=initial)

    def _band(self, key, initial=None):
        return BandRowForm(self.data, key=key, initial=initial)

    def _veto(self, key, initial=None):
        return VetoRowForm(self.data, key=key, initial=initial)

    @property
    def tree(self):
        """[(section row, its criterion rows)] in page order, for the template."""
        rows = {f.key: [] for f in self.sections}
        for form in self.criteria:
            section_key = form["section"].value()
            rows.setdefault(section_key, []).append(form)
        return [(f, rows[f.key]) for f in self.sections]

    def _rows(self, forms_):
        rows, ok = [], True
        for form in forms_:
            if form.is_blank():
                continue
            if form.marked_deleted():
                rows.append(domain.Row(key=form.key, delete=True))
                continue
            if not form.is_valid():
                ok = False
                continue
            rows.append(domain.Row(key=form.key, data=form.cleaned_data))
        return rows, ok

    def is_valid(self):
        if self.data is None:
            return False
        self.rows = {}
        ok = True
        for kind, forms_ in (
            ("sections", self.sections),
            ("criteria", self.criteria),
            ("bands", self.bands),
            ("vetoes", self.vetoes),
        ):
            self.rows[kind], good = self._rows(forms_)
            ok = ok and good
        if not self.name_value:
            self.errors.append(_("Give the score sheet a name."))
        kept_bands = [r for r in self.rows["bands"] if not r.delete]
        if not kept_bands:
            self.errors.append(_("A score sheet needs at least one band."))
        mins = [r.data["min_score"] for r in kept_bands]
        if len(set(mins)) != len(mins):
            self.errors.append(_("Two bands start at the same score."))
        if self.cap_key and self.cap_key not in {r.key for r in kept_bands}:
            self.errors.append(_("The cap band must be one of the bands kept."))
        kept_sections = {r.key for r in self.rows["sections"] if not r.delete}
        for row in self.rows["criteria"]:
            if not row.delete and row.data["section"] not in kept_sections:
                self.errors.append(
                    _("Criterion %(title)s belongs to a deleted section.") % {"title": row.data["title"]}
                )
        return ok and not self.errors

    def save(self):
        try:
            return domain.save_structure(
                self.sheet,
                by=self.user,
                name=self.name_value,
                cap_key=self.cap_key,
                **self.rows,
            )
        except DomainError as exc:
            self.errors.append(str(exc))
            return None
