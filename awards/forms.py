from django import forms
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import domain
from awards.enums import NOMINATION_LEVELS, AttachmentKind, Level
from awards.models import AwardTitle, Decision, Nomination, Quota
from awards.queries import nominating_units_for_user, nominations_for_user, open_phases_for_user, staff_units_for_user
from campaigns.models import Campaign
from unions.enums import UnitKind
from unions.forms import unit_picker
from unions.models import Member
from unions.queries import members_for_user, units_for_user
from unionsite.dates import DateField
from unionsite.pickers import search_select
from unionsite.uploads import SCANS, UploadValidator

LEVEL_CHOICES = [(level.value, level.label) for level in NOMINATION_LEVELS]


def member_detail(member):
    """The second line of a member in the nomination's picker: the union (namesakes are common)."""
    return member.unit.name


class NominationForm(forms.ModelForm):
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES)

    class Meta:
        model = Nomination
        fields = [
            "phase",
            "unit",
            "member",
            "collective_name",
            "title",
            "level",
            "achievements",
            "not_disciplined",
            "not_absent_40_days",
        ]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "member": _(
                "For an individual: type part of the member's name and choose them (members of the union chosen "
                "above). For a collective: leave empty and name it below."
            ),
            "achievements": _("The achievements behind the nomination (tóm tắt thành tích)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = nominating_units_for_user(user).order_by("name")
        self.fields["phase"].queryset = open_phases_for_user(user)
        self.fields["phase"].label_from_instance = lambda p: f"{p.campaign.title} — {p.name}"
        self.fields["member"].queryset = (
            members_for_user(user).filter(active=True, unit__kind=UnitKind.GRASSROOTS).select_related("unit")
        )
        self.fields["member"].label_from_instance = lambda m: m.full_name
        # A union has thousands of members: searched by name, among the chosen union's when one is.
        search_select(self.fields["member"], detail=member_detail, depends_on={"unit": "unit_id"})
        self.fields["title"].queryset = AwardTitle.objects.filter(active=True)

    def clean(self):
        data = super().clean()
        data["collective_name"] = (data.get("collective_name") or "").strip()
        return data

    def save(self, commit=True):
        return domain.save_nomination(self.instance, by=self.user)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word or a scanned image (JPG, PNG)."),
        validators=[UploadValidator(SCANS)],
    )


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, move=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A return or a rejection must give its reason; an approval or a forward may add a note.
        if move is not None and move.note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revocation"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.ModelForm):
    nominations = forms.ModelMultipleChoiceField(
        label=_("Awardees"), queryset=Nomination.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Decision
        fields = ["unit", "method", "number", "date", "signer", "signer_title"]
        field_classes = {"date": DateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = staff_units_for_user(user)
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        candidates = Nomination.objects.none()
        for unit in units:
            candidates = candidates | domain.decidable_nominations(unit)
        self.fields["nominations"].queryset = candidates.select_related("member", "title", "unit").order_by(
            "unit__name", "pk"
        )
        self.fields["nominations"].label_from_instance = lambda n: (
            f"{n.nominee_name} — {n.unit.name} — {n.title.name} ({n.get_level_display()})"
        )

    def clean(self):
        data = super().clean()
        unit, chosen = data.get("unit"), data.get("nominations")
        if unit and chosen:
            allowed = set(domain.decidable_nominations(unit).values_list("pk", flat=True))
            if any(n.pk not in allowed for n in chosen):
                self.add_error("nominations", _("Some chosen nominations cannot be decided by this union."))
        return data

    def save(self, commit=True):
        data = self.cleaned_data
        return domain.issue_decision(
            unit=data["unit"],
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            signer_title=data["signer_title"],
            nominations=list(data["nominations"]),
            method=data["method"],
            by=self.user,
        )


class QuotaForm(forms.ModelForm):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)

    class Meta:
        model = Quota
        fields = ["title", "level", "year", "unit", "max_count", "max_percent"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = units_for_user(user).filter(active=True).order_by("path")
        unit_picker(self.fields["unit"])
        self.fields["title"].queryset = AwardTitle.objects.filter(active=True)
        first, last = domain.quota_years()
        self.fields["year"].help_text = _("From %(first)s to %(last)s.") % {"first": first, "last": last}

    def save(self, commit=True):
        return domain.save_quota(self.instance, by=self.user)


class QueueFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Union"), queryset=None, required=False)
    title = forms.ModelChoiceField(label=_("Title"), queryset=AwardTitle.objects.filter(active=True), required=False)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any union of the scope, found by typing (a city has thousands); the queue filters by subtree.
        self.fields["unit"].queryset = units_for_user(user).filter(active=True)
        unit_picker(self.fields["unit"])
        # Campaigns with a nomination the user sees: per campaign, the first such nomination (a scalar
        # subquery with LIMIT 1 stops there; an EXISTS became a semi-join that read every nomination
        # of every campaign, 45,000 at a million members, before keeping ten campaigns).
        visible = nominations_for_user(user).filter(phase__campaign=OuterRef("pk")).order_by().values("pk")[:1]
        self.fields["campaign"].queryset = Campaign.objects.alias(seen=Subquery(visible)).filter(seen__isnull=False)


class GrassrootsDecisionForm(forms.ModelForm):
    """A grassroots union's own decision over grassroots-level titles (no review workflow)."""

    title = forms.ModelChoiceField(label=_("Title"), queryset=AwardTitle.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    members = forms.ModelMultipleChoiceField(
        label=_("Members awarded"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    collective_names = forms.CharField(
        label=_("Collectives awarded"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One collective a line, for titles that collectives may receive."),
    )
    not_disciplined = forms.BooleanField(label=_("I declare: not disciplined during the year"), required=False)
    not_absent_40_days = forms.BooleanField(
        label=_("I declare: not absent from work for 40 days or more"), required=False
    )

    class Meta:
        model = Decision
        fields = ["method", "number", "date", "signer", "signer_title"]
        field_classes = {"date": DateField}

    field_order = [
        "title",
        "year",
        "members",
        "collective_names",
        "not_disciplined",
        "not_absent_40_days",
        "method",
        "number",
        "date",
        "signer",
        "signer_title",
    ]

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit
        self.fields["title"].queryset = domain.grassroots_titles().prefetch_related("levels")
        self.fields["title"].label_from_instance = _grassroots_label
        self.fields["year"].initial = timezone.localdate().year
        self.fields["members"].queryset = unit.members.filter(active=True).order_by("name_search", "pk")
        self.fields["members"].label_from_instance = lambda m: m.full_name

    def clean(self):
        data = super().clean()
        title, year = data.get("title"), data.get("year")
        members = list(data.get("members") or [])
        collectives = [n.strip() for n in (data.get("collective_names") or "").splitlines() if n.strip()]
        data["collective_list"] = collectives
        if not members and not collectives:
            raise forms.ValidationError(_("Choose at least one member or name a collective."))
        if title and members and not title.accepts_member():
            self.add_error("members", _("This title is for collectives only."))
        if title and collectives and not title.accepts_collective():
            self.add_error("collective_names", _("This title is for individuals only."))
        if title and year and not self.errors:
            problems = domain.awardee_problems(
                unit=self.unit,
                title=title,
                year=year,
                members=members,
                collective_names=collectives,
                declarations=data,
            )
            for problem in problems:
                self.add_error(None, str(problem))
        return data

    def save(self, commit=True):
        data = self.cleaned_data
        return domain.record_grassroots_decision(
            unit=self.unit,
            title=data["title"],
            year=data["year"],
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            signer_title=data["signer_title"],
            members=list(data["members"]),
            collective_names=data["collective_list"],
            declarations=data,
            method=data["method"],
            by=self.user,
        )


def _grassroots_label(title):
    for title_level in title.levels.all():
        if title_level.level == Level.GRASSROOTS and title_level.label:
            return title_level.label
    return title.name


def _city_label(title):
    for title_level in title.levels.all():
        if title_level.level == Level.CITY and title_level.label:
            return title_level.label
    return title.name


class ProposeToCityForm(forms.Form):
    """The district's awardees on a page, each with a checkbox and a city-level title (or one title
    for all the selected), and the district's reason. `awards`: the rows that may still be proposed;
    `titles`: the city-level titles (prefetch their levels). Saving proposes them (the domain)."""

    title_all = forms.TypedChoiceField(label=_("One title for all the selected"), coerce=int, required=False)
    note = forms.CharField(
        label=_("Reason for the proposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent to the unions with the proposal. For an award entered from paper records, with no "
            "nomination behind it, it is also the summary of achievements."
        ),
    )
    # For awards entered from paper records: the nomination behind an award carries the union's own.
    not_disciplined = forms.BooleanField(label=_("I declare: not disciplined during the year"), required=False)
    not_absent_40_days = forms.BooleanField(
        label=_("I declare: not absent from work for 40 days or more"), required=False
    )

    def __init__(self, *args, user, awards, titles, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.awards = {award.pk: award for award in awards}
        self.titles = {title.pk: title for title in titles}
        self.fields["selected"] = forms.TypedMultipleChoiceField(
            label=_("Awardees"),
            coerce=int,
            choices=[(award.pk, award.awardee_name) for award in awards],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose the awardees to propose.")},
        )
        self.fields["title_all"].choices = [("", _("— the title chosen on each row —"))] + [
            (title.pk, _city_label(title)) for title in titles
        ]
        for award in awards:
            fitting = [t for t in titles if (t.accepts_member() if award.member_id else t.accepts_collective())]
            default = domain.default_city_title(award, fitting)
            label = _("City-level title for %(name)s") % {"name": award.awardee_name}
            self.fields[f"title_{award.pk}"] = forms.TypedChoiceField(
                label=label,
                coerce=int,
                required=False,
                choices=[("", "---------")] + [(t.pk, _city_label(t)) for t in fitting],
                initial=default.pk if default else None,
                widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": label}),
            )

    def rows(self, page_awards):
        """(award, its checkbox, its title field) for each award of the page; None for an award
        already proposed (the page shows its proposal instead)."""
        boxes = {int(box.data["value"]): box for box in self["selected"]}
        return [
            (award, boxes.get(award.pk), self[f"title_{award.pk}"] if award.pk in self.awards else None)
            for award in page_awards
        ]

    def clean(self):
        data = super().clean()
        titles = {}
        for pk in data.get("selected") or []:
            title_pk = data.get("title_all") or data.get(f"title_{pk}")
            if title_pk in self.titles:
                titles[pk] = self.titles[title_pk]
            else:
                self.add_error(
                    None, _("Choose the city-level title for %(name)s.") % {"name": self.awards[pk].awardee_name}
                )
        data["titles"] = titles
        return data

    def save(self):
        data = self.cleaned_data
        return domain.propose_to_city(
            [self.awards[pk] for pk in data["selected"]],
            by=self.user,
            titles=data["titles"],
            note=data["note"],
            not_disciplined=data["not_disciplined"],
            not_absent_40_days=data["not_absent_40_days"],
        )
