"""History reads in the reader's language: labels are rendered when shown, never stored.

A nomination's and a score sheet's history, shown in Vietnamese and in English, name the state and
the fields in that language, format numbers as the page does, and show no stored code."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from awards import domain as awards
from awards.enums import NominationState as S
from campaigns.domain import scoring
from tests.awards.factories import NominationFactory, PhaseFactory
from tests.campaigns.factories_scoring import ScoringCampaignFactory, make_sheet
from tests.campaigns.test_scoring_workflow import structure_rows

pytestmark = pytest.mark.django_db

# Stored codes and keys that must never reach a Vietnamese page (in English some are also the words).
CODES = ["submitted", "returned", "draft", "state", "sections", "bands", "cap_band", "vetoes", "max_points"]


def history_html(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(url).content.decode()
    return re.search(r'data-testid="history">(.*?)</section>', html, re.S).group(1)


def texts(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_nominations_history_in_vietnamese_and_english(client, world):
    phase = PhaseFactory(campaign__launched_by=world.city)
    world.member_a.direct_production = True
    world.member_a.save()
    nomination = NominationFactory(
        phase=phase, unit=world.grassroots_a, member=world.member_a, created_by=world.officer_a
    )
    awards.transition(nomination, S.SUBMITTED, by=world.officer_a)
    awards.transition(nomination, S.RETURNED, by=world.staff_a, note="Bổ sung biên bản")
    client.force_login(world.officer_a)
    url = reverse("awards:nomination_detail", args=[nomination.pk])

    vietnamese = texts(history_html(client, url, "vi"))
    assert "trạng thái : Đã gửi cấp trên → Trả lại để bổ sung" in vietnamese
    assert "trạng thái : Nháp → Đã gửi cấp trên" in vietnamese
    assert "Bổ sung biên bản" in vietnamese
    english = texts(history_html(client, url, "en"))
    assert "state : Submitted to the upper level → Returned for completion" in english
    assert "state : Draft → Submitted to the upper level" in english
    for code in CODES:
        assert code not in vietnamese
        assert f"state : {code}" not in english


def test_a_score_sheets_history_in_vietnamese_and_english(client, world):
    campaign = ScoringCampaignFactory(launched_by=world.district_a)
    sheet = make_sheet(campaign, world.grassroots_a.block, by=world.staff_a)
    rows = structure_rows(sheet)
    rows["bands"][0].data["min_score"] = Decimal("87.5")
    rows["criteria"][0].data["max_points"] = Decimal("42.5")
    scoring.save_structure(sheet, by=world.staff_a, name=sheet.name, cap_key=str(sheet.cap_band_id), **rows)
    client.force_login(world.staff_a)
    url = reverse("campaigns:scoring_sheet_detail", args=[sheet.pk])

    vietnamese = texts(history_html(client, url, "vi"))
    assert "mức xếp loại : Hoàn thành xuất sắc nhiệm vụ ≥ 90;" in vietnamese
    assert "→ Hoàn thành xuất sắc nhiệm vụ ≥ 87,50;" in vietnamese
    assert "(42,50)" in vietnamese
    assert "điều kiện loại trừ : —" in vietnamese
    english = texts(history_html(client, url, "en"))
    assert "classification bands : Hoàn thành xuất sắc nhiệm vụ ≥ 90;" in english
    assert "→ Hoàn thành xuất sắc nhiệm vụ ≥ 87.50;" in english
    assert "(42.50)" in english
    for code in CODES:
        assert code not in vietnamese
    for key in ("cap_band", "vetoes", "max_points", "90.00"):
        assert key not in english
    assert "87.50" not in vietnamese
    assert "vetoes" not in english
