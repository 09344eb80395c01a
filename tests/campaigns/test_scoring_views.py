"""Scoring pages: insider, reviewer above, outsider (404) and forbidden actions (403) for every view."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from campaigns.domain import scoring as domain
from campaigns.models import Criterion, EvidenceFile, ScoreSheet, SelfAssessment
from tests.campaigns.factories_scoring import (
    ScoringCampaignFactory,
    ScoringPhaseFactory,
    make_sheet,
    review,
    self_assess,
)
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def env(world):
    campaign = ScoringCampaignFactory(launched_by=world.district_a, title="Thi đua năm 2023 quận Hà Đông")
    phase = ScoringPhaseFactory(campaign=campaign, name="Đợt 1")
    sheet = make_sheet(campaign, world.grassroots_a.block, by=world.staff_a, vetoes=["Tai nạn lao động chết người"])
    world.campaign, world.phase, world.sheet = campaign, phase, sheet
    return world


def started(env, unit=None):
    return domain.start_assessment(phase=env.phase, unit=unit or env.grassroots_a, by=env.staff_a)


def close_streaming(response):
    """Close a file response the way the test client closes plain ones: without request_finished
    closing the test's database connection (it would on PostgreSQL, inside the test transaction)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def codes(assessment):
    return {e.criterion.code: e.criterion_id for e in assessment.entries.select_related("criterion")}


# --- score sheets ------------------------------------------------------------------------------------


