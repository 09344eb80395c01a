import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.domain.workflow import notification_email
from awards.enums import Level, NominationState
from awards.models import Nomination, Notification
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, title
from unionsite.history import history_for

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def nomination(world, phase):
    member = world.member_a
    member.direct_production = True
    member.save()
    return NominationFactory(phase=phase, unit=world.grassroots_a, member=member, created_by=world.officer_a)


def _form_data(world, phase, **extra):
    return {
        "phase": phase.pk,
        "unit": world.grassroots_a.pk,
        "member": world.member_a.pk,
        "collective_name": "",
        "title": title("cong-nhan-gioi").pk,
        "level": "city",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ; 2 sáng kiến được công nhận.",
        "not_disciplined": "on",
        "not_absent_40_days": "on",
        **extra,
    }


def test_officer_creates_a_nomination_with_earlier_titles_from_the_records(client, world, phase):
    decision = DecisionFactory(unit=world.district_a, number="45/QĐ-LĐLĐ")
    AwardFactory(unit=world.grassroots_a, member=world.member_a, level=Level.UPPER, decision=decision)
    client.force_login(world.officer_a)
    response = client.post("/khen-thuong/de-nghi/moi/", _form_data(world, phase))
    nomination = Nomination.objects.get()
    assert response["Location"] == f"/khen-thuong/de-nghi/{nomination.pk}/"
    assert (nomination.state, nomination.year, nomination.created_by) == (S.DRAFT, 2026, world.officer_a)
    assert nomination.earlier_titles == "2026: Công nhân giỏi (Cấp quận, huyện) — quyết định 45/QĐ-LĐLĐ"
    assert [r.action for r in history_for(nomination)] == ["create"]


def test_upper_staff_nominates_on_behalf_of_a_grassroots_union(client, world, phase):
    client.force_login(world.staff_a)
    assert client.post("/khen-thuong/de-nghi/moi/", _form_data(world, phase)).status_code == 302
    assert Nomination.objects.get().created_by == world.staff_a


def test_outsider_cannot_nominate_for_another_union(client, world, phase):
    client.force_login(world.officer_b)
    response = client.post("/khen-thuong/de-nghi/moi/", _form_data(world, phase))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"unit", "member"}
    assert Nomination.objects.count() == 0


def test_form_refuses_a_title_at_a_level_it_does_not_exist_at(client, world, phase):
    client.force_login(world.officer_a)
    response = client.post(
        "/khen-thuong/de-nghi/moi/", _form_data(world, phase, title=title("lao-dong-gioi").pk, level="city")
    )
    assert response.context["form"].errors == {"level": ["Danh hiệu này không có ở cấp đã chọn."]}


def test_form_offers_only_open_phases(client, world, phase):
    closed = type(phase).objects.create(
        campaign=phase.campaign,
        number=phase.number + 1,
        name="Đợt 1",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        nominations_open=False,
    )
    client.force_login(world.officer_a)
    phases = list(client.get("/khen-thuong/de-nghi/moi/").context["form"].fields["phase"].queryset)
    assert phases == [phase]
    assert closed not in phases


def test_detail_shows_each_rule_with_its_reason(client, world, nomination):
    nomination.level = Level.CITY
    nomination.save()
    client.force_login(world.officer_a)
    response = client.get(f"/khen-thuong/de-nghi/{nomination.pk}/")
    assert [(r.passed, r.reason) for r in response.context["results"]][3] == (
        False,
        "Hồ sơ chưa có Công nhân giỏi (Cấp quận, huyện) năm 2026.",
    )
    assert "Chưa đạt: Đã đạt danh hiệu ở cấp dưới trong cùng năm" in response.content.decode()


def test_insider_reviewer_and_outsider_on_the_detail_page(client, world, nomination):
    client.force_login(world.officer_a)
    assert [m.target for m, _f in client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").context["moves"]] == [
        S.SUBMITTED,
        S.WITHDRAWN,
    ]
    client.force_login(world.staff_a)
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").status_code == 200
    client.force_login(world.city_reviewer)
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").context["moves"] == []
    client.force_login(world.officer_b)
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").status_code == 404


