from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.enums import Grade
from initiatives.models import CriteriaSet

CRITERION_ROWS = 6


class CriteriaSetForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Why the criteria change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = CriteriaSet
        fields = ["level", "year", "name", "pass_total", "min_each", "drop_extremes_from", "source"]
        help_texts = {"year": _("Leave empty for the level's default, used in years without a set of their own.")}

    def __init__(self, *args, copy_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.instance if self.instance.pk else copy_from
        criteria = list(source.criteria.all()) if source is not None else []
        grades = {g.grade: g for g in source.grades.all()} if source is not None else {}
        for index in range(1, CRITERION_ROWS + 1):
            self.fields[f"code_{index}"] = forms.SlugField(label=_("Code"), max_length=30, required=False)
            self.fields[f"name_{index}"] = forms.CharField(label=_("Criterion"), max_length=200, required=False)
            self.fields[f"max_{index}"] = forms.IntegerField(
                label=_("Maximum points"), min_value=1, max_value=1000, required=False
            )
            if index <= len(criteria):
                c = criteria[index - 1]
                self.initial.update({f"code_{index}": c.code, f"name_{index}": c.name, f"max_{index}": c.max_points})
        for grade in Grade.values:
            self.fields[f"grade_{grade}_total"] = forms.IntegerField(
                label=_("From a total of"), min_value=0, max_value=1000, required=False
            )
            self.fields[f"grade_{grade}_code"] = forms.SlugField(
                label=_("and on the criterion (code)"), max_length=30, required=False
            )
            self.fields[f"grade_{grade}_min"] = forms.IntegerField(
                label=_("at least"), min_value=0, max_value=1000, required=False
            )
            rule = grades.get(grade)
            if rule is not None:
                self.initial.update(
                    {
                        f"grade_{grade}_total": rule.min_total,
                        f"grade_{grade}_code": rule.criterion_code,
                        f"grade_{grade}_min": rule.min_criterion,
                    }
                )
        if copy_from is not None and not self.instance.pk:
            for name in ("name", "pass_total", "min_each", "drop_extremes_from", "source"):
                self.initial.setdefault(name, getattr(copy_from, name))
        if not self.instance.pk:
            del self.fields["reason"]

    def criterion_rows(self):
        return [(self[f"code_{i}"], self[f"name_{i}"], self[f"max_{i}"]) for i in range(1, CRITERION_ROWS + 1)]

    def grade_rows(self):
        return [(g, self[f"grade_{g}_total"], self[f"grade_{g}_code"], self[f"grade_{g}_min"]) for g in Grade.values]

    def clean(self):
        data = super().clean()
        self.criteria, self.grades = [], []
        for index in range(1, CRITERION_ROWS + 1):
            code, name, points = data.get(f"code_{index}"), data.get(f"name_{index}"), data.get(f"max_{index}")
            if not code and not name and points is None:
                continue
            if not code or not name or points is None:
                self.add_error(f"name_{index}", _("Give the criterion's code, name and maximum points."))
                continue
            self.criteria.append((code, name.strip(), points))
        for grade in Grade.values:
            total = data.get(f"grade_{grade}_total")
            if total is None:
                continue
            self.grades.append(
                (grade, total, data.get(f"grade_{grade}_code") or "", data.get(f"grade_{grade}_min") or 0)
            )
        return data
