import subprocess
import unicodedata

import pytest

from awards.enums import Level, NominationState
from awards.models import Award, Decision
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory
from unionsite.history import history_for

pytestmark = pytest.mark.django_db
S = NominationState


def pdf_text(content, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return unicodedata.normalize("NFC", text.decode())


@pytest.fixture
def approved(world, phase):
    return [
        NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, member=world.member_a),
        NominationFactory(
            phase=phase, unit=world.grassroots_a2, state=S.APPROVED, member__full_name="Đặng Thị Thu Hương"
        ),
    ]


def _issue(client, nominations, number="125/QĐ-LĐLĐ", unit=None, world=None, method="regular"):
    return client.post(
        "/khen-thuong/quyet-dinh/moi/",
        {
            "unit": unit.pk,
            "method": method,
            "number": number,
            "date": "2026-11-20",
            "signer": "Nguyễn Văn Phú",
            "signer_title": "Chủ tịch LĐLĐ quận Hà Đông",
            "nominations": [n.pk for n in nominations],
        },
    )


def test_upper_staff_issues_a_decision_over_approved_nominations(client, world, approved):
    client.force_login(world.staff_a)
    form = client.get("/khen-thuong/quyet-dinh/moi/").context["form"]
    assert set(form.fields["nominations"].queryset) == set(approved)
    response = _issue(client, approved, unit=world.district_a)
    decision = Decision.objects.get()
    assert response["Location"] == f"/khen-thuong/quyet-dinh/{decision.pk}/"
    assert (decision.level, decision.unit, decision.number) == (Level.UPPER, world.district_a, "125/QĐ-LĐLĐ")
    awards = Award.objects.order_by("pk")
    assert [(a.awardee_name, a.level, a.year, a.nomination_id) for a in awards] == [
        ("Nguyễn Thị Kim Dung", "upper", 2026, approved[0].pk),
        ("Đặng Thị Thu Hương", "upper", 2026, approved[1].pk),
    ]
    assert history_for(approved[0]).first().changes == {"decision": [None, "125/QĐ-LĐLĐ"]}
    # Decided nominations are not offered again.
    assert list(client.get("/khen-thuong/quyet-dinh/moi/").context["form"].fields["nominations"].queryset) == []


def test_the_kind_of_commendation_is_chosen_on_the_decision_and_kept_on_each_award(client, world, approved):
    client.force_login(world.staff_a)
    response = client.get("/khen-thuong/quyet-dinh/moi/")
    assert '<option value="regular" selected>' in response.content.decode()
    form = response.context["form"]
    assert [label for _, label in form.fields["method"].choices] == [
        "Khen thưởng thường xuyên (theo công trạng và thành tích)",
        "Khen thưởng theo chuyên đề, theo đợt",
        "Khen thưởng đột xuất",
        "Khen thưởng quá trình cống hiến",
        "Khen thưởng theo niên hạn",
        "Khen thưởng đối ngoại",
    ]
    _issue(client, approved, unit=world.district_a, method="ad_hoc")
    decision = Decision.objects.get()
    assert decision.method == "ad_hoc"
    assert set(Award.objects.values_list("method", flat=True)) == {"ad_hoc"}
    body = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
    assert '<dt class="col-sm-3">Loại hình khen thưởng</dt><dd class="col-sm-9">Khen thưởng đột xuất</dd>' in body
    # A kind outside the list is refused with the field named, and nothing is issued.
    response = _issue(client, [], unit=world.district_a, number="126/QĐ-LĐLĐ", method="thuong-nong")
    assert "method" in response.context["form"].errors
    assert Decision.objects.count() == 1


def test_officer_may_not_issue_and_outsider_does_not_see_the_decision(client, world, approved):
    client.force_login(world.officer_a)
    assert client.get("/khen-thuong/quyet-dinh/moi/").status_code == 403
    client.force_login(world.staff_a)
    _issue(client, approved, unit=world.district_a)
    decision = Decision.objects.get()
    for user, status in [
        (world.officer_a, 200),
        (world.staff_a, 200),
        (world.city_reviewer, 200),
        (world.officer_b, 404),
    ]:
        client.force_login(user)
        assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").status_code == status


