"""Initiative spreadsheets: the export of a filtered list and the empty import template.

One class yields the rows once; unionsite.spreadsheets.write_xlsx writes them streamed (write-only),
money as numbers shown 1.250.000.000 and dates as date cells shown dd/mm/yyyy."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from initiatives.enums import InitiativeState, Level
from initiatives.importers import COLUMNS
from initiatives.models import Author, Initiative, InitiativeField, Programme, Recognition
from unionsite.spreadsheets import write_xlsx, write_xlsx_file

MONEY = "#,##0"
DATE = "dd/mm/yyyy"


class InitiativeExport:
    """The rows of a filtered list of initiatives, header first.

    Read a chunk at a time as plain values: the chunk's initiatives, then its authors, programmes
    and active recognitions in one query each. No model instances and no prefetch caches: a district's
    thousands of rows cost the few megabytes of one chunk, not a QuerySet per row and relation."""

    CHUNK = 500
    COLUMNS = (
        "pk",
        "title",
        "unit__name",
        "year",
        "field__name",
        "level",
        "state",
        "value_per_year",
        "social_value",
        "first_applied_on",
        "applied_where",
    )

    def __init__(self, initiatives):
        self.initiatives = initiatives  # a queryset, in the list's order
        # Labels looked up once, not per row.
        self.levels = {value: str(label) for value, label in Level.choices}
        self.states = {value: str(label) for value, label in InitiativeState.choices}

    def header(self):
        return [
            _("Name of the initiative"),
            _("Union"),
            _("Year"),
            pgettext("initiative", "Field"),
            pgettext("initiative", "Level"),
            _("State"),
            _("Authors"),
            _("Money saved or earned per year (đồng)"),
            _("Social value"),
            _("First applied on"),
            _("Applied at"),
            _("Programmes"),
            _("Recognised by"),
        ]

    # Column widths and cell formats, in the header's order.
    widths = [44, 36, 7, 22, 14, 22, 44, 20, 30, 14, 28, 30, 36]
    formats = {7: MONEY, 9: DATE}

    def _details(self, ids):
        """{initiative id: [text, …]} of the chunk's authors, programmes and recognitions."""
        authors, programmes, recognitions = defaultdict(list), defaultdict(list), defaultdict(list)
        for initiative, name, card, share in (
            Author.objects.filter(initiative_id__in=ids)
            .order_by("order", "pk")
            .values_list("initiative_id", "member__full_name", "member__card_number", "share")
        ):
            authors[initiative].append(f"{name} ({card}) {_share(share)}%" if card else f"{name} {_share(share)}%")
        for initiative, name in (
            Initiative.programmes.through.objects.filter(initiative_id__in=ids)
            .order_by("programme__name", "programme_id")
            .values_list("initiative_id", "programme__name")
        ):
            programmes[initiative].append(name)
        for initiative, level, number, date in (
            Recognition.objects.filter(initiative_id__in=ids, revoked_at__isnull=True)
            .order_by("pk")
            .values_list("initiative_id", "level", "decision__number", "decision__date")
        ):
            recognitions[initiative].append(f"{self.levels.get(level, level)}: {number} ({date:%d/%m/%Y})")
        return authors, programmes, recognitions

    def rows(self):
        yield self.header()
        ids = list(self.initiatives.values_list("pk", flat=True))
        for start in range(0, len(ids), self.CHUNK):
            chunk = ids[start : start + self.CHUNK]
            found = {
                row[0]: row for row in self.initiatives.model.objects.filter(pk__in=chunk).values_list(*self.COLUMNS)
            }
            authors, programmes, recognitions = self._details(chunk)
            for pk in chunk:
                _pk, title, unit, year, field, level, state, value, social, applied_on, applied_at = found[pk]
                yield [
                    title,
                    unit,
                    year,
                    field,
                    self.levels.get(level, level),
                    self.states.get(state, state),
                    "; ".join(authors[pk]),
                    value,
                    social,
                    applied_on,
                    applied_at,
                    "; ".join(programmes[pk]),
                    "; ".join(recognitions[pk]),
                ]

    def to_xlsx_file(self):
        """An open temporary file of the workbook (see unionsite.spreadsheets.write_xlsx_file)."""
        return write_xlsx_file(self.rows(), sheet_title=_("Initiatives"), widths=self.widths, formats=self.formats)


def _share(share):
    """60.00 → "60", 33.50 → "33,5" (as the import reads it back)."""
    return f"{share.normalize():f}".replace(".", ",")


def import_template_xlsx():
    """The file to fill in: the headings, an instructions sheet, and the fields and programmes to choose from."""
    header = [str(c.label) for c in COLUMNS]
    notes = [
        _("Fill one initiative per row from row 2 of the first sheet; keep the header row as it is."),
        _("Required columns: name, field, year, the problem, the solution, what is new, authors."),
        _(
            "Field: a name or a code from the “Fields” sheet. "
            "Programmes: names from the “Programmes” sheet, separated by ;."
        ),
        _("Dates: dd/mm/yyyy (e.g. 15/03/2025) or a date cell. Money: whole đồng (e.g. 1250000000 or 1.250.000.000)."),
        _("Give the money saved or earned per year, or describe the social value (or both)."),
        _(
            "Authors: “Full name (union card number) share%”, separated by ; — e.g. "
            "“Nguyễn Văn An (HD-XD-0001) 60%; Trần Thị Bình 40%”. The shares add up to 100%; "
            "a single author may leave the share out."
        ),
        _(
            "An author is found by their card number, or by their name among the members of the district "
            "when only one member bears it. Authors are recorded as workers in direct production: change the "
            "category on the initiative's page when it differs."
        ),
        _("Initiatives are imported as drafts: check each one, then submit it to the council."),
        _("If any row has an error, nothing is imported: fix the rows listed and import the file again."),
    ]
    fields = [[pgettext("initiative", "Field"), _("Code")]] + [
        [f.name, f.code] for f in InitiativeField.objects.filter(active=True)
    ]
    programmes = [[_("Programme"), _("Code")]] + [[p.name, p.code] for p in Programme.objects.filter(active=True)]
    return write_xlsx(
        [header],
        sheet_title=_("Initiatives"),
        widths=[c.width for c in COLUMNS],
        notes=notes,
        extra_sheets=[(pgettext("initiative", "Fields"), fields, [40, 24]), (_("Programmes"), programmes, [44, 24])],
    )
