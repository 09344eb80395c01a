"""Walks every URL the project registers: anonymous users go to login, the insider gets through (and
the users above them are not refused), outsiders get 404."""

import pytest
from django.urls import reverse

from tests.scope import all_cases, finish, log_in, registered_url_names
from tests.world import ABOVE, OUTSIDERS

CASES = all_cases()
NAMES = registered_url_names()
WALKED = [n for n in NAMES if n in CASES]


def test_every_url_is_registered_with_the_scope_test():
    missing = [name for name in NAMES if name not in CASES]
    assert missing == [], "declare these URLs in tests/<app>/scope_cases.py"


def test_no_stale_registrations():
    assert sorted(set(CASES) - set(NAMES)) == []


def _request(client, case, url, world):
    return finish(getattr(client, case.method)(url, case.data(world)))


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in WALKED if not CASES[n].public])
def test_anonymous_is_sent_to_login(client, world, name):
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    response = _request(client, case, url, world)
    assert response.status_code == 302, f"{name} answered {response.status_code}"
    assert response["Location"].startswith(reverse("login") + "?next="), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", WALKED)
def test_insider_gets_through(client, world, name):
    case = CASES[name]
    kwargs = case.kwargs(world) if case.kwargs else None
    url = reverse(name, kwargs=kwargs)
    log_in(client, world, case.insider, case, kwargs)
    response = _request(client, case, url, world)
    assert response.status_code == case.expect, f"{name} answered {response.status_code} to {case.insider}"
    if case.redirect:
        location = response["Location"]
        target = case.redirect(world, kwargs)
        assert location == target, f"{name} sent {case.insider} to {location}, not {target}"
        if target != reverse("login"):
            assert not location.startswith(reverse("login")), f"{name} sent {case.insider} to log in"
    if case.done:
        assert case.done(world, kwargs), f"{name} answered {case.insider} but did not take effect"
    # The users above the insider review the insider's unit: its pages do not refuse them.
    if case.method == "get" and case.above is not None:
        for above in ABOVE[case.insider]:
            log_in(client, world, above, case, kwargs)
            response = _request(client, case, url, world)
            expected = case.above.get(above, case.expect)
            assert response.status_code == expected, f"{name} answered {response.status_code} to {above}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in WALKED if CASES[n].kwargs and not CASES[n].public])
def test_outsider_gets_404_on_object_pages(client, world, name):
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world))
    expected = 403 if case.shared else 404
    for outsider in OUTSIDERS:
        client.force_login(getattr(world, outsider))
        response = _request(client, case, url, world)
        assert response.status_code == expected, f"{name} answered {response.status_code} to {outsider}"
