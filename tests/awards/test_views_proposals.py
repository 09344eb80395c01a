"""The proposal page (from a decision, or the district's awardees of a year) and the next steps the
pages show on the road to the city."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards import domain
from awards.enums import Level, NominationState
from awards.models import Nomination
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, QuotaFactory, title
from tests.awards.scope_cases_proposals import district_award
from tests.factories import MemberFactory

S = NominationState
pytestmark = pytest.mark.django_db
QUERIES = 12


def _page(award):
    return reverse("awards:decision_propose", args=[award.decision_id])


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_decision_page_insider_reviewer_above_and_outsiders(client, world):
    url = _page(district_award(world))
    expected = {
        "staff_a": 200,
        "admin": 200,
        "city_reviewer": 403,  # sees the decision, does not propose for the district
        "officer_a": 403,
        "staff_b": 404,
        "officer_b": 404,
    }
    got = {}
    for username in expected:
        client.force_login(getattr(world, username))
        got[username] = client.get(url).status_code
    assert got == expected


def test_the_page_offers_each_awardee_with_the_same_title_at_city_level(client, world):
    award = district_award(world)
    QuotaFactory(unit=world.district_a, level=Level.CITY, max_count=2)
    client.force_login(world.staff_a)
    response = client.get(_page(award))
    form = response.context["form"]
    assert list(form.fields["selected"].choices) == [(award.pk, "Nguyễn Thị Kim Dung")]
    assert form[f"title_{award.pk}"].value() == title("cong-nhan-gioi").pk
    body = response.content.decode()
    assert "Đề nghị năm 2026 được đưa vào Thi đua năm 2026 — Đợt 2." in body
    assert [(q.unit.short_code, q.used_count, q.limit) for q in response.context["quotas"]] == [("HD", 0, 2)]


def test_proposing_from_the_page_reports_each_row(client, world):
    QuotaFactory(unit=world.district_a, level=Level.CITY, max_count=1)
    first = district_award(world)
    second = district_award(
        world, member=MemberFactory(unit=world.grassroots_a, full_name="Lê Văn An"), decision=first.decision
    )
    client.force_login(world.staff_a)
    cnq = title("cong-nhan-gioi").pk
    data = {"selected": [first.pk, second.pk], f"title_{first.pk}": cnq, f"title_{second.pk}": cnq, "note": "Tiêu biểu"}
    response = client.post(_page(first), data, follow=True)
    assert response.redirect_chain == [(_page(first), 302)]
    assert _messages(response) == [
        "Đã đề nghị lên Thành phố: Nguyễn Thị Kim Dung. Bước tiếp theo: Thành phố xét duyệt trong hàng đợi xét duyệt.",
        "Chưa thực hiện được cho Lê Văn An: Đã hết chỉ tiêu Công nhân giỏi (Cấp Thành phố (Thủ đô), năm 2026) "
        "của LĐLĐ quận Hà Đông: đã dùng 1/1 suất.",
    ]
    proposal = Nomination.objects.get(proposed_from=first)
    # The proposed row shows its proposal instead of a checkbox; the refused one may be tried again.
    assert list(response.context["form"].fields["selected"].choices) == [(second.pk, "Lê Văn An")]
    link = f'<a href="/khen-thuong/de-nghi/{proposal.pk}/" data-testid="proposal-link">'
    assert link + "Đã đề nghị: Đã chuyển lên Thành phố</a>" in response.content.decode()


def test_one_title_for_all_and_a_row_without_a_title(client, world):
    award = district_award(world)
    team = AwardFactory(
        unit=world.grassroots_a,
        member=None,
        collective_name="Tổ hàn",
        title=title("giay-khen"),
        decision=award.decision,
    )
    client.force_login(world.staff_a)
    response = client.post(_page(award), {"selected": [award.pk, team.pk], f"title_{award.pk}": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Chọn danh hiệu cấp Thành phố cho Nguyễn Thị Kim Dung.",
        "Chọn danh hiệu cấp Thành phố cho Tổ hàn.",
    ]
    response = client.post(_page(award), {"selected": []})
    assert response.context["form"].errors == {"selected": ["Chọn người/tập thể cần đề nghị."]}
    data = {
        "selected": [team.pk],
        "title_all": title("bang-khen").pk,
        "note": "Tổ tiêu biểu",
        "not_disciplined": "on",
        "not_absent_40_days": "on",
    }
    client.post(_page(award), data)
    proposal = Nomination.objects.get(proposed_from=team)
    assert (proposal.title.code, proposal.state, proposal.achievements) == ("bang-khen", S.FORWARDED, "Tổ tiêu biểu")


def test_the_year_page_lists_the_districts_standing_awards_of_that_year(client, world):
    district_award(world)
    AwardFactory(unit=world.grassroots_a2, member=MemberFactory(unit=world.grassroots_a2, full_name="Vũ Thị Mai"))
    AwardFactory(unit=world.grassroots_a, year=2025)
    AwardFactory(unit=world.grassroots_a, level=Level.CITY)
    AwardFactory(unit=world.grassroots_a, level=Level.GRASSROOTS)
    AwardFactory(unit=world.grassroots_b)
    AwardFactory(unit=world.grassroots_a, revoked_at=timezone.now(), revoke_reason="Sai sót")
    client.force_login(world.staff_a)
    response = client.get(reverse("awards:propose_to_city", args=[world.district_a.pk, 2026]))
    assert [a.awardee_name for a in response.context["page_obj"]] == ["Nguyễn Thị Kim Dung", "Vũ Thị Mai"]
    client.force_login(world.staff_b)
    assert client.get(reverse("awards:propose_to_city", args=[world.district_a.pk, 2026])).status_code == 404
    client.force_login(world.staff_a)
    assert client.get(reverse("awards:propose_to_city", args=[world.district_a.pk, 1800])).status_code == 404
    assert client.get(reverse("awards:propose_to_city", args=[world.grassroots_a.pk, 2026])).status_code == 403


@pytest.mark.parametrize("by", ["decision", "year"])
def test_the_proposal_page_query_count_is_flat(client, world, django_assert_num_queries, by):
    first = district_award(world)
    url = _page(first) if by == "decision" else reverse("awards:propose_to_city", args=[world.district_a.pk, 2026])
    QuotaFactory(unit=world.district_a, level=Level.CITY, max_count=3)
    client.force_login(world.staff_a)
    with django_assert_num_queries(QUERIES) as one:
        response = client.get(url)
    assert len(response.context["page_obj"]) == 1
    for name in ("Lê Văn An", "Vũ Thị Mai"):
        district_award(world, member=MemberFactory(unit=world.grassroots_a, full_name=name), decision=first.decision)
    Nomination.objects.get(proposed_from=None, member__full_name="Lê Văn An")
    domain.propose_to_city([first], by=world.staff_a, title=title("cong-nhan-gioi"))  # one row shows its proposal
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 3


def test_next_steps_on_the_nomination_and_decision_pages(client, world, phase):
    approved = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED)
    client.force_login(world.staff_a)
    body = client.get(approved.get_absolute_url()).content.decode()
    assert (
        'Bước tiếp theo: ra quyết định khen thưởng cho các đề nghị đã duyệt. <a class="btn btn-primary btn-sm" '
        'href="/khen-thuong/quyet-dinh/moi/">Ra quyết định khen thưởng</a>'
    ) in body
    client.force_login(world.officer_a)
    assert client.get(approved.get_absolute_url()).context["next_step"] is None

    decision = DecisionFactory(unit=world.district_a, level=Level.UPPER, number="112/QĐ-LĐLĐ")
    AwardFactory(unit=world.grassroots_a, member=approved.member, decision=decision, nomination=approved)
    client.force_login(world.staff_a)
    propose = f'href="/khen-thuong/quyet-dinh/{decision.pk}/de-nghi-thanh-pho/"'
    assert propose in client.get(approved.get_absolute_url()).content.decode()
    assert propose in client.get(decision.get_absolute_url()).content.decode()
    honour_roll = client.get(reverse("awards:honour_roll", args=[world.district_a.pk, 2026])).content.decode()
    assert f'href="/khen-thuong/de-nghi-thanh-pho/{world.district_a.pk}/2026/"' in honour_roll
    client.force_login(world.city_reviewer)
    assert propose not in client.get(decision.get_absolute_url()).content.decode()

    submitted = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)
    client.force_login(world.officer_a)
    assert client.get(submitted.get_absolute_url()).context["next_step"] == (
        "Bước tiếp theo: cấp trên xét duyệt.",
        None,
        None,
    )
