"""Unique constraints become form errors in Vietnamese, and a form sent twice saves once (any database).

The concurrent versions of these cases run on PostgreSQL in tests/test_races.py."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, Template

from awards.enums import Level
from awards.models import Award, Decision, Nomination
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, PhaseFactory
from tests.factories import MemberFactory
from unions.forms import MemberForm
from unions.models import Member
from unionsite.errors import DomainError, duplicates_refused, integrity_error, save_or_error
from unionsite.models import FormSubmission
from unionsite.submissions import TOKEN_FIELD, AlreadySent, once

pytestmark = pytest.mark.django_db

ALREADY_SENT = "Biểu mẫu này đã được gửi và lưu trước đó; lần gửi lại không lưu thêm gì."


def _broken(create):
    try:
        with transaction.atomic():
            create()
    except IntegrityError as error:
        return error
    raise AssertionError("the database accepted a duplicate")


def test_a_live_nomination_twice_breaks_the_constraint_and_reads_as_the_rule(world):
    phase = PhaseFactory(campaign__launched_by=world.city)
    first = NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a)
    error = _broken(lambda: NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a))
    assert integrity_error(error).messages == ["Người/tập thể này đã có đề nghị cho danh hiệu, cấp và năm này."]
    # Rejected and withdrawn nominations do not count: a new one may be made.
    for state in ("rejected", "withdrawn"):
        Nomination.objects.filter(pk=first.pk).update(state=state)
        again = NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a)
        Nomination.objects.filter(pk=again.pk).update(state="rejected")


def test_a_collective_is_nominated_once_per_title_level_and_year(world):
    phase = PhaseFactory(campaign__launched_by=world.city)
    team = {"phase": phase, "unit": world.grassroots_a, "member": None, "collective_name": "Tổ Hàn điện"}
    NominationFactory(**team)
    error = _broken(lambda: NominationFactory(**team))
    assert str(integrity_error(error)) == "Người/tập thể này đã có đề nghị cho danh hiệu, cấp và năm này."
    NominationFactory(**{**team, "unit": world.grassroots_a2})  # another union's team of the same name


def test_one_standing_award_per_awardee_title_level_and_year(world):
    award = AwardFactory(unit=world.grassroots_a, member=world.member_a, level=Level.UPPER, year=2026)
    error = _broken(lambda: AwardFactory(unit=world.grassroots_a, member=world.member_a, level=Level.UPPER, year=2026))
    assert str(integrity_error(error)) == "Người (tập thể) này đã được công nhận danh hiệu này ở cấp này trong năm."
    Award.objects.filter(pk=award.pk).update(revoked_at="2026-12-01T00:00:00Z")
    AwardFactory(unit=world.grassroots_a, member=world.member_a, level=Level.UPPER, year=2026)


def test_one_award_per_nomination(world):
    phase = PhaseFactory(campaign__launched_by=world.city)
    nomination = NominationFactory(phase=phase, unit=world.grassroots_a, member=world.member_a)
    AwardFactory(unit=world.grassroots_a, member=world.member_a, nomination=nomination, year=2026)
    error = _broken(
        lambda: AwardFactory(unit=world.grassroots_a, member=None, collective_name="Tổ 1", nomination=nomination)
    )
    assert integrity_error(error).message_dict == {"nomination": ["Khen thưởng có Đề nghị khen thưởng đã tồn tại."]}


def test_decision_numbers_are_unique_per_unit_and_year_only(world):
    number = "12/QĐ-LĐLĐ"
    DecisionFactory(unit=world.district_a, number=number, date=datetime.date(2025, 3, 1))
    DecisionFactory(unit=world.district_a, number=number, date=datetime.date(2026, 3, 1))  # numbering starts again
    DecisionFactory(unit=world.district_b, number=number, date=datetime.date(2026, 3, 1))  # another unit
    assert sorted(Decision.objects.values_list("year", flat=True)) == [2025, 2026, 2026]
    error = _broken(lambda: DecisionFactory(unit=world.district_a, number=number, date=datetime.date(2026, 11, 20)))
    assert str(integrity_error(error)) == "Đơn vị này đã có quyết định mang số này trong năm."


def test_a_unique_field_reads_as_django_s_message_on_the_field(world):
    MemberFactory(unit=world.grassroots_a, card_number="CD-1")
    error = _broken(
        lambda: Member.objects.create(unit=world.grassroots_a, full_name="X", gender="male", card_number="CD-1")
    )
    assert integrity_error(error).message_dict == {"card_number": ["Đoàn viên có Số thẻ đoàn viên đã tồn tại."]}


def test_duplicates_refused_leaves_the_transaction_usable(world):
    MemberFactory(unit=world.grassroots_a, card_number="CD-2")
    with transaction.atomic():
        with pytest.raises(DomainError), duplicates_refused():
            Member.objects.create(unit=world.grassroots_a, full_name="Y", gender="male", card_number="CD-2")
        assert Member.objects.filter(card_number="CD-2").count() == 1  # no "transaction aborted"


def test_save_or_error_turns_a_constraint_into_a_form_error(world):
    MemberFactory(unit=world.grassroots_a, card_number="CD-3")
    form = MemberForm({"unit": world.grassroots_a.pk}, user=world.officer_a)
    form.is_valid()

    def save():
        # What a save made at the same moment as another's meets: the database's refusal.
        return Member.objects.create(unit=world.grassroots_a, full_name="Z", gender="male", card_number="CD-3")

    assert save_or_error(form, save) is None
    assert form.errors["card_number"] == ["Đoàn viên có Số thẻ đoàn viên đã tồn tại."]


# --- a form sent twice --------------------------------------------------------------------------------


def _member_data(world, token, name="Vũ Thị Lan"):
    return {
        TOKEN_FIELD: token,
        "unit": world.grassroots_a.pk,
        "full_name": name,
        "gender": "female",
        "date_of_birth": "02/09/1992",
    }


def test_every_form_carries_a_new_token():
    html = [Template("{% form_token %}").render(Context()) for _ in range(2)]
    assert html[0].startswith('<input type="hidden" name="form_token" value="')
    assert html[0] != html[1]


def test_a_form_page_renders_the_token(client, world):
    client.force_login(world.officer_a)
    assert 'name="form_token"' in client.get("/to-chuc/doan-vien/them/").content.decode()


def test_the_same_form_sent_again_saves_nothing_and_links_to_what_was_saved(client, world):
    client.force_login(world.officer_a)
    data = _member_data(world, "token-sent-twice-000001")
    first = client.post("/to-chuc/doan-vien/them/", data)
    lan = Member.objects.get(full_name="Vũ Thị Lan")
    assert first["Location"] == f"/to-chuc/doan-vien/{lan.pk}/"
    second = client.post("/to-chuc/doan-vien/them/", data)
    assert second.status_code == 200
    assert second.context["form"].non_field_errors() == [
        f'{ALREADY_SENT} <a href="/to-chuc/doan-vien/{lan.pk}/">Mở hồ sơ đã lưu</a>'
    ]
    assert Member.objects.filter(full_name="Vũ Thị Lan").count() == 1
    # A new rendering of the form (a new token) adds a second person of the same name if asked to.
    assert client.post("/to-chuc/doan-vien/them/", _member_data(world, "token-another-page-0001")).status_code == 302
    assert Member.objects.filter(full_name="Vũ Thị Lan").count() == 2


def test_a_refused_form_keeps_its_token_free(client, world):
    client.force_login(world.officer_a)
    data = _member_data(world, "token-refused-first-01")
    data["date_of_birth"] = "31/02/1992"
    assert client.post("/to-chuc/doan-vien/them/", data).status_code == 200
    assert not FormSubmission.objects.exists()
    data["date_of_birth"] = "28/02/1992"
    assert client.post("/to-chuc/doan-vien/them/", data).status_code == 302


def test_a_domain_refusal_rolls_back_the_claim(world):
    with pytest.raises(DomainError), once({TOKEN_FIELD: "token-domain-refusal-1"}):
        raise DomainError("Không được.")
    assert not FormSubmission.objects.exists()
    with once({TOKEN_FIELD: "token-domain-refusal-1"}) as submission:
        submission.url = "/x/"
    with pytest.raises(AlreadySent) as sent, once({TOKEN_FIELD: "token-domain-refusal-1"}):
        raise AssertionError("the block must not run a second time")
    assert (str(sent.value), sent.value.url) == (ALREADY_SENT, "/x/")


def test_no_token_or_a_malformed_one_means_no_claim(world):
    for data in ({}, {TOKEN_FIELD: "short"}, {TOKEN_FIELD: "<script>alert(1)</script>-xxxxxxx"}):
        with once(data) as submission:
            assert submission is None
    assert not FormSubmission.objects.exists()


def test_the_registration_grid_sent_twice_saves_its_rows_once(client, world):
    from campaigns.models import TitleRegistration
    from tests.campaigns.factories_registrations import UnitRegistrationFactory, collective_title, open_campaign

    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    team_title = collective_title()
    client.force_login(world.officer_a)
    url = f"/phong-trao/dang-ky/{registration.pk}/nhap-nhanh/"
    data = {TOKEN_FIELD: "grid-token-00000001", "collective": "Tổ Hàn điện", "title": team_title.name}
    first = client.post(url, data, follow=True)
    assert [str(m) for m in first.context["messages"]] == ["Đã lưu 1 đăng ký danh hiệu."]
    second = client.post(url, data, follow=True)
    assert [str(m) for m in second.context["messages"]] == [ALREADY_SENT]
    assert TitleRegistration.objects.filter(registration=registration).count() == 1


@pytest.mark.urls("tests.unionsite.conflict_urls")
@pytest.mark.django_db(transaction=True)  # as in production: the request is not inside a test's transaction
def test_a_duplicate_no_form_caught_answers_409_in_words_not_500(client, world):
    MemberFactory(unit=world.grassroots_a, card_number="CD-TRUNG")
    client.force_login(world.officer_a)
    response = client.get("/trung-lap/")
    assert response.status_code == 409
    assert '<p data-testid="conflict-reason">Đoàn viên có Số thẻ đoàn viên đã tồn tại.</p>' in response.content.decode()
    assert Member.objects.filter(card_number="CD-TRUNG").count() == 1


@pytest.mark.django_db
def test_two_logins_differing_only_in_case_cannot_both_exist():
    from django.contrib.auth import get_user_model
    from django.db import IntegrityError, transaction

    User = get_user_model()
    User.objects.create(username="Lan")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="lan")
    assert list(User.objects.filter(username__iexact="lan").values_list("username", flat=True)) == ["Lan"]