def test_decision_number_is_unique_per_unit(client, world, approved):
    DecisionFactory(unit=world.district_a, number="125/QĐ-LĐLĐ")
    client.force_login(world.staff_a)
    response = _issue(client, approved, unit=world.district_a)
    assert response.status_code == 200
    assert Award.objects.count() == 0


def test_city_reviewer_cannot_decide_upper_level_nominations(client, world, approved):
    client.force_login(world.city_reviewer)
    response = _issue(client, approved, unit=world.city)
    assert list(response.context["form"].errors) == ["nominations"]
    assert Award.objects.count() == 0


def test_decision_pdf_lists_the_awardees_with_diacritics(client, world, approved, tmp_path):
    client.force_login(world.staff_a)
    _issue(client, approved, unit=world.district_a)
    decision = Decision.objects.get()
    client.force_login(world.officer_a)
    response = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "QUYẾT ĐỊNH" in text
    assert "Nguyễn Thị Kim Dung" in text
    assert "Đặng Thị Thu Hương" in text
    assert "Số: 125/QĐ-LĐLĐ" in text
    assert "Hà Đông, ngày 20 tháng 11 năm 2026" in text
    assert "Nguyễn Văn Phú" in text


def test_certificate_pdf_per_awardee(client, world, approved, tmp_path):
    client.force_login(world.staff_a)
    _issue(client, approved, unit=world.district_a)
    award = Award.objects.get(member=world.member_a)
    client.force_login(world.officer_a)
    response = client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/")
    text = pdf_text(response.content, tmp_path)
    assert "GIẤY KHEN" in text
    assert "Nguyễn Thị Kim Dung" in text
    assert "Đã đạt danh hiệu Công nhân giỏi cấp quận, huyện năm 2026" in text
    client.force_login(world.officer_b)
    assert client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/").status_code == 404


