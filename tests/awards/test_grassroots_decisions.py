"""Grassroots-level titles: the union records its own decision, then decision PDF, certificates and
the prior-title rule of the level above work from the awards it created."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.eligibility import evaluate
from awards.enums import Level, RuleKind
from awards.models import Award, AwardTitle, Decision, EligibilityRule
from tests.awards.factories import DecisionFactory, NominationFactory
from tests.awards.test_decisions import pdf_text
from tests.factories import GrassrootsFactory, MemberFactory
from unionsite.history import history_for

pytestmark = pytest.mark.django_db

UNITS_URL = "/khen-thuong/quyet-dinh/co-so/"


def _url(unit):
    return f"/khen-thuong/quyet-dinh/co-so/{unit.pk}/moi/"


@pytest.fixture
def cng():
    return AwardTitle.objects.get(code="cong-nhan-gioi")


@pytest.fixture
def workers(world):
    world.member_a.direct_production = True
    world.member_a.save()
    second = MemberFactory(unit=world.grassroots_a, full_name="Đặng Thị Thu Hương", direct_production=True)
    return [world.member_a, second]


def _post(client, unit, title, members, number="12/QĐ-CĐCS", **extra):
    data = {
        "title": title.pk,
        "year": 2026,
        "members": [m.pk for m in members],
        "collective_names": "",
        "not_disciplined": "on",
        "not_absent_40_days": "on",
        "method": "regular",
        "number": number,
        "date": "2026-12-15",
        "signer": "Lê Thị Hồng Nhung",
        "signer_title": "Chủ tịch Công đoàn cơ sở",
    }
    data.update(extra)
    return client.post(_url(unit), data)


def test_officer_records_a_grassroots_decision(client, world, cng, workers):
    client.force_login(world.officer_a)
    form = client.get(_url(world.grassroots_a)).context["form"]
    assert cng in form.fields["title"].queryset
    # Only titles decided at grassroots level, and only the union's own members.
    assert not form.fields["title"].queryset.filter(code="bang-khen").exists()
    assert set(form.fields["members"].queryset) == set(workers)
    response = _post(client, world.grassroots_a, cng, workers)
    decision = Decision.objects.get()
    assert response["Location"] == f"/khen-thuong/quyet-dinh/{decision.pk}/"
    assert (decision.unit, decision.level, decision.number) == (world.grassroots_a, Level.GRASSROOTS, "12/QĐ-CĐCS")
    awards = Award.objects.order_by("pk")
    assert {(a.awardee_name, a.level, a.year, a.decision_id, a.unit_id) for a in awards} == {
        ("Nguyễn Thị Kim Dung", "grassroots", 2026, decision.pk, world.grassroots_a.pk),
        ("Đặng Thị Thu Hương", "grassroots", 2026, decision.pk, world.grassroots_a.pk),
    }
    assert history_for(decision).count() == 1
    assert history_for(awards[0]).first().note == "12/QĐ-CĐCS"
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").status_code == 200


def test_failures_are_shown_per_person_and_nothing_is_saved(client, world, cng, workers):
    not_worker = MemberFactory(unit=world.grassroots_a, full_name="Phạm Văn Đức", direct_production=False)
    client.force_login(world.officer_a)
    response = _post(client, world.grassroots_a, cng, [*workers, not_worker])
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Phạm Văn Đức: ")
    assert "Đoàn viên chưa được ghi nhận là công nhân trực tiếp sản xuất." in errors[0]
    assert "Phạm Văn Đức" in response.content.decode()
    assert (Decision.objects.count(), Award.objects.count()) == (0, 0)


def test_declarations_are_required_by_the_rules(client, world, cng, workers):
    client.force_login(world.officer_a)
    response = _post(client, world.grassroots_a, cng, workers[:1], not_disciplined="", not_absent_40_days="")
    errors = response.context["form"].non_field_errors()
    assert [e.split(":")[0] for e in errors] == ["Nguyễn Thị Kim Dung"]
    assert Award.objects.count() == 0


def test_the_same_title_twice_in_a_year_is_refused(client, world, cng, workers):
    client.force_login(world.officer_a)
    _post(client, world.grassroots_a, cng, workers[:1])
    response = _post(client, world.grassroots_a, cng, workers, number="13/QĐ-CĐCS")
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Nguyễn Thị Kim Dung: ")
    assert Award.objects.count() == 1


def test_decision_number_is_unique_per_union(client, world, cng, workers):
    DecisionFactory(unit=world.grassroots_a, level=Level.GRASSROOTS, number="12/QĐ-CĐCS")
    client.force_login(world.officer_a)
    response = _post(client, world.grassroots_a, cng, workers)
    assert response.status_code == 200
    assert Award.objects.count() == 0


def test_members_of_another_union_are_not_offered(client, world, cng, workers):
    client.force_login(world.officer_a)
    response = _post(client, world.grassroots_a, cng, [world.member_b])
    assert "members" in response.context["form"].errors
    assert Award.objects.count() == 0


def test_staff_above_records_on_behalf_and_reviewer_without_the_role_is_forbidden(client, world, cng, workers):
    client.force_login(world.staff_a)
    assert client.get(_url(world.grassroots_a)).status_code == 200
    _post(client, world.grassroots_a, cng, workers)
    assert Decision.objects.get().created_by == world.staff_a
    # The city reviewer sees the union but does not decide its grassroots titles.
    client.force_login(world.city_reviewer)
    assert client.get(_url(world.grassroots_a)).status_code == 403
    assert _post(client, world.grassroots_a, cng, workers, number="14/QĐ").status_code == 403
    assert client.get(UNITS_URL).status_code == 403
    assert Decision.objects.count() == 1


def test_outsiders_get_404(client, world, cng, workers):
    for user in (world.officer_b, world.staff_b):
        client.force_login(user)
        assert client.get(_url(world.grassroots_a)).status_code == 404
        assert _post(client, world.grassroots_a, cng, workers).status_code == 404
    # A sibling union's officer is an outsider too, and an upper union is no grassroots union.
    client.force_login(world.officer_a)
    assert client.get(_url(world.grassroots_a2)).status_code == 404
    client.force_login(world.staff_a)
    assert client.get(_url(world.district_a)).status_code == 404
    assert Award.objects.count() == 0


def test_units_page_lists_the_unions_of_the_user(client, world):
    client.force_login(world.officer_a)
    assert list(client.get(UNITS_URL).context["page_obj"]) == [world.grassroots_a]
    client.force_login(world.staff_a)
    response = client.get(UNITS_URL)
    assert set(response.context["page_obj"]) == {world.grassroots_a, world.grassroots_a2}
    assert _url(world.grassroots_a2) in response.content.decode()
    # Linked from the awards navigation.
    assert UNITS_URL in client.get("/khen-thuong/quyet-dinh/").content.decode()


def test_units_page_query_count_is_flat(client, world, django_assert_num_queries):
    client.force_login(world.staff_a)
    with CaptureQueriesContext(connection) as one:
        client.get(UNITS_URL)
    GrassrootsFactory(parent=world.district_a, name="Công đoàn Công ty Điện lực Hà Đông")
    GrassrootsFactory(parent=world.district_a, name="Công đoàn trường THCS Lê Lợi")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(UNITS_URL)
    assert len(response.context["page_obj"]) == 4


def test_upper_level_prior_title_passes_after_the_grassroots_decision(client, world, cng, workers, phase):
    EligibilityRule.objects.create(
        title=cng, level=Level.UPPER, kind=RuleKind.PRIOR_TITLE, params={"level": Level.GRASSROOTS}, order=9
    )
    nomination = NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a, title=cng, year=2026)
    nomination.level = Level.UPPER
    prior = [r for r in evaluate(nomination) if r.rule.kind == RuleKind.PRIOR_TITLE]
    assert [r.passed for r in prior] == [False]
    client.force_login(world.officer_a)
    _post(client, world.grassroots_a, cng, workers)
    prior = [r for r in evaluate(nomination) if r.rule.kind == RuleKind.PRIOR_TITLE]
    assert [r.passed for r in prior] == [True]
    assert "12/QĐ-CĐCS" in prior[0].reason


def test_decision_pdf_and_certificate_with_diacritics(client, world, cng, workers, tmp_path):
    client.force_login(world.officer_a)
    _post(client, world.grassroots_a, cng, workers)
    decision = Decision.objects.get()
    text = pdf_text(client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/pdf/").content, tmp_path)
    assert "BAN CHẤP HÀNH CÔNG ĐOÀN CÔNG TY CỔ PHẦN FECON" in text
    assert "Nguyễn Thị Kim Dung" in text
    assert "Đặng Thị Thu Hương" in text
    assert "Công nhân giỏi cấp cơ" in text  # the table cell wraps before "sở"
    assert "Số: 12/QĐ-CĐCS" in text
    assert "Hà Đông, ngày 15 tháng 12 năm 2026" in text
    award = Award.objects.get(member=world.member_a)
    client.force_login(world.staff_a)
    text = pdf_text(client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/").content, tmp_path)
    assert "GIẤY KHEN" in text
    assert "Nguyễn Thị Kim Dung" in text
    assert "Đã đạt danh hiệu Công nhân giỏi cấp cơ sở năm 2026" in text
    assert "Lê Thị Hồng Nhung" in text


def test_the_union_revokes_its_own_grassroots_award_and_others_may_not(client, world, cng, workers):
    client.force_login(world.officer_a)
    _post(client, world.grassroots_a, cng, workers)
    award = Award.objects.get(member=world.member_a)
    url = f"/khen-thuong/khen-thuong/{award.pk}/thu-hoi/"
    client.force_login(world.officer_b)
    assert client.post(url, {"reason": "Khai man thành tích"}).status_code == 404
    client.force_login(world.officer_a)
    assert client.post(url, {"reason": "Khai man thành tích"}).status_code == 302
    award.refresh_from_db()
    assert award.is_revoked
    assert award.revoke_reason == "Khai man thành tích"
