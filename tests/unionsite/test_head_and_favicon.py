"""What browsers and monitors ask of every page: HEAD wherever GET is answered, and the site's icon."""

import pytest
from django.urls import reverse

from tests.scope import all_cases, finish, log_in, registered_url_names

CASES = all_cases()
PAGES = [name for name in registered_url_names() if name in CASES and CASES[name].method == "get"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_head_is_answered_wherever_get_is(client, world, name):
    case = CASES[name]
    kwargs = case.kwargs(world) if case.kwargs else None
    url = reverse(name, kwargs=kwargs)
    log_in(client, world, case.insider, case, kwargs)
    response = finish(client.head(url, case.data(world)))
    assert response.status_code == case.expect, f"HEAD {name} answered {response.status_code}"


@pytest.mark.django_db
def test_head_of_the_home_page(client, world):
    response = client.head("/")
    assert (response.status_code, response["Location"]) == (302, "/dang-nhap/?next=/")
    client.force_login(world.officer_a)
    assert client.head("/").status_code == 200


@pytest.mark.django_db
def test_every_page_names_its_icon_and_the_root_icon_is_served(client, world):
    client.force_login(world.officer_a)
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    svg = client.get("/static/favicon.svg")
    assert (svg.status_code, b"".join(svg.streaming_content)[:4]) == (200, b"<svg")
    ico = client.get("/favicon.ico")
    assert (ico.status_code, b"".join(ico.streaming_content)[:4]) == (200, b"\x00\x00\x01\x00")