def test_edit_is_refused_once_submitted(client, world, nomination):
    client.force_login(world.officer_a)
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/sua/").status_code == 200
    client.post(
        f"/khen-thuong/de-nghi/{nomination.pk}/chuyen/", {"to": "submitted", "expected_state": "draft", "note": ""}
    )
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/sua/").status_code == 403
    client.force_login(world.officer_b)
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/sua/").status_code == 404


def test_edit_records_what_changed(client, world, phase, nomination):
    client.force_login(world.officer_a)
    data = _form_data(world, phase, level="upper", achievements="Thành tích mới")
    assert client.post(f"/khen-thuong/de-nghi/{nomination.pk}/sua/", data).status_code == 302
    assert history_for(nomination).first().changes == {"achievements": [nomination.achievements, "Thành tích mới"]}


def test_transition_view_moves_and_tells_the_late_actor(client, world, nomination):
    nomination.state = S.SUBMITTED
    nomination.save()
    client.force_login(world.staff_a)
    url = f"/khen-thuong/de-nghi/{nomination.pk}/chuyen/"
    client.post(url, {"to": "approved", "expected_state": "submitted"})
    assert Nomination.objects.get(pk=nomination.pk).state == S.APPROVED
    response = client.post(url, {"to": "rejected", "expected_state": "submitted", "note": "Thiếu hồ sơ"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Đề nghị hiện ở trạng thái: Cấp trên đã duyệt.",
        "Người khác đã xử lý đề nghị này trước bạn: hiện đề nghị ở trạng thái “Cấp trên đã duyệt”. "
        "Không có gì được thay đổi.",
    ]


def test_officer_gets_403_on_a_reviewer_move(client, world, nomination):
    nomination.state = S.SUBMITTED
    nomination.save()
    client.force_login(world.officer_a)
    url = f"/khen-thuong/de-nghi/{nomination.pk}/chuyen/"
    assert client.post(url, {"to": "approved", "expected_state": "submitted"}).status_code == 403


def test_attachment_type_and_size_are_checked_and_served_in_scope(client, world, nomination, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(world.officer_a)
    url = f"/khen-thuong/de-nghi/{nomination.pk}/tai-lieu/"
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {"kind": "achievement_report", "file": fake}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Nội dung tệp không phải là tệp pdf."]
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"kind": "achievement_report", "file": exe}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Chỉ nhận tệp PDF, Word (.doc, .docx), JPG và PNG."]
    big = SimpleUploadedFile("bien-ban.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    response = client.post(url, {"kind": "council_minutes", "file": big}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Tệp lớn hơn 1,0\xa0KB."]
    good = SimpleUploadedFile("bien-ban-hop.pdf", "%PDF-1.4 biên bản".encode(), content_type="application/pdf")
    client.post(url, {"kind": "council_minutes", "file": good})
    attachment = nomination.attachments.get()
    assert (attachment.original_name, attachment.kind) == ("bien-ban-hop.pdf", "council_minutes")
    download = f"/khen-thuong/tai-lieu/{attachment.pk}/"
    response = client.get(download)
    assert b"".join(response.streaming_content) == "%PDF-1.4 biên bản".encode()
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-hop.pdf"'
    client.force_login(world.staff_a)
    response = client.get(download)
    assert response.status_code == 200
    # Read it through: the test client closes the file when the stream ends (closing the response by
    # hand would fire request_finished and drop the test's database connection on PostgreSQL).
    assert b"".join(response.streaming_content) == "%PDF-1.4 biên bản".encode()
    client.force_login(world.officer_b)
    assert client.get(download).status_code == 404
    client.force_login(world.staff_a)
    assert client.post(url, {"kind": "other", "file": good}).status_code == 302
    nomination.state = S.SUBMITTED
    nomination.save()
    assert client.post(url, {"kind": "other", "file": good}).status_code == 403


def test_nomination_list_scoped_and_query_count_flat(client, world, phase, django_assert_num_queries):
    NominationFactory(phase=phase, unit=world.grassroots_b)
    NominationFactory(phase=phase, unit=world.grassroots_a)
    client.force_login(world.officer_a)
    with django_assert_num_queries(5) as one:
        response = client.get("/khen-thuong/")
    assert len(response.context["page_obj"]) == 1
    NominationFactory(phase=phase, unit=world.grassroots_a)
    NominationFactory(phase=phase, unit=world.grassroots_a, collective_name="Tổ hàn số 2", member=None)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/khen-thuong/")
    assert len(response.context["page_obj"]) == 3
    client.force_login(world.staff_a)
    assert len(client.get("/khen-thuong/").context["page_obj"]) == 3
    client.force_login(world.city_reviewer)
    assert len(client.get("/khen-thuong/").context["page_obj"]) == 4
    client.force_login(world.officer_b)
    assert len(client.get("/khen-thuong/").context["page_obj"]) == 1


def test_city_reviewer_does_not_nominate(client, world):
    client.force_login(world.city_reviewer)
    assert client.get("/khen-thuong/de-nghi/moi/").status_code == 403


def test_detail_shows_the_quotas_that_apply_and_initiatives(client, world, nomination):
    from awards import eligibility
    from tests.awards.factories import QuotaFactory

    QuotaFactory(unit=world.district_a, max_count=4)
    NominationFactory(phase=nomination.phase, unit=world.grassroots_a2, state=S.APPROVED)
    client.force_login(world.officer_a)
    eligibility.unregister_initiative_provider()  # tests/awards/conftest.py puts the real one back
    page = client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").content.decode()
    assert "LĐLĐ quận Hà Đông — Công nhân giỏi (Cấp quận, huyện, 2026): đã dùng 1/4 suất" in page
    assert "Sổ sáng kiến chưa sẵn sàng." in page
    eligibility.register_initiative_provider(lambda member, year, level: ["Máy cắt thép tự động"])
    try:
        page = client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").content.decode()
    finally:
        eligibility.unregister_initiative_provider()
    assert "<li>Máy cắt thép tự động</li>" in page


def test_a_second_nomination_for_the_same_title_level_and_year_is_refused(client, world, phase):
    client.force_login(world.officer_a)
    assert client.post("/khen-thuong/de-nghi/moi/", _form_data(world, phase)).status_code == 302
    response = client.post("/khen-thuong/de-nghi/moi/", _form_data(world, phase))
    assert response.context["form"].non_field_errors() == [
        "Người/tập thể này đã có đề nghị cho danh hiệu, cấp và năm này."
    ]


def test_reviewer_above_may_complete_a_draft_on_the_unions_behalf(client, world, phase, nomination):
    client.force_login(world.staff_a)
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/sua/").status_code == 200
    client.force_login(world.city_reviewer)
    assert client.get(f"/khen-thuong/de-nghi/{nomination.pk}/sua/").status_code == 403


def test_an_approval_note_is_a_note_and_a_return_gives_a_reason(client, world, nomination):
    nomination.state = S.SUBMITTED
    nomination.save()
    client.force_login(world.staff_a)
    moves = client.get(nomination.get_absolute_url()).context["moves"]
    assert sorted((move.name, str(form["note"].label)) for move, form in moves) == [
        ("approve", "Ghi chú (không bắt buộc)"),
        ("reject", "Lý do"),
        ("return", "Lý do"),
        ("withdraw", "Lý do"),  # upper-level staff may act on the union's behalf
    ]
    url = f"/khen-thuong/de-nghi/{nomination.pk}/chuyen/"
    client.post(url, {"to": "approved", "expected_state": "submitted", "note": "Hồ sơ đầy đủ"})
    html = client.get(nomination.get_absolute_url()).content.decode()
    assert '<span class="ms-2" data-testid="state-note">Ghi chú: Hồ sơ đầy đủ</span>' in html
    notification = Notification.objects.get(user=world.officer_a)
    assert notification_email(notification)[1].endswith("\n\nGhi chú: Hồ sơ đầy đủ")

    returned = NominationFactory(
        phase=nomination.phase, unit=world.grassroots_a, collective_name="Tổ hàn 3", member=None, state=S.SUBMITTED
    )
    url = f"/khen-thuong/de-nghi/{returned.pk}/chuyen/"
    client.post(url, {"to": "returned", "expected_state": "submitted", "note": "Bổ sung biên bản"})
    html = client.get(returned.get_absolute_url()).content.decode()
    assert '<span class="ms-2" data-testid="state-note">Lý do: Bổ sung biên bản</span>' in html
    notification = Notification.objects.get(nomination=returned)
    assert notification_email(notification)[1].endswith("\n\nLý do: Bổ sung biên bản")
