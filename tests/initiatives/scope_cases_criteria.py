from django.urls import reverse

from initiatives.models import CriteriaSet
from initiatives.seed import seed_current
from tests.scope import Case

# The criteria are the city's: every role reads them; only the city federation edits them.
CITY_ONLY = {"admin": 200}


def _set_pk(w):
    seed_current()
    return {"pk": CriteriaSet.objects.get(level="grassroots", year__isnull=True).pk}


def _data(w):
    return {
        "level": "grassroots",
        "year": "2027",
        "name": "Tiêu chí chấm sáng kiến cấp cơ sở năm 2027",
        "pass_total": "50",
        "min_each": "10",
        "drop_extremes_from": "5",
        "code_1": "novelty",
        "name_1": "Tính mới",
        "max_1": "40",
        "code_2": "applicability",
        "name_2": "Khả năng áp dụng",
        "max_2": "30",
        "code_3": "effectiveness",
        "name_3": "Hiệu quả",
        "max_3": "30",
        "grade_A_total": "85",
        "grade_A_code": "novelty",
        "grade_A_min": "30",
    }


CASES = {
    "initiatives:criteria_list": Case(insider="officer_a", shared=True),
    "initiatives:criteria_create": Case(
        insider="city_reviewer",
        method="post",
        data=_data,
        expect=302,
        redirect=lambda w, kw: reverse("initiatives:criteria_edit", args=[CriteriaSet.objects.get(year=2027).pk]),
        done=lambda w, kw: CriteriaSet.objects.filter(year=2027, level="grassroots").exists(),
        shared=True,
    ),
    "initiatives:criteria_edit": Case(insider="city_reviewer", kwargs=_set_pk, above=CITY_ONLY, shared=True),
}
