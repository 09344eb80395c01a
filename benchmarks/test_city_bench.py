"""The pages district staff and city reviewers use most, at Hà Nội scale (see conftest.city_campaign),
measured through the real views with Django's test client. Each records the number of SQL queries a
request makes in extra_info; none asserts a timing."""

import tracemalloc

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.queries import queue_for_user
from campaigns.queries.core import target_progress, targets_for_user

pytestmark = pytest.mark.django_db

ROUNDS = 5


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _get(benchmark, user, url, rounds=ROUNDS):
    client = _client(user)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert first.status_code == 200, first.status_code
    benchmark.extra_info["queries"] = len(queries)
    benchmark.extra_info["bytes"] = len(first.content)
    response = benchmark.pedantic(client.get, args=(url,), rounds=rounds, iterations=1, warmup_rounds=1)
    assert response.status_code == 200
    return response


def test_registration_list_for_a_district(benchmark, city_campaign):
    url = reverse("campaigns:registration_list", args=[city_campaign.campaign.pk])
    response = _get(benchmark, city_campaign.tree.staff, url)
    assert response.context["page_obj"].paginator.count == city_campaign.tree.district_units - 1


def test_registration_list_for_the_city(benchmark, city_campaign):
    url = reverse("campaigns:registration_list", args=[city_campaign.campaign.pk])
    response = _get(benchmark, city_campaign.reviewer, url)
    assert response.context["page_obj"].paginator.count == 10_000 - 31


def test_registration_list_not_registered_for_the_city(benchmark, city_campaign):
    url = reverse("campaigns:registration_list", args=[city_campaign.campaign.pk]) + "?state=none"
    response = _get(benchmark, city_campaign.reviewer, url)
    assert response.context["page_obj"].paginator.count == 10_000 - 31 - city_campaign.registrations


def test_coverage_for_a_district(benchmark, city_campaign):
    url = reverse("campaigns:coverage", args=[city_campaign.campaign.pk])
    response = _get(benchmark, city_campaign.tree.staff, url)
    assert response.context["summary"]["total"] == city_campaign.tree.district_units - 1


def test_coverage_for_the_city(benchmark, city_campaign):
    url = reverse("campaigns:coverage", args=[city_campaign.campaign.pk]) + "?show=unassessed"
    response = _get(benchmark, city_campaign.reviewer, url)
    summary = response.context["summary"]
    assert summary["total"] == 10_000 - 31
    assert summary["assessed"] == city_campaign.registrations


def test_target_progress_for_the_city(benchmark, city_campaign):
    reviewer = city_campaign.reviewer

    def progress():
        return target_progress(city_campaign.campaign, targets_for_user(reviewer, city_campaign.campaign))

    with CaptureQueriesContext(connection) as queries:
        targets = progress()
    benchmark.extra_info["queries"] = len(queries)
    targets = benchmark.pedantic(progress, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    assert len(targets) == 14
    city_share = next(
        t
        for t in targets
        if t.set_by_id == city_campaign.tree.city.pk and t.metric == "registered_share" and t.block_id is None
    )
    assert city_share.base == 10_000 - 31


def test_campaign_page_for_the_city(benchmark, city_campaign):
    _get(benchmark, city_campaign.reviewer, city_campaign.campaign.get_absolute_url())


def test_ranking_for_the_city(benchmark, city_campaign):
    url = reverse("campaigns:scoring_ranking", args=[city_campaign.phase.pk])
    response = _get(benchmark, city_campaign.reviewer, url)
    assert response.context["page_obj"].paginator.count == city_campaign.registrations


def test_ranking_for_a_district(benchmark, city_campaign):
    url = reverse("campaigns:scoring_ranking", args=[city_campaign.phase.pk])
    _get(benchmark, city_campaign.tree.staff, url)


def test_review_queue_for_a_district(benchmark, city_campaign):
    response = _get(benchmark, city_campaign.tree.staff, reverse("awards:queue"))
    assert response.context["page_obj"].paginator.count > 0


def test_review_queue_for_the_city(benchmark, city_campaign):
    response = _get(benchmark, city_campaign.reviewer, reverse("awards:queue"))
    assert response.context["page_obj"].paginator.count > 0


def test_review_queue_export_for_the_city(benchmark, city_campaign):
    client = _client(city_campaign.reviewer)
    url = reverse("awards:queue_export")
    tracemalloc.start()
    response = client.get(url)
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    benchmark.extra_info["peak_memory_mb"] = round(peak / 1024 / 1024, 1)
    benchmark.extra_info["rows"] = queue_for_user(city_campaign.reviewer).count()
    benchmark.extra_info["bytes"] = len(response.content)
    response = benchmark.pedantic(client.get, args=(url,), rounds=3, iterations=1)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_honour_roll_of_the_city(benchmark, city_campaign):
    url = reverse("awards:honour_roll", args=[city_campaign.tree.city.pk, 2026])
    response = _get(benchmark, city_campaign.reviewer, url)
    assert response.context["page_obj"].paginator.count == city_campaign.awards


def test_honour_roll_of_a_district(benchmark, city_campaign):
    url = reverse("awards:honour_roll", args=[city_campaign.tree.district.pk, 2026])
    _get(benchmark, city_campaign.tree.staff, url)
