import io

import pytest
from django.core.management import call_command
from django.utils import translation

from reports import content
from reports.figures import Selection
from reports.models import TallyRun
from unions.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_demo_has_a_final_stage_report_for_ha_dong_and_is_idempotent():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "reports: Hà Đông's 2015–2020 stage loaded and 12 phases tallied." in out.getvalue()
    with translation.override("vi"):
        report = content.build(OrgUnit.objects.get(short_code="HD"), Selection.for_years(2015, 2020))
    assert report.official
    lines = [line for _title, group in report.results for line in group]
    assert "Đã ban hành 12 kế hoạch, 8 hướng dẫn và 10 công văn" in lines[0]
    assert "145 Công nhân giỏi cấp cơ sở, 27 cấp quận, huyện, 3 Công nhân giỏi Thủ đô." in lines
    assert any(line.startswith("27 sáng kiến cấp cơ sở (làm lợi 6.160.000.000 đồng mỗi năm)") for line in lines)
    # The stage's last year holds commendations of two kinds, counted by the statistics tables.
    from reports.statistics import commendation_methods_table

    with translation.override("vi"):
        table = commendation_methods_table(OrgUnit.objects.get(short_code="HD"), 2020)
    assert [row for row in table.rows if row[-1]] == [
        ["Khen thưởng theo chuyên đề, theo đợt", "Tập thể", 0, 1, 0, 1],
        ["Khen thưởng đột xuất", "Cá nhân", 0, 1, 0, 1],
    ]
    runs = TallyRun.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert TallyRun.objects.count() == runs == 12
