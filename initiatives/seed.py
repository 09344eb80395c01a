"""The tables an initiatives register starts with, as data (editable afterwards): fields, programmes,
the default criteria per level and the value thresholds of Bằng Lao động sáng tạo.

Seeded by migration 0002 (with its historical `apps`) and again, idempotently, by the demo loader and
the tests (a transactional test empties every table)."""

FIELDS = [
    ("ky-thuat", "Kỹ thuật", 1),
    ("quan-ly", "Quản lý", 2),
    ("tac-nghiep", "Tác nghiệp", 3),
    ("ung-dung-cong-nghe", "Ứng dụng tiến bộ kỹ thuật, công nghệ", 4),
    ("giang-day", "Giảng dạy, giáo dục", 5),
    ("y-te", "Y tế, chăm sóc sức khỏe", 6),
    ("khac", "Lĩnh vực khác", 99),
]

PROGRAMMES = [
    ("mot-trieu-sang-kien", "1 triệu sáng kiến"),
    ("75-nghin-sang-kien", "75 nghìn sáng kiến, vượt khó, phát triển"),
]

# The published scale councils start from (each level edits its own set afterwards):
# novelty 40, applicability 30, effectiveness 30; recognised from 50 with at least 10 on each;
# A ≥ 85 with novelty ≥ 30, B ≥ 70 with novelty ≥ 20, C ≥ 50 with novelty ≥ 10.
CRITERIA = [("novelty", "Tính mới", 40), ("applicability", "Khả năng áp dụng", 30), ("effectiveness", "Hiệu quả", 30)]
GRADES = [("A", 85, "novelty", 30), ("B", 70, "novelty", 20), ("C", 50, "novelty", 10)]
LEVEL_NAMES = {
    "grassroots": "Tiêu chí chấm sáng kiến cấp cơ sở",
    "upper": "Tiêu chí chấm sáng kiến cấp quận, huyện",
    "city": "Tiêu chí chấm Sáng kiến Thủ đô",
}
CRITERIA_SOURCE = "Thang điểm mặc định: tính mới 40, khả năng áp dụng 30, hiệu quả 30 (sửa được theo quy chế từng cấp)."

# Bằng Lao động sáng tạo của Tổng Liên đoàn Lao động Việt Nam: total value of the solutions and
# initiatives an author has had recognised, by the author's category.
VALUE_SOURCE = (
    "Quy định của Tổng Liên đoàn Lao động Việt Nam về đối tượng, tiêu chuẩn xét tặng Bằng Lao động sáng tạo "
    "(tổng hợp ngày 07/03/2022): công nhân, lao động trực tiếp trình độ cao đẳng trở xuống, không giữ chức vụ "
    "lãnh đạo: từ 80 triệu đồng (1 giải pháp) hoặc 120 triệu đồng trong 3 năm liên tục"
)
VALUE_SOURCE_OTHERS = (
    VALUE_SOURCE.split(":")[0] + ": mức cho cán bộ, công chức, viên chức có trình độ đại học trở lên và cho người giữ "
    "chức vụ lãnh đạo quản lý theo hướng dẫn xét tặng hằng năm của Tổng Liên đoàn; liên đoàn lao động thành phố "
    "đối chiếu với hướng dẫn của năm xét và sửa tại đây"
)
VALUE_THRESHOLDS = [
    ("bang-lao-dong-sang-tao", "direct_worker", 80_000_000, 120_000_000, "grassroots", VALUE_SOURCE),
    ("bang-lao-dong-sang-tao", "graduate", 150_000_000, 200_000_000, "grassroots", VALUE_SOURCE_OTHERS),
    ("bang-lao-dong-sang-tao", "leader", 200_000_000, 300_000_000, "grassroots", VALUE_SOURCE_OTHERS),
]


def seed(apps):
    InitiativeField = apps.get_model("initiatives", "InitiativeField")
    Programme = apps.get_model("initiatives", "Programme")
    CriteriaSet = apps.get_model("initiatives", "CriteriaSet")
    Criterion = apps.get_model("initiatives", "Criterion")
    GradeRule = apps.get_model("initiatives", "GradeRule")
    ValueThreshold = apps.get_model("initiatives", "ValueThreshold")
    for code, name, order in FIELDS:
        InitiativeField.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name in PROGRAMMES:
        Programme.objects.get_or_create(code=code, defaults={"name": name})
    for level, name in LEVEL_NAMES.items():
        criteria_set, created = CriteriaSet.objects.get_or_create(
            level=level,
            year=None,
            defaults={
                "name": name,
                "pass_total": 50,
                "min_each": 10,
                "drop_extremes_from": 5,
                "source": CRITERIA_SOURCE,
            },
        )
        if created:
            for order, (code, label, points) in enumerate(CRITERIA):
                Criterion.objects.create(
                    criteria_set=criteria_set, code=code, name=label, max_points=points, order=order
                )
            for grade, total, code, minimum in GRADES:
                GradeRule.objects.create(
                    criteria_set=criteria_set, grade=grade, min_total=total, criterion_code=code, min_criterion=minimum
                )
    for title_code, category, one_year, three_years, level, source in VALUE_THRESHOLDS:
        ValueThreshold.objects.get_or_create(
            title_code=title_code,
            category=category,
            defaults={
                "min_value": one_year,
                "min_value_three_years": three_years,
                "min_level": level,
                "source": source,
            },
        )


def seed_current():
    from django.apps import apps

    seed(apps)