def test_city_award_certificate_is_a_bang_khen(client, world, tmp_path):
    decision = DecisionFactory(unit=world.city, level=Level.CITY, number="9/QĐ-LĐLĐTP")
    award = AwardFactory(unit=world.grassroots_a, member=world.member_a, level=Level.CITY, decision=decision)
    client.force_login(world.officer_a)
    text = pdf_text(client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/").content, tmp_path)
    assert "BẰNG KHEN" in text
    assert "Nguyễn Thị Kim Dung" in text
    assert "Đã đạt danh hiệu Công nhân giỏi Thủ đô năm 2026" in text


def test_revoking_an_award_keeps_it_with_the_reason_and_history(client, world):
    decision = DecisionFactory(unit=world.district_a)
    award = AwardFactory(unit=world.grassroots_a, member=world.member_a, decision=decision)
    url = f"/khen-thuong/khen-thuong/{award.pk}/thu-hoi/"
    client.force_login(world.officer_a)
    assert client.post(url, {"reason": "Khai man thành tích"}).status_code == 403
    client.force_login(world.staff_b)
    assert client.post(url, {"reason": "Khai man thành tích"}).status_code == 404
    client.force_login(world.staff_a)
    assert client.get(f"/khen-thuong/khen-thuong/{award.pk}/").context["revoke_form"] is not None
    client.post(url, {"reason": "Khai man thành tích"})
    award.refresh_from_db()
    assert (award.is_revoked, award.revoke_reason) == (True, "Khai man thành tích")
    entry = history_for(award).first()
    assert (entry.changes, entry.note, entry.actor) == (
        {"revoked": [False, True]},
        "Khai man thành tích",
        world.staff_a,
    )
    response = client.post(url, {"reason": "lần nữa"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã thu hồi khen thưởng.",
        "Khen thưởng này đã bị thu hồi.",
    ]
    client.force_login(world.officer_a)
    assert client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/").status_code == 404


def test_decision_list_query_count_is_flat(client, world, django_assert_num_queries):
    client.force_login(world.officer_a)
    d = DecisionFactory(unit=world.district_a)
    AwardFactory(unit=world.grassroots_a, decision=d)
    with django_assert_num_queries(5) as one:
        response = client.get("/khen-thuong/quyet-dinh/")
    assert len(response.context["page_obj"]) == 1
    for _ in range(2):
        AwardFactory(unit=world.grassroots_a, decision=DecisionFactory(unit=world.district_a))
    DecisionFactory(unit=world.district_b)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/khen-thuong/quyet-dinh/")
    assert len(response.context["page_obj"]) == 3


def test_decision_pdf_for_reviewer_above_and_not_for_outsider(client, world, approved):
    client.force_login(world.staff_a)
    _issue(client, approved, unit=world.district_a)
    decision = Decision.objects.get()
    client.force_login(world.city_reviewer)
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/pdf/").status_code == 200
    client.force_login(world.staff_b)
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/pdf/").status_code == 404


def test_decision_list_and_award_page_for_insider_reviewer_outsider(client, world):
    decision = DecisionFactory(unit=world.district_a, number="77/QĐ-LĐLĐ")
    award = AwardFactory(unit=world.grassroots_a, member=world.member_a, decision=decision)
    DecisionFactory(unit=world.district_b, number="5/QĐ-LĐLĐ")
    expected = {
        world.officer_a: ["77/QĐ-LĐLĐ"],
        world.staff_a: ["77/QĐ-LĐLĐ"],
        world.city_reviewer: ["77/QĐ-LĐLĐ", "5/QĐ-LĐLĐ"],
        world.officer_b: [],
    }
    for user, numbers in expected.items():
        client.force_login(user)
        assert sorted(d.number for d in client.get("/khen-thuong/quyet-dinh/").context["page_obj"]) == sorted(numbers)
    for user, status in [(world.officer_a, 200), (world.staff_a, 200), (world.officer_b, 404)]:
        client.force_login(user)
        response = client.get(f"/khen-thuong/khen-thuong/{award.pk}/")
        assert response.status_code == status
    client.force_login(world.officer_a)
    assert client.get(f"/khen-thuong/khen-thuong/{award.pk}/").context["revoke_form"] is None


def test_superuser_opens_a_decision_that_has_no_award_yet(client, world):
    # scope_q is an empty Q() for a superuser, which dropped out of the query's OR: only decisions
    # naming an awardee were left, so a new decision answered 404 to the administrator.
    decision = DecisionFactory(unit=world.district_a)
    client.force_login(world.admin)
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").status_code == 200
    assert list(client.get("/khen-thuong/quyet-dinh/").context["page_obj"]) == [decision]


def test_a_decision_is_read_whole_by_whoever_it_concerns_and_only_their_own_awards_link(client, world):
    """A decision is a public document: an officer whose union has an awardee in a city decision reads
    every awardee (as its signed PDF lists them), but the other districts' awards and certificates stay
    outside their scope (404, no link); a union with no awardee in it does not see it at all."""
    from django.urls import reverse

    from tests.factories import user_with_role
    from unions.enums import Role

    decision = DecisionFactory(unit=world.city, level=Level.CITY, number="7/QĐ-LĐLĐTP")
    mine = AwardFactory(unit=world.grassroots_a, member=world.member_a, decision=decision, level=Level.CITY)
    theirs = AwardFactory(unit=world.grassroots_b, member=world.member_b, decision=decision, level=Level.CITY)
    url = reverse("awards:decision_detail", args=[decision.pk])
    client.force_login(world.officer_a)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    rows = sorted((a.awardee_name, a.in_scope) for a in response.context["page_obj"])
    assert rows == sorted([(mine.awardee_name, True), (theirs.awardee_name, False)])
    assert f'href="{mine.get_absolute_url()}"' in html
    assert f'href="{reverse("awards:certificate_pdf", args=[mine.pk])}"' in html
    assert theirs.awardee_name in html
    assert f'href="{theirs.get_absolute_url()}"' not in html
    assert f'href="{reverse("awards:certificate_pdf", args=[theirs.pk])}"' not in html
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("awards:certificate_pdf", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("awards:decision_pdf", args=[decision.pk])).status_code == 200

    client.force_login(user_with_role(world.grassroots_a2, Role.GRASSROOTS_OFFICER, "officer_a2"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("awards:decision_pdf", args=[decision.pk])).status_code == 404
