"""Security headers: every page answered to a signed-in person is `Cache-Control: private, no-store`
(unionsite.middleware.PrivateNoStoreMiddleware) and every answer carries the Content-Security-Policy
(django-csp, settings.CONTENT_SECURITY_POLICY) that allows no inline script or style."""

import pytest
from django.urls import reverse

from tests.scope import all_cases, finish, log_in, registered_url_names

CASES = all_cases()
GET_PAGES = [n for n in registered_url_names() if n in CASES and CASES[n].method == "get"]
POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def _policy(response):
    """The Content-Security-Policy's directives (django-csp writes them in no fixed order)."""
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def _cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_to_a_signed_in_person_is_private_no_store_under_the_policy(client, world, name):
    case = CASES[name]
    kwargs = case.kwargs(world) if case.kwargs else None
    log_in(client, world, case.insider, case, kwargs)
    response = finish(client.get(reverse(name, kwargs=kwargs), case.data(world)))
    assert response.status_code == case.expect
    assert {"private", "no-store"} <= _cache_control(response)
    assert "public" not in _cache_control(response)
    assert _policy(response) == POLICY


@pytest.mark.django_db
def test_actions_and_errors_too(client, world):
    client.force_login(world.officer_a)
    for response in (
        client.post(reverse("awards:notifications_read")),  # a redirect after an action
        client.get("/khong-co-trang-nay/"),  # 404
        client.get(reverse("unions:unit_detail", args=[world.grassroots_b.pk])),  # out of scope: 404
    ):
        assert {"private", "no-store"} <= _cache_control(response)
        assert _policy(response) == POLICY


@pytest.mark.django_db
def test_anonymous_pages_carry_the_policy_and_static_files_stay_cacheable(client):
    login = client.get(reverse("login"))
    assert _policy(login) == POLICY
    static = finish(client.get("/static/css/app.css"))
    assert static.status_code == 200
    assert "no-store" not in _cache_control(static)
