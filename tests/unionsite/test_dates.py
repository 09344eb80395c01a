"""Dates as Vietnamese users type them: day first in every date field, whatever the language.

The field is a text field (a native date input follows the browser's language and posts nothing for
31/02/2026, so the user read "This field is required"); the server parses what was typed."""

import datetime
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from unions.models import Member
from unionsite.dates import DateField, DateInput, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/01/2026", datetime.date(2026, 1, 31)),
        ("31/1/2026", datetime.date(2026, 1, 31)),
        ("1/2/2026", datetime.date(2026, 2, 1)),
        ("31-01-2026", datetime.date(2026, 1, 31)),
        ("31.01.2026", datetime.date(2026, 1, 31)),
        ("2026-01-31", datetime.date(2026, 1, 31)),
        ("31012026", datetime.date(2026, 1, 31)),
        (" 29/02/2024 ", datetime.date(2024, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_reads_day_first_and_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2026",
        "29/02/2025",
        "32/01/2026",
        "12/13/2026",
        "01/31/2026",
        "31/01/26",
        "hôm nay",
        "2026/01/31",
        "31022026",
        "3112026",
        "20260131",
    ],
)
def test_parse_date_refuses_what_is_not_a_day_first_date(text):
    with pytest.raises(ValueError, match=re.escape(text.strip())):
        parse_date(text)


class OneDate(forms.Form):
    day = DateField(label="Ngày")


def test_an_impossible_date_is_named_not_a_date_in_vietnamese_and_english():
    with translation.override("vi"):
        form = OneDate({"day": "31/02/2026"})
        assert form.errors == {"day": ["“31/02/2026” không phải là ngày (dd/mm/yyyy)."]}
    with translation.override("en"):
        form = OneDate({"day": " 31/02/2026 "})
        assert form.errors == {"day": ["“31/02/2026” is not a date (dd/mm/yyyy)."]}


def test_an_empty_required_date_is_still_required():
    with translation.override("vi"):
        assert OneDate({"day": ""}).errors == {"day": ["Trường này là bắt buộc."]}


def test_the_widget_is_a_day_first_text_field_with_a_calendar_button():
    with translation.override("en"):
        html = OneDate(initial={"day": datetime.date(2026, 3, 5)})["day"].as_widget()
    input_tag = re.search(r"<input [^>]*>", html).group(0)
    assert 'type="text"' in input_tag
    assert 'value="05/03/2026"' in input_tag
    assert 'placeholder="dd/mm/yyyy"' in input_tag
    assert 'inputmode="numeric"' in input_tag
    assert 'autocomplete="off"' in input_tag
    assert 'type="date"' not in html
    assert 'data-label-open="Choose a date"' in html
    assert "data-datepicker-open" in html


def test_a_bound_wrong_date_is_shown_back_as_typed():
    form = OneDate({"day": "31/02/2026"})
    assert 'value="31/02/2026"' in form["day"].as_widget()


def app_form_classes():
    """Every form class defined in the apps' forms modules (forms.py or a forms package)."""
    for app in ("unions", "campaigns", "awards", "initiatives", "reports"):
        try:
            package = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        modules = [package]
        if hasattr(package, "__path__"):
            modules += [
                importlib.import_module(info.name)
                for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}.forms.")
            ]
        for module in modules:
            for value in vars(module).values():
                defined_here = getattr(value, "__module__", None) == module.__name__
                if defined_here and isinstance(value, type) and issubclass(value, forms.BaseForm):
                    yield value


def test_every_date_field_of_every_form_is_the_day_first_field():
    date_fields = {}
    for form_class in app_form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField) or isinstance(
                field.widget, forms.DateInput | forms.DateTimeInput
            ):
                date_fields[f"{form_class.__module__}.{form_class.__name__}.{name}"] = field
    assert len(date_fields) >= 13
    wrong = [name for name, field in date_fields.items() if type(field) is not DateField]
    wrong += [name for name, field in date_fields.items() if type(field.widget) is not DateInput]
    assert wrong == []


@pytest.mark.django_db
def test_a_member_form_in_an_english_session_shows_and_accepts_day_first_dates(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.officer_a)
    url = reverse("unions:member_edit", args=[world.member_a.pk])

    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert re.search(r'<input type="text" name="date_of_birth" value="17/05/1990"', html)
    assert re.search(r'<input type="text" name="joined_on" value="01/03/2015"', html)

    data = {"unit": world.grassroots_a.pk, "full_name": world.member_a.full_name, "gender": "male"}
    response = client.post(url, {**data, "date_of_birth": "31/02/1990", "joined_on": "1/3/2015"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"date_of_birth": ["“31/02/1990” is not a date (dd/mm/yyyy)."]}
    assert "“31/02/1990” is not a date (dd/mm/yyyy)." in response.content.decode()

    response = client.post(url, {**data, "date_of_birth": "5/3/1991", "joined_on": "01-09-2016"})
    assert response.status_code == 302
    member = Member.objects.get(pk=world.member_a.pk)
    assert (member.date_of_birth, member.joined_on) == (datetime.date(1991, 3, 5), datetime.date(2016, 9, 1))
    assert 'value="05/03/1991"' in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_campaign_form_in_vietnamese_refuses_an_impossible_date_by_name(client, world):
    client.force_login(world.staff_a)
    response = client.post(reverse("campaigns:campaign_add"), {"starts_on": "31/02/2026", "ends_on": "31/12/2026"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["starts_on"] == ["“31/02/2026” không phải là ngày (dd/mm/yyyy)."]
    assert "ends_on" not in errors
