from django.db import migrations

# The standing movements named in the Hà Nội union news (see DOMAIN.md), in the order they are shown.
MOVEMENTS = [
    ("Lao động giỏi – Lao động sáng tạo", "Phong trào thi đua của công nhân, viên chức, lao động."),
    ("Giỏi việc nước – Đảm việc nhà", "Phong trào thi đua của nữ công nhân, viên chức, lao động."),
    ("Xanh – Sạch – Đẹp", "Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động tại cơ quan, doanh nghiệp."),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", ""),
    ("An toàn vệ sinh lao động", ""),
    ("Cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa", ""),
    ("1 triệu sáng kiến", "Chương trình phát huy sáng kiến của đoàn viên, người lao động."),
    ("75 nghìn sáng kiến, vượt khó, phát triển", "Chương trình sáng kiến của Công đoàn Thủ đô."),
]


def seed(apps, schema_editor):
    Movement = apps.get_model("campaigns", "Movement")
    for order, (name, description) in enumerate(MOVEMENTS, start=1):
        Movement.objects.get_or_create(name=name, defaults={"description": description, "order": order})


def unseed(apps, schema_editor):
    Movement = apps.get_model("campaigns", "Movement")
    Movement.objects.filter(name__in=[name for name, _ in MOVEMENTS], campaigns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_core_targets_documents_pledges")]

    operations = [migrations.RunPython(seed, unseed)]
