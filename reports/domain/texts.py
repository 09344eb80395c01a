"""The parts of a report the staff write on its page (the report's number, III.–V.), kept per unit and
period with the history of every edit."""

from django.db import transaction

from reports.models import ReportText
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require


def save_text(*, unit, period, section, text, by):
    """Store the section's text (staff of the unit or above, or the union's own officer); an unchanged
    text records nothing. Returns the row."""
    require(by, "reports.write_report", unit)
    text = (text or "").strip()
    with transaction.atomic():
        row, created = ReportText.objects.select_for_update().get_or_create(
            unit=unit, period=period, section=section, defaults={"text": text, "updated_by": by}
        )
        if created:
            record_change(row, by=by, action=ChangeRecord.Action.CREATE, changes={"text": [None, text]})
            return row
        if row.text == text:
            return row
        before = row.text
        row.text, row.updated_by = text, by
        row.save(update_fields=["text", "updated_by", "updated_at"])
        record_change(row, by=by, action=ChangeRecord.Action.UPDATE, changes={"text": [before, text]})
    return row
