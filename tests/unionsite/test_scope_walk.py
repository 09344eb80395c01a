"""Walks every URL the project registers: anonymous users go to login, outsiders get 404."""

import pytest
from django.urls import reverse

from tests.scope import all_cases, registered_url_names

CASES = all_cases()
NAMES = registered_url_names()


def test_every_url_is_registered_with_the_scope_test():
    missing = [name for name in NAMES if name not in CASES]
    assert missing == [], "declare these URLs in tests/<app>/scope_cases.py"


def test_no_stale_registrations():
    assert sorted(set(CASES) - set(NAMES)) == []


def _request(client, case, url, world):
    return getattr(client, case.method)(url, case.data(world))


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in NAMES if n in CASES and not CASES[n].public])
def test_anonymous_is_sent_to_login(client, world, name):
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    response = _request(client, case, url, world)
    assert response.status_code == 302, f"{name} answered {response.status_code}"
    assert response["Location"].startswith(reverse("login") + "?next="), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in NAMES if n in CASES and CASES[n].kwargs and not CASES[n].public])
def test_outsider_gets_404_on_object_pages(client, world, name):
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world))
    client.force_login(world.outsider)
    response = _request(client, case, url, world)
    expected = 403 if case.shared else 404
    assert response.status_code == expected, f"{name} answered {response.status_code} to an outsider"