def test_sheet_detail_for_insider_reviewer_and_outsider(client, env):
    url = reverse("campaigns:scoring_sheet_detail", args=[env.sheet.pk])
    client.force_login(env.officer_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert response.context["max_points"] == Decimal(100)
    client.force_login(env.staff_a)
    response = client.get(url)
    assert response.context["can_manage"] is True
    assert "Hoàn thành xuất sắc nhiệm vụ" in response.content.decode()
    client.force_login(env.officer_b)
    assert client.get(url).status_code == 404


def test_sheet_edit_forbidden_to_officer_and_other_district(client, env):
    url = reverse("campaigns:scoring_sheet_edit", args=[env.sheet.pk])
    client.force_login(env.officer_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x"}).status_code == 403
    client.force_login(env.staff_b)
    assert client.get(url).status_code == 404
    client.force_login(env.city_reviewer)
    assert client.get(url).status_code == 200


def test_sheet_create(client, env, world):
    block2 = type(world.grassroots_a.block).objects.create(code="hcsn", name="Khối hành chính sự nghiệp")
    url = reverse("campaigns:scoring_sheet_create")
    client.force_login(env.officer_a)
    assert client.get(url).status_code == 403
    ScoringCampaignFactory(launched_by=env.district_b)
    client.force_login(env.staff_b)
    response = client.post(url, {"campaign": env.campaign.pk, "block": block2.pk, "name": "Bảng điểm"})
    assert response.status_code == 200
    assert "campaign" in response.context["form"].errors  # not a campaign staff_b may choose
    client.force_login(env.staff_a)
    response = client.post(url, {"campaign": env.campaign.pk, "block": block2.pk, "name": "Bảng điểm khối HCSN"})
    sheet = ScoreSheet.objects.get(block=block2)
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:scoring_sheet_edit", args=[sheet.pk])
    assert sheet.bands.count() == 4
    response = client.post(url, {"campaign": env.campaign.pk, "block": block2.pk, "name": "Lần nữa"})
    assert response.status_code == 200
    assert ScoreSheet.objects.filter(block=block2).count() == 1


def builder_post(sheet, **extra):
    """The builder form as the page sends it, for the sheet as it stands."""
    data = {"name": sheet.name, "cap_band": str(sheet.cap_band_id)}
    for key in ("section_keys", "criterion_keys", "band_keys", "veto_keys"):
        data[key] = []
    for section in sheet.sections.all():
        data["section_keys"].append(str(section.pk))
        data[f"s-{section.pk}-title"] = section.title
    for c in Criterion.objects.filter(section__sheet=sheet).order_by("order"):
        data["criterion_keys"].append(str(c.pk))
        data.update({f"c-{c.pk}-section": c.section_id, f"c-{c.pk}-code": c.code, f"c-{c.pk}-title": c.title})
        data[f"c-{c.pk}-max_points"] = str(c.max_points)
    for b in sheet.bands.all():
        data["band_keys"].append(str(b.pk))
        data.update({f"b-{b.pk}-name": b.name, f"b-{b.pk}-min_score": str(b.min_score)})
    for v in sheet.vetoes.all():
        data["veto_keys"].append(str(v.pk))
        data[f"v-{v.pk}-text"] = v.text
    data.update(extra)
    return data


def test_builder_adds_a_section_with_criteria_a_band_and_a_veto(client, env):
    client.force_login(env.staff_a)
    data = builder_post(env.sheet)
    data["section_keys"].append("n00000001")
    data.update({"s-n00000001-title": "Phần 3: Công tác nữ công"})
    data["criterion_keys"] += ["n00000002", "n00000003"]
    data.update(
        {
            "c-n00000002-section": "n00000001",
            "c-n00000002-code": "3.1",
            "c-n00000002-title": "Giỏi việc nước – Đảm việc nhà",
            "c-n00000002-max_points": "10",
            # An added row left empty is ignored.
            "c-n00000003-section": "n00000001",
        }
    )
    data["veto_keys"].append("n00000004")
    data["v-n00000004-text"] = "Có đơn thư khiếu nại vượt cấp"
    response = client.post(reverse("campaigns:scoring_sheet_edit", args=[env.sheet.pk]), data)
    assert response.status_code == 302
    section = env.sheet.sections.get(title="Phần 3: Công tác nữ công")
    assert list(section.criteria.values_list("code", "max_points")) == [("3.1", Decimal(10))]
    assert list(env.sheet.vetoes.values_list("text", flat=True)) == [
        "Tai nạn lao động chết người",
        "Có đơn thư khiếu nại vượt cấp",
    ]
    assert "Phần 3: Công tác nữ công" in history_for(env.sheet).first().changes["sections"][1]


def test_builder_shows_row_errors_and_saves_nothing(client, env):
    client.force_login(env.staff_a)
    first = Criterion.objects.filter(section__sheet=env.sheet).order_by("order").first()
    data = builder_post(env.sheet, **{f"c-{first.pk}-max_points": "-3", f"c-{first.pk}-title": "Đổi tên"})
    response = client.post(reverse("campaigns:scoring_sheet_edit", args=[env.sheet.pk]), data)
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.title == "Tiêu chí 1.1"


def test_builder_rejects_two_bands_with_the_same_start(client, env):
    client.force_login(env.staff_a)
    bands = list(env.sheet.bands.all())
    data = builder_post(env.sheet, **{f"b-{bands[1].pk}-min_score": "90"})
    response = client.post(reverse("campaigns:scoring_sheet_edit", args=[env.sheet.pk]), data)
    assert response.status_code == 200
    assert response.context["structure"].errors == ["Hai mức xếp loại có cùng điểm bắt đầu."]


def test_builder_changes_cap_band(client, env):
    client.force_login(env.staff_a)
    good = env.sheet.bands.get(name="Hoàn thành tốt nhiệm vụ")
    response = client.post(
        reverse("campaigns:scoring_sheet_edit", args=[env.sheet.pk]), builder_post(env.sheet, cap_band=str(good.pk))
    )
    assert response.status_code == 302
    env.sheet.refresh_from_db()
    assert env.sheet.cap_band == good


def test_builder_on_a_locked_sheet_makes_a_version(client, env):
    from django.utils import timezone

    review(self_assess(started(env), env.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30}), env.staff_a)
    env.phase.closed_at = timezone.now()
    env.phase.save()
    client.force_login(env.staff_a)
    url = reverse("campaigns:scoring_sheet_edit", args=[env.sheet.pk])
    assert 'data-testid="locked"' in client.get(url).content.decode()
    response = client.post(url, builder_post(env.sheet, name="Bảng điểm 2023 (sửa)"))
    new = ScoreSheet.objects.get(is_current=True, campaign=env.campaign)
    assert new.version == 2
    assert response["Location"] == reverse("campaigns:scoring_sheet_detail", args=[new.pk])
    env.sheet.refresh_from_db()
    assert env.sheet.name == "Bảng điểm Khối doanh nghiệp"
    # Editing the old version now leads to the current one.
    response = client.get(url)
    assert response["Location"] == reverse("campaigns:scoring_sheet_edit", args=[new.pk])


def test_sheet_row_partial(client, env):
    url = reverse("campaigns:scoring_sheet_row", args=[env.sheet.pk])
    client.force_login(env.officer_a)
    assert client.get(url, {"kind": "c"}).status_code == 403
    client.force_login(env.staff_a)
    response = client.get(url, {"kind": "c", "section": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="criterion_keys"' in html
    assert "autofocus" in html
    assert client.get(url, {"kind": "x"}).status_code == 404
    assert 'name="section_keys"' in client.get(url, {"kind": "s"}).content.decode()


def test_sheet_list_query_count(client, env, django_assert_num_queries):
    client.force_login(env.staff_a)
    url = reverse("campaigns:scoring_sheet_list")
    client.get(url)  # warm the session and content types
    with django_assert_num_queries(6) as one:
        response = client.get(url)
    assert [s.pk for s in response.context["page_obj"]] == [env.sheet.pk]
    for code in ("hcsn", "giao-duc"):
        block = type(env.sheet.block).objects.create(code=code, name=f"Khối {code}")
        make_sheet(env.campaign, block)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 3
    client.force_login(env.officer_b)
    assert len(client.get(url).context["page_obj"]) == 0


def test_sheet_list_ignores_a_junk_campaign(client, env):
    # A campaign id past a 64-bit integer reached the database (500 on SQLite).
    client.force_login(env.staff_a)
    url = reverse("campaigns:scoring_sheet_list")
    for junk in ["99999999999999999999", "abc", "-1"]:
        assert list(client.get(url, {"campaign": junk}).context["page_obj"]) == [env.sheet]
    assert list(client.get(url, {"campaign": env.campaign.pk + 1}).context["page_obj"]) == []


# --- self-assessment ---------------------------------------------------------------------------------


def test_officer_starts_fills_with_evidence_and_submits(client, env):
    client.force_login(env.officer_a)
    response = client.get(reverse("campaigns:scoring_assessment_list"))
    assert [(o.phase.pk, o.unit.pk) for o in response.context["to_start"]] == [(env.phase.pk, env.grassroots_a.pk)]
    response = client.post(
        reverse("campaigns:scoring_assessment_start", args=[env.phase.pk]), {"unit": env.grassroots_a.pk}
    )
    assessment = SelfAssessment.objects.get(phase=env.phase, unit=env.grassroots_a)
    assert response["Location"] == reverse("campaigns:scoring_assessment_fill", args=[assessment.pk])
    ids = codes(assessment)
    url = reverse("campaigns:scoring_assessment_fill", args=[assessment.pk])
    pdf = SimpleUploadedFile("bien-ban-hop.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf")
    data = {
        f"score_{ids['1.1']}": "38.5",
        f"note_{ids['1.1']}": "Nghị quyết hội nghị người lao động",
        f"file_{ids['1.1']}": pdf,
        f"score_{ids['1.2']}": "27",
        f"score_{ids['2.1']}": "29.25",
        "action": "save",
    }
    assert client.post(url, data)["Location"] == url
    assessment.refresh_from_db()
    assert (assessment.state, assessment.self_total) == ("draft", Decimal("94.75"))
    evidence = EvidenceFile.objects.get()
    assert (evidence.original_name, evidence.size) == ("bien-ban-hop.pdf", 19)
    download = client.get(reverse("campaigns:scoring_evidence_file", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minh chung"
    assert "bien-ban-hop.pdf" in download["Content-Disposition"]
    close_streaming(download)

    data = {k: v for k, v in data.items() if not k.startswith("file_")} | {"action": "submit"}
    response = client.post(url, data)
    assert response["Location"] == reverse("campaigns:scoring_assessment_detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    # Once submitted the unit can no longer change it.
    assert client.get(url).status_code == 403
    assert client.post(reverse("campaigns:scoring_evidence_delete", args=[evidence.pk])).status_code == 403


def test_fill_rejects_bad_evidence_and_too_many_points(client, env):
    assessment = started(env)
    ids = codes(assessment)
    client.force_login(env.officer_a)
    url = reverse("campaigns:scoring_assessment_fill", args=[assessment.pk])
    fake = SimpleUploadedFile("anh.png", b"not an image at all", content_type="image/png")
    script = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        url,
        {f"score_{ids['1.1']}": "41", f"file_{ids['1.2']}": fake, f"file_{ids['2.1']}": script, "action": "save"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[f"score_{ids['1.1']}"] == ["Tối đa 40 điểm."]
    assert errors[f"file_{ids['1.2']}"] == ["Nội dung tệp không phải là tệp png."]
    assert errors[f"file_{ids['2.1']}"] == ["Chỉ nhận tệp PDF, Word (.doc, .docx), Excel (.xls, .xlsx), JPG và PNG."]
    assert not EvidenceFile.objects.exists()


def test_evidence_too_large(client, env, settings):
    from campaigns.forms import scoring as forms_module

    assessment = started(env)
    ids = codes(assessment)
    client.force_login(env.officer_a)
    big = SimpleUploadedFile(
        "scan.pdf", b"%PDF" + b"0" * (forms_module.EVIDENCE_MAX_BYTES), content_type="application/pdf"
    )
    response = client.post(
        reverse("campaigns:scoring_assessment_fill", args=[assessment.pk]), {f"file_{ids['1.1']}": big}
    )
    assert response.context["form"].errors[f"file_{ids['1.1']}"] == ["Tệp lớn hơn 10,0\xa0MB."]


def test_evidence_delete_by_officer_while_draft(client, env):
    assessment = started(env)
    ids = codes(assessment)
    domain.save_self_scores(
        assessment,
        by=env.officer_a,
        scores={},
        vetoes=[],
        files={ids["1.1"]: [SimpleUploadedFile("a.pdf", b"%PDF-1.4")]},
    )
    evidence = EvidenceFile.objects.get()
    client.force_login(env.staff_b)
    assert client.post(reverse("campaigns:scoring_evidence_delete", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("campaigns:scoring_evidence_file", args=[evidence.pk])).status_code == 404
    client.force_login(env.staff_a)
    download = client.get(reverse("campaigns:scoring_evidence_file", args=[evidence.pk]))
    assert download.status_code == 200
    close_streaming(download)
    client.force_login(env.officer_a)
    response = client.post(reverse("campaigns:scoring_evidence_delete", args=[evidence.pk]))
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()
    assert history_for(assessment).first().changes == {"evidence_file@1.1": ["a.pdf", None]}


def test_assessment_detail_scope(client, env):
    assessment = started(env)
    url = reverse("campaigns:scoring_assessment_detail", args=[assessment.pk])
    client.force_login(env.officer_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_fill"] is True
    assert [(move.target, move.name) for move in response.context["moves"]] == [("submitted", "submit")]
    client.force_login(env.staff_a)
    assert client.get(url).status_code == 200
    client.force_login(env.officer_b)
    assert client.get(url).status_code == 404
    client.force_login(env.staff_b)
    assert client.get(url).status_code == 404


def test_fill_forbidden_to_other_officer_in_scope_is_404_and_closed_phase_403(client, env):
    assessment = started(env)
    url = reverse("campaigns:scoring_assessment_fill", args=[assessment.pk])
    client.force_login(env.officer_b)
    assert client.get(url).status_code == 404
    env.phase.self_assessment_open = False
    env.phase.save()
    client.force_login(env.officer_a)
    assert client.get(url).status_code == 403


def test_review_page_reviewer_changes_a_score_with_a_reason(client, env):
    assessment = self_assess(started(env), env.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30})
    ids = codes(assessment)
    url = reverse("campaigns:scoring_assessment_review", args=[assessment.pk])
    client.force_login(env.officer_a)
    assert client.get(url).status_code == 403
    client.force_login(env.officer_b)
    assert client.get(url).status_code == 404
    client.force_login(env.staff_a)
    data = {f"score_{ids['1.1']}": "32", f"score_{ids['1.2']}": "30", f"score_{ids['2.1']}": "30", "action": "save"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"reason_{ids['1.1']}"] == ["Hãy nêu lý do thay đổi điểm này."]
    data[f"reason_{ids['1.1']}"] = "Chưa có biên bản kiểm tra ATVSLĐ"
    data["action"] = "approve"
    response = client.post(url, data)
    assert response["Location"] == reverse("campaigns:scoring_assessment_detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert (assessment.state, assessment.self_total, assessment.total) == ("reviewed", Decimal(100), Decimal(92))
    entry = assessment.entries.get(criterion_id=ids["1.1"])
    assert (entry.self_score, entry.reviewed_score, entry.review_reason) == (
        Decimal(40),
        Decimal(32),
        "Chưa có biên bản kiểm tra ATVSLĐ",
    )
    record = history_for(assessment).filter(action="update").first()
    assert (record.changes, record.note, record.actor) == (
        {"reviewed_score@1.1": ["40", "32"]},
        "Chưa có biên bản kiểm tra ATVSLĐ",
        env.staff_a,
    )
    client.force_login(env.officer_a)
    html = client.get(reverse("campaigns:scoring_assessment_detail", args=[assessment.pk])).content.decode()
    assert "Chưa có biên bản kiểm tra ATVSLĐ" in html


def test_transition_view(client, env):
    assessment = self_assess(started(env), env.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30})
    url = reverse("campaigns:scoring_assessment_transition", args=[assessment.pk])
    client.force_login(env.officer_a)
    assert client.post(url, {"to": "draft", "from": "submitted", "note": "x"}).status_code == 403
    client.force_login(env.officer_b)
    assert client.post(url, {"to": "draft", "from": "submitted"}).status_code == 404
    client.force_login(env.staff_a)
    client.post(url, {"to": "draft", "from": "submitted", "note": ""})
    assessment.refresh_from_db()
    assert assessment.state == "submitted"  # returning needs a reason
    client.post(url, {"to": "draft", "from": "submitted", "note": "Thiếu minh chứng tiêu chí 2.1"})
    assessment.refresh_from_db()
    assert assessment.state == "draft"
    # A page opened before the return now posts a stale move.
    response = client.post(url, {"to": "reviewed", "from": "submitted"}, follow=True)
    assert "Người khác đã xử lý bản tự chấm này trước bạn" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == "draft"


def test_assessment_list_ignores_a_junk_phase(client, env):
    # The link to the phase's ranking was built from the raw ?phase= (NoReverseMatch: 500).
    assessment = started(env)
    client.force_login(env.officer_a)
    url = reverse("campaigns:scoring_assessment_list")
    ranking = reverse("campaigns:scoring_ranking", args=[env.phase.pk])
    for junk in ["abc", "-1", "²", "99999999999999999999"]:
        response = client.get(url, {"phase": junk})
        assert response.context["phase"] is None
        assert list(response.context["page_obj"]) == [assessment]
        assert f'class="btn btn-link" href="{ranking}"' not in response.content.decode()
    response = client.get(url, {"phase": env.phase.pk})
    assert response.context["phase"] == env.phase
    assert f'class="btn btn-link" href="{ranking}"' in response.content.decode()


def test_assessment_list_query_count(client, env, world, django_assert_num_queries):
    from tests.factories import GrassrootsFactory

    started(env)
    client.force_login(env.staff_a)
    url = reverse("campaigns:scoring_assessment_list")
    client.get(url)
    with django_assert_num_queries(6) as one:
        response = client.get(url)
    assert len(response.context["page_obj"]) == 1
    started(env, env.grassroots_a2)
    started(env, GrassrootsFactory(parent=env.district_a, block=env.grassroots_a.block))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 3
    client.force_login(env.officer_a)
    assert len(client.get(url).context["page_obj"]) == 1
    assert len(client.get(url, {"state": "submitted"}).context["page_obj"]) == 0


def test_start_by_outsider_and_for_unit_out_of_scope(client, env):
    url = reverse("campaigns:scoring_assessment_start", args=[env.phase.pk])
    client.force_login(env.officer_a)
    assert client.post(url, {"unit": env.grassroots_a2.pk}).status_code == 404
    client.force_login(env.staff_a)
    assert client.post(url, {"unit": env.grassroots_a2.pk}).status_code == 302  # staff may type it in
    assert SelfAssessment.objects.filter(unit=env.grassroots_a2).count() == 1


# --- ranking -----------------------------------------------------------------------------------------


def test_ranking_scope_and_query_count(client, env, django_assert_num_queries):
    from tests.factories import GrassrootsFactory

    review(self_assess(started(env), env.officer_a, {"1.1": 40, "1.2": 30, "2.1": 30}), env.staff_a)
    url = reverse("campaigns:scoring_ranking", args=[env.phase.pk])
    client.force_login(env.officer_b)
    assert client.get(url).status_code == 404
    client.force_login(env.staff_a)
    client.get(url)
    with django_assert_num_queries(9) as one:
        response = client.get(url)
    assert [(a.unit.name, a.block_rank) for a in response.context["page_obj"]] == [
        ("Công đoàn Công ty Cổ phần Fecon", 1)
    ]
    for unit in (env.grassroots_a2, GrassrootsFactory(parent=env.district_a, block=env.grassroots_a.block)):
        review(self_assess(started(env, unit), env.staff_a, {"1.1": 30, "1.2": 30, "2.1": 30}), env.staff_a)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert [a.block_rank for a in response.context["page_obj"]] == [1, 2, 2]
    client.force_login(env.officer_a)
    assert [a.unit for a in client.get(url).context["page_obj"]] == [env.grassroots_a]
