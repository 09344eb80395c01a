"""Demo registrations for the Hà Đông campaigns (idempotent: one registration per campaign and union).

Runs after the campaigns core's demo has made the campaigns; the lead calls `load(stdout)` from
campaigns/demo.py. Rows are written directly (the demo campaigns' registration windows lie in the
past), each with the history rows the workflow would have left.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.enums import CampaignState, Subject
from campaigns.enums import RegistrationState as S
from campaigns.models import Campaign, TitleRegistration, UnitRegistration
from campaigns.titles import get_title_model
from unions.models import Member, OrgUnit
from unionsite.history import record_change
from unionsite.text import fold

COMMITMENTS = (
    "1. 100% đoàn viên đăng ký thi đua lao động giỏi – lao động sáng tạo.\n"
    "2. Mỗi tổ sản xuất có ít nhất một sáng kiến, cải tiến kỹ thuật được áp dụng.\n"
    "3. Không để xảy ra tai nạn lao động nghiêm trọng; 100% người lao động được huấn luyện an toàn.\n"
    "4. Phấn đấu 20% đoàn viên đạt danh hiệu Công nhân giỏi cấp cơ sở."
)

# (union short code, state, return reason, how many members register for the individual title)
PLAN = [
    ("HD-XD", S.ACCEPTED, "", 8),
    ("HD-MAY", S.SUBMITTED, "", 12),
    ("HD-KS", S.RETURNED, "Bổ sung cam kết về an toàn vệ sinh lao động và danh sách tổ đăng ký tập thể.", 4),
    ("HD-PVL", S.DRAFT, "", 0),
]


def _title(folded_name, subject):
    for title in get_title_model().objects.filter(active=True, subject=subject):
        if fold(title.name) == folded_name:
            return title
    return get_title_model().objects.filter(active=True, subject=subject).order_by("order", "name").first()


def load(stdout):
    users = get_user_model().objects.in_bulk(["canbo.coso", "canbo.quan"], field_name="username")
    officer, staff = users.get("canbo.coso"), users.get("canbo.quan")
    units = {u.short_code: u for u in OrgUnit.objects.filter(short_code__in=[p[0] for p in PLAN])}
    district = OrgUnit.objects.filter(short_code="HD").first()
    if district is None or not units:
        stdout.write("Đăng ký thi đua: chưa có cây tổ chức demo, bỏ qua.\n")
        return
    campaigns = [c for c in Campaign.objects.exclude(state=CampaignState.DRAFT) if district.is_within(c.launched_by)]
    worker = _title("cong nhan gioi", Subject.INDIVIDUAL)
    team = _title("tap the lao dong gioi", Subject.COLLECTIVE)
    made = 0
    for campaign in campaigns:
        for code, state, reason, people in PLAN:
            unit = units.get(code)
            if unit is None or UnitRegistration.objects.filter(campaign=campaign, unit=unit).exists():
                continue
            made += 1
            _register(campaign, unit, state, reason, people, worker, team, officer, staff)
    stdout.write(f"Đăng ký thi đua: {made} bản đăng ký demo mới cho {len(campaigns)} phong trào.\n")


def _register(campaign, unit, state, reason, people, worker, team, officer, staff):
    now = timezone.now()
    registration = UnitRegistration.objects.create(
        campaign=campaign,
        unit=unit,
        commitments=COMMITMENTS,
        state=state,
        submitted_at=now if state != S.DRAFT else None,
        accepted_at=now if state == S.ACCEPTED else None,
        return_reason=reason,
        created_by=officer,
    )
    record_change(registration, by=officer, action="create", changes={"commitments": [None, COMMITMENTS]})
    if state != S.DRAFT:
        record_change(registration, by=officer, action="transition", changes={"state": [S.DRAFT, S.SUBMITTED]})
    if state in (S.ACCEPTED, S.RETURNED):
        record_change(registration, by=staff, action="transition", changes={"state": [S.SUBMITTED, state]}, note=reason)
    rows = []
    if worker and people:
        members = Member.objects.filter(unit=unit, active=True).order_by("name_search", "pk")[:people]
        rows += [TitleRegistration(registration=registration, title=worker, member=m) for m in members]
    if team and people:
        rows.append(TitleRegistration(registration=registration, title=team, collective_name="Tổ sản xuất số 1"))
    TitleRegistration.objects.bulk_create(rows)
    if rows:
        record_change(
            registration, by=officer, action="import", changes={"title_registrations": [0, len(rows)]}, note="demo"
        )
