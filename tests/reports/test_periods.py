"""Issue 12: a campaign, year or stage report on a large subtree is counted by a worker and kept; the
page waits for the first count, then reads the kept figures (final ones until a phase of the period is
tallied again; others counted again once stale, shown meanwhile with their time)."""

import datetime
import json

import pytest
from django.utils import timezone, translation

from reports import content, tasks
from reports.domain import periods, tally
from reports.figures import Selection
from reports.models import PeriodTally
from tests.awards.factories import AwardFactory
from tests.reports import stage as stage_data

pytestmark = pytest.mark.django_db

URL = "/bao-cao/don-vi/{pk}/giai-doan-2015-2020/"
TITLES_LINE = "27 Công nhân giỏi cấp cơ sở, 9 cấp quận, huyện, 3 Công nhân giỏi Thủ đô."
POLL = {"HX-Request": "true", "HX-Target": "report-preparing"}


@pytest.fixture
def large(settings):
    settings.REPORTS_LIVE_MAX_UNITS = 1  # Hà Đông and its two unions count as "large"
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def stage(world):
    built = stage_data.build(world)
    stage_data.tally_all(built)
    return built


def _count_kept():
    pending = PeriodTally.objects.get(state=PeriodTally.State.PENDING)
    assert tasks.tally_period(tally_id=pending.pk) is True
    return PeriodTally.objects.get(pk=pending.pk)


def test_the_page_waits_for_the_worker_then_reads_the_kept_figures(client, world, stage, large):
    client.force_login(world.staff_a)
    url = URL.format(pk=world.district_a.pk)
    waiting = client.get(url)
    body = waiting.content.decode()
    assert waiting.status_code == 200
    assert "Số liệu của báo cáo đang được tổng hợp" in body
    assert f'hx-get="{url}" hx-trigger="every 2s"' in body
    assert client.get(url).status_code == 200  # asked again while it counts: still one count
    assert PeriodTally.objects.filter(unit=world.district_a, period="stage:2015-2020").count() == 1
    poll = client.get(url, headers=POLL)
    assert poll.status_code == 200
    assert "HX-Refresh" not in poll.headers

    kept = _count_kept()
    assert kept.official
    assert sorted(int(row[1]) for row in kept.rows if row[0] == "unit") == sorted(
        [world.district_a.pk, world.grassroots_a.pk, world.grassroots_a2.pk]
    )
    assert tasks.tally_period(tally_id=kept.pk) is False  # delivered twice: written once
    assert client.get(url, headers=POLL).headers["HX-Refresh"] == "true"

    page = client.get(url)
    report = page.context["report"]
    assert report.kept == kept
    assert report.official
    assert TITLES_LINE in page.content.decode()
    assert f"Số liệu tổng hợp lúc {timezone.localtime(kept.computed_at):%H:%M %d/%m/%Y}" in page.content.decode()
    with translation.override("vi"):
        live = content.build(world.district_a, Selection.for_years(2015, 2020), live=True)
    # The same figures as counted on the spot (as JSON keeps them: keys are text).
    assert json.dumps(report.figures, sort_keys=True) == json.dumps(live.figures, sort_keys=True)


def test_final_kept_figures_stand_until_a_phase_is_tallied_again(client, world, stage, large):
    client.force_login(world.staff_a)
    url = URL.format(pk=world.district_a.pk)
    client.get(url)
    first = _count_kept()
    AwardFactory(unit=world.grassroots_a, year=2018, level="upper", member__full_name="Lã Văn Muộn")
    assert TITLES_LINE in client.get(url).content.decode()  # final: the kept figures stand
    assert not PeriodTally.objects.filter(state=PeriodTally.State.PENDING).exists()

    tally.rerun(stage.phases[-1], by=world.staff_a, reason="Bổ sung khen thưởng nộp muộn")
    page = client.get(url)  # the older figures, with their time, while the new count runs
    assert page.context["report"].kept == first
    second = _count_kept()
    assert (
        "27 Công nhân giỏi cấp cơ sở, 10 cấp quận, huyện, 3 Công nhân giỏi Thủ đô." in client.get(url).content.decode()
    )
    assert PeriodTally.objects.filter(state=PeriodTally.State.READY).count() == 2  # the first is kept too
    assert client.get(url).context["report"].kept == second


def test_figures_not_final_are_counted_again_once_stale(client, world, large, settings):
    settings.REPORTS_PERIOD_FRESH_MINUTES = 60
    stage_data.build(world)  # not tallied: not final
    client.force_login(world.staff_a)
    url = URL.format(pk=world.district_a.pk)
    client.get(url)
    kept = _count_kept()
    assert not kept.official
    assert "Chưa chính thức" in client.get(url).content.decode()
    assert not PeriodTally.objects.filter(state=PeriodTally.State.PENDING).exists()  # fresh: read as kept
    PeriodTally.objects.filter(pk=kept.pk).update(computed_at=timezone.now() - datetime.timedelta(minutes=61))
    assert client.get(url).context["report"].kept == kept  # stale: shown meanwhile…
    assert PeriodTally.objects.filter(state=PeriodTally.State.PENDING).count() == 1  # …and counted again
    newer = _count_kept()
    # The new count replaces the older one that was not final (a cache, not a record).
    assert list(PeriodTally.objects.values_list("pk", flat=True)) == [newer.pk]


def test_a_failed_count_says_so_and_the_next_visit_counts_again(client, world, stage, large, monkeypatch):
    client.force_login(world.staff_a)
    url = URL.format(pk=world.district_a.pk)
    client.get(url)
    pending = PeriodTally.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(periods, "compute", broken)
    with pytest.raises(RuntimeError):
        tasks.tally_period(tally_id=pending.pk)
    pending.refresh_from_db()
    assert (pending.state, pending.error) == ("failed", "RuntimeError('database went away')")
    poll = client.get(url, headers=POLL).content.decode()
    assert "Không tổng hợp được số liệu" in poll
    assert "hx-trigger" not in poll  # no more polling
    client.get(url)
    assert PeriodTally.objects.filter(state=PeriodTally.State.PENDING).count() == 1


def test_downloads_count_on_the_spot_and_outsiders_see_nothing(client, world, stage, large):
    client.force_login(world.staff_a)
    url = URL.format(pk=world.district_a.pk)
    download = client.get(url + "tai-ve/xlsx/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(world.staff_b)
    assert client.get(url).status_code == 404
    assert client.get(url, headers=POLL).status_code == 404
    client.force_login(world.city_reviewer)
    assert client.get(url).status_code == 200


def test_a_count_lost_on_the_way_is_asked_again_after_a_while(client, world, stage, large):
    client.force_login(world.staff_a)
    url = URL.format(pk=world.district_a.pk)
    client.get(url)
    lost = PeriodTally.objects.get()
    PeriodTally.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=14))
    client.get(url)
    assert PeriodTally.objects.count() == 1  # still within its time: the page waits for it
    PeriodTally.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=16))
    client.get(url)
    lost.refresh_from_db()
    assert (lost.state, lost.error) == ("failed", "not counted within 15 minutes")
    assert PeriodTally.objects.filter(state=PeriodTally.State.PENDING).exclude(pk=lost.pk).count() == 1
