import datetime
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.domain.core import transition
from campaigns.enums import CampaignKind, CampaignState
from campaigns.models import Campaign, Movement
from campaigns.queries.core import campaigns_for_user
from tests.campaigns.factories_core import CampaignFactory, PhaseFactory
from tests.factories import GrassrootsFactory, UpperFactory, user_with_role
from unions.enums import Role
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def _titles(user):
    return sorted(campaigns_for_user(user).values_list("title", flat=True))


def test_city_campaign_is_seen_by_every_unit_below_and_district_campaign_only_by_its_subtree(world):
    CampaignFactory(launched_by=world.city, title="Thành phố 2023")
    CampaignFactory(launched_by=world.district_a, title="Hà Đông 2023")
    CampaignFactory(launched_by=world.district_b, title="Đan Phượng 2023")
    assert _titles(world.officer_a) == ["Hà Đông 2023", "Thành phố 2023"]
    assert _titles(world.staff_a) == ["Hà Đông 2023", "Thành phố 2023"]
    assert _titles(world.officer_b) == ["Thành phố 2023", "Đan Phượng 2023"]
    assert _titles(world.city_reviewer) == ["Hà Đông 2023", "Thành phố 2023", "Đan Phượng 2023"]


def test_draft_is_seen_only_by_staff_at_or_above_the_launching_unit(world):
    CampaignFactory(launched_by=world.district_a, title="Nháp", state=CampaignState.DRAFT)
    assert _titles(world.staff_a) == ["Nháp"]
    assert _titles(world.city_reviewer) == ["Nháp"]
    assert _titles(world.officer_a) == []
    assert _titles(world.staff_b) == []


def test_campaign_list_shows_visible_campaigns(client, world):
    CampaignFactory(launched_by=world.district_a, title="Hà Đông 2023")
    CampaignFactory(launched_by=world.district_b, title="Đan Phượng 2023")
    client.force_login(world.insider)
    response = client.get(reverse("campaigns:campaign_list"))
    assert response.status_code == 200
    assert [c.title for c in response.context["page_obj"]] == ["Hà Đông 2023"]
    assert response.context["can_add"] is False


def test_campaign_list_filters_by_state_and_year(client, world):
    CampaignFactory(launched_by=world.district_a, title="2023")
    CampaignFactory(
        launched_by=world.district_a,
        title="2020–2025",
        kind=CampaignKind.STAGE,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        state=CampaignState.CLOSED,
    )
    client.force_login(world.reviewer)
    titles = lambda query: [c.title for c in client.get(reverse("campaigns:campaign_list"), query).context["page_obj"]]  # noqa: E731
    assert titles({"year": "2021"}) == ["2020–2025"]
    assert titles({"year": "2023"}) == ["2023", "2020–2025"]
    assert titles({"state": "closed"}) == ["2020–2025"]
    # Junk years are ignored: one past any date, or a digit int() refuses, answered 500.
    for junk in ["99999999999", "99999999999999999999", "²", "-1", "abc"]:
        assert titles({"year": junk}) == ["2023", "2020–2025"]


@pytest.mark.parametrize("rows", [1, 3])
def test_campaign_list_query_count_does_not_grow(client, world, django_assert_num_queries, rows):
    movements = list(Movement.objects.all()[:2])
    for n in range(rows):
        campaign = CampaignFactory(launched_by=world.district_a, title=f"Phong trào {n}")
        campaign.movements.set(movements)
    client.force_login(world.reviewer)
    with django_assert_num_queries(6):
        response = client.get(reverse("campaigns:campaign_list"))
    assert len(response.context["page_obj"]) == rows


