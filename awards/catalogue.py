"""The title catalogue from the domain notes (DOMAIN.md): titles, the levels they exist at, who
decides at each level, and their eligibility rules as data.

Seeded by migration 0003 (which passes its historical `apps`) and again, idempotently, by the demo
loader and the tests (a transactional test empties every table, the seeded catalogue included)."""

G, U, C = "grassroots", "upper", "city"
DECIDER = {G: "grassroots", U: "upper", C: "city"}
EXCLUSIONS = {"exclusions": ["disciplined", "absent_40_days"]}

# (code, name, subject, {level: label}, [(level or "", kind, params)])
CATALOGUE = [
    (
        "cong-nhan-gioi",
        "Công nhân giỏi",
        "individual",
        {G: "Công nhân giỏi cấp cơ sở", U: "Công nhân giỏi cấp quận, huyện", C: "Công nhân giỏi Thủ đô"},
        [
            ("", "direct_production", {}),
            ("", "min_membership", {"months": 12}),
            ("", "declared_exclusions", EXCLUSIONS),
            (C, "prior_title", {"level": U}),
        ],
    ),
    (
        "lao-dong-gioi",
        "Lao động giỏi",
        "individual",
        {G: "", U: ""},
        [("", "declared_exclusions", EXCLUSIONS)],
    ),
    (
        "lao-dong-sang-tao",
        "Lao động sáng tạo",
        "individual",
        {G: "", U: ""},
        [("", "initiative", {"min_level": G}), ("", "declared_exclusions", EXCLUSIONS)],
    ),
    (
        "gioi-viec-nuoc-dam-viec-nha",
        "Giỏi việc nước – Đảm việc nhà",
        "individual",
        {G: "", U: "", C: ""},
        [
            ("", "women_only", {}),
            ("", "declared_exclusions", EXCLUSIONS),
            (C, "prior_title", {"level": U}),
        ],
    ),
    ("dien-hinh-tien-tien", "Điển hình tiên tiến", "any", {U: "", C: ""}, [(C, "prior_title", {"level": U})]),
    ("gia-dinh-cnvcld-tieu-bieu", "Gia đình CNVCLĐ tiêu biểu", "family", {U: ""}, []),
    ("don-vi-dat-chuan-van-hoa", "Cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa", "collective", {U: ""}, []),
    (
        "nha-giao-tam-huyet-sang-tao",
        "Nhà giáo Hà Nội tâm huyết, sáng tạo",
        "individual",
        {U: "", C: ""},
        [("", "min_membership", {"months": 36}), (C, "prior_title", {"level": U})],
    ),
    # The Tổng Liên đoàn's award, proposed by the city: thresholds by author category are rows of
    # initiatives.ValueThreshold (initiatives/seed.py cites their source).
    (
        "bang-lao-dong-sang-tao",
        "Bằng Lao động sáng tạo",
        "individual",
        {C: "Đề nghị tặng Bằng Lao động sáng tạo của Tổng Liên đoàn"},
        [("", "initiative_value", {"title": "bang-lao-dong-sang-tao"}), ("", "declared_exclusions", EXCLUSIONS)],
    ),
    ("giay-khen", "Giấy khen", "any", {U: ""}, [("", "declared_exclusions", EXCLUSIONS)]),
    ("bang-khen", "Bằng khen", "any", {C: ""}, [("", "declared_exclusions", EXCLUSIONS)]),
]


# The statistics code of each title (awards.enums.StatisticsCode): commendations are "KT", titles "TD".
STATISTICS_CODES = {"giay-khen": "KT", "bang-khen": "KT", "bang-lao-dong-sang-tao": "KT"}


def statistics_code(code):
    return STATISTICS_CODES.get(code, "TD")


def seed_statistics_codes(apps):
    """Give the catalogue's titles that have none their statistics code (idempotent)."""
    AwardTitle = apps.get_model("awards", "AwardTitle")
    for code, *_rest in CATALOGUE:
        AwardTitle.objects.filter(code=code, statistics_code="").update(statistics_code=statistics_code(code))


def seed(apps):
    AwardTitle = apps.get_model("awards", "AwardTitle")
    TitleLevel = apps.get_model("awards", "TitleLevel")
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    for order, (code, name, subject, levels, rules) in enumerate(CATALOGUE, start=1):
        title, created = AwardTitle.objects.get_or_create(
            code=code, defaults={"name": name, "subject": subject, "order": order}
        )
        for level, label in levels.items():
            TitleLevel.objects.get_or_create(
                title=title, level=level, defaults={"decided_by": DECIDER[level], "label": label}
            )
        if created:
            for rule_order, (level, kind, params) in enumerate(rules, start=1):
                EligibilityRule.objects.create(title=title, level=level, kind=kind, params=params, order=rule_order)


def ensure_catalogue():
    """Seed the catalogue with the current models if it is missing (idempotent)."""
    from django.apps import apps

    codes = [entry[0] for entry in CATALOGUE]
    if apps.get_model("awards", "AwardTitle").objects.filter(code__in=codes).count() < len(codes):
        seed(apps)
        seed_statistics_codes(apps)
