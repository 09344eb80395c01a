"""Exports: one class yields the rows once; the .xlsx formatter writes them."""

import itertools

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import Level, NominationState
from unionsite.spreadsheets import write_xlsx_file


class QueueExport:
    """The review queue as rows: what waits, where from, since when."""

    def __init__(self, nominations, *, now):
        self.nominations = nominations
        self.now = now
        # Labels looked up once: get_FOO_display() per row is most of the time of a city-wide export.
        self.level_names = {value: str(label) for value, label in Level.choices}
        self.state_names = {value: str(label) for value, label in NominationState.choices}

    def header(self):
        return [
            _("Nominee"),
            _("Union"),
            _("Title"),
            _("Level"),
            _("Campaign"),
            _("State"),
            _("Waiting since"),
            _("Days waiting"),
        ]

    def rows(self):
        for n in self.nominations:
            since = n.waiting_since
            yield [
                n.nominee_name,
                n.unit.name,
                n.title.name,
                self.level_names.get(n.level, n.level),
                n.phase.campaign.title,
                self.state_names.get(n.state, n.state),
                timezone.localtime(since).strftime("%d/%m/%Y %H:%M") if since else "",
                (self.now - since).days if since else 0,
            ]

    def to_xlsx_file(self):
        """An open temporary file of the workbook (see unionsite.spreadsheets.write_xlsx_file)."""
        return write_xlsx_file(itertools.chain([self.header()], self.rows()), sheet_title=_("Review queue"))