def test_detail_insider_reviewer_above_and_outsider(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    url = reverse("campaigns:campaign_detail", args=[campaign.pk])
    client.force_login(world.insider)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_change"] is False
    client.force_login(world.city_reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_change"] is False
    client.force_login(world.reviewer)
    assert client.get(url).context["can_change"] is True
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def _campaign_post(unit, **extra):
    movement = Movement.objects.get(name="Lao động giỏi – Lao động sáng tạo")
    data = {
        "launched_by": unit.pk,
        "title": "Phong trào thi đua năm 2023 quận Hà Đông",
        "kind": CampaignKind.ANNUAL,
        "method": "regular",
        "movements": [movement.pk],
        "starts_on": "01/01/2023",
        "ends_on": "31/12/2023",
        "document_number": "15/KH-LĐLĐ",
        "document_date": "05/01/2023",
        "description": "",
    }
    data.update(extra)
    return data


def test_district_staff_creates_a_draft_campaign_with_its_launch_document(client, world):
    client.force_login(world.reviewer)
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%ke hoach\n", content_type="application/pdf")
    response = client.post(reverse("campaigns:campaign_add"), _campaign_post(world.district_a, document_file=upload))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:campaign_detail", args=[campaign.pk])
    assert campaign.state == CampaignState.DRAFT
    assert campaign.launched_by == world.district_a
    assert campaign.created_by == world.reviewer
    assert campaign.document_number == "15/KH-LĐLĐ"
    assert campaign.document_date == datetime.date(2023, 1, 5)
    assert [m.name for m in campaign.movements.all()] == ["Lao động giỏi – Lao động sáng tạo"]
    assert [(h.action, h.actor) for h in history_for(campaign)] == [("create", world.reviewer)]
    download = client.get(reverse("campaigns:campaign_launch_file", args=[campaign.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%ke hoach\n"
    assert "/media/" not in client.get(campaign.get_absolute_url()).content.decode()


def test_staff_cannot_launch_for_a_unit_they_do_not_staff(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("campaigns:campaign_add"), _campaign_post(world.district_b))
    assert response.status_code == 200
    assert "launched_by" in response.context["form"].errors
    assert Campaign.objects.count() == 0


def test_grassroots_officer_may_not_create_a_campaign(client, world):
    client.force_login(world.insider)
    assert client.get(reverse("campaigns:campaign_add")).status_code == 403


def test_campaign_period_must_be_ordered(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("campaigns:campaign_add"), _campaign_post(world.district_a, ends_on="31/12/2022"))
    assert response.context["form"].errors["ends_on"] == ["Phong trào không thể kết thúc trước khi bắt đầu."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.png", b"\x89PNG\r\n", "Chỉ nhận tệp PDF, Word (.doc, .docx) và Excel (.xlsx)."),
        ("gia.pdf", b"MZ\x90\x00 not a pdf", "Nội dung tệp không phải là tệp pdf."),
    ],
)
def test_launch_document_type_is_checked(client, world, name, content, message):
    client.force_login(world.reviewer)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("campaigns:campaign_add"), _campaign_post(world.district_a, document_file=upload))
    assert response.context["form"].errors["document_file"] == [message]


def test_launch_document_size_is_checked(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(world.reviewer)
    upload = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"x" * 2000)
    response = client.post(reverse("campaigns:campaign_add"), _campaign_post(world.district_a, document_file=upload))
    assert response.context["form"].errors["document_file"] == ["Tệp lớn hơn 1,0\xa0KB."]


def test_edit_by_launching_staff_records_the_change(client, world):
    campaign = CampaignFactory(launched_by=world.district_a, title="Cũ")
    client.force_login(world.reviewer)
    data = _campaign_post(world.district_a, title="Mới")
    del data["launched_by"]
    response = client.post(reverse("campaigns:campaign_edit", args=[campaign.pk]), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Mới"
    record = history_for(campaign).get()
    assert record.action == "update"
    assert record.changes["title"] == ["Cũ", "Mới"]


def test_the_form_of_emulation_is_chosen_shown_and_its_change_recorded(client, world):
    client.force_login(world.reviewer)
    client.post(reverse("campaigns:campaign_add"), _campaign_post(world.district_a, kind="peak", method="thematic"))
    campaign = Campaign.objects.get()
    assert (campaign.kind, campaign.method) == ("peak", "thematic")
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert (
        '<dt class="col-sm-3">Hình thức tổ chức thi đua</dt><dd class="col-sm-9">Thi đua theo chuyên đề (theo đợt)</dd>'
        in body
    )
    data = _campaign_post(world.district_a, kind="peak", method="regular")
    del data["launched_by"]
    client.post(reverse("campaigns:campaign_edit", args=[campaign.pk]), data)
    assert history_for(campaign).first().changes["method"] == ["thematic", "regular"]
    data["method"] = "hang-tuan"
    response = client.post(reverse("campaigns:campaign_edit", args=[campaign.pk]), data)
    assert response.status_code == 200
    assert "method" in response.context["form"].errors


def test_edit_forbidden_to_reviewer_above_and_officer_hidden_from_outsider(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    url = reverse("campaigns:campaign_edit", args=[campaign.pk])
    client.force_login(world.city_reviewer)
    assert client.get(url).status_code == 403
    client.force_login(world.insider)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_city_campaign_edited_only_by_city_staff(client, world):
    campaign = CampaignFactory(launched_by=world.city)
    client.force_login(world.reviewer)
    assert client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])).status_code == 403
    client.force_login(world.city_reviewer)
    assert client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])).status_code == 200


def test_period_cannot_shrink_past_a_phase(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    PhaseFactory(campaign=campaign, starts_on=datetime.date(2023, 7, 1), ends_on=datetime.date(2023, 12, 31))
    client.force_login(world.reviewer)
    data = _campaign_post(world.district_a, ends_on="30/06/2023")
    del data["launched_by"]
    response = client.post(reverse("campaigns:campaign_edit", args=[campaign.pk]), data)
    assert response.context["form"].non_field_errors() == [
        "Đợt 1 diễn ra 01/07/2023 – 31/12/2023, ngoài thời gian mới: hãy sửa đợt trước."
    ]


def test_transition_table_launch_close_reopen(client, world):
    campaign = CampaignFactory(launched_by=world.district_a, state=CampaignState.DRAFT)
    PhaseFactory(campaign=campaign)
    client.force_login(world.reviewer)
    url = reverse("campaigns:campaign_transition", args=[campaign.pk])
    for to in ["launched", "closed", "launched"]:
        assert client.post(url, {"to": to, "note": f"sang {to}"}).status_code == 302
        campaign.refresh_from_db()
        assert campaign.state == to
    records = list(history_for(campaign).order_by("pk"))
    assert [(r.action, r.changes, r.note) for r in records] == [
        ("transition", {"state": ["draft", "launched"]}, "sang launched"),
        ("transition", {"state": ["launched", "closed"]}, "sang closed"),
        ("transition", {"state": ["closed", "launched"]}, "sang launched"),
    ]


def test_illegal_move_is_refused(world):
    campaign = CampaignFactory(launched_by=world.district_a, state=CampaignState.DRAFT)
    with pytest.raises(DomainError) as raised:
        transition(campaign, CampaignState.LAUNCHED, by=world.reviewer)
    assert str(raised.value) == "Thêm ít nhất một đợt trước khi phát động phong trào."
    with pytest.raises(DomainError) as raised:
        transition(campaign, CampaignState.CLOSED, by=world.reviewer)
    assert str(raised.value) == "Không thể chuyển phong trào từ “Nháp” sang “Kết thúc”."
    assert Campaign.objects.get().state == CampaignState.DRAFT


def test_stale_page_is_told_someone_moved_first(client, world):
    campaign = CampaignFactory(launched_by=world.district_a, state=CampaignState.LAUNCHED)
    stale = Campaign.objects.get(pk=campaign.pk)
    transition(campaign, CampaignState.CLOSED, by=world.reviewer)
    with pytest.raises(DomainError) as raised:
        transition(stale, CampaignState.CLOSED, by=world.reviewer)
    assert str(raised.value) == (
        "Người khác đã xử lý phong trào này trước bạn: hiện phong trào ở trạng thái “Kết thúc”. "
        "Không có gì được thay đổi."
    )


def test_transition_forbidden_to_reviewer_above(client, world):
    campaign = CampaignFactory(launched_by=world.district_a, state=CampaignState.LAUNCHED)
    client.force_login(world.city_reviewer)
    response = client.post(reverse("campaigns:campaign_transition", args=[campaign.pk]), {"to": "closed"})
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.LAUNCHED


def test_new_upper_unit_sees_city_campaign(world):
    district_c = UpperFactory(parent=world.city, short_code="TT")
    grassroots_c = GrassrootsFactory(parent=district_c)
    officer = user_with_role(grassroots_c, Role.GRASSROOTS_OFFICER, "officer_c")
    CampaignFactory(launched_by=world.city, title="Thành phố")
    assert _titles(officer) == ["Thành phố"]


def test_launch_document_download_insider_reviewer_outsider(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    campaign.document_file.save("ke-hoach.pdf", SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 launch"))
    url = reverse("campaigns:campaign_launch_file", args=[campaign.pk])
    for user in [world.insider, world.city_reviewer]:
        client.force_login(user)
        response = client.get(url)
        assert b"".join(response.streaming_content) == b"%PDF-1.4 launch"
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_campaign_without_launch_file_answers_404(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.insider)
    assert client.get(reverse("campaigns:campaign_launch_file", args=[campaign.pk])).status_code == 404


def _move_buttons(html):
    form = re.search(r'data-testid="transition-form">(.*?)</form>', html, re.S).group(1)
    return re.findall(
        r'<button type="submit" name="to" value="(\w+)" class="btn ([\w-]+) me-2"[^>]*>([^<]+)</button>', form
    )


def test_campaign_page_offers_each_move_as_a_button_with_none_preselected(client, world):
    campaign = CampaignFactory(launched_by=world.district_a, state=CampaignState.DRAFT)
    PhaseFactory(campaign=campaign)
    client.force_login(world.reviewer)
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert '<select name="to"' not in html
    assert _move_buttons(html) == [("launched", "btn-primary", "Phát động")]
    transition(campaign, CampaignState.LAUNCHED, by=world.reviewer)
    # Once launched, closing is a button of its own, to be pressed (and confirmed), never a default.
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert '<select name="to"' not in html
    assert " selected" not in re.search(r'data-testid="transition-form">(.*?)</form>', html, re.S).group(1)
    assert _move_buttons(html) == [("closed", "btn-outline-secondary", "Kết thúc")]
    response = client.post(reverse("campaigns:campaign_transition", args=[campaign.pk]), {"to": "closed", "note": ""})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CLOSED


def test_campaign_list_names_movements_apart_from_campaigns(client, world):
    client.force_login(world.reviewer)
    html = client.get(reverse("campaigns:campaign_list")).content.decode()
    headings = re.findall(
        r"<th>([^<]*)</th>", re.search(r'data-testid="campaign-table">.*?</thead>', html, re.S).group(0)
    )
    assert headings == ["Phong trào", "Đơn vị phát động", "Loại", "Thời gian", "Phong trào chung", "Trạng thái"]
    assert re.search(r'data-testid="movements-link">([^<]*)</a>', html).group(1) == "Các phong trào chung"
    assert "Phong trào mới" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("campaigns:campaign_list")).content.decode()
    assert re.search(r'data-testid="movements-link">([^<]*)</a>', html).group(1) == "Movements"
